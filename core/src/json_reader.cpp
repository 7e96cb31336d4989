#include "json_reader.hpp"

namespace suara::detail {

using nlohmann::json;

namespace {
const char* typeName(json::value_t type) {
  switch (type) {
    case json::value_t::object: return "an object";
    case json::value_t::array: return "an array";
    case json::value_t::string: return "a string";
    case json::value_t::boolean: return "true or false";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned: return "an integer";
    default: return "a number";
  }
}
bool hasType(const json& value, json::value_t type) {
  if (type == json::value_t::number_integer || type == json::value_t::number_unsigned) return value.is_number_integer();
  return value.type() == type;
}
}  // namespace

const json* JsonReader::field(const json& object, const std::string& pointer, const char* key, json::value_t type,
                              bool required) {
  const std::string where = pointer + "/" + key;
  const auto it = object.find(key);
  if (it == object.end()) {
    if (required) problem(where, std::string("missing (expected ") + typeName(type) + ")");
    return nullptr;
  }
  if (!hasType(*it, type)) {
    problem(where, std::string("must be ") + typeName(type) + ", got " + it->type_name());
    return nullptr;
  }
  return &*it;
}

std::string JsonReader::string(const json& object, const std::string& pointer, const char* key, bool required) {
  const json* value = field(object, pointer, key, json::value_t::string, required);
  if (!value) return {};
  auto text = value->get<std::string>();
  if (required && text.empty()) problem(pointer + "/" + key, "must not be empty");
  return text;
}

int JsonReader::integer(const json& object, const std::string& pointer, const char* key, int min, int max) {
  const json* value = field(object, pointer, key, json::value_t::number_integer);
  if (!value) return min;
  const auto number = value->get<long long>();
  if (number < min || number > max) {
    problem(pointer + "/" + key, "must be between " + std::to_string(min) + " and " + std::to_string(max) +
                                     ", got " + std::to_string(number));
    return min;
  }
  return static_cast<int>(number);
}

LocalizedText JsonReader::text(const json& object, const std::string& pointer, const char* key) {
  const json* value = field(object, pointer, key, json::value_t::object);
  if (!value) return {};
  return text(*value, pointer + "/" + key);
}

LocalizedText JsonReader::text(const json& value, const std::string& pointer) {
  if (!value.is_object()) {
    problem(pointer, std::string("must be an object with \"id\" and \"en\" text, got ") + value.type_name());
    return {};
  }
  LocalizedText result;
  result.id = string(value, pointer, "id");
  result.en = string(value, pointer, "en");
  return result;
}

}  // namespace suara::detail
