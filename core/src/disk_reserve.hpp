#pragma once
// DiskReserve: a file of real, pre-allocated blocks kept beside the store so that a full disk
// never blocks the writes that free space (acknowledging, pruning, opening). When such a write
// finds the disk full, the reserve is released and the write retried; it is taken back as soon
// as the disk has room again. Not thread-safe (LocalStore serialises all calls).
//
// Whether the reserve is held is read from the file system each time, never remembered: a
// reserve deleted by hand (or by a cleaning script) must not be counted on.

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include "suara/core/local_store.hpp"  // ReserveState

namespace suara::detail {

class DiskReserve {
 public:
  DiskReserve(std::filesystem::path file, std::int64_t bytes) : m_file(std::move(file)), m_bytes(bytes) {}

  // Takes the reserve if it is not held (allocating `bytes` of real blocks). Tries at most
  // once per `retryEvery` after a failure; returns whether the reserve is held.
  bool ensure(std::chrono::steady_clock::duration retryEvery = std::chrono::seconds(5));
  // Frees the reserve's blocks; returns false if there was none to free.
  bool release();
  // What is on disk now, and why the last attempt to take it failed.
  ReserveState state() const;
  bool held() const { return state().held; }
  // True if the last ensure() failed for want of space (not, say, a directory in the way).
  bool lackedSpace() const { return m_lackedSpace; }
  std::int64_t bytes() const { return m_bytes; }

 private:
  std::filesystem::path m_file;
  std::int64_t m_bytes;
  bool m_lackedSpace = false;
  std::string m_problem;
  std::optional<std::chrono::steady_clock::time_point> m_lastFailure;
};

// The reserve at `file` as found on disk, for `bytes` (status reads it without opening a store).
ReserveState inspectReserve(const std::filesystem::path& file, std::int64_t bytes);

}  // namespace suara::detail
