#pragma once
// The memory all requests in progress may hold for their bodies, together. A route's own limit
// bounds one request; this bounds the sum, so a thousand clients each holding a large body open,
// or a few dozen compressed bodies inflated and parsed at once, get a 503 instead of taking
// gigabytes. A request reserves its wire bytes when its headers are read, then what inflating
// and parsing its body will cost, and gives everything back once it has been answered.
// Thread-safe.

#include <atomic>
#include <cstddef>

namespace suara::hub {

class MemoryBudget {
 public:
  explicit MemoryBudget(std::size_t capacityBytes) : m_capacity(capacityBytes) {}
  std::size_t capacity() const { return m_capacity; }
  std::size_t used() const { return m_used.load(); }

  // One request's share: grows on demand, returned when destroyed or released.
  class Lease {
   public:
    Lease() = default;
    explicit Lease(MemoryBudget& budget) : m_budget(&budget) {}
    ~Lease() { release(); }
    Lease(Lease&& other) noexcept : m_budget(other.m_budget), m_held(other.m_held) { other.m_held = 0; }
    Lease& operator=(Lease&& other) noexcept;
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;

    // Holds `bytes` in all (more or less than now); false, holding what it held, when the
    // budget cannot spare the difference. A lease without a budget always succeeds.
    bool holdTotal(std::size_t bytes);
    void release() { holdTotal(0); }
    std::size_t held() const { return m_held; }

   private:
    MemoryBudget* m_budget = nullptr;
    std::size_t m_held = 0;
  };

 private:
  bool take(std::size_t bytes);
  void give(std::size_t bytes);

  const std::size_t m_capacity;
  std::atomic<std::size_t> m_used{0};
  std::atomic<std::size_t> m_givenSinceTrim{0};
};

}  // namespace suara::hub
