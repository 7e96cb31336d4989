#include "support/power_cut_vfs.hpp"

#include <sqlite3.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <mutex>
#include <stdexcept>
#include <string>
#include <vector>

namespace suara::test {

namespace {

// A write or truncate that reached the page cache but not the disk.
struct Change {
  bool truncate = false;
  sqlite3_int64 offset = 0;  // write: where it starts; truncate: the new size
  std::string bytes;         // write only
};

struct State {
  std::mutex mutex;
  // What is not yet synced, per file. Named files are keyed by path, not by handle: every
  // descriptor of a file shares one page cache, so a sync through any handle makes the writes
  // made through all of them durable, and closing a handle makes nothing durable.
  std::map<std::string, std::vector<Change>> pending;
  std::int64_t countdown = 0;  // operations until the cut; 0: not armed
  bool dead = false;
  std::string lastCut;
  std::int64_t syncs = 0;
  std::int64_t temporaries = 0;  // to key unnamed temporary files apart
};

State& state() {
  static State s;
  return s;
}

struct FileInfo {
  std::string key;   // into State::pending
  std::string kind;  // which of the store's files: for failure messages
  bool deleteOnClose = false;
};

// The szOsFile bytes SQLite allocates per open file: ours first, the real VFS's file after it.
struct ShimFile {
  sqlite3_file base;  // must be first: this is what SQLite sees
  sqlite3_file* real;
  FileInfo* info;
};

ShimFile* shim(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f); }
sqlite3_file* real(sqlite3_file* f) { return shim(f)->real; }
sqlite3_vfs* realVfs(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }

const char* kindOf(int flags) {
  if (flags & SQLITE_OPEN_MAIN_DB) return "main db";
  if (flags & SQLITE_OPEN_WAL) return "-wal";
  if (flags & SQLITE_OPEN_MAIN_JOURNAL) return "-journal";
  if (flags & SQLITE_OPEN_SUPER_JOURNAL) return "super-journal";
  return "temporary file";
}

// Caller holds the mutex.
void cut(State& s, std::string what) {
  s.dead = true;
  s.countdown = 0;
  s.pending.clear();  // the page cache does not survive the power
  s.lastCut = std::move(what);
}

// Counts one write, truncate or sync; true if it must fail because the power is off (or goes
// off now, in which case this operation is lost with everything else unsynced).
// Caller holds the mutex.
bool powerFails(State& s, const char* operation, const FileInfo& file) {
  if (s.dead) return true;
  if (s.countdown > 0 && --s.countdown == 0) {
    cut(s, std::string(operation) + " of " + file.kind);
    return true;
  }
  return false;
}

sqlite3_int64 realSize(sqlite3_file* f) {
  sqlite3_int64 size = 0;
  f->pMethods->xFileSize(f, &size);
  return size;
}

int shimClose(sqlite3_file* f) {
  ShimFile* file = shim(f);
  const int rc = file->real->pMethods->xClose(file->real);
  if (file->info->deleteOnClose) {
    std::lock_guard lock(state().mutex);
    state().pending.erase(file->info->key);  // the file is gone, and its cached pages with it
  }
  delete file->info;
  return rc;
}

int shimRead(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
  ShimFile* file = shim(f);
  State& s = state();
  std::lock_guard lock(s.mutex);
  auto* out = static_cast<unsigned char*>(buffer);
  const sqlite3_int64 end = offset + amount;
  auto zero = [&](sqlite3_int64 from) {
    if (from < end) std::memset(out + (from - offset), 0, static_cast<std::size_t>(end - from));
  };
  // What the disk holds...
  zero(offset);
  sqlite3_int64 size = realSize(file->real);
  if (offset < size) {
    const int rc = file->real->pMethods->xRead(file->real, out, static_cast<int>(std::min(end, size) - offset), offset);
    if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ) return rc;
  }
  // ...with what the page cache holds on top, oldest first.
  if (const auto found = s.pending.find(file->info->key); found != s.pending.end()) {
    for (const Change& c : found->second) {
      if (c.truncate) {
        zero(std::max(c.offset, offset));  // a later write past it leaves a hole of zeros
        size = c.offset;
        continue;
      }
      const sqlite3_int64 changeEnd = c.offset + static_cast<sqlite3_int64>(c.bytes.size());
      const sqlite3_int64 from = std::max(offset, c.offset), to = std::min(end, changeEnd);
      if (from < to) std::memcpy(out + (from - offset), c.bytes.data() + (from - c.offset), static_cast<std::size_t>(to - from));
      size = std::max(size, changeEnd);
    }
  }
  if (end > size) {
    zero(std::max(size, offset));  // SQLite relies on the unread part being zeroed
    return SQLITE_IOERR_SHORT_READ;
  }
  return SQLITE_OK;
}

