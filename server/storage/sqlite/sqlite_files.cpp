#include "storage/sqlite/sqlite_files.hpp"

#include <fcntl.h>
#include <SQLiteCpp/Backup.h>
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

std::string tightenDatabaseModes(const fs::path& db, const std::string& shownName) {
  std::string tightened, failed;
  for (const char* suffix : {"", "-wal", "-shm"}) {
    const std::string file = db.string() + suffix;
    struct stat info {};
    if (::stat(file.c_str(), &info) != 0 || (info.st_mode & 077) == 0) continue;
    const std::string name = shownName + suffix;
    if (::chmod(file.c_str(), 0600) == 0) tightened += (tightened.empty() ? "" : ", ") + name;
    else failed += (failed.empty() ? "" : ", ") + name + " (" + std::strerror(errno) + ")";
  }
  if (!failed.empty())
    return "other users can read " + failed + ", which hold the kiosks' token hashes, and their mode cannot be changed: make them 0600" +
           (tightened.empty() ? "" : "; made " + tightened + " owner-only (0600)");
  if (!tightened.empty()) return "made " + tightened + " owner-only (0600): other users could read the kiosks' token hashes in them";
  return {};
}

namespace {
bool fsyncPath(const fs::path& path, int flags) {
  const int fd = ::open(path.c_str(), flags | O_CLOEXEC);
  const bool synced = fd >= 0 && ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  return synced;
}
}  // namespace

Status writeDatabaseCopy(SQLite::Database& source, const fs::path& target) {
  const fs::path temp = target.string() + ".partial";
  std::error_code ec;
  fs::remove(temp, ec);
  if (!createOwnerOnly(temp)) return makeError(Errc::Io, "cannot create '" + temp.string() + "': " + std::strerror(errno));
  try {
    SQLite::Database out(temp.string(), SQLite::OPEN_READWRITE);
    SQLite::Backup copy(out, source);
    copy.executeStep(-1);  // all pages in one step: one consistent snapshot
    out.exec("PRAGMA journal_mode=DELETE");  // one self-contained file
  } catch (const SQLite::Exception&) {
    fs::remove(temp, ec);
    throw;
  }
  const bool synced = fsyncPath(temp, O_RDONLY);
  if (synced) fs::rename(temp, target, ec);
  if (!synced || ec) {
    fs::remove(temp, ec);
    return makeError(Errc::Io, "cannot write '" + target.string() + "'");
  }
  fsyncPath(target.has_parent_path() ? target.parent_path() : fs::path("."), O_RDONLY | O_DIRECTORY);  // the rename, durable
  return {};
}

}  // namespace suara::hub
