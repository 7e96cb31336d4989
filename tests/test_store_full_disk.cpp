// A full disk, for real: the store lives on a small tmpfs of the test's own and a filler file
// takes every byte left. Nothing stored is ever set aside, lost or stuck.

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <fstream>
#include <set>

#include "suara/core/compact_codec.hpp"
#include "suara/core/local_store.hpp"
#include "support/hub_process.hpp"
#include "support/responses.hpp"
#include "support/run_process.hpp"
#include "support/scratch_mount.hpp"
#include "support/temp_dir.hpp"
#include "sync_worker.hpp"

using namespace suara;
using namespace std::chrono_literals;

namespace {

constexpr std::int64_t kReserve = 256 * 1024;

std::unique_ptr<LocalStore> openStore(const std::filesystem::path& file) {
  auto store = LocalStore::open(file, StoreOptions{.maxBytes = 0, .reserveBytes = kReserve, .vfs = {}});
  INFO((store.ok() ? std::string() : store.error().message));
  REQUIRE(store.ok());
  return std::move(*store);
}

std::vector<Response> ratings(int count) {
  std::vector<Response> batch;
  for (int i = 0; i < count; ++i) batch.push_back(test::quickResponse(1 + i % 4, {"waiting_time"}));
  return batch;
}

// Records one at a time until the store refuses; returns how many it kept.
std::int64_t recordUntilFull(LocalStore& store, Error& failure) {
  for (std::int64_t kept = 0;; ++kept) {
    Response r = test::quickResponse(2, {"waiting_time"});
    if (auto seq = store.record(r); !seq) {
      failure = seq.error();
      return kept;
    }
  }
}

std::vector<std::int64_t> pendingSeqs(LocalStore& store) {
  std::vector<std::int64_t> seqs;
  const auto pending = store.pending(1'000'000);
  INFO((pending.ok() ? std::string() : pending.error().message));
  REQUIRE(pending.ok());
  for (const auto& r : *pending) seqs.push_back(r.seq);
  return seqs;
}

void checkNothingSetAside(const std::filesystem::path& dir) {
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    INFO(entry.path().filename().string());
    CHECK(entry.path().filename().string().find(".damaged-") == std::string::npos);
    CHECK(entry.path().filename().string().find(".unreadable-") == std::string::npos);
  }
}

}  // namespace

TEST_CASE("a full disk at open leaves the store in place and every rating is kept", "[store][full-disk]") {
  test::ScratchMount disk(4 * 1024 * 1024);
  const auto file = disk / "suara.db";
  auto batch = ratings(2000);
  { REQUIRE(openStore(file)->recordMany(batch).ok()); }  // closed cleanly: no -wal, no -shm
  const auto filler = disk.fill();

  {
    auto store = LocalStore::open(file, StoreOptions{.maxBytes = 0, .reserveBytes = kReserve, .vfs = {}});
    INFO((store.ok() ? std::string() : store.error().message));
    REQUIRE(store.ok());  // the reserve makes room for SQLite's -shm and -wal
    CHECK((*store)->movedAside().empty());
    CHECK((*store)->stats()->pending == 2000);
  }
  checkNothingSetAside(disk.path());
  std::filesystem::remove(filler);
  auto store = openStore(file);
  CHECK(store->stats()->pending == 2000);
  CHECK(store->reserve().held);
}

TEST_CASE("a full disk while recording is a clear error and every kept rating stays", "[store][full-disk]") {
  test::ScratchMount disk(2 * 1024 * 1024);
  const auto file = disk / "suara.db";
  std::int64_t kept = 0;
  {
    auto store = openStore(file);
    Error failure;
    kept = recordUntilFull(*store, failure);
    CHECK(failure.code == Errc::DiskFull);
    CHECK_THAT(failure.message, Catch::StartsWith("storage full"));
    CHECK(kept > 100);
    CHECK(store->stats()->pending == kept);
    CHECK(store->movedAside().empty());
  }
  checkNothingSetAside(disk.path());
  CHECK(openStore(file)->stats()->pending == kept);
}

TEST_CASE("on a full disk acknowledgements are still stored and pruning makes room for new ratings",
          "[store][full-disk]") {
  test::ScratchMount disk(2 * 1024 * 1024);
  const auto file = disk / "suara.db";
  auto store = openStore(file);
  Error failure;
  const std::int64_t kept = recordUntilFull(*store, failure);
  REQUIRE(failure.code == Errc::DiskFull);
  disk.fill();  // whatever the store left, something else takes
  REQUIRE(disk.freeBytes() == 0);

  // The hub acknowledges everything, 500 at a time as the sync worker does.
  auto seqs = pendingSeqs(*store);
  REQUIRE(static_cast<std::int64_t>(seqs.size()) == kept);
  for (std::size_t at = 0; at < seqs.size(); at += 500) {
    const std::span<const std::int64_t> part(seqs.data() + at, std::min<std::size_t>(500, seqs.size() - at));
    const auto marked = store->markAcked(part);
    INFO((marked.ok() ? std::string() : marked.error().message));
    REQUIRE(marked.ok());
  }
  CHECK(store->stats()->pending == 0);
  const auto pruned = store->prune(0ms, clockNow().wallMs + 1000);
  INFO((pruned.ok() ? std::string() : pruned.error().message));
  REQUIRE(pruned.ok());
  CHECK(*pruned == kept);
  CHECK(store->reserve().held);  // pruning gave the space back, so the reserve is in place again
  Response next = test::quickResponse(4);
  CHECK(store->record(next).ok());
  CHECK(store->movedAside().empty());
}

