#pragma once
// A SQLite VFS that simulates power cuts, as SQLite's own crash tests do: every write and
// truncate stays in memory (as in the OS page cache) until the file is synced; reads see it.
// At a cut all unsynced changes vanish, and until restore() every write, sync, truncate and
// delete fails, so the abandoned connection cannot save anything on its way out. The real
// files then hold exactly what a disk would hold after losing power.
// Shared memory (-shm) and locks go to the real "unix" VFS: after a cut the next connection
// is the first again and rebuilds the WAL index from the WAL file, as after a reboot.
// Deleting a file is taken as durable at once (SQLite deletes only what it has synced away).

#include <cstdint>

namespace suara::test {

class PowerCutVfs {
 public:
  static constexpr const char* kName = "power-cut";
  static PowerCutVfs& install();  // registers the VFS once; returns its controls

  // The power fails at the `operations`-th write, truncate or sync from now (that one does not
  // reach the disk). 0: not armed.
  void cutAfter(std::int64_t operations);
  void cutNow();
  bool isCut() const;
  void restore();  // power back: files are as they were last synced

  std::int64_t syncs() const;  // syncs that reached the disk since install
};

}  // namespace suara::test
