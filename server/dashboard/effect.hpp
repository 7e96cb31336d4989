#pragma once
// "Did it work?": an element's konversi in the days before an action was completed against
// the same number of days after, with a 95 % confidence interval on the difference (Welch's
// normal approximation: each window's mean and variance from its answers' sum and sum of
// squares), and a verdict in plain words. The window is 90 days, or as many days as have passed
// since the action when fewer; under 14 days it is too early to say, and with fewer than 30
// answers in either window there is too little data to tell a change from chance.

#include <cstdint>
#include <optional>

#include "suara/core/ikm.hpp"

namespace suara::hub {

inline constexpr std::int64_t kEffectWindowDays = 90;
inline constexpr std::int64_t kEffectMinimumDays = 14;
inline constexpr std::int64_t kEffectMinimumAnswers = 30;

struct EffectWindows {
  std::int64_t beforeFrom = 0, afterFrom = 0, afterTo = 0;  // local days: [beforeFrom, afterFrom) and [afterFrom, afterTo)
  std::int64_t days = 0;
};
// The windows around an action completed on `doneDay`, as of `today` (local days).
EffectWindows effectWindows(std::int64_t doneDay, std::int64_t today);

struct Effect {
  enum class Verdict { Improved, Worsened, NoClearChange, NotEnoughData, TooEarly };
  Verdict verdict = Verdict::TooEarly;
  EffectWindows windows;
  ElementTally before, after;
  // after − before, konversi scale, hundredths; with the interval's ends.
  std::optional<std::int64_t> difference, low, high;
};

Effect compareWindows(const EffectWindows& windows, const ElementTally& before, const ElementTally& after);

}  // namespace suara::hub
