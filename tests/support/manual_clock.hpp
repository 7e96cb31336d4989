#pragma once
// A FlowClock that only moves when the test says so.

#include "flow_clock.hpp"

namespace suara::test {

using ManualClock = kiosk::ManualFlowClock;

}  // namespace suara::test
