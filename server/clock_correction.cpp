#include "clock_correction.hpp"

namespace suara::hub {

CorrectedTime correctTime(const Response& item, const wire::SendStamp& sent, std::int64_t hubNowMs, std::int64_t enrolledMs) {
  CorrectedTime t;
  if (item.clock.bootId == sent.bootId && item.clock.monoMs <= sent.monoMs) {
    t.ms = hubNowMs - (sent.monoMs - item.clock.monoMs);
  } else {
    t.ms = item.clock.wallMs + (hubNowMs - sent.wallMs);
    t.flags |= clockflags::kEstimated;
  }
  if (t.ms > hubNowMs + kClockSlackMs) t.flags |= clockflags::kFuture;
  if (t.ms < enrolledMs - kClockSlackMs) t.flags |= clockflags::kBeforeEnrolment;
  return t;
}

}  // namespace suara::hub
