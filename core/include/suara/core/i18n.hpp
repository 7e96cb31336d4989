#pragma once
// User-facing strings (assets/i18n/<lang>.json: a flat object of key -> text).

#include <filesystem>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "suara/core/result.hpp"
#include "suara/core/text.hpp"

namespace suara {

class StringCatalog {
 public:
  static Result<StringCatalog> parse(std::string_view jsonText, std::string_view origin);
  static Result<StringCatalog> load(const std::filesystem::path& file);

  // The text for `key`; a missing key yields the key itself so the gap is visible, never blank.
  std::string_view tr(std::string_view key) const;
  bool contains(std::string_view key) const { return m_strings.find(key) != m_strings.end(); }
  std::vector<std::string> keys() const;

 private:
  std::map<std::string, std::string, std::less<>> m_strings;
};

// Both languages, loaded from one directory. Thread-safe for reading after load.
class Translations {
 public:
  static Result<Translations> load(const std::filesystem::path& i18nDir);
  const StringCatalog& catalog(Language language) const { return language == Language::English ? m_en : m_id; }
  std::string_view tr(Language language, std::string_view key) const { return catalog(language).tr(key); }

 private:
  StringCatalog m_id, m_en;
};

// Keys present in `a` but not in `b`.
std::vector<std::string> missingKeys(const StringCatalog& a, const StringCatalog& b);

}  // namespace suara
