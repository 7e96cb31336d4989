#pragma once
// Percentiles over measured durations, for the benchmarks' printouts.

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

namespace suara::bench {

using Clock = std::chrono::steady_clock;

inline double microsSince(Clock::time_point start) {
  return std::chrono::duration<double, std::micro>(Clock::now() - start).count();
}

// Nearest-rank percentile of `samples` (sorted in place), p in [0, 100].
inline double percentile(std::vector<double>& samples, double p) {
  if (samples.empty()) return 0.0;
  std::sort(samples.begin(), samples.end());
  const auto rank = static_cast<std::size_t>(p / 100.0 * static_cast<double>(samples.size() - 1) + 0.5);
  return samples[std::min(rank, samples.size() - 1)];
}

}  // namespace suara::bench
