#pragma once
// One kiosk process per data directory: an exclusive flock on <dir>/kiosk.lock holding the
// owner's pid. It keeps the one-writer rule of LocalStore across processes and lets
// `sync-now` find the running kiosk.

#include <sys/types.h>

#include <filesystem>
#include <memory>
#include <optional>

#include "suara/core/result.hpp"

namespace suara::kiosk {

class DataDirLock {
 public:
  // Errc::Invalid (naming the holder's pid) when another process holds it.
  static Result<std::unique_ptr<DataDirLock>> acquire(const std::filesystem::path& dataDir);
  ~DataDirLock();
  DataDirLock(const DataDirLock&) = delete;
  DataDirLock& operator=(const DataDirLock&) = delete;

  // The pid of the process holding the lock, if any.
  static std::optional<pid_t> holder(const std::filesystem::path& dataDir);
  // Asks the process holding the lock (a running kiosk, or a `sync-now`) to sync now with
  // SIGUSR1, which every suara-kiosk process blocks and takes on a waiting thread. Its pid;
  // nullopt when nobody holds the lock or the signal could not be sent.
  static std::optional<pid_t> askHolderToSync(const std::filesystem::path& dataDir);

 private:
  explicit DataDirLock(int fd) : m_fd(fd) {}
  int m_fd;
};

}  // namespace suara::kiosk