int shimWrite(sqlite3_file* f, const void* buffer, int amount, sqlite3_int64 offset) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  if (powerFails(s, "write", *shim(f)->info)) return SQLITE_IOERR_WRITE;
  s.pending[shim(f)->info->key].push_back({false, offset, std::string(static_cast<const char*>(buffer), static_cast<std::size_t>(amount))});
  return SQLITE_OK;
}

int shimTruncate(sqlite3_file* f, sqlite3_int64 size) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  if (powerFails(s, "truncate", *shim(f)->info)) return SQLITE_IOERR_TRUNCATE;
  s.pending[shim(f)->info->key].push_back({true, size, {}});
  return SQLITE_OK;
}

// The only way anything reaches the disk: the file's cached changes, in order, then fsync.
int shimSync(sqlite3_file* f, int flags) {
  ShimFile* file = shim(f);
  State& s = state();
  std::lock_guard lock(s.mutex);
  if (powerFails(s, "sync", *file->info)) return SQLITE_IOERR_FSYNC;
  if (const auto found = s.pending.find(file->info->key); found != s.pending.end()) {
    for (const Change& c : found->second) {
      const int rc = c.truncate ? file->real->pMethods->xTruncate(file->real, c.offset)
                                : file->real->pMethods->xWrite(file->real, c.bytes.data(), static_cast<int>(c.bytes.size()), c.offset);
      if (rc != SQLITE_OK) return rc;  // all stay pending: applying them again is harmless
    }
    s.pending.erase(found);
  }
  const int rc = file->real->pMethods->xSync(file->real, flags);
  if (rc == SQLITE_OK) ++s.syncs;
  return rc;
}

// SQLite decides from the size whether a WAL holds frames and how far a database reaches: it
// must see the page cache's size, not the disk's.
int shimFileSize(sqlite3_file* f, sqlite3_int64* out) {
  ShimFile* file = shim(f);
  State& s = state();
  std::lock_guard lock(s.mutex);
  sqlite3_int64 size = realSize(file->real);
  if (const auto found = s.pending.find(file->info->key); found != s.pending.end())
    for (const Change& c : found->second)
      size = c.truncate ? c.offset : std::max(size, c.offset + static_cast<sqlite3_int64>(c.bytes.size()));
  *out = size;
  return SQLITE_OK;
}

int shimFileControl(sqlite3_file* f, int op, void* arg) {
  // The unix VFS answers these by growing the real file at once (ftruncate/fallocate),
  // bypassing the page cache; they are only hints, so decline them.
  if (op == SQLITE_FCNTL_SIZE_HINT || op == SQLITE_FCNTL_CHUNK_SIZE) return SQLITE_NOTFOUND;
  return real(f)->pMethods->xFileControl(real(f), op, arg);
}

// Locks and shared memory pass through: they live in the kernel and in RAM, not on the disk.
int shimLock(sqlite3_file* f, int level) { return real(f)->pMethods->xLock(real(f), level); }
int shimUnlock(sqlite3_file* f, int level) { return real(f)->pMethods->xUnlock(real(f), level); }
int shimCheckReservedLock(sqlite3_file* f, int* out) { return real(f)->pMethods->xCheckReservedLock(real(f), out); }
int shimSectorSize(sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); }
int shimDeviceCharacteristics(sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); }
int shimShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return real(f)->pMethods->xShmMap(real(f), region, size, extend, out);
}
int shimShmLock(sqlite3_file* f, int offset, int n, int flags) { return real(f)->pMethods->xShmLock(real(f), offset, n, flags); }
void shimShmBarrier(sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); }
int shimShmUnmap(sqlite3_file* f, int deleteFlag) { return real(f)->pMethods->xShmUnmap(real(f), deleteFlag); }

// Version 2: shared memory, but no memory-mapped I/O (xFetch), which would read the real file
// past the page cache.
const sqlite3_io_methods kMethods = {
    2,
    shimClose,
    shimRead,
    shimWrite,
    shimTruncate,
    shimSync,
    shimFileSize,
    shimLock,
    shimUnlock,
    shimCheckReservedLock,
    shimFileControl,
    shimSectorSize,
    shimDeviceCharacteristics,
    shimShmMap,
    shimShmLock,
    shimShmBarrier,
    shimShmUnmap,
    nullptr,
    nullptr,
};

int vfsOpen(sqlite3_vfs* vfs, const char* name, sqlite3_file* f, int flags, int* outFlags) {
  ShimFile* file = shim(f);
  file->base.pMethods = nullptr;  // until the real file is open: SQLite then does not close it
  file->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + sizeof(ShimFile));
  const int rc = realVfs(vfs)->xOpen(realVfs(vfs), name, file->real, flags, outFlags);
  if (rc != SQLITE_OK) return rc;
  std::string key;
  if (name) {
    key = name;
  } else {
    std::lock_guard lock(state().mutex);
    key = "temporary #" + std::to_string(++state().temporaries);
  }
  file->info = new FileInfo{std::move(key), kindOf(flags), (flags & SQLITE_OPEN_DELETEONCLOSE) != 0 || !name};
  file->base.pMethods = &kMethods;
  return SQLITE_OK;
}

