#pragma once
// A FlowClock that only moves when the test says so.

#include "flow_clock.hpp"

namespace suara::test {

class ManualClock final : public kiosk::FlowClock {
 public:
  kiosk::SteadyTime now() const override { return m_now; }
  ClockStamp stamp() const override {
    ClockStamp s = clockNow();
    s.monoMs += std::chrono::duration_cast<std::chrono::milliseconds>(m_now.time_since_epoch()).count();
    return s;
  }
  void advance(std::chrono::milliseconds by) { m_now += by; }

 private:
  kiosk::SteadyTime m_now{std::chrono::hours(1)};
};

}  // namespace suara::test
