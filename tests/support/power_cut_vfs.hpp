#pragma once
// A SQLite VFS that simulates power cuts, as SQLite's own crash tests do. It wraps the "unix"
// VFS: every write and truncate stays in memory (as dirty pages in the OS page cache) until
// that file is synced, and reads see it. A cut throws away everything not yet synced, in every
// file, and leaves the VFS dead: every later write, truncate, sync and delete fails
// (SQLITE_IOERR) without touching the disk, so the connection abandoned at the cut cannot save
// anything on its way out. The real files then hold exactly what a disk would hold after
// losing power, and revive() lets the next connection open them, as after a reboot.
// Locks and shared memory (-shm, which SQLite maps through the main database file) go straight
// to the real VFS: after a cut the next connection is the first again and rebuilds the WAL
// index from the WAL file, as after a reboot.
// Not simulated: torn or reordered writes within what was not synced (all of it is lost), and
// the loss of a file created or deleted just before the cut (directory changes are immediate).

#include <cstdint>
#include <string>

namespace suara::test {

class PowerCutVfs {
 public:
  static constexpr const char* kName = "power-cut";
  // Registers the VFS (once; not as the default) and returns its controls.
  static PowerCutVfs& install();

  // The power fails at the `operations`-th write, truncate or sync from now, counted over all
  // files; that operation does not reach the disk and fails. 0 disarms.
  void cutAfter(std::int64_t operations);
  void cutNow();  // between two operations
  bool isCut() const;
  void revive();  // power back: the files are as they were last synced; disarms any countdown

  // What the last cut interrupted, e.g. "sync of -wal" (for failure messages).
  std::string lastCut() const;
  std::int64_t syncs() const;  // syncs that reached the disk since install()
};

}  // namespace suara::test
