#include "data_dir_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <string>

namespace suara::kiosk {

namespace {
std::filesystem::path lockFile(const std::filesystem::path& dir) { return dir / "kiosk.lock"; }
}  // namespace

Result<std::unique_ptr<DataDirLock>> DataDirLock::acquire(const std::filesystem::path& dataDir) {
  std::error_code ec;
  std::filesystem::create_directories(dataDir, ec);
  const int fd = ::open(lockFile(dataDir).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return makeError(Errc::Io, "cannot open " + lockFile(dataDir).string() + ": " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    const auto pid = holder(dataDir);
    return makeError(Errc::Invalid, "another kiosk is already running on " + dataDir.string() +
                                        (pid ? " (pid " + std::to_string(*pid) + ")" : std::string()));
  }
  const std::string pid = std::to_string(::getpid()) + "\n";
  if (::ftruncate(fd, 0) != 0 || ::pwrite(fd, pid.data(), pid.size(), 0) != static_cast<ssize_t>(pid.size())) {
    ::close(fd);
    return makeError(Errc::Io, "cannot write " + lockFile(dataDir).string());
  }
  return std::unique_ptr<DataDirLock>(new DataDirLock(fd));
}

DataDirLock::~DataDirLock() { ::close(m_fd); }  // closing releases the flock

std::optional<pid_t> DataDirLock::holder(const std::filesystem::path& dataDir) {
  const int fd = ::open(lockFile(dataDir).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::optional<pid_t> pid;
  if (::flock(fd, LOCK_SH | LOCK_NB) != 0) {  // held exclusively: someone is running
    char text[32] = {};
    if (::pread(fd, text, sizeof text - 1, 0) > 0) pid = static_cast<pid_t>(std::atol(text));
  } else {
    ::flock(fd, LOCK_UN);
  }
  ::close(fd);
  return pid;
}

}  // namespace suara::kiosk
