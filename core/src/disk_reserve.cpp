#include "disk_reserve.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace suara::detail {

namespace {

bool isRegularFile(const std::filesystem::path& file) {
  struct stat st{};
  return ::lstat(file.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

}  // namespace

ReserveState inspectReserve(const std::filesystem::path& file, std::int64_t bytes) {
  ReserveState state;
  state.file = file;
  state.bytes = bytes;
  if (bytes <= 0) {
    state.held = true;  // none asked for
    return state;
  }
  struct stat st{};
  if (::lstat(file.c_str(), &st) != 0) {
    state.problem = errno == ENOENT ? "missing" : std::strerror(errno);
  } else if (!S_ISREG(st.st_mode)) {
    state.problem = "not a regular file (" + std::string(S_ISDIR(st.st_mode) ? "a directory" : S_ISLNK(st.st_mode) ? "a symbolic link" : "a special file") +
                    "): remove it so the reserve can be made";
  } else if (static_cast<std::int64_t>(st.st_blocks) * 512 < bytes) {
    state.problem = "smaller than asked (" + std::to_string(static_cast<std::int64_t>(st.st_blocks) * 512 / (1024 * 1024)) + " MB allocated)";
  } else {
    state.held = true;
  }
  return state;
}

ReserveState DiskReserve::state() const {
  ReserveState state = inspectReserve(m_file, m_bytes);
  if (!state.held && !m_problem.empty()) state.problem = m_problem;
  return state;
}

bool DiskReserve::ensure(std::chrono::steady_clock::duration retryEvery) {
  if (held()) return true;
  const auto now = std::chrono::steady_clock::now();
  if (m_lastFailure && now - *m_lastFailure < retryEvery) return false;
  // O_NOFOLLOW: a symbolic link put in its place must not make us allocate (or later delete)
  // some other file.
  const int fd = ::open(m_file.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0600);
  int error = fd < 0 ? errno : 0;
  if (fd >= 0) {
    struct stat st{};
    if (::fstat(fd, &st) != 0) error = errno;
    else if (!S_ISREG(st.st_mode)) error = EINVAL;
    // posix_fallocate reserves real blocks (a sparse file of the same size would reserve none).
    else if (static_cast<std::int64_t>(st.st_blocks) * 512 < m_bytes) error = ::posix_fallocate(fd, 0, m_bytes);
    if (error == 0 && ::fsync(fd) != 0) error = errno;
    ::close(fd);
  }
  if (error != 0) {
    // A partial reserve would only take the space it was meant to keep.
    if (isRegularFile(m_file)) ::unlink(m_file.c_str());
    m_lastFailure = now;
    m_lackedSpace = error == ENOSPC || error == EDQUOT || error == EFBIG;
    m_problem = m_lackedSpace ? "the disk has no room for it" : "cannot be made: " + std::string(std::strerror(error));
    if (error == EISDIR || error == ELOOP || error == EINVAL) m_problem = inspectReserve(m_file, m_bytes).problem;
    return false;
  }
  m_lastFailure.reset();
  m_lackedSpace = false;
  m_problem.clear();
  return true;
}

bool DiskReserve::release() {
  if (m_bytes <= 0 || !isRegularFile(m_file)) return false;
  const bool existed = ::unlink(m_file.c_str()) == 0;
  m_lastFailure.reset();  // space may be needed at once; let the next ensure() try again
  m_problem.clear();      // released on purpose: "missing" until taken back
  return existed;
}

}  // namespace suara::detail
