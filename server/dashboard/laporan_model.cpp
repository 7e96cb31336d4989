#include "dashboard/laporan_model.hpp"

#include <array>
#include <chrono>

#include "dashboard/figures.hpp"
#include "dashboard/periods.hpp"

namespace suara::hub {

namespace {

std::optional<std::int64_t> hundredthsAt(const nlohmann::json& v, std::initializer_list<const char*> path) {
  const nlohmann::json* at = jsonAt(v, path);
  if (!at) return std::nullopt;
  if (at->is_object() && at->contains("hundredths")) return (*at)["hundredths"].get<std::int64_t>();
  if (at->is_string()) {  // a decimal string "76.61" (trend points, plan items)
    const std::string text = at->get<std::string>();
    const auto dot = text.find('.');
    if (dot == std::string::npos) return std::stoll(text) * 100;
    return std::stoll(text.substr(0, dot)) * 100 + std::stoll((text.substr(dot + 1) + "00").substr(0, 2));
  }
  return std::nullopt;
}

std::string textAt(const nlohmann::json& v, const char* key) {
  return v.is_object() && v.contains(key) && v[key].is_string() ? v[key].get<std::string>() : std::string();
}

std::string dateText(std::int64_t nowMs, Language language) {
  static constexpr std::array<const char*, 12> kId = {"Januari", "Februari", "Maret", "April", "Mei", "Juni",
                                                      "Juli", "Agustus", "September", "Oktober", "November", "Desember"};
  static constexpr std::array<const char*, 12> kEn = {"January", "February", "March", "April", "May", "June",
                                                      "July", "August", "September", "October", "November", "December"};
  const std::chrono::year_month_day day{std::chrono::floor<std::chrono::days>(
      std::chrono::sys_time<std::chrono::milliseconds>(std::chrono::milliseconds(nowMs + 7 * 3'600'000)))};
  const auto month = static_cast<unsigned>(day.month()) - 1;
  return std::to_string(static_cast<unsigned>(day.day())) + " " + (language == Language::English ? kEn : kId)[month] + " " +
         std::to_string(static_cast<int>(day.year()));
}

void breakdown(const nlohmann::json& rows, std::vector<LaporanBreakdownRow>& into) {
  for (const auto& row : rows)
    into.push_back({textAt(row, "name"), row["responses"].get<std::int64_t>(), hundredthsAt(row, {"skm", "konversi"}),
                    row["skm"].is_object() ? row["skm"]["mutu"]["letter"].get<std::string>() : std::string()});
}

}  // namespace

LaporanModel laporanFrom(const nlohmann::json& m, Language language, std::int64_t nowMs) {
  LaporanModel l;
  l.english = language == Language::English;
  l.unitName = m["unit"]["name"];
  l.periodTitle = m["period"]["title"];
  l.timeZone = m["unit"]["time_zone"];
  l.generatedDate = dateText(nowMs, language);
  l.responses = m["responses"];
  if (m["skm"].is_object()) {
    l.skmRespondents = m["skm"]["respondents"];
    l.konversiHundredths = hundredthsAt(m, {"skm", "konversi"});
    l.mutuLetter = m["skm"]["mutu"]["letter"];
    l.mutuLabel = m["skm"]["mutu"]["label"];
  }
  if (m["quick"].is_object()) {
    l.quickIndexHundredths = hundredthsAt(m, {"quick", "index"});
    l.quickRespondents = m["quick"]["respondents"];
  }
  if (m.contains("sample") && m["sample"].is_object()) {
    l.sampleRequired = m["sample"]["required"].get<std::int64_t>();
    l.population = m["sample"]["population"].get<std::int64_t>();
  }
  for (const auto& e : m["elements"])
    l.elements.push_back({textAt(e, "code"), textAt(e, "name"), e["answered"].get<std::int64_t>(), hundredthsAt(e, {"nrr"}),
                          hundredthsAt(e, {"konversi"}), hundredthsAt(e, {"interval", "low"}), hundredthsAt(e, {"interval", "high"})});
  for (const auto& p : m["trend"]["months"])
    l.trend.push_back({textAt(p, "title"), hundredthsAt(p, {"konversi"}), p["skm_respondents"].get<std::int64_t>()});
  breakdown(m["by_service"], l.byService);
  breakdown(m["by_counter"], l.byCounter);
  for (const auto& item : m["priorities"]) {
    std::string programmes;
    for (const auto& p : item["programmes"]) programmes += (programmes.empty() ? "" : "; ") + p["name"].get<std::string>();
    l.plan.push_back({textAt(item, "code"), textAt(item, "name"), programmes, textAt(item, "waktu"), textAt(item, "penanggung_jawab"),
                      hundredthsAt(item, {"konversi"}), item["needs_more_data"].get<bool>()});
  }
  for (const auto& a : m["plan"]["actions"]) {
    std::string title = a.contains("programme_name") ? a["programme_name"].get<std::string>() : textAt(a, "title");
    l.actions.push_back({textAt(a, "element"), title, textAt(a, "status"), textAt(a, "done_date"),
                         a.contains("effect") ? a["effect"]["text"].get<std::string>() : std::string()});
  }
  static constexpr std::array<std::pair<const char*, const char*>, 4> kGroups = {
      {{"gender", "Jenis kelamin"}, {"age", "Usia"}, {"education", "Pendidikan"}, {"occupation", "Pekerjaan"}}};
  static constexpr std::array<const char*, 4> kGroupsEn = {"Gender", "Age", "Education", "Occupation"};
  for (std::size_t i = 0; i < kGroups.size(); ++i) {
    if (!m["profile"].contains(kGroups[i].first)) continue;
    LaporanProfileGroup group{l.english ? kGroupsEn[i] : kGroups[i].second, {}};
    for (const auto& v : m["profile"][kGroups[i].first])
      group.counts.emplace_back(v["value"].get<std::string>().empty() ? (l.english ? "not given" : "tidak diisi") : v["value"].get<std::string>(),
                                v["count"].get<std::int64_t>());
    l.profile.push_back(std::move(group));
  }
  return l;
}

}  // namespace suara::hub
