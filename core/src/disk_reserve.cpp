#include "disk_reserve.hpp"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace suara::detail {

bool DiskReserve::ensure(std::chrono::steady_clock::duration retryEvery) {
  if (held()) return true;
  const auto now = std::chrono::steady_clock::now();
  if (m_lastFailure && now - *m_lastFailure < retryEvery) return false;
  const int fd = ::open(m_file.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  bool ok = false;
  if (fd >= 0) {
    struct stat st{};
    // posix_fallocate reserves real blocks (a sparse file of the same size would reserve none).
    ok = ::fstat(fd, &st) == 0 && (st.st_blocks * 512 >= m_bytes || ::posix_fallocate(fd, 0, m_bytes) == 0);
    if (ok) ok = ::fsync(fd) == 0;
    ::close(fd);
  }
  if (!ok) {
    ::unlink(m_file.c_str());  // a partial reserve would only take the space it was meant to keep
    m_lastFailure = now;
    return false;
  }
  m_held = true;
  m_lastFailure.reset();
  return true;
}

bool DiskReserve::release() {
  if (m_bytes <= 0) return false;
  const bool existed = ::unlink(m_file.c_str()) == 0;
  m_held = false;
  m_lastFailure.reset();  // space may be needed at once; let the next ensure() try again
  return existed;
}

}  // namespace suara::detail
