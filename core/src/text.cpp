#include "suara/core/text.hpp"

namespace suara {

std::string_view languageCode(Language language) { return language == Language::English ? "en" : "id"; }

std::optional<Language> parseLanguage(std::string_view code) {
  if (code == "id") return Language::Indonesian;
  if (code == "en") return Language::English;
  return std::nullopt;
}

}  // namespace suara