TEST_CASE("sync-now starts on a full disk and sends the whole backlog", "[store][full-disk][kiosk]") {
  test::TempDir hubDir;
  test::HubProcess hub(hubDir / "hub.db");
  hub.start();
  test::ScratchMount disk(8 * 1024 * 1024);
  const auto dataDir = disk / "kiosk";
  REQUIRE(sync::enroll(dataDir, hub.url(), hub.createUnitAndCode(), "loket-1").ok());
  std::ofstream(dataDir / "kiosk.toml") << "[store]\nreserve_mb = 1\n";  // the data directory's own config applies
  std::set<std::string> recorded;
  auto recordSome = [&](int count) {
    auto batch = ratings(count);
    auto store = LocalStore::open(dataDir / "suara.db", StoreOptions{.maxBytes = 0, .reserveBytes = 1024 * 1024, .vfs = {}});
    REQUIRE(store.ok());
    REQUIRE((*store)->recordMany(batch).ok());
    for (const auto& r : batch) recorded.insert(r.uuid);
  };
  const std::vector<std::string> syncNow{SUARA_KIOSK_EXE, "sync-now", "--data-dir", dataDir.string()};
  recordSome(1000);
  REQUIRE(test::runProcess(syncNow).exitCode == 0);  // kiosk.lock and the status file exist now
  recordSome(2000);
  disk.fill();

  const auto run = test::runProcess(syncNow);
  INFO(run.out << run.err);
  CHECK(run.exitCode == 0);
  CHECK_THAT(run.out, Catch::Contains("still pending 0"));
  SQLite::Database db(hub.db().string(), SQLite::OPEN_READONLY);
  SQLite::Statement st(db, "SELECT uuid FROM responses");
  std::set<std::string> atHub;
  while (st.executeStep()) atHub.insert(detail::uuidFromBytes(st.getColumn(0).getBlob(), st.getColumn(0).getBytes()));
  CHECK(atHub == recorded);
  checkNothingSetAside(dataDir);
}

TEST_CASE("a reserve deleted by hand is noticed and made again before the next rating", "[store][full-disk]") {
  test::TempDir dir;
  auto store = openStore(dir / "suara.db");
  REQUIRE(store->reserve().held);
  std::filesystem::remove(dir / "suara.db.reserve");
  CHECK_FALSE(store->reserve().held);  // read from the disk, not remembered
  CHECK(store->reserve().problem == "missing");
  Response r = test::quickResponse(3);
  REQUIRE(store->record(r).ok());
  CHECK(store->reserve().held);
  CHECK(std::filesystem::file_size(dir / "suara.db.reserve") == static_cast<std::uintmax_t>(kReserve));
}

TEST_CASE("something else in the reserve's place is reported, never followed, and ratings are still taken",
          "[store][full-disk]") {
  test::TempDir dir;
  SECTION("a directory") {
    std::filesystem::create_directory(dir / "suara.db.reserve");
    auto store = openStore(dir / "suara.db");
    Response r = test::quickResponse(3);
    REQUIRE(store->record(r).ok());
    CHECK_FALSE(store->reserve().held);
    CHECK_THAT(store->reserve().problem, Catch::Contains("a directory"));
    CHECK(std::filesystem::is_directory(dir / "suara.db.reserve"));
    CHECK(LocalStore::inspectReserve(dir / "suara.db", kReserve).problem == store->reserve().problem);
  }
  SECTION("a symbolic link to another file") {
    { std::ofstream(dir / "precious.txt") << "keep me"; }
    std::filesystem::create_symlink(dir / "precious.txt", dir / "suara.db.reserve");
    auto store = openStore(dir / "suara.db");
    Response r = test::quickResponse(3);
    REQUIRE(store->record(r).ok());
    CHECK_FALSE(store->reserve().held);
    CHECK_THAT(store->reserve().problem, Catch::Contains("symbolic link"));
    CHECK(std::filesystem::file_size(dir / "precious.txt") == 7);  // neither grown nor deleted
  }
}

TEST_CASE("a damaged store found at open on a full disk is set aside and a fresh one started", "[store][full-disk][corrupt]") {
  test::ScratchMount disk(4 * 1024 * 1024);
  const auto file = disk / "suara.db";
  {
    auto batch = ratings(1000);
    REQUIRE(openStore(file)->recordMany(batch).ok());  // the reserve is in place
  }
  const auto size = std::filesystem::file_size(file);
  {  // damaged where it lies: no new blocks
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    const std::string noise(size, '\x5a');
    f.write(noise.data(), static_cast<std::streamsize>(noise.size()));
  }
  disk.fill();
  auto store = LocalStore::open(file, StoreOptions{.maxBytes = 0, .reserveBytes = kReserve, .vfs = {}});
  INFO((store.ok() ? std::string() : store.error().message));
  REQUIRE(store.ok());
  CHECK((*store)->movedAside().size() == 1);
  CHECK(std::filesystem::file_size((*store)->movedAside()[0]) == size);
}
