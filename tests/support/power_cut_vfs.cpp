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

struct PendingChange {
  bool truncate = false;
  sqlite3_int64 offset = 0;  // write: where; truncate: the new size
  std::string bytes;         // write only
};

// State shared by every open handle, as the page cache is shared by every descriptor of a file.
struct State {
  std::mutex mutex;
  sqlite3_vfs* real = nullptr;
  std::map<std::string, std::vector<PendingChange>> pending;  // by path: not yet synced
  std::int64_t countdown = 0;  // operations until the cut; 0: not armed
  bool cut = false;
  std::int64_t syncs = 0;
};

State& state() {
  static State s;
  return s;
}

struct ShimFile {
  sqlite3_file base;    // must be first: SQLite sees this
  sqlite3_file* real;   // the unix VFS's file, allocated after this struct
  std::string path;
};

ShimFile* shim(sqlite3_file* f) { return reinterpret_cast<ShimFile*>(f); }

// Counts one disk operation; true if the power is (now) off. Caller holds the mutex.
bool powerFailsAt(State& s) {
  if (s.cut) return true;
  if (s.countdown > 0 && --s.countdown == 0) {
    s.cut = true;
    s.pending.clear();  // everything not synced is gone
  }
  return s.cut;
}

sqlite3_int64 realSize(sqlite3_file* real) {
  sqlite3_int64 size = 0;
  real->pMethods->xFileSize(real, &size);
  return size;
}

sqlite3_int64 logicalSize(sqlite3_int64 size, const std::vector<PendingChange>& changes) {
  for (const auto& c : changes)
    size = c.truncate ? c.offset : std::max<sqlite3_int64>(size, c.offset + static_cast<sqlite3_int64>(c.bytes.size()));
  return size;
}

int shimClose(sqlite3_file* f) {
  ShimFile* file = shim(f);
  const int rc = file->real->pMethods ? file->real->pMethods->xClose(file->real) : SQLITE_OK;
  file->path.~basic_string();
  return rc;  // unsynced changes stay pending: closing a file does not write it to disk
}

int shimRead(sqlite3_file* f, void* buffer, int amount, sqlite3_int64 offset) {
  ShimFile* file = shim(f);
  State& s = state();
  std::lock_guard lock(s.mutex);
  auto* out = static_cast<char*>(buffer);
  std::memset(out, 0, static_cast<std::size_t>(amount));
  const sqlite3_int64 onDisk = realSize(file->real);
  if (offset < onDisk) {
    const int available = static_cast<int>(std::min<sqlite3_int64>(amount, onDisk - offset));
    const int rc = file->real->pMethods->xRead(file->real, out, available, offset);
    if (rc != SQLITE_OK && rc != SQLITE_IOERR_SHORT_READ) return rc;
  }
  const auto& changes = s.pending[file->path];
  for (const auto& c : changes) {
    if (c.truncate) {
      if (c.offset < offset + amount) std::memset(out + std::max<sqlite3_int64>(0, c.offset - offset), 0,
                                                   static_cast<std::size_t>(offset + amount - std::max(c.offset, offset)));
      continue;
    }
    const sqlite3_int64 from = std::max(offset, c.offset);
    const sqlite3_int64 to = std::min(offset + amount, c.offset + static_cast<sqlite3_int64>(c.bytes.size()));
    if (from < to) std::memcpy(out + (from - offset), c.bytes.data() + (from - c.offset), static_cast<std::size_t>(to - from));
  }
  const sqlite3_int64 size = logicalSize(onDisk, changes);
  if (offset + amount > size) {
    if (size > offset) std::memset(out + (size - offset), 0, static_cast<std::size_t>(offset + amount - size));
    return SQLITE_IOERR_SHORT_READ;
  }
  return SQLITE_OK;
}

