#pragma once
// DiskReserve: a file of real, pre-allocated blocks kept beside the store so that a full disk
// never blocks the writes that free space (acknowledging, pruning, opening). When such a write
// finds the disk full, the reserve is released and the write retried; it is taken back as soon
// as the disk has room again. Not thread-safe (LocalStore serialises all calls).

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>

namespace suara::detail {

class DiskReserve {
 public:
  DiskReserve(std::filesystem::path file, std::int64_t bytes) : m_file(std::move(file)), m_bytes(bytes) {}

  // Takes the reserve if it is not held (allocating `bytes` of real blocks). Tries at most
  // once per `retryEvery` after a failure; returns whether the reserve is held.
  bool ensure(std::chrono::steady_clock::duration retryEvery = std::chrono::seconds(5));
  // Frees the reserve's blocks; returns false if there was none to free.
  bool release();
  bool held() const { return m_bytes <= 0 || m_held; }
  std::int64_t bytes() const { return m_bytes; }
  const std::filesystem::path& file() const { return m_file; }

 private:
  std::filesystem::path m_file;
  std::int64_t m_bytes;
  bool m_held = false;
  std::optional<std::chrono::steady_clock::time_point> m_lastFailure;
};

}  // namespace suara::detail
