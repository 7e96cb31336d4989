#pragma once
// Time as the kiosk flow sees it, injected so that tests can move it by hand.

#include <chrono>

#include "suara/core/response.hpp"

namespace suara::kiosk {

using SteadyTime = std::chrono::steady_clock::time_point;

class FlowClock {
 public:
  virtual ~FlowClock() = default;
  virtual SteadyTime now() const = 0;     // for timeouts
  virtual ClockStamp stamp() const = 0;   // for the response's recorded time
};

class SystemFlowClock final : public FlowClock {
 public:
  SteadyTime now() const override { return std::chrono::steady_clock::now(); }
  ClockStamp stamp() const override { return clockNow(); }
};

// A clock that moves only when told to: for tests, and for the screenshot tool and the
// benchmark, which tap faster than any person and step time past the input guard instead.
class ManualFlowClock final : public FlowClock {
 public:
  SteadyTime now() const override { return m_now; }
  // The real stamp, with the monotonic reading moved on as far as this clock was.
  ClockStamp stamp() const override {
    ClockStamp s = clockNow();
    s.monoMs += std::chrono::duration_cast<std::chrono::milliseconds>(m_now.time_since_epoch()).count();
    return s;
  }
  void advance(std::chrono::milliseconds by) { m_now += by; }

 private:
  SteadyTime m_now{std::chrono::hours(1)};
};

}  // namespace suara::kiosk
