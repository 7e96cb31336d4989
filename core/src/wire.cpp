#include "suara/core/wire.hpp"

#include "suara/core/json_depth.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

namespace suara::wire {

using nlohmann::json;

namespace {
constexpr std::string_view kStatusNames[] = {"accepted", "duplicate", "rejected"};

struct FlagName {
  std::uint32_t bit;
  std::string_view name;
};
constexpr FlagName kFlagNames[] = {{flags::kPartial, "partial"}, {flags::kRapidRepeat, "rapid_repeat"}};

Result<SendStamp> readStamp(const json& j) {
  if (!j.is_object()) return makeError(Errc::Invalid, "'sent' must be an object with wall_ms, mono_ms and boot");
  const auto wall = j.find("wall_ms"), mono = j.find("mono_ms"), boot = j.find("boot");
  if (wall == j.end() || !wall->is_number_integer() || mono == j.end() || !mono->is_number_integer() || boot == j.end() ||
      !boot->is_string() || !isCanonicalUuid(boot->get_ref<const std::string&>()))
    return makeError(Errc::Invalid, "'sent' must be an object with wall_ms, mono_ms and boot");
  const auto inRange = [](const json& t) {
    return t.is_number_unsigned() ? t.get<std::uint64_t>() <= static_cast<std::uint64_t>(kMaxClockMs)
                                  : t.get<std::int64_t>() >= 0;
  };
  if (!inRange(*wall) || !inRange(*mono)) return makeError(Errc::Invalid, "'sent' times must be from 0 to the year 9999");
  return SendStamp{wall->get<std::int64_t>(), mono->get<std::int64_t>(), boot->get<std::string>()};
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

Result<IngestRequest> decodeIngestRequest(std::string_view body) {
  if (body.size() > kMaxBodyBytes) return makeError(Errc::Invalid, "request body is larger than 8 MiB");
  // Checked before parsing: a deeply nested document would overflow the stack later, when
  // it is copied, printed or destroyed recursively.
  if (jsonNestingDepth(body, kMaxJsonDepth) > kMaxJsonDepth)
    return makeError(Errc::Invalid, "request body is nested more than " + std::to_string(kMaxJsonDepth) + " levels deep");
  json root = json::parse(body, nullptr, false);
  if (root.is_discarded()) return makeError(Errc::Invalid, "request body is not valid JSON");
  if (!root.is_object()) return makeError(Errc::Invalid, "request body must be a JSON object");
  const auto sent = root.find("sent");
  if (sent == root.end()) return makeError(Errc::Invalid, "'sent' is missing");
  auto stamp = readStamp(*sent);
  if (!stamp) return stamp.error();
  const auto items = root.find("items");
  if (items == root.end() || !items->is_array()) return makeError(Errc::Invalid, "'items' must be an array");
  if (items->size() > kMaxItemsPerBatch) return makeError(Errc::Invalid, "a batch may hold at most 5000 items");

  IngestRequest request{std::move(*stamp), {}};
  request.items.reserve(items->size());
  for (auto& item : *items) {
    std::string id;
    if (item.is_object()) {
      const auto found = item.find("id");
      // An id is a UUID: a longer one is cut where it is read, so that an 8 MB id is never
      // copied into the reply, the quarantine or its index (the item is refused either way).
      if (found != item.end() && found->is_string()) id = found->get_ref<const std::string&>().substr(0, kMaxItemIdBytes);
      // An item without its own boot id was sent in the boot of the batch.
      const auto clock = item.find("clock");
      if (clock != item.end() && clock->is_object() && !clock->contains("boot")) (*clock)["boot"] = request.sent.bootId;
    }
    auto response = responseFromJson(item);
    std::string raw = response ? std::string() : item.dump(-1, ' ', false, json::error_handler_t::replace);
    request.items.push_back({std::move(id), std::move(response), std::move(raw)});
  }
  return request;
}

std::string encodeIngestReply(const IngestReply& reply) {
  json results = json::array();
  for (const auto& r : reply.results) {
    json item = {{"id", r.id}, {"status", itemStatusName(r.status)}};
    if (r.status == ItemStatus::Rejected) item["reason"] = r.reason;
    results.push_back(std::move(item));
  }
  return json{{"server_time_ms", reply.serverTimeMs}, {"results", std::move(results)}}.dump();
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
