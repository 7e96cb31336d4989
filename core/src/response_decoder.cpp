#include "response_decoder.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>

#include "response_fields.hpp"
#include "suara/core/skm_elements.hpp"

namespace suara::detail {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// Reads the fields of one JSON object, keeping the first problem (wire input is rejected
// whole). A member holding null counts as absent.
class FieldReader {
 public:
  FieldReader(simdjson::dom::object object, std::string_view prefix) : m_object(object), m_prefix(prefix) {}
  const std::string& error() const { return m_error; }
  bool failed() const { return !m_error.empty(); }

  void fail(std::string message) {
    if (m_error.empty()) m_error = std::move(message);
  }
  std::string name(std::string_view key) const { return "'" + std::string(m_prefix) + std::string(key) + "'"; }
  bool has(std::string_view key) const {
    element value;
    return m_object.at_key(key).get(value) == simdjson::SUCCESS;
  }
  std::optional<element> get(std::string_view key) const {
    element value;
    if (m_object.at_key(key).get(value) != simdjson::SUCCESS || value.is_null()) return std::nullopt;
    return value;
  }
  std::string text(std::string_view key, bool required) {
    const auto value = get(key);
    if (!value) {
      if (required) fail(name(key) + " is missing");
      return {};
    }
    std::string_view text;
    if (value->get_string().get(text) != simdjson::SUCCESS) {
      fail(name(key) + " must be a string");
      return {};
    }
    return std::string(text);
  }
  // An optional array of ids; more than kMaxListLength entries is refused before copying.
  std::vector<std::string> ids(std::string_view key, const char* what) {
    std::vector<std::string> out;
    const auto value = get(key);
    if (!value) return out;
    simdjson::dom::array list;
    if (value->get_array().get(list) != simdjson::SUCCESS || list.size() > kMaxListLength) {
      fail(name(key) + " must be an array of at most " + std::to_string(kMaxListLength) + " " + what);
      return out;
    }
    for (const element id : list) {
      std::string_view text;
      if (id.get_string().get(text) != simdjson::SUCCESS) fail(name(key) + " has an invalid entry");
      else out.emplace_back(text);
    }
    return out;
  }
  std::int64_t integer(std::string_view key) {
    const auto value = get(key);
    const auto number = value ? integerOf(*value) : std::nullopt;
    if (!number) fail(name(key) + " must be an integer");
    return number.value_or(0);
  }
  // An integer too large for int64 reads as -1: out of range for every field, never wrapped.
  static std::optional<std::int64_t> integerOf(element value) {
    if (value.type() == element_type::INT64) return value.get_int64().value_unsafe();
    if (value.type() == element_type::UINT64) return -1;
    return std::nullopt;
  }

 private:
  simdjson::dom::object m_object;
  std::string_view m_prefix;
  std::string m_error;
};

void readAnswers(FieldReader& reader, Response& r) {
  const auto answers = reader.get("answers");
  simdjson::dom::object scores;
  if (!answers || answers->get_object().get(scores) != simdjson::SUCCESS) {
    reader.fail("'answers' must be an object of element code -> score");
    return;
  }
  for (const auto member : scores) {
    const std::string shown(utf8Prefix(member.key, kMaxIdLength));
    const auto score = FieldReader::integerOf(member.value);
    if (!score) reader.fail("'answers." + shown + "' must be an integer from 1 to 4");
    else if (!r.answers.emplace(member.key, *score < 0 || *score > kMaxScore ? 0 : static_cast<int>(*score)).second)
      reader.fail("'answers' lists '" + shown + "' twice");
  }
}

void readFlags(FieldReader& reader, Response& r) {
  const auto names = reader.get("flags");
  if (!names) return;
  simdjson::dom::array list;
  if (names->get_array().get(list) != simdjson::SUCCESS) return reader.fail("'flags' must be an array");
  for (const element name : list) {
    std::string_view text;
    const bool isString = name.get_string().get(text) == simdjson::SUCCESS;
    const auto known = std::find_if(std::begin(kFlagNames), std::end(kFlagNames),
                                    [&](const FlagName& f) { return isString && text == f.name; });
    if (known == std::end(kFlagNames)) reader.fail("'flags' has an unknown flag");
    else r.flags |= known->bit;
  }
}

}  // namespace

Result<Response> decodeResponse(element item, std::string_view inheritedBoot) {
  simdjson::dom::object object;
  if (item.get_object().get(object) != simdjson::SUCCESS) return makeError(Errc::Invalid, "a response must be a JSON object");
  FieldReader reader(object, "");
  Response r;
  r.uuid = reader.text("id", true);
  r.seq = reader.integer("seq");
  if (r.seq < 1) reader.fail("'seq' is out of range");
  r.amends = reader.text("amends", false);
  if (r.isAmendment()) {
    // An amendment: any survey fields sent along are kept, so that validation refuses them.
    r.surveyId = reader.text("survey", false);
    if (reader.get("answers") || reader.get("skipped")) reader.fail("an amendment carries no 'answers' or 'skipped'");
  } else {
    r.surveyId = reader.text("survey", true);
    const std::int64_t version = reader.integer("survey_version");
    r.surveyVersion = version > 0 && version <= 1'000'000 ? static_cast<int>(version) : 0;
    readAnswers(reader, r);
    r.skipped = reader.ids("skipped", "element codes");
  }
  r.reasons = reader.ids("reasons", "reason ids");
  r.unitId = reader.text("unit", false);
  r.serviceId = reader.text("service", false);
  r.counterId = reader.text("counter", false);
  r.officerId = reader.text("officer", false);
  if (const auto profile = reader.get("respondent")) {
    simdjson::dom::object fields;
    if (profile->get_object().get(fields) != simdjson::SUCCESS) {
      reader.fail("'respondent' must be an object");
    } else {
      FieldReader p(fields, "respondent.");
      r.respondent = {p.text("gender", false), p.text("age", false), p.text("education", false), p.text("occupation", false)};
      if (p.failed()) reader.fail(p.error());
    }
  }
  simdjson::dom::object clock;
  const auto clockValue = reader.get("clock");
  if (!clockValue || clockValue->get_object().get(clock) != simdjson::SUCCESS) {
    reader.fail("'clock' must be an object with wall_ms, mono_ms and boot");
  } else {
    FieldReader c(clock, "clock.");
    const bool inherits = !inheritedBoot.empty() && !c.has("boot");
    r.clock = {c.integer("wall_ms"), c.integer("mono_ms"), inherits ? std::string(inheritedBoot) : c.text("boot", true)};
    if (c.failed()) reader.fail(c.error());
  }
  readFlags(reader, r);
  if (reader.failed()) return makeError(Errc::Invalid, reader.error());
  if (Status valid = validateResponse(r); !valid) return valid.error();
  return r;
}

void parseJson(std::string_view text, std::size_t maxDepth, ParsedJson& out) {
  out.error = out.parser.allocate(std::max<std::size_t>(text.size(), 64), maxDepth);
  if (out.error == simdjson::SUCCESS) out.error = out.parser.parse(text.data(), text.size(), true).get(out.root);
}

}  // namespace suara::detail
