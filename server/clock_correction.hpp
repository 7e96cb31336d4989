#pragma once
// Estimating when a response really happened, from the kiosk's clocks and the hub's own.
//
// A batch carries the kiosk's wall and monotonic (since-boot) clocks at sending time. For an
// item recorded in the same boot, its age on the monotonic clock is exact, so
//   corrected = hub time at receipt − (sent.mono − item.mono)
// whatever the kiosk's wall clock says. For an item from an earlier boot the kiosk's wall
// clock offset at sending time is applied to the item's wall time (flagged as estimated).

#include <cstdint>

#include "suara/core/response.hpp"
#include "suara/core/wire.hpp"

namespace suara::hub {

namespace clockflags {
inline constexpr std::uint32_t kEstimated = 1u << 0;        // earlier boot: offset applied to wall time
inline constexpr std::uint32_t kBeforeEnrolment = 1u << 1;  // earlier than the kiosk's enrolment
inline constexpr std::uint32_t kFuture = 1u << 2;           // later than the hub's receipt
}  // namespace clockflags

struct CorrectedTime {
  std::int64_t ms = 0;
  std::uint32_t flags = 0;
};

// Tolerance for the network delay the estimate ignores.
inline constexpr std::int64_t kClockSlackMs = 5 * 60 * 1000;

// Times must lie in [0, kMaxClockMs] (validateResponse and the wire decoder ensure it).
CorrectedTime correctTime(const Response& item, const wire::SendStamp& sent, std::int64_t hubNowMs, std::int64_t enrolledMs);
// An item from a USB export has no sending stamp: its wall time, flagged as estimated.
CorrectedTime correctExportedTime(const Response& item, std::int64_t hubNowMs, std::int64_t enrolledMs);

}  // namespace suara::hub
