#pragma once
// Bounds on what one client can make the hub hold or wait for. Defaults suit a city's fleet
// behind a few NAT addresses; `suara-hub serve` can change them.

#include <chrono>
#include <cstddef>

namespace suara::hub {

struct HttpLimits {
  std::size_t maxHeaderBytes = 16 * 1024;  // request line and headers together
  std::size_t maxHeaderCount = 64;
  std::size_t maxJsonDepth = 32;           // the wire format needs 4
  // Arrays, objects, members and elements in one body. A full batch of the richest ratings
  // holds 145,000; 8 MiB of "[],[],…" would hold 2.8 million, 215 MB as a document.
  std::size_t maxJsonValues = 400'000;
  // Punctuation outside strings (, : [ ] { }), which a parser indexes whether or not it holds
  // values: the richest full batch has about 450,000; 8 MiB of commas would have 8 million.
  std::size_t maxJsonStructurals = 1'600'000;
  std::size_t maxBodyBytes = 8 << 20;      // the largest any route takes; each route has its own
  // From the first byte of a request (or the end of the previous one) to its last header.
  // An idle keep-alive connection is closed when this runs out.
  std::chrono::seconds headerDeadline{10};
  // The body may take this long plus one second per `minBodyBytesPerSecond` it declares.
  std::chrono::seconds bodyDeadline{10};
  std::size_t minBodyBytesPerSecond = 32 * 1024;
  std::chrono::seconds writeDeadline{30};
  std::size_t maxConnections = 8192;
  std::size_t maxConnectionsPerAddress = 256;  // kiosks of a building may share one NAT address
  std::size_t maxQueuedRequests = 4096;        // waiting for a worker; beyond it: 503 overload
  // What the bodies of all requests in progress may hold together: as received, inflated and
  // parsed (MemoryBudget). One largest batch at its worst needs about 60 MiB.
  std::size_t bodyMemoryBytes = std::size_t{512} << 20;
  std::size_t maxBodiesPerKiosk = 4;  // requests with a body one kiosk sends at once; beyond: 429
};

}  // namespace suara::hub
