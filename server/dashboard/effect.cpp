#include "dashboard/effect.hpp"

#include <algorithm>
#include <cmath>

namespace suara::hub {

EffectWindows effectWindows(std::int64_t doneDay, std::int64_t today) {
  EffectWindows w;
  w.days = std::clamp<std::int64_t>(today - doneDay, 0, kEffectWindowDays);
  w.afterFrom = doneDay;
  w.beforeFrom = doneDay - w.days;
  w.afterTo = doneDay + w.days;
  return w;
}

Effect compareWindows(const EffectWindows& windows, const ElementTally& before, const ElementTally& after) {
  Effect e;
  e.windows = windows;
  e.before = before;
  e.after = after;
  if (windows.days < kEffectMinimumDays) return e;  // TooEarly
  if (before.answered < kEffectMinimumAnswers || after.answered < kEffectMinimumAnswers) {
    e.verdict = Effect::Verdict::NotEnoughData;
    return e;
  }
  auto mean = [](const ElementTally& t) { return 25.0 * static_cast<double>(t.sum) / static_cast<double>(t.answered); };
  auto variance = [](const ElementTally& t) {  // of one answer, konversi scale
    const double n = static_cast<double>(t.answered), sum = static_cast<double>(t.sum);
    return 625.0 * std::max(0.0, (static_cast<double>(t.sumSquares) - sum * sum / n) / (n - 1));
  };
  const double difference = mean(after) - mean(before);
  const double se = std::sqrt(variance(before) / static_cast<double>(before.answered) + variance(after) / static_cast<double>(after.answered));
  const double low = difference - 1.96 * se, high = difference + 1.96 * se;
  e.difference = std::llround(difference * 100);
  e.low = std::llround(low * 100);
  e.high = std::llround(high * 100);
  // Decided on the unrounded interval: a bound that rounds to 0,00 is still on one side.
  e.verdict = low > 0 ? Effect::Verdict::Improved : high < 0 ? Effect::Verdict::Worsened : Effect::Verdict::NoClearChange;
  return e;
}

}  // namespace suara::hub
