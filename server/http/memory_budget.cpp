#include "http/memory_budget.hpp"

#include <malloc.h>

#include <utility>

namespace suara::hub {

bool MemoryBudget::take(std::size_t bytes) {
  std::size_t used = m_used.load();
  do {
    if (bytes > m_capacity - used) return false;
  } while (!m_used.compare_exchange_weak(used, used + bytes));
  return true;
}

void MemoryBudget::give(std::size_t bytes) {
  m_used -= bytes;
  // glibc keeps freed memory in its per-thread arenas: after a burst of large bodies the hub
  // held 1.5 GB it no longer used. Each time a quarter of a gigabyte has been given back, the
  // thread that crosses the mark returns the free pages to the system (a few milliseconds).
  constexpr std::size_t kTrimEvery = std::size_t{256} << 20;
  if (m_givenSinceTrim.fetch_add(bytes) + bytes >= kTrimEvery) {
    m_givenSinceTrim = 0;
    malloc_trim(0);
  }
}

MemoryBudget::Lease& MemoryBudget::Lease::operator=(Lease&& other) noexcept {
  if (this != &other) {
    release();
    m_budget = std::exchange(other.m_budget, nullptr);
    m_held = std::exchange(other.m_held, 0);
  }
  return *this;
}

bool MemoryBudget::Lease::holdTotal(std::size_t bytes) {
  if (!m_budget) return true;
  if (bytes > m_held) {
    if (!m_budget->take(bytes - m_held)) return false;
  } else {
    m_budget->give(m_held - bytes);
  }
  m_held = bytes;
  return true;
}

}  // namespace suara::hub
