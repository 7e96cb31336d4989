#include "storage/sqlite/sqlite_files.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace suara::hub {

namespace fs = std::filesystem;

fs::path canonicalDatabasePath(const fs::path& file) {
  std::error_code ec;
  fs::path canonical = fs::weakly_canonical(fs::absolute(file, ec), ec);
  return ec ? file : canonical;
}

Result<ServeLock> ServeLock::take(const fs::path& canonicalDb, const std::string& shownName) {
  const fs::path lock = canonicalDb.string() + ".lock";
  const int fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return makeError(Errc::Io, "cannot open '" + lock.string() + "': " + std::strerror(errno));
  if (::flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return makeError(Errc::Io, "another suara-hub is serving '" + shownName + "' (it holds '" + lock.string() + "')");
  }
  return ServeLock(fd);
}

ServeLock::~ServeLock() {
  if (m_fd >= 0) ::close(m_fd);
}

bool createOwnerOnly(const fs::path& file) {
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
  if (fd < 0) return errno == EEXIST;
  ::close(fd);
  return true;
}

}  // namespace suara::hub
