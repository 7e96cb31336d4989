#pragma once
// Languages the product speaks and text that exists in each of them.

#include <optional>
#include <string>
#include <string_view>

namespace suara {

enum class Language { Indonesian, English };

std::string_view languageCode(Language language);                  // "id" / "en"
std::optional<Language> parseLanguage(std::string_view code);      // "id" / "en"

// A piece of user-facing text in both languages. Both are required wherever one is shown.
struct LocalizedText {
  std::string id;
  std::string en;
  const std::string& in(Language language) const { return language == Language::English ? en : id; }
};

}  // namespace suara
