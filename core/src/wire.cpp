#include "suara/core/wire.hpp"

#include "response_decoder.hpp"
#include "response_fields.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace suara::wire {

using nlohmann::json;

namespace {
constexpr std::string_view kStatusNames[] = {"accepted", "duplicate", "rejected"};

using detail::kFlagNames;

Result<SendStamp> readStamp(simdjson::dom::element sent) {
  const auto wrong = [] { return makeError(Errc::Invalid, "'sent' must be an object with wall_ms, mono_ms and boot"); };
  simdjson::dom::element wall, mono, boot;
  std::string_view bootId;
  if (sent["wall_ms"].get(wall) || sent["mono_ms"].get(mono) || sent["boot"].get(boot) ||
      boot.get_string().get(bootId) || !isCanonicalUuid(bootId))
    return wrong();
  // A time too large for int64 is a uint64; negative or past the year 9999 is out of range.
  const auto inRange = [](simdjson::dom::element t, std::int64_t& out) {
    return t.get_int64().get(out) == simdjson::SUCCESS && out >= 0 && out <= kMaxClockMs;
  };
  const auto isInteger = [](simdjson::dom::element t) { return t.is_int64() || t.is_uint64(); };
  if (!isInteger(wall) || !isInteger(mono)) return wrong();
  SendStamp stamp{0, 0, std::string(bootId)};
  if (!inRange(wall, stamp.wallMs) || !inRange(mono, stamp.monoMs))
    return makeError(Errc::Invalid, "'sent' times must be from 0 to the year 9999");
  return stamp;
}
}  // namespace

std::string_view itemStatusName(ItemStatus status) { return kStatusNames[static_cast<int>(status)]; }

namespace {

// Appends `text` as a JSON string. Stored responses hold only validated tokens and UUIDs, but
// the encoder does not rely on that.
void appendString(std::string& out, std::string_view text) {
  out += '"';
  for (const char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
      out += escaped;
    } else {
      out += c;
    }
  }
  out += '"';
}

void appendField(std::string& out, std::string_view key, std::string_view value) {
  out += ",\"";
  out += key;
  out += "\":";
  appendString(out, value);
}

// ,"key":["a","b"] — nothing for an empty list.
void appendIds(std::string& out, std::string_view key, const std::vector<std::string>& ids) {
  if (ids.empty()) return;
  out += ",\"";
  out += key;
  out += "\":[";
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i) out += ',';
    appendString(out, ids[i]);
  }
  out += ']';
}

// One item as toJson() would write it (a test holds the two together), written straight to
// text: a batch of 500 is encoded in a fraction of the time a JSON document tree takes.
void appendItem(std::string& out, const Response& r, const SendStamp& sent) {
  out += "{\"id\":";
  appendString(out, r.uuid);
  out += ",\"seq\":" + std::to_string(r.seq);
  if (r.isAmendment()) {
    appendField(out, "amends", r.amends);
  } else {
    appendField(out, "survey", r.surveyId);
    out += ",\"survey_version\":" + std::to_string(r.surveyVersion) + ",\"answers\":{";
    bool first = true;
    for (const auto& [code, score] : r.answers) {
      if (!first) out += ',';
      first = false;
      appendString(out, code);
      out += ':';
      out += std::to_string(score);
    }
    out += '}';
    appendIds(out, "skipped", r.skipped);
  }
  appendIds(out, "reasons", r.reasons);
  const std::pair<std::string_view, const std::string*> ids[] = {
      {"unit", &r.unitId}, {"service", &r.serviceId}, {"counter", &r.counterId}, {"officer", &r.officerId}};
  for (const auto& [key, value] : ids)
    if (!value->empty()) appendField(out, key, *value);
  if (!r.respondent.empty()) {
    out += ",\"respondent\":{";
    const std::pair<std::string_view, const std::string*> profile[] = {{"gender", &r.respondent.gender},
                                                                        {"age", &r.respondent.ageBand},
                                                                        {"education", &r.respondent.education},
                                                                        {"occupation", &r.respondent.occupation}};
    bool firstField = true;
    for (const auto& [key, value] : profile) {
      if (value->empty()) continue;
      if (!firstField) out += ',';
      firstField = false;
      appendString(out, key);
      out += ':';
      appendString(out, *value);
    }
    out += '}';
  }
  out += ",\"clock\":{\"wall_ms\":" + std::to_string(r.clock.wallMs) + ",\"mono_ms\":" + std::to_string(r.clock.monoMs);
  if (r.clock.bootId != sent.bootId) appendField(out, "boot", r.clock.bootId);
  out += '}';
  if (r.flags) {
    out += ",\"flags\":[";
    bool firstFlag = true;
    for (const auto& flag : kFlagNames)
      if (r.flags & flag.bit) {
        if (!firstFlag) out += ',';
        firstFlag = false;
        appendString(out, flag.name);
      }
    out += ']';
  }
  out += '}';
}

}  // namespace

std::string encodeIngestRequest(const SendStamp& sent, const std::vector<Response>& responses) {
  std::string out;
  out.reserve(128 + responses.size() * 320);
  out += "{\"sent\":{\"wall_ms\":" + std::to_string(sent.wallMs) + ",\"mono_ms\":" + std::to_string(sent.monoMs) +
         ",\"boot\":";
  appendString(out, sent.bootId);
  out += "},\"items\":[";
  for (std::size_t i = 0; i < responses.size(); ++i) {
    if (i) out += ',';
    appendItem(out, responses[i], sent);
  }
  out += "]}";
  return out;
}

