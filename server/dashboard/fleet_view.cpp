// The fleet page's figures: each kiosk of the user's units with what its last heartbeat said,
// and the items the hub quarantined with their reasons.

#include <algorithm>
#include <map>

#include "dashboard/dashboard_service.hpp"
#include "dashboard/figures.hpp"

namespace suara::hub {

namespace {

constexpr std::int64_t kSilentAfterMs = 24 * 3'600'000;
constexpr std::int64_t kStuckBacklogSeconds = 3'600;  // a backlog whose oldest rating waits this long is not draining

// "3 menit" / "3 minutes" … "5 hari" / "5 days".
std::string durationText(std::int64_t ms, Language language) {
  const bool en = language == Language::English;
  const std::int64_t minutes = std::max<std::int64_t>(ms, 0) / 60'000;
  if (minutes < 120) return std::to_string(minutes) + (en ? " min" : " menit");
  if (minutes < 48 * 60) return std::to_string(minutes / 60) + (en ? " hours" : " jam");
  return std::to_string(minutes / 1440) + (en ? " days" : " hari");
}

}  // namespace

Result<nlohmann::json> DashboardService::fleet(const DashboardUser& user, Language language, std::int64_t nowMs) {
  auto kiosks = m_kiosks.kiosks();
  if (!kiosks) return kiosks.error();
  auto units = m_units.units();
  if (!units) return units.error();
  std::map<std::string, std::string> unitNames;
  for (const auto& u : *units)
    if (user.maySee(u.id)) unitNames[u.id] = u.name;

  auto quarantined = m_quarantine.quarantined({});
  if (!quarantined) return quarantined.error();
  std::map<std::string, std::int64_t> keptByKiosk;
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : *quarantined) {
    if (!user.maySee(item.unitId)) continue;
    ++keptByKiosk[item.kioskId];
    items.push_back({{"item", item.itemId}, {"kiosk", item.kioskId}, {"unit", item.unitId}, {"reason", item.reason},
                     {"times", item.times}, {"last_received", durationText(nowMs - item.receivedMs, language)}});
  }

  nlohmann::json list = nlohmann::json::array();
  std::int64_t silent = 0, stuck = 0;
  for (const auto& k : *kiosks) {
    const auto unit = unitNames.find(k.unitId);
    if (unit == unitNames.end()) continue;
    nlohmann::json row = {{"id", k.id}, {"name", k.name}, {"unit", k.unitId}, {"unit_name", unit->second},
                          {"revoked", k.revokedMs.has_value()}, {"responses", k.responses},
                          {"quarantined", keptByKiosk[k.id]}};
    const bool isSilent = !k.revokedMs && (!k.lastSeenMs || nowMs - *k.lastSeenMs > kSilentAfterMs);
    row["silent"] = isSilent;
    silent += isSilent;
    row["last_seen"] = k.lastSeenMs ? durationText(nowMs - *k.lastSeenMs, language) : (language == Language::English ? "never" : "belum pernah");
    if (k.clockOffsetMs) row["clock_offset_s"] = *k.clockOffsetMs / 1000;
    const auto beat = nlohmann::json::parse(k.lastHeartbeat, nullptr, false);
    if (beat.is_object()) {
      if (beat.contains("pending") && beat["pending"].is_number_integer()) row["pending"] = beat["pending"];
      if (beat.contains("oldest_pending_age_s") && beat["oldest_pending_age_s"].is_number_integer()) {
        const std::int64_t age = beat["oldest_pending_age_s"].get<std::int64_t>();
        row["oldest_pending"] = durationText(age * 1000, language);
        const bool isStuck = age > kStuckBacklogSeconds;
        row["backlog_stuck"] = isStuck;
        stuck += isStuck;
      }
      if (beat.contains("version") && beat["version"].is_string()) row["version"] = beat["version"];
      if (beat.contains("disk_free_bytes") && beat["disk_free_bytes"].is_number_integer())
        row["disk_free"] = countText(beat["disk_free_bytes"].get<std::int64_t>() >> 20, language) + " MiB";
      if (beat.contains("last_error") && beat["last_error"].is_string() && !beat["last_error"].get<std::string>().empty())
        row["last_error"] = beat["last_error"];
    }
    list.push_back(std::move(row));
  }
  // Trouble first: silent, then stuck backlogs, then by unit and name.
  std::stable_sort(list.begin(), list.end(), [](const nlohmann::json& a, const nlohmann::json& b) {
    auto rank = [](const nlohmann::json& k) { return k["silent"].get<bool>() ? 0 : k.value("backlog_stuck", false) ? 1 : 2; };
    if (rank(a) != rank(b)) return rank(a) < rank(b);
    return std::make_pair(a["unit"].get<std::string>(), a["name"].get<std::string>()) <
           std::make_pair(b["unit"].get<std::string>(), b["name"].get<std::string>());
  });
  return nlohmann::json{{"kiosks", list},        {"has_kiosks", !list.empty()}, {"silent", silent},
                        {"stuck", stuck},         {"quarantine", items},          {"has_quarantine", !items.empty()},
                        {"may_readmit", user.isAdmin()}};
}

}  // namespace suara::hub
