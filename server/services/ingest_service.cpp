#include "services/ingest_service.hpp"

#include <nlohmann/json.hpp>

#include "clock_correction.hpp"

namespace suara::hub {

struct IngestService::Checked {
  std::vector<wire::ItemResult> results;
  std::vector<StoredItem> valid;
  std::vector<std::size_t> validAt;  // index of each valid item in `results`
  std::vector<QuarantinedItem> quarantine;
};

namespace {
constexpr std::size_t kMaxQuarantinedPayload = 16 * 1024, kQuarantinedPrefix = 1024, kMaxReason = 512;

void reject(std::vector<wire::ItemResult>& results, std::vector<QuarantinedItem>& quarantine, const KioskRecord& kiosk,
            std::size_t at, const std::string& id, const std::string& reason, std::string payload, std::int64_t nowMs,
            std::optional<CorrectedTime> time = std::nullopt) {
  // Every reason is written by the hub, but some quote what was sent: bounded all the same.
  const std::string shownReason(utf8Prefix(reason, kMaxReason));
  results[at] = {id, wire::ItemStatus::Rejected, shownReason};
  QuarantinedItem kept;
  // A rating is a few hundred bytes; an item far larger is junk, and keeping it whole would
  // let one kiosk token fill the disk a thousand times faster than it sends (gzip).
  if (payload.size() > kMaxQuarantinedPayload) {
    const std::size_t size = payload.size();
    payload = "(" + std::to_string(size) + " bytes; the first " + std::to_string(kQuarantinedPrefix) + " kept) " +
              std::string(utf8Prefix(payload, kQuarantinedPrefix));
  }
  kept.itemId = id;
  kept.kioskId = kiosk.id;
  kept.unitId = kiosk.unitId;
  kept.reason = shownReason;
  kept.payload = std::move(payload);
  kept.receivedMs = nowMs;
  if (time) kept.correctedMs = time->ms, kept.clockFlags = time->flags;
  quarantine.push_back(std::move(kept));
}

// Why a decoded item cannot be stored for `unit`; empty if it can.
std::string whyNotStorable(const Response& r, const Unit& unit, const SurveyCatalog& surveys) {
  if (Status shape = validateResponse(r); !shape) return shape.error().message;
  return whyInvalid(r, unit, surveys);
}
}  // namespace

Result<IngestOutcome> IngestService::ingest(const KioskRecord& kiosk, wire::IngestRequest request, std::int64_t nowMs) {
  auto unit = m_units.unit(kiosk.unitId);
  if (!unit) return unit.error();
  Checked c;
  c.results.resize(request.items.size());
  for (std::size_t i = 0; i < request.items.size(); ++i) {
    auto& item = request.items[i];
    if (!item.response) {
      reject(c.results, c.quarantine, kiosk, i, item.id, item.response.error().message, std::move(item.raw), nowMs);
      continue;
    }
    const CorrectedTime t = correctTime(*item.response, request.sent, nowMs, kiosk.enrolledMs);
    if (std::string why = whyInvalid(*item.response, *unit, m_surveys); !why.empty()) {
      reject(c.results, c.quarantine, kiosk, i, item.id, why, toJson(*item.response).dump(), nowMs, t);
      continue;
    }
    c.valid.push_back({std::move(*item.response), t.ms, t.flags});
    c.validAt.push_back(i);
  }
  return store(kiosk, std::move(c), nowMs, nullptr);
}

Result<IngestOutcome> IngestService::ingestExported(const KioskRecord& kiosk, std::vector<Response> items, std::int64_t nowMs,
                                                    IngestRehearsal* dryRun) {
  auto unit = m_units.unit(kiosk.unitId);
  if (!unit) return unit.error();
  Checked c;
  c.results.resize(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    Response& r = items[i];
    const CorrectedTime t = correctExportedTime(r, nowMs, kiosk.enrolledMs);
    if (std::string why = whyNotStorable(r, *unit, m_surveys); !why.empty()) {
      reject(c.results, c.quarantine, kiosk, i, r.uuid, why, toJson(r).dump(), nowMs, t);
      continue;
    }
    c.valid.push_back({std::move(r), t.ms, t.flags});
    c.validAt.push_back(i);
  }
  return store(kiosk, std::move(c), nowMs, dryRun);
}

Result<wire::ItemResult> IngestService::readmit(const KioskRecord& kiosk, const QuarantinedItem& item, std::int64_t nowMs,
                                                IngestRehearsal* dryRun) {
  auto unit = m_units.unit(kiosk.unitId);
  if (!unit) return unit.error();
  auto keepWith = [&](const std::string& reason) -> Result<wire::ItemResult> {
    if (!dryRun) {
      QuarantinedItem again = item;
      again.reason = reason;
      again.receivedMs = nowMs;
      if (Status kept = m_responses.quarantine({again}); !kept) return kept.error();
    }
    return wire::ItemResult{item.itemId, wire::ItemStatus::Rejected, reason};
  };
  // Read by the decoder ingest uses, so that a repeated key means the same thing on both paths.
  auto decoded = responseFromJsonText(item.payload);
  if (!decoded) return keepWith(decoded.error().message);
  if (decoded->uuid != item.itemId) return keepWith("the kept item's id is '" + decoded->uuid + "', not '" + item.itemId + "'");
  if (std::string why = whyNotStorable(*decoded, *unit, m_surveys); !why.empty()) return keepWith(why);

  // The hub's estimate from when it arrived; without one (an item unreadable then, fixed
  // since), the kiosk's wall clock, flagged as estimated, as for a USB export.
  const CorrectedTime t = item.correctedMs ? CorrectedTime{*item.correctedMs, item.clockFlags}
                                           : correctExportedTime(*decoded, item.receivedMs, kiosk.enrolledMs);
  auto stored = target(dryRun).ingest(kiosk, {{std::move(*decoded), t.ms, t.flags}}, nowMs);
  if (!stored) return stored.error();
  wire::ItemResult result = std::move(stored->front());
  if (result.status == wire::ItemStatus::Rejected) return keepWith(result.reason);
  if (dryRun) return result;
  if (Status released = m_responses.releaseQuarantined(kiosk.id, item.itemId); !released) return released.error();
  return result;
}

Result<IngestOutcome> IngestService::store(const KioskRecord& kiosk, Checked c, std::int64_t nowMs, IngestRehearsal* dryRun) {
  IngestOutcome out;
  out.quarantined = c.quarantine.size();
  const auto keep = [&](const std::vector<QuarantinedItem>& items) { return dryRun ? Status{} : m_responses.quarantine(items); };
  // Quarantine first: an item is never answered "rejected" without its record kept.
  if (Status kept = keep(c.quarantine); !kept) return kept.error();
  auto stored = target(dryRun).ingest(kiosk, c.valid, nowMs);
  if (!stored) return stored.error();
  // A conflict (another rating already holds this id) is kept too: the kiosk takes
  // "rejected" as final, so this record is all that is left of the rating.
  std::vector<QuarantinedItem> conflicts;
  for (std::size_t v = 0; v < c.validAt.size(); ++v) {
    const auto& result = (*stored)[v];
    if (result.status != wire::ItemStatus::Rejected) continue;
    std::vector<wire::ItemResult> ignored(1);
    reject(ignored, conflicts, kiosk, 0, result.id, result.reason, toJson(c.valid[v].response).dump(), nowMs,
           CorrectedTime{c.valid[v].correctedMs, c.valid[v].clockFlags});
  }
  if (Status kept = keep(conflicts); !kept) return kept.error();
  out.quarantined += conflicts.size();
  for (std::size_t v = 0; v < c.validAt.size(); ++v) c.results[c.validAt[v]] = std::move((*stored)[v]);
  out.results = std::move(c.results);
  return out;
}

}  // namespace suara::hub
