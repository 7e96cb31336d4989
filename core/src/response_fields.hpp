#pragma once
// Facts of the response format shared by its encoders and its decoder (internal to suara_core).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "suara/core/response.hpp"

namespace suara::detail {

inline constexpr std::size_t kMaxListLength = 16;  // reasons, skipped
inline constexpr std::size_t kMaxIdLength = 64;    // ids and codes

struct FlagName {
  std::uint32_t bit;
  std::string_view name;
};
inline constexpr FlagName kFlagNames[] = {{flags::kPartial, "partial"}, {flags::kRapidRepeat, "rapid_repeat"}};

// At most `bytes` bytes of UTF-8 `text`, never ending inside a character: what a reply or an
// error message echoes of a field an attacker can make megabytes long.
inline std::string_view utf8Prefix(std::string_view text, std::size_t bytes) {
  if (text.size() <= bytes) return text;
  while (bytes > 0 && (static_cast<unsigned char>(text[bytes]) & 0xC0) == 0x80) --bytes;
  return text.substr(0, bytes);
}

}  // namespace suara::detail
