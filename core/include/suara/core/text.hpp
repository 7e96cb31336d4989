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

// At most `bytes` bytes of UTF-8 `text`, never ending inside a character: what a reply, a log
// or an error message keeps of a field an attacker can make megabytes long.
inline std::string_view utf8Prefix(std::string_view text, std::size_t bytes) {
  if (text.size() <= bytes) return text;
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
  return text.substr(0, bytes);
}

}  // namespace suara