namespace {

// A refused item's JSON as kept for the quarantine, with the batch's boot written into a clock
// that had none, so that the item can be re-admitted on its own once fixed.
std::string rawItem(simdjson::dom::element item, std::string_view batchBoot) {
  simdjson::dom::object object, clock;
  simdjson::dom::element boot;
  if (item.get_object().get(object) || object["clock"].get_object().get(clock) || clock["boot"].get(boot) != simdjson::NO_SUCH_FIELD)
    return simdjson::to_string(item);
  std::string out = "{";
  for (const auto member : object) {
    if (out.size() > 1) out += ',';
    appendString(out, member.key);
    out += ':';
    std::string value = simdjson::to_string(member.value);
    if (member.key == "clock") {
      value.pop_back();  // the closing brace
      if (value.size() > 1) value += ',';
      value += "\"boot\":";
      appendString(value, batchBoot);
      value += '}';
    }
    out += value;
  }
  return out + "}";
}

}  // namespace

Result<IngestRequest> decodeIngestRequest(std::string_view body) {
  if (body.size() > kMaxBodyBytes) return makeError(Errc::Invalid, "request body is larger than 8 MiB");
  detail::ParsedJson parsed;
  // The parser counts a value inside the deepest container as a level of its own.
  detail::parseJson(body, kMaxJsonDepth + 1, parsed);
  if (parsed.error == simdjson::DEPTH_ERROR)
    return makeError(Errc::Invalid, "request body is nested more than " + std::to_string(kMaxJsonDepth) + " levels deep");
  if (parsed.error != simdjson::SUCCESS) return makeError(Errc::Invalid, "request body is not valid JSON");
  simdjson::dom::object root;
  if (parsed.root.get_object().get(root)) return makeError(Errc::Invalid, "request body must be a JSON object");
  simdjson::dom::element sent;
  if (root["sent"].get(sent)) return makeError(Errc::Invalid, "'sent' is missing");
  auto stamp = readStamp(sent);
  if (!stamp) return stamp.error();
  simdjson::dom::array items;
  if (root["items"].get_array().get(items)) return makeError(Errc::Invalid, "'items' must be an array");
  if (items.size() > kMaxItemsPerBatch) return makeError(Errc::Invalid, "a batch may hold at most 5000 items");

  IngestRequest request{std::move(*stamp), {}};
  request.items.reserve(items.size());
  for (const simdjson::dom::element item : items) {
    std::string_view id;
    // An id is a UUID: a longer one is cut where it is read, so that an 8 MB id is never
    // copied into the reply, the quarantine or its index (the item is refused either way).
    if (item.is_object() && item["id"].get_string().get(id) == simdjson::SUCCESS) id = detail::utf8Prefix(id, kMaxItemIdBytes);
    auto response = detail::decodeResponse(item, request.sent.bootId);
    std::string raw = response ? std::string() : rawItem(item, request.sent.bootId);
    request.items.push_back({std::string(id), std::move(response), std::move(raw)});
  }
  return request;
}

std::string encodeIngestReply(const IngestReply& reply) {
  std::string out;
  out.reserve(64 + reply.results.size() * 64);
  out += "{\"server_time_ms\":" + std::to_string(reply.serverTimeMs) + ",\"results\":[";
  for (std::size_t i = 0; i < reply.results.size(); ++i) {
    const ItemResult& r = reply.results[i];
    if (i) out += ',';
    out += "{\"id\":";
    appendString(out, r.id);
    out += ",\"status\":";
    appendString(out, itemStatusName(r.status));
    if (r.status == ItemStatus::Rejected) {
      out += ",\"reason\":";
      appendString(out, r.reason);
    }
    out += '}';
  }
  out += "]}";
  return out;
}

Result<IngestReply> decodeIngestReply(std::string_view body, const std::vector<std::string>& sentIds) {
  const json root = json::parse(body, nullptr, false);
  if (root.is_discarded() || !root.is_object()) return makeError(Errc::Invalid, "the hub's reply is not a protocol JSON object");
  const auto time = root.find("server_time_ms");
  const auto results = root.find("results");
  if (time == root.end() || !time->is_number_integer() || results == root.end() || !results->is_array())
    return makeError(Errc::Invalid, "the hub's reply lacks server_time_ms or results");
  if (results->size() != sentIds.size())
    return makeError(Errc::Invalid, "the hub answered " + std::to_string(results->size()) + " items of " +
                                        std::to_string(sentIds.size()));
  IngestReply reply;
  reply.serverTimeMs = time->get<std::int64_t>();
  for (std::size_t i = 0; i < results->size(); ++i) {
    const json& r = (*results)[i];
    const auto id = r.is_object() ? r.find("id") : r.end();
    const auto status = r.is_object() ? r.find("status") : r.end();
    if (id == r.end() || !id->is_string() || id->get_ref<const std::string&>() != sentIds[i] || status == r.end() ||
        !status->is_string())
      return makeError(Errc::Invalid, "the hub's reply does not match the items sent");
    ItemResult item{sentIds[i], ItemStatus::Rejected, {}};
    const auto& name = status->get_ref<const std::string&>();
    if (name == "accepted") item.status = ItemStatus::Accepted;
    else if (name == "duplicate") item.status = ItemStatus::Duplicate;
    else if (name == "rejected") {
      const auto reason = r.find("reason");  // a reason of another type is no reason, not an exception
      item.reason = reason != r.end() && reason->is_string() ? reason->get<std::string>() : "no reason given";
    }
    else return makeError(Errc::Invalid, "the hub's reply has an unknown status '" + name + "'");
    reply.results.push_back(std::move(item));
  }
  return reply;
}

}  // namespace suara::wire
