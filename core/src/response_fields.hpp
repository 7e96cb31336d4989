#pragma once
// Facts of the response format shared by its encoders and its decoder (internal to suara_core).

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "suara/core/response.hpp"
#include "suara/core/text.hpp"

namespace suara::detail {

inline constexpr std::size_t kMaxListLength = 16;  // reasons, skipped
inline constexpr std::size_t kMaxIdLength = 64;    // ids and codes

struct FlagName {
  std::uint32_t bit;
  std::string_view name;
};
inline constexpr FlagName kFlagNames[] = {{flags::kPartial, "partial"}, {flags::kRapidRepeat, "rapid_repeat"}};

using suara::utf8Prefix;

}  // namespace suara::detail
