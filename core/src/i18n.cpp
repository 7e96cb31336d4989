#include "suara/core/i18n.hpp"

#include <nlohmann/json.hpp>

#include "file_io.hpp"
#include "suara/core/problems.hpp"

namespace suara {

using nlohmann::json;

Result<StringCatalog> StringCatalog::parse(std::string_view jsonText, std::string_view origin) {
  const json root = json::parse(jsonText, nullptr, false);
  if (root.is_discarded() || !root.is_object())
    return makeError(Errc::Invalid, std::string(origin) + ": must be a JSON object of key -> text");
  StringCatalog catalog;
  ProblemList problems;
  for (const auto& [key, value] : root.items()) {
    if (!value.is_string() || value.get_ref<const std::string&>().empty())
      problems.add(std::string(origin) + ": /" + key, "must be non-empty text");
    else catalog.m_strings.emplace(key, value.get<std::string>());
  }
  if (!problems.empty()) return problems.toError();
  return catalog;
}

Result<StringCatalog> StringCatalog::load(const std::filesystem::path& file) {
  return detail::parseFile(file, "translation catalog", &StringCatalog::parse);
}

std::string_view StringCatalog::tr(std::string_view key) const {
  const auto it = m_strings.find(key);
  return it == m_strings.end() ? key : std::string_view(it->second);
}

std::vector<std::string> StringCatalog::keys() const {
  std::vector<std::string> result;
  result.reserve(m_strings.size());
  for (const auto& [key, value] : m_strings) result.push_back(key);
  return result;
}

Result<Translations> Translations::load(const std::filesystem::path& i18nDir) {
  auto id = StringCatalog::load(i18nDir / "id.json");
  if (!id) return id.error();
  auto en = StringCatalog::load(i18nDir / "en.json");
  if (!en) return en.error();
  Translations t;
  t.m_id = std::move(*id);
  t.m_en = std::move(*en);
  return t;
}

std::vector<std::string> missingKeys(const StringCatalog& a, const StringCatalog& b) {
  std::vector<std::string> missing;
  for (const auto& key : a.keys())
    if (!b.contains(key)) missing.push_back(key);
  return missing;
}

}  // namespace suara