int shimWrite(sqlite3_file* f, const void* buffer, int amount, sqlite3_int64 offset) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  if (powerFailsAt(s)) return SQLITE_IOERR_WRITE;
  s.pending[shim(f)->path].push_back({false, offset, std::string(static_cast<const char*>(buffer), static_cast<std::size_t>(amount))});
  return SQLITE_OK;
}

int shimTruncate(sqlite3_file* f, sqlite3_int64 size) {
  State& s = state();
  std::lock_guard lock(s.mutex);
  if (powerFailsAt(s)) return SQLITE_IOERR_TRUNCATE;
  s.pending[shim(f)->path].push_back({true, size, {}});
  return SQLITE_OK;
}

int shimSync(sqlite3_file* f, int flags) {
  ShimFile* file = shim(f);
  State& s = state();
  std::lock_guard lock(s.mutex);
  if (powerFailsAt(s)) return SQLITE_IOERR_FSYNC;
  auto found = s.pending.find(file->path);
  if (found != s.pending.end()) {
    for (const auto& c : found->second) {
      const int rc = c.truncate ? file->real->pMethods->xTruncate(file->real, c.offset)
                                : file->real->pMethods->xWrite(file->real, c.bytes.data(), static_cast<int>(c.bytes.size()), c.offset);
      if (rc != SQLITE_OK) return rc;
    }
    s.pending.erase(found);
  }
  ++s.syncs;
  return file->real->pMethods->xSync(file->real, flags);
}

int shimFileSize(sqlite3_file* f, sqlite3_int64* size) {
  ShimFile* file = shim(f);
  State& s = state();
  std::lock_guard lock(s.mutex);
  *size = logicalSize(realSize(file->real), s.pending[file->path]);
  return SQLITE_OK;
}

int shimLock(sqlite3_file* f, int level) { return shim(f)->real->pMethods->xLock(shim(f)->real, level); }
int shimUnlock(sqlite3_file* f, int level) { return shim(f)->real->pMethods->xUnlock(shim(f)->real, level); }
int shimCheckReserved(sqlite3_file* f, int* out) { return shim(f)->real->pMethods->xCheckReservedLock(shim(f)->real, out); }
int shimFileControl(sqlite3_file* f, int op, void* arg) {
  if (op == SQLITE_FCNTL_SIZE_HINT || op == SQLITE_FCNTL_CHUNK_SIZE) return SQLITE_NOTFOUND;  // would grow the real file directly
  return shim(f)->real->pMethods->xFileControl(shim(f)->real, op, arg);
}
int shimSectorSize(sqlite3_file* f) { return shim(f)->real->pMethods->xSectorSize(shim(f)->real); }
int shimDeviceCharacteristics(sqlite3_file* f) { return shim(f)->real->pMethods->xDeviceCharacteristics(shim(f)->real); }
int shimShmMap(sqlite3_file* f, int region, int size, int extend, void volatile** out) {
  return shim(f)->real->pMethods->xShmMap(shim(f)->real, region, size, extend, out);
}
int shimShmLock(sqlite3_file* f, int offset, int n, int flags) { return shim(f)->real->pMethods->xShmLock(shim(f)->real, offset, n, flags); }
void shimShmBarrier(sqlite3_file* f) { shim(f)->real->pMethods->xShmBarrier(shim(f)->real); }
int shimShmUnmap(sqlite3_file* f, int deleteFlag) { return shim(f)->real->pMethods->xShmUnmap(shim(f)->real, deleteFlag); }

// Version 2: no memory-mapped reads, which would bypass the pending changes.
const sqlite3_io_methods kMethods = {2,          shimClose,         shimRead,         shimWrite,       shimTruncate,
                                     shimSync,   shimFileSize,      shimLock,         shimUnlock,      shimCheckReserved,
                                     shimFileControl, shimSectorSize, shimDeviceCharacteristics, shimShmMap, shimShmLock,
                                     shimShmBarrier, shimShmUnmap, nullptr, nullptr};

