#include "data_dir_lock.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <sys/stat.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <string>

namespace suara::kiosk {

namespace {
constexpr int kPidWidth = 12;  // "        1234\n"
std::filesystem::path lockFile(const std::filesystem::path& dir) { return dir / "kiosk.lock"; }

// Ratings and the kiosk's token are its owner's only. Directories and files made by older
// versions, or copied in by a technician, can be wider: the process that takes the lock
// narrows them (only what it owns, and never through a symbolic link).
void narrowPermissions(const std::filesystem::path& dataDir, int lockFd) {
  struct stat st{};
  if (::stat(dataDir.c_str(), &st) == 0 && st.st_uid == ::geteuid() && (st.st_mode & 077) != 0)
    ::chmod(dataDir.c_str(), st.st_mode & 0700);
  if (::fstat(lockFd, &st) == 0 && (st.st_mode & 077) != 0) ::fchmod(lockFd, 0600);
  for (const char* name : {"enrollment.json", "sync-status.json"}) {
    const auto file = dataDir / name;
    if (::lstat(file.c_str(), &st) == 0 && S_ISREG(st.st_mode) && st.st_uid == ::geteuid() && (st.st_mode & 077) != 0)
      ::chmod(file.c_str(), st.st_mode & 0700);
  }
}
}  // namespace

Result<std::unique_ptr<DataDirLock>> DataDirLock::acquire(const std::filesystem::path& dataDir) {
  std::error_code ec;
  if (!std::filesystem::exists(dataDir, ec)) std::filesystem::create_directories(dataDir, ec);
  const int fd = ::open(lockFile(dataDir).c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) return makeError(Errc::Io, "cannot open " + lockFile(dataDir).string() + ": " + std::strerror(errno));
  narrowPermissions(dataDir, fd);
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    const auto pid = holder(dataDir);
    return makeError(Errc::Invalid, "another kiosk is already running on " + dataDir.string() +
                                        (pid ? " (pid " + std::to_string(*pid) + ")" : std::string()));
  }
  // The pid is written over the same bytes every time (fixed width, no truncation), so once
  // the file exists writing it needs no new space: a full disk never keeps the kiosk from
  // starting. The lock itself is the flock; the pid only helps `sync-now` find the kiosk.
  char pid[kPidWidth + 1];
  std::snprintf(pid, sizeof pid, "%*d\n", kPidWidth - 1, static_cast<int>(::getpid()));
  if (::pwrite(fd, pid, kPidWidth, 0) != kPidWidth)
    std::cerr << "suara-kiosk: cannot write the pid to " << lockFile(dataDir).string() << " (" << std::strerror(errno)
              << "); sync-now will not find this kiosk\n";
  return std::unique_ptr<DataDirLock>(new DataDirLock(fd));
}

DataDirLock::~DataDirLock() { ::close(m_fd); }  // closing releases the flock

std::optional<pid_t> DataDirLock::holder(const std::filesystem::path& dataDir) {
  const int fd = ::open(lockFile(dataDir).c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  std::optional<pid_t> pid;
  if (::flock(fd, LOCK_SH | LOCK_NB) != 0) {  // held exclusively: someone is running
    char text[32] = {};
    if (::pread(fd, text, sizeof text - 1, 0) > 0 && std::atol(text) > 0) pid = static_cast<pid_t>(std::atol(text));
  } else {
    ::flock(fd, LOCK_UN);
  }
  ::close(fd);
  return pid;
}

std::optional<pid_t> DataDirLock::askHolderToSync(const std::filesystem::path& dataDir) {
  const auto pid = holder(dataDir);
  if (!pid || ::kill(*pid, SIGUSR1) != 0) return std::nullopt;
  return pid;
}

}  // namespace suara::kiosk
