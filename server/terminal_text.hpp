#pragma once
// Text from the database or from kiosks, printed in an operator's terminal. Lists print one
// record per line with tab-separated fields: a tab or line break inside a field would shift
// columns or forge records, and escape sequences would drive the terminal.

#include <cstdio>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace suara::hub {

// `text` with control characters as escapes: \t \n \r, other C0 bytes and DEL as \xHH, C1
// controls (U+0080–U+009F, e.g. U+0085, a line break to some terminals) and text-direction
// controls (U+200E/F, U+202A–E, U+2066–9, U+061C: they reorder the rest of a line) as \uHHHH.
inline std::string printable(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  char escape[8];
  for (std::size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    const auto next = i + 1 < text.size() ? static_cast<unsigned char>(text[i + 1]) : 0;
    if (c == '\t') {
      out += "\\t";
    } else if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c < 0x20 || c == 0x7f) {
      std::snprintf(escape, sizeof escape, "\\x%02x", c);
      out += escape;
    } else if (c == 0xc2 && next >= 0x80 && next <= 0x9f) {
      std::snprintf(escape, sizeof escape, "\\u%04x", next);
      out += escape;
      ++i;
    } else if (c == 0xd8 && next == 0x9c) {  // U+061C
      out += "\\u061c";
      ++i;
    } else if (c == 0xe2 && i + 2 < text.size() &&
               ((next == 0x80 && ((static_cast<unsigned char>(text[i + 2]) >= 0x8e && static_cast<unsigned char>(text[i + 2]) <= 0x8f) ||
                                  (static_cast<unsigned char>(text[i + 2]) >= 0xaa && static_cast<unsigned char>(text[i + 2]) <= 0xae))) ||
                (next == 0x81 && static_cast<unsigned char>(text[i + 2]) >= 0xa6 && static_cast<unsigned char>(text[i + 2]) <= 0xa9))) {
      const unsigned point = ((c & 0x0fu) << 12) | ((static_cast<unsigned>(next) & 0x3fu) << 6) | (static_cast<unsigned char>(text[i + 2]) & 0x3fu);
      std::snprintf(escape, sizeof escape, "\\u%04x", point);
      out += escape;
      i += 2;
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

inline bool hasControlCharacter(std::string_view text) { return printable(text) != text; }

// The code points of UTF-8 `text`, or nullopt when it is not valid UTF-8 (overlong forms,
// surrogates and values past U+10FFFF included).
inline std::optional<std::vector<char32_t>> utf8CodePoints(std::string_view text) {
  std::vector<char32_t> out;
  for (std::size_t i = 0; i < text.size();) {
    const auto lead = static_cast<unsigned char>(text[i]);
    const int length = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xE ? 3 : (lead >> 3) == 0x1E ? 4 : 0;
    if (length == 0 || i + static_cast<std::size_t>(length) > text.size()) return std::nullopt;
    auto c = static_cast<char32_t>(length == 1 ? lead : lead & (0x7F >> length));
    for (int k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + static_cast<std::size_t>(k)]);
      if ((next & 0xC0) != 0x80) return std::nullopt;
      c = (c << 6) | (next & 0x3F);
    }
    static constexpr char32_t kSmallest[] = {0, 0, 0x80, 0x800, 0x10000};
    if (c < kSmallest[length] || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) return std::nullopt;
    out.push_back(c);
    i += static_cast<std::size_t>(length);
  }
  return out;
}

// Why `text` cannot be a name people are shown (a unit, a service, a counter, an office), or
// empty: control characters would break lists and drive terminals; invalid UTF-8 breaks JSON;
// direction overrides (U+202A–U+202E, U+2066–U+2069, marks) make a name read as another; a
// blank name shows as nothing.
inline std::string whyUnfitName(std::string_view text, std::size_t maxCharacters = 200) {
  const auto points = utf8CodePoints(text);
  for (const char32_t c : points ? *points : std::vector<char32_t>{})
    if ((c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x200E || c == 0x200F || c == 0x061C)
      return "has a text-direction control character, which can make it read as another name";
  if (hasControlCharacter(text)) return "has a control character (a tab, line break or escape); names are shown one a line";
  if (!points) return "is not valid UTF-8 text";
  if (text.find_first_not_of(' ') == std::string_view::npos) return "is blank";
  if (points->size() > maxCharacters) return "is longer than " + std::to_string(maxCharacters) + " characters";
  return {};
}

}  // namespace suara::hub
