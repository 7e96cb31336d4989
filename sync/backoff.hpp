#pragma once
// Exponential backoff with full jitter (a random wait between zero and the exponential
// bound), capped, and never shorter than a hub's Retry-After. Not thread-safe.

#include <algorithm>
#include <chrono>
#include <optional>
#include <random>

namespace suara::sync {

class Backoff {
 public:
  Backoff(std::chrono::milliseconds base, std::chrono::milliseconds cap, std::uint32_t seed = std::random_device{}())
      : m_base(base), m_cap(cap), m_rng(seed) {}

  // The wait after one more consecutive failure.
  std::chrono::milliseconds next(std::optional<std::chrono::seconds> retryAfter = std::nullopt) {
    const std::chrono::milliseconds bound = std::min<std::chrono::milliseconds>(m_cap, m_base * (1LL << std::min(m_failures, 20)));
    ++m_failures;
    std::uniform_int_distribution<long long> pick(0, bound.count());
    auto wait = std::chrono::milliseconds(pick(m_rng));
    if (retryAfter) wait = std::max<std::chrono::milliseconds>(wait, *retryAfter);
    return wait;
  }
  void reset() { m_failures = 0; }
  int failures() const { return m_failures; }

 private:
  std::chrono::milliseconds m_base, m_cap;
  int m_failures = 0;
  std::mt19937 m_rng;
};

}  // namespace suara::sync
