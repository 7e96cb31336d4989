#pragma once
// Storing a kiosk's batch, from sync or from a USB import: each item validated (core shape
// and time bounds, then meaning: item_validator), its time corrected, the valid ones stored
// through group commit, the invalid ones answered "rejected" with their reason and kept in
// the quarantine. Thread-safe.

#include <string>
#include <vector>

#include "services/item_validator.hpp"
#include "storage/storage.hpp"

namespace suara::hub {

struct IngestOutcome {
  std::vector<wire::ItemResult> results;  // one per item, in order
  std::size_t quarantined = 0;
};

class IngestService {
 public:
  IngestService(UnitStore& units, ResponseStore& responses, const SurveyCatalog& surveys)
      : m_units(units), m_responses(responses), m_surveys(surveys) {}

  // A batch as sent over the wire (already decoded), received at `nowMs`.
  Result<IngestOutcome> ingest(const KioskRecord& kiosk, wire::IngestRequest request, std::int64_t nowMs);
  // Items without a sending stamp (a USB export): the kiosk's wall time is all there is.
  // With a `dryRun` rehearsal nothing is stored or quarantined, and the results are those the
  // real run would give after the batches rehearsed before (storage.hpp, IngestRehearsal).
  Result<IngestOutcome> ingestExported(const KioskRecord& kiosk, std::vector<Response> items, std::int64_t nowMs,
                                       IngestRehearsal* dryRun = nullptr);
  // Tries a quarantined item of `kiosk` again (after the unit, survey or item was fixed):
  // Accepted or Duplicate releases it from the quarantine; Rejected keeps it with the new
  // reason. With a `dryRun` rehearsal nothing changes, and the result is the real one's.
  Result<wire::ItemResult> readmit(const KioskRecord& kiosk, const QuarantinedItem& item, std::int64_t nowMs,
                                   IngestRehearsal* dryRun = nullptr);

 private:
  struct Checked;
  Result<IngestOutcome> store(const KioskRecord& kiosk, Checked checked, std::int64_t nowMs, IngestRehearsal* dryRun);
  // Where valid items go: the responses, or a dry run's rehearsal of storing them.
  IngestTarget& target(IngestRehearsal* dryRun) { return dryRun ? static_cast<IngestTarget&>(*dryRun) : m_responses; }

  UnitStore& m_units;
  ResponseStore& m_responses;
  const SurveyCatalog& m_surveys;
};

}  // namespace suara::hub