int vfsOpen(sqlite3_vfs* vfs, const char* name, sqlite3_file* f, int flags, int* outFlags) {
  ShimFile* file = shim(f);
  file->base.pMethods = nullptr;
  file->real = reinterpret_cast<sqlite3_file*>(reinterpret_cast<char*>(f) + sizeof(ShimFile));
  new (&file->path) std::string(name ? name : "");
  sqlite3_vfs* real = static_cast<sqlite3_vfs*>(vfs->pAppData);
  const int rc = real->xOpen(real, name, file->real, flags, outFlags);
  if (rc != SQLITE_OK) {
    file->path.~basic_string();
    return rc;
  }
  file->base.pMethods = &kMethods;
  return SQLITE_OK;
}

int vfsDelete(sqlite3_vfs* vfs, const char* name, int syncDir) {
  State& s = state();
  {
    std::lock_guard lock(s.mutex);
    if (powerFailsAt(s)) return SQLITE_IOERR_DELETE;
    s.pending.erase(name);
  }
  sqlite3_vfs* real = static_cast<sqlite3_vfs*>(vfs->pAppData);
  return real->xDelete(real, name, syncDir);
}

sqlite3_vfs* realOf(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }
int vfsAccess(sqlite3_vfs* v, const char* n, int flags, int* out) { return realOf(v)->xAccess(realOf(v), n, flags, out); }
int vfsFullPathname(sqlite3_vfs* v, const char* n, int size, char* out) { return realOf(v)->xFullPathname(realOf(v), n, size, out); }
void* vfsDlOpen(sqlite3_vfs* v, const char* n) { return realOf(v)->xDlOpen(realOf(v), n); }
void vfsDlError(sqlite3_vfs* v, int n, char* out) { realOf(v)->xDlError(realOf(v), n, out); }
void (*vfsDlSym(sqlite3_vfs* v, void* h, const char* n))(void) { return realOf(v)->xDlSym(realOf(v), h, n); }
void vfsDlClose(sqlite3_vfs* v, void* h) { realOf(v)->xDlClose(realOf(v), h); }
int vfsRandomness(sqlite3_vfs* v, int n, char* out) { return realOf(v)->xRandomness(realOf(v), n, out); }
int vfsSleep(sqlite3_vfs* v, int us) { return realOf(v)->xSleep(realOf(v), us); }
int vfsCurrentTime(sqlite3_vfs* v, double* out) { return realOf(v)->xCurrentTime(realOf(v), out); }
int vfsGetLastError(sqlite3_vfs* v, int n, char* out) { return realOf(v)->xGetLastError(realOf(v), n, out); }
int vfsCurrentTimeInt64(sqlite3_vfs* v, sqlite3_int64* out) { return realOf(v)->xCurrentTimeInt64(realOf(v), out); }

}  // namespace

PowerCutVfs& PowerCutVfs::install() {
  static PowerCutVfs controls;
  static sqlite3_vfs vfs = [] {
    sqlite3_vfs* real = sqlite3_vfs_find("unix");
    if (!real) throw std::runtime_error("no unix VFS");
    state().real = real;
    sqlite3_vfs v{};
    v.iVersion = 2;
    v.szOsFile = static_cast<int>(sizeof(ShimFile)) + real->szOsFile;
    v.mxPathname = real->mxPathname;
    v.zName = kName;
    v.pAppData = real;
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
  state().countdown = operations;
}

void PowerCutVfs::cutNow() {
  std::lock_guard lock(state().mutex);
  state().cut = true;
  state().pending.clear();
}

bool PowerCutVfs::isCut() const {
  std::lock_guard lock(state().mutex);
  return state().cut;
}

void PowerCutVfs::restore() {
  std::lock_guard lock(state().mutex);
  state().cut = false;
  state().countdown = 0;
  state().pending.clear();
}

std::int64_t PowerCutVfs::syncs() const {
  std::lock_guard lock(state().mutex);
  return state().syncs;
}

}  // namespace suara::test
