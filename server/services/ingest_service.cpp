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
void reject(std::vector<wire::ItemResult>& results, std::vector<QuarantinedItem>& quarantine, const KioskRecord& kiosk,
            std::size_t at, const std::string& id, const std::string& reason, std::string payload, std::int64_t nowMs) {
  results[at] = {id, wire::ItemStatus::Rejected, reason};
  quarantine.push_back({id, kiosk.id, kiosk.unitId, reason, std::move(payload), nowMs});
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
    if (std::string why = whyInvalid(*item.response, *unit, m_surveys); !why.empty()) {
      reject(c.results, c.quarantine, kiosk, i, item.id, why, toJson(*item.response).dump(), nowMs);
      continue;
    }
    const CorrectedTime t = correctTime(*item.response, request.sent, nowMs, kiosk.enrolledMs);
    c.valid.push_back({std::move(*item.response), t.ms, t.flags});
    c.validAt.push_back(i);
  }
  return store(kiosk, std::move(c), nowMs, false);
}

Result<IngestOutcome> IngestService::ingestExported(const KioskRecord& kiosk, std::vector<Response> items, std::int64_t nowMs,
                                                    bool dryRun) {
  auto unit = m_units.unit(kiosk.unitId);
  if (!unit) return unit.error();
  Checked c;
  c.results.resize(items.size());
  for (std::size_t i = 0; i < items.size(); ++i) {
    Response& r = items[i];
    std::string why;
    if (Status shape = validateResponse(r); !shape) why = shape.error().message;
    else why = whyInvalid(r, *unit, m_surveys);
    if (!why.empty()) {
      reject(c.results, c.quarantine, kiosk, i, r.uuid, why, toJson(r).dump(), nowMs);
      continue;
    }
    const CorrectedTime t = correctExportedTime(r, nowMs, kiosk.enrolledMs);
    c.valid.push_back({std::move(r), t.ms, t.flags});
    c.validAt.push_back(i);
  }
  return store(kiosk, std::move(c), nowMs, dryRun);
}

Result<IngestOutcome> IngestService::store(const KioskRecord& kiosk, Checked c, std::int64_t nowMs, bool dryRun) {
  IngestOutcome out;
  out.quarantined = c.quarantine.size();
  if (dryRun) {
    for (std::size_t v = 0; v < c.validAt.size(); ++v)
      c.results[c.validAt[v]] = {c.valid[v].response.uuid, wire::ItemStatus::Accepted, {}};
    out.results = std::move(c.results);
    return out;
  }
  // Quarantine first: an item is never answered "rejected" without its record kept.
  if (Status kept = m_responses.quarantine(c.quarantine); !kept) return kept.error();
  auto stored = m_responses.ingest(kiosk, c.valid, nowMs);
  if (!stored) return stored.error();
  for (std::size_t v = 0; v < c.validAt.size(); ++v) c.results[c.validAt[v]] = std::move((*stored)[v]);
  out.results = std::move(c.results);
  return out;
}

}  // namespace suara::hub
