#pragma once
// Text from the database or from kiosks, printed in an operator's terminal. Lists print one
// record per line with tab-separated fields: a tab or line break inside a field would shift
// columns or forge records, and escape sequences would drive the terminal.

#include <cstdio>
#include <string>
#include <string_view>

namespace suara::hub {

// `text` with control characters as escapes: \t \n \r, other C0 bytes and DEL as \xHH, and
// C1 controls (U+0080–U+009F, e.g. U+0085, a line break to some terminals) as \uHHHH.
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
    } else {
      out += static_cast<char>(c);
    }
  }
  return out;
}

inline bool hasControlCharacter(std::string_view text) { return printable(text) != text; }

}  // namespace suara::hub
