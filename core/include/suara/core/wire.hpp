#pragma once
// Wire protocol v1 between kiosk and hub (docs/protocol.md): the ingest request and reply.
// Both sides use these codecs, so what one writes the other reads.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "suara/core/response.hpp"
#include "suara/core/result.hpp"

namespace suara::wire {

inline constexpr std::size_t kMaxItemsPerBatch = 5000;
inline constexpr std::size_t kMaxBodyBytes = 8 * 1024 * 1024;  // after decompression
inline constexpr std::size_t kMaxItemIdBytes = 64;   // as echoed and quarantined; a valid id has 36
inline constexpr std::size_t kMaxJsonDepth = 32;                // the format itself needs 4

// The kiosk's clocks at the moment it sent the batch: lets the hub relate item times to its own.
struct SendStamp {
  std::int64_t wallMs = 0;
  std::int64_t monoMs = 0;
  std::string bootId;
};

struct IngestItem {
  std::string id;                 // the item's "id" as sent (echoed in the reply, even if invalid)
  Result<Response> response;      // decoded and validated, or why not
  std::string raw;                // the item's JSON when it failed, kept for the hub's quarantine
};

struct IngestRequest {
  SendStamp sent;
  std::vector<IngestItem> items;
};

// Kiosk side. Items whose clock.boot equals the batch's boot omit it on the wire (smaller).
std::string encodeIngestRequest(const SendStamp& sent, const std::vector<Response>& responses);
// Hub side. A malformed envelope is an error (the whole request is refused); a malformed item
// is reported in its IngestItem so that it can be rejected alone.
Result<IngestRequest> decodeIngestRequest(std::string_view body);

enum class ItemStatus { Accepted, Duplicate, Rejected };
std::string_view itemStatusName(ItemStatus status);

struct ItemResult {
  std::string id;
  ItemStatus status = ItemStatus::Rejected;
  std::string reason;  // for Rejected
};

struct IngestReply {
  std::int64_t serverTimeMs = 0;
  std::vector<ItemResult> results;  // one per item, in request order
};

std::string encodeIngestReply(const IngestReply& reply);
// Strict: only a JSON object of exactly this shape, with one result per id sent and in order,
// counts as a reply. Anything else (an HTML portal page, a truncated body) is an error.
Result<IngestReply> decodeIngestReply(std::string_view body, const std::vector<std::string>& sentIds);

}  // namespace suara::wire