// Taken as durable at once (SQLite deletes a WAL only after checkpointing and syncing it).
int vfsDelete(sqlite3_vfs* vfs, const char* name, int syncDir) {
  {
    std::lock_guard lock(state().mutex);
    if (state().dead) return SQLITE_IOERR_DELETE;
    state().pending.erase(name);
  }
  return realVfs(vfs)->xDelete(realVfs(vfs), name, syncDir);
}

int vfsAccess(sqlite3_vfs* v, const char* n, int flags, int* out) { return realVfs(v)->xAccess(realVfs(v), n, flags, out); }
int vfsFullPathname(sqlite3_vfs* v, const char* n, int size, char* out) {
  return realVfs(v)->xFullPathname(realVfs(v), n, size, out);
}
void* vfsDlOpen(sqlite3_vfs* v, const char* n) { return realVfs(v)->xDlOpen(realVfs(v), n); }
void vfsDlError(sqlite3_vfs* v, int n, char* out) { realVfs(v)->xDlError(realVfs(v), n, out); }
void (*vfsDlSym(sqlite3_vfs* v, void* h, const char* n))(void) { return realVfs(v)->xDlSym(realVfs(v), h, n); }
void vfsDlClose(sqlite3_vfs* v, void* h) { realVfs(v)->xDlClose(realVfs(v), h); }
int vfsRandomness(sqlite3_vfs* v, int n, char* out) { return realVfs(v)->xRandomness(realVfs(v), n, out); }
int vfsSleep(sqlite3_vfs* v, int us) { return realVfs(v)->xSleep(realVfs(v), us); }
int vfsCurrentTime(sqlite3_vfs* v, double* out) { return realVfs(v)->xCurrentTime(realVfs(v), out); }
int vfsGetLastError(sqlite3_vfs* v, int n, char* out) { return realVfs(v)->xGetLastError(realVfs(v), n, out); }
int vfsCurrentTimeInt64(sqlite3_vfs* v, sqlite3_int64* out) { return realVfs(v)->xCurrentTimeInt64(realVfs(v), out); }

}  // namespace

PowerCutVfs& PowerCutVfs::install() {
  static PowerCutVfs controls;
  static sqlite3_vfs vfs = [] {
    sqlite3_vfs* wrapped = sqlite3_vfs_find("unix");
    if (!wrapped) throw std::runtime_error("SQLite has no unix VFS");
    sqlite3_vfs v{};
    v.iVersion = 2;
    v.szOsFile = static_cast<int>(sizeof(ShimFile)) + wrapped->szOsFile;
    v.mxPathname = wrapped->mxPathname;
    v.zName = kName;
    v.pAppData = wrapped;
    v.xOpen = vfsOpen;
    v.xDelete = vfsDelete;
    v.xAccess = vfsAccess;
    v.xFullPathname = vfsFullPathname;
    v.xDlOpen = vfsDlOpen;
    v.xDlError = vfsDlError;
    v.xDlSym = vfsDlSym;
    v.xDlClose = vfsDlClose;
    v.xRandomness = vfsRandomness;
    v.xSleep = vfsSleep;
    v.xCurrentTime = vfsCurrentTime;
    v.xGetLastError = vfsGetLastError;
    v.xCurrentTimeInt64 = vfsCurrentTimeInt64;
    return v;
  }();
  static const bool registered = sqlite3_vfs_register(&vfs, 0) == SQLITE_OK;
  if (!registered) throw std::runtime_error("cannot register the power-cut VFS");
  return controls;
}

void PowerCutVfs::cutAfter(std::int64_t operations) {
  std::lock_guard lock(state().mutex);
  state().countdown = std::max<std::int64_t>(operations, 0);
}

void PowerCutVfs::cutNow() {
  std::lock_guard lock(state().mutex);
  if (!state().dead) cut(state(), "between operations");
}

bool PowerCutVfs::isCut() const {
  std::lock_guard lock(state().mutex);
  return state().dead;
}

void PowerCutVfs::revive() {
  std::lock_guard lock(state().mutex);
  state().dead = false;
  state().countdown = 0;
}

std::string PowerCutVfs::lastCut() const {
  std::lock_guard lock(state().mutex);
  return state().lastCut;
}

std::int64_t PowerCutVfs::syncs() const {
  std::lock_guard lock(state().mutex);
  return state().syncs;
}

}  // namespace suara::test
