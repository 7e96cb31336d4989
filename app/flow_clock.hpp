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

}  // namespace suara::kiosk
