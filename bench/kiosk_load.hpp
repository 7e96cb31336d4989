#pragma once
// The load a fleet puts on its hub: each kiosk's gzip batches as its SyncWorker would send
// them, and every kiosk posting its own at once. Shared by the hub benches so that they
// measure the same ingest.

#include <cstdint>
#include <string>
#include <vector>

#include "enrollment.hpp"
#include "suara/core/response.hpp"

namespace suara::bench {

inline constexpr int kBatch = 500;

// One request of a kiosk: its gzip body and the ids of its items, in order.
struct Batch {
  std::string body;
  std::vector<std::string> ids;
};

// `batches` batches of demo ratings, of the demo units' services and counters (which the
// fixture's unit has); the responses in them are appended to `rows` when given.
std::vector<Batch> kioskPayloads(int batches, std::uint32_t seed, std::vector<Response>* rows = nullptr);

struct IngestRun {
  int responses = 0;
  int failures = 0;     // batches not answered 200
  int notAccepted = 0;  // items of batches answered 200 that the hub did not store (rejected or duplicate)
  double seconds = 0;
  std::vector<double> latenciesMs;  // one per batch
  double rate() const { return responses / seconds; }
};

// Each kiosk posts its payloads to /v1/responses one after another, on a thread of its own;
// all kiosks start together. payloads[k] belongs to kiosks[k].
IngestRun postConcurrently(const std::string& hubUrl, const std::vector<sync::Enrollment>& kiosks,
                           const std::vector<std::vector<Batch>>& payloads);

}  // namespace suara::bench
