#pragma once
// Reads fields out of a parsed JSON document while collecting every problem with its JSON
// pointer, so a bad asset file is fixed in one pass (internal to suara_core).

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "suara/core/problems.hpp"
#include "suara/core/text.hpp"

namespace suara::detail {

class JsonReader {
 public:
  JsonReader(std::string origin, ProblemList& problems) : m_origin(std::move(origin)), m_problems(problems) {}

  void problem(const std::string& pointer, std::string what) { m_problems.add(m_origin + ": " + (pointer.empty() ? "/" : pointer), std::move(what)); }

  // Each getter reports a missing or mistyped field and returns a neutral value.
  const nlohmann::json* field(const nlohmann::json& object, const std::string& pointer, const char* key,
                              nlohmann::json::value_t type, bool required = true);
  std::string string(const nlohmann::json& object, const std::string& pointer, const char* key, bool required = true);
  int integer(const nlohmann::json& object, const std::string& pointer, const char* key, int min, int max);
  LocalizedText text(const nlohmann::json& object, const std::string& pointer, const char* key);
  LocalizedText text(const nlohmann::json& value, const std::string& pointer);

 private:
  std::string m_origin;
  ProblemList& m_problems;
};

}  // namespace suara::detail
