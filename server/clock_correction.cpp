#include "clock_correction.hpp"

namespace suara::hub {

namespace {
// Every input is within [0, kMaxClockMs] (validated at decoding), so no sum or difference
// below can overflow; the result is still clamped to the same range before it is stored.
std::int64_t clampTime(std::int64_t ms) { return ms < 0 ? 0 : ms > kMaxClockMs ? kMaxClockMs : ms; }

void flagImplausible(CorrectedTime& t, std::int64_t hubNowMs, std::int64_t enrolledMs) {
  if (t.ms > hubNowMs + kClockSlackMs) t.flags |= clockflags::kFuture;
  if (t.ms < enrolledMs - kClockSlackMs) t.flags |= clockflags::kBeforeEnrolment;
}
}  // namespace

CorrectedTime correctTime(const Response& item, const wire::SendStamp& sent, std::int64_t hubNowMs, std::int64_t enrolledMs) {
  CorrectedTime t;
  if (item.clock.bootId == sent.bootId && item.clock.monoMs <= sent.monoMs) {
    t.ms = clampTime(hubNowMs - (sent.monoMs - item.clock.monoMs));
  } else {
    t.ms = clampTime(item.clock.wallMs + (hubNowMs - sent.wallMs));
    t.flags |= clockflags::kEstimated;
  }
  flagImplausible(t, hubNowMs, enrolledMs);
  return t;
}

CorrectedTime correctExportedTime(const Response& item, std::int64_t hubNowMs, std::int64_t enrolledMs) {
  CorrectedTime t{clampTime(item.clock.wallMs), clockflags::kEstimated};
  flagImplausible(t, hubNowMs, enrolledMs);
  return t;
}

}  // namespace suara::hub
