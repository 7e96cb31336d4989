#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <fstream>
#include <iterator>
#include <map>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "suara/core/local_store.hpp"
#include "support/responses.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace suara;
using namespace std::chrono_literals;

namespace {
std::unique_ptr<LocalStore> openStore(const std::filesystem::path& file, StoreOptions options = {}) {
  auto store = LocalStore::open(file, options);
  INFO((store.ok() ? std::string() : store.error().message));
  REQUIRE(store.ok());
  return std::move(*store);
}
Response sample(int score = 3) {
  Response r = test::quickResponse(score, {"waiting_time"});
  r.unitId = "pontianak";
  r.serviceId = "ktp";
  r.respondent = {"male", "40_49", "sma", "wirausaha"};
  return r;
}
// A store at `file` holding `count` distinct ratings, closed (checkpointed into the main file).
std::vector<Response> closedStore(const std::filesystem::path& file, int count) {
  std::vector<Response> batch(static_cast<std::size_t>(count), sample());
  for (auto& r : batch) r.uuid = newUuid();
  REQUIRE(openStore(file)->recordMany(batch).ok());
  return batch;
}
std::string fileBytes(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}
}  // namespace

TEST_CASE("a recorded response survives reopening the file", "[store]") {
  test::TempDir dir;
  Response original = sample();
  {
    auto store = openStore(dir / "suara.db");
    auto seq = store->record(original);
    REQUIRE(seq.ok());
    CHECK(*seq == 1);
    CHECK(original.seq == 1);
  }
  auto store = openStore(dir / "suara.db");
  auto pending = store->pending(10);
  REQUIRE(pending.ok());
  REQUIRE(pending->size() == 1);
  CHECK(pending->front() == original);
}

TEST_CASE("explicit skips and amendments survive reopening, in sequence order", "[store]") {
  test::TempDir dir;
  Response rating = sample(2);
  rating.surveyId = "skm-2017";
  rating.answers = {{"U1", 2}};
  rating.skipped = {"U2", "U9"};
  Response amendment;
  amendment.uuid = newUuid();
  amendment.amends = rating.uuid;
  amendment.reasons = {"waiting_time"};
  amendment.serviceId = "ktp";
  amendment.respondent.ageBand = "60_plus";
  amendment.clock = clockNow();
  {
    auto store = openStore(dir / "suara.db");
    REQUIRE(store->record(rating).ok());
    REQUIRE(store->record(amendment).ok());
  }
  auto store = openStore(dir / "suara.db");
  const auto pending = store->pending(10);
  REQUIRE(pending.ok());
  REQUIRE(pending->size() == 2);
  CHECK((*pending)[0] == rating);
  CHECK((*pending)[1] == amendment);
  CHECK((*pending)[1].isAmendment());
  Response invalid = amendment;  // an amendment that would change the score is never stored
  invalid.uuid = newUuid();
  invalid.answers = {{"overall", 1}};
  CHECK(store->record(invalid).error().code == Errc::Invalid);
}

TEST_CASE("the file is opened with WAL and full synchronous commits", "[store]") {
  test::TempDir dir;
  auto store = openStore(dir / "suara.db");
  Response r = sample();
  REQUIRE(store->record(r).ok());
  // A second, read-only look at the same file sees the settings persisted by the store.
  SQLite::Database check((dir / "suara.db").string(), SQLite::OPEN_READONLY);
  CHECK(check.execAndGet("PRAGMA journal_mode").getString() == "wal");
  CHECK(check.execAndGet("PRAGMA user_version").getInt() == 3);  // the latest migration
}

TEST_CASE("pending is ordered, limited and shrinks as responses are acknowledged", "[store]") {
  test::TempDir dir;
  auto store = openStore(dir / "suara.db");
  std::vector<Response> batch;
  for (int i = 0; i < 10; ++i) batch.push_back(sample(1 + i % 4));
  REQUIRE(store->recordMany(batch).ok());
  for (int i = 0; i < 10; ++i) CHECK(batch[static_cast<std::size_t>(i)].seq == i + 1);

  auto first = store->pending(4);
  REQUIRE(first.ok());
  REQUIRE(first->size() == 4);
  CHECK(first->at(0).seq == 1);
  CHECK(first->at(3).seq == 4);

  const std::vector<std::int64_t> acked = {1, 2, 4, 99};
  auto changed = store->markAcked(acked);
  REQUIRE(changed.ok());
  CHECK(*changed == 3);                           // 99 does not exist
  CHECK(*store->markAcked(acked) == 0);           // a resend of the ack changes nothing

  auto rest = store->pending(100);
  REQUIRE(rest.ok());
  REQUIRE(rest->size() == 7);
  CHECK(rest->at(0).seq == 3);
  CHECK(rest->at(1).seq == 5);
  CHECK(store->stats()->pending == 7);
  CHECK(store->stats()->total == 10);
}

TEST_CASE("prune removes only acknowledged responses older than the retention", "[store]") {
  test::TempDir dir;
  auto store = openStore(dir / "suara.db");
  std::vector<Response> batch(4, sample());
  for (auto& r : batch) r.uuid = newUuid();
  REQUIRE(store->recordMany(batch).ok());
  const std::vector<std::int64_t> acked = {1, 2};
  REQUIRE(store->markAcked(acked).ok());
  const std::int64_t now = clockNow().wallMs;

  CHECK(*store->prune(24h, now) == 0);                     // acknowledged just now: kept
  CHECK(*store->prune(24h, now + 25LL * 3'600'000) == 2);  // a day later: both acked go
  CHECK(store->stats()->total == 2);
  CHECK(store->stats()->pending == 2);                     // pending are never pruned
  CHECK(*store->prune(0ms, now + 1000LL * 86'400'000) == 0);

  // Sequence numbers are never reused, even after the highest ones were pruned.
  REQUIRE(store->markAcked(std::vector<std::int64_t>{3, 4}).ok());
  REQUIRE(*store->prune(0ms, now + 86'400'000) == 2);
  Response next = sample();
  CHECK(*store->record(next) == 5);
}

TEST_CASE("stats report pending count, oldest pending age and file size", "[store]") {
  test::TempDir dir;
  auto store = openStore(dir / "suara.db");
  CHECK_FALSE(store->stats()->oldestPendingAgeMs.has_value());
  Response old = sample();
  old.clock.wallMs -= 60'000;
  REQUIRE(store->record(old).ok());
  Response fresh = sample();
  REQUIRE(store->record(fresh).ok());
  auto stats = store->stats();
  REQUIRE(stats.ok());
  CHECK(stats->pending == 2);
  REQUIRE(stats->oldestPendingAgeMs.has_value());
  CHECK(*stats->oldestPendingAgeMs >= 60'000);
  CHECK(stats->fileBytes > 0);
}

TEST_CASE("an invalid response is refused and nothing of its batch is stored", "[store]") {
  test::TempDir dir;
  auto store = openStore(dir / "suara.db");
  std::vector<Response> batch = {sample(), sample()};
  SECTION("no valid UUID") { batch[1].uuid = "nope"; }
  SECTION("a score outside 1..4") { batch[1].answers["overall"] = 0; }
  SECTION("a separator inside an id") { batch[1].reasons = {"a,b"}; }
  auto status = store->recordMany(batch);
  REQUIRE_FALSE(status.ok());
  CHECK(status.error().code == Errc::Invalid);
  CHECK(batch[0].seq == 0);  // the whole batch rolled back
  CHECK(store->stats()->total == 0);
}

TEST_CASE("a file that is not a database is set aside, never deleted, and listed", "[store][corrupt]") {
  test::TempDir dir;
  const auto file = dir / "suara.db";
  const std::string garbage(10'000, '\x5a');
  std::ofstream(file, std::ios::binary) << garbage;

  auto store = openStore(file);
  const auto moved = store->movedAside();
  REQUIRE(moved.size() == 1);
  CHECK(fileBytes(moved[0]) == garbage);  // the original bytes are kept
  Response r = sample();
  CHECK(store->record(r).ok());           // and the kiosk carries on with a fresh file
  CHECK(store->stats()->pending == 1);
  const auto listed = store->setAside();
  REQUIRE(listed.ok());
  REQUIRE(listed->size() == 1);
  CHECK((*listed)[0].file == moved[0].filename().string());
  CHECK((*listed)[0].salvaged == 0);
}

namespace {
// A store of `count` ratings, closed (checkpointed into the main file), then `pages` pages of
// noise written over it from page `first` on (counted from the end if negative).
std::vector<Response> damagedStore(const std::filesystem::path& file, int count, int first, int pages) {
  const auto batch = closedStore(file, count);
  {
    std::vector<std::int64_t> acked{batch[0].seq, batch[1].seq};
    REQUIRE(*openStore(file)->markAcked(acked) == 2);
  }
  if (first < 0) first += static_cast<int>(std::filesystem::file_size(file) / 4096);
  std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
  f.seekp(4096 * first);
  const std::string noise(static_cast<std::size_t>(4096 * pages), '\xff');
  f.write(noise.data(), static_cast<std::streamsize>(noise.size()));
  return batch;
}
}  // namespace

TEST_CASE("damage found by the first rating is recovered at once: the rating is kept, readable rows salvaged",
          "[store][corrupt]") {
  test::TempDir dir;
  const auto file = dir / "suara.db";
  // The last pages hold the newest rows and index entries: exactly where a new rating goes.
  const auto original = damagedStore(file, 3000, -3, 3);
  auto store = openStore(file);  // the header is fine, so opening succeeds
  REQUIRE(store->movedAside().empty());

  Response r = sample();
  const auto seq = store->record(r);
  INFO((seq.ok() ? std::string() : seq.error().message));
  REQUIRE(seq.ok());  // not out of service: the damaged file was set aside and salvaged first
  REQUIRE(store->movedAside().size() == 1);
  CHECK(std::filesystem::file_size(store->movedAside()[0]) > 4096 * 20);  // kept whole

  const auto all = store->all();
  REQUIRE(all.ok());
  // Only rows on the damaged pages are lost; the rest keep their sequence numbers.
  const auto salvaged = static_cast<std::int64_t>(all->size()) - 1;
  CHECK(salvaged > 3000 - 3 * 120);
  CHECK(salvaged < 3000);
  std::map<std::string, const Response*> byId;
  for (const auto& o : original) byId[o.uuid] = &o;
  for (const auto& got : *all) {
    if (got.uuid == r.uuid) continue;
    const auto found = byId.find(got.uuid);
    REQUIRE(found != byId.end());
    CHECK(got.seq == found->second->seq);
    CHECK(toJson(got) == toJson(*found->second));
  }
  // Acknowledged rows stay acknowledged: the two the hub had are not sent again.
  CHECK(store->stats()->pending == salvaged + 1 - 2);
  const auto listed = store->setAside();
  REQUIRE(listed->size() == 1);
  CHECK((*listed)[0].salvaged == salvaged);

  // Reopening does not salvage the same file twice.
  store.reset();
  store = openStore(file);
  CHECK(store->stats()->total == salvaged + 1);
}

TEST_CASE("damage found while reading pending ratings is recovered from, not reported forever", "[store][corrupt]") {
  test::TempDir dir;
  const auto file = dir / "suara.db";
  damagedStore(file, 3000, 20, 4);
  auto store = openStore(file);
  const auto pending = store->pending(5000);
  INFO((pending.ok() ? std::string() : pending.error().message));
  REQUIRE(pending.ok());
  CHECK(pending->size() > 2000);
  CHECK(store->movedAside().size() == 1);
}

TEST_CASE("a file set aside by an earlier version is salvaged once, its ratings sent again", "[store][corrupt]") {
  // Versions up to 0.2 moved a healthy store aside on a full disk, orphaning its backlog.
  test::TempDir dir;
  const auto file = dir / "suara.db";
  closedStore(file, 500);
  std::filesystem::rename(file, dir / "suara.db.unreadable-20260101T000000Z");
  for (int open = 0; open < 2; ++open) {
    auto store = openStore(file);
    CHECK(store->stats()->pending == 500);
    CHECK(store->setAside()->size() == 1);
  }
}

TEST_CASE("a file from a newer schema is refused and left exactly as it is", "[store][corrupt]") {
  test::TempDir dir;
  const auto file = dir / "suara.db";
  {
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    db.exec("CREATE TABLE future(x); PRAGMA user_version = 99;");
  }
  const std::string before = fileBytes(file);
  auto store = LocalStore::open(file);
  REQUIRE_FALSE(store.ok());
  CHECK(store.error().code == Errc::Invalid);
  CHECK_THAT(store.error().message, Catch::Contains("newer"));
  CHECK(fileBytes(file) == before);
  std::size_t files = 0;
  for ([[maybe_unused]] const auto& entry : std::filesystem::directory_iterator(dir.path())) ++files;
  CHECK(files == 1);  // nothing set aside, no reserve taken for a store that is not ours
}

TEST_CASE("a batch rolled back with a new boot id leaves no rating invisible", "[store]") {
  test::TempDir dir;
  auto store = openStore(dir / "suara.db");
  Response good = sample();
  good.clock.bootId = newUuid();  // a boot the store has not seen: its row is inserted in the batch
  Response bad = sample();
  bad.answers["overall"] = 9;     // invalid: the whole batch is rolled back, the boot row too
  std::vector<Response> batch{good, bad};
  REQUIRE_FALSE(store->recordMany(batch).ok());

  Response next = sample();
  next.clock.bootId = good.clock.bootId;
  REQUIRE(store->record(next).ok());
  CHECK(store->stats()->pending == 1);
  REQUIRE(store->pending(10)->size() == 1);  // the row is readable, so it will be sent
  REQUIRE(store->all()->size() == 1);
  CHECK(store->all()->front().clock.bootId == good.clock.bootId);
}

TEST_CASE("rows an earlier version left pointing at a lost boot are readable after the upgrade", "[store]") {
  test::TempDir dir;
  const auto file = dir / "suara.db";
  {
    auto store = openStore(file);
    Response r = sample();
    REQUIRE(store->record(r).ok());
  }
  {  // what versions up to 0.2 could leave behind: a rating whose boots row was rolled back
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
    db.exec("DROP TABLE set_aside; DELETE FROM boots; PRAGMA user_version = 2;");
  }
  auto store = openStore(file);
  CHECK(store->stats()->pending == 1);
  REQUIRE(store->pending(10)->size() == 1);
  CHECK(isCanonicalUuid(store->pending(10)->front().clock.bootId));
}

TEST_CASE("store files are readable by their owner only", "[store][permissions]") {
  test::TempDir dir;
  const auto data = dir / "data";
  auto store = openStore(data / "suara.db");
  Response r = sample();
  REQUIRE(store->record(r).ok());
  auto mode = [](const std::filesystem::path& p) {
    struct stat st {};
    REQUIRE(::stat(p.c_str(), &st) == 0);
    return st.st_mode & 0777;
  };
  CHECK(mode(data) == 0700);
  for (const char* name : {"suara.db", "suara.db-wal", "suara.db-shm", "suara.db.reserve"}) {
    INFO(name);
    CHECK(mode(data / name) == 0600);
  }
}

TEST_CASE("a full store is an error, never a silent success", "[store][full]") {
  test::TempDir dir;
  auto store = openStore(dir / "suara.db", StoreOptions{.maxBytes = 64 * 1024, .reserveBytes = 0, .vfs = {}});
  std::int64_t recorded = 0;
  Error failure;
  for (int i = 0; i < 100'000; ++i) {
    Response r = sample();
    auto seq = store->record(r);
    if (!seq) {
      failure = seq.error();
      CHECK(r.seq == 0);  // no sequence number handed out for a response that was not kept
      break;
    }
    ++recorded;
  }
  CHECK(failure.code == Errc::DiskFull);
  CHECK_THAT(failure.message, Catch::StartsWith("storage full"));
  CHECK(recorded > 10);
  CHECK(store->stats()->pending == recorded);  // everything acknowledged as recorded is there

  // The hub acknowledges everything; acknowledging and pruning still work at the limit and
  // free the space for new ratings.
  std::vector<std::int64_t> seqs;
  const auto everything = store->all();
  for (const auto& r : *everything) seqs.push_back(r.seq);
  REQUIRE(store->markAcked(seqs).ok());
  REQUIRE(*store->prune(0ms, clockNow().wallMs + 1000) == recorded);
  Response next = sample();
  CHECK(store->record(next).ok());
}

TEST_CASE("a real write failure from the file system is an error", "[store][full]") {
  // The child may write only a little more than the file holds now (RLIMIT_FSIZE): the
  // kernel then refuses writes with EFBIG, as a full disk would refuse them with ENOSPC.
  test::TempDir dir;
  const auto file = dir / "suara.db";
  { openStore(file); }
  int fds[2];
  REQUIRE(pipe(fds) == 0);
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    signal(SIGXFSZ, SIG_IGN);
    rlimit limit{256 * 1024, 256 * 1024};
    setrlimit(RLIMIT_FSIZE, &limit);
    long long recorded = 0;
    int code = -1;
    auto store = LocalStore::open(file);
    if (store) {
      for (int i = 0; i < 1'000'000; ++i) {
        Response r = sample();
        if (auto seq = (*store)->record(r); !seq) {
          code = static_cast<int>(seq.error().code);
          break;
        }
        ++recorded;
      }
    }
    const long long report[2] = {recorded, code};
    (void)!write(fds[1], report, sizeof report);
    _exit(0);
  }
  close(fds[1]);
  long long report[2] = {0, 0};
  REQUIRE(read(fds[0], report, sizeof report) == sizeof report);
  close(fds[0]);
  waitpid(pid, nullptr, 0);
  const auto code = static_cast<Errc>(report[1]);
  CHECK((code == Errc::DiskFull || code == Errc::Io));
  CHECK(report[0] > 0);
  auto store = openStore(file);
  CHECK(store->stats()->pending == report[0]);
}

TEST_CASE("the UI thread and the sync worker can share one store", "[store][threads][concurrency]") {
  test::TempDir dir;
  auto store = openStore(dir / "suara.db");
  constexpr int kResponses = 300;
  std::atomic<int> failures{0};  // Catch2 assertions are not thread-safe: count, check later
  std::thread ui([&] {
    for (int i = 0; i < kResponses; ++i) {
      Response r = sample();
      if (!store->record(r)) ++failures;
    }
  });
  std::int64_t acked = 0;
  while (acked < kResponses - failures) {  // the worker drains until everything recorded is acknowledged
    auto batch = store->pending(50);
    REQUIRE(batch.ok());
    std::vector<std::int64_t> seqs;
    for (const auto& r : *batch) seqs.push_back(r.seq);
    acked += *store->markAcked(seqs);
  }
  ui.join();
  CHECK(failures == 0);
  CHECK(store->stats()->pending == 0);
  CHECK(store->stats()->total == kResponses);
}

TEST_CASE("damage striking twice keeps every readable rating exactly once", "[store][corrupt]") {
  test::TempDir dir;
  const auto file = dir / "suara.db";
  damagedStore(file, 3000, -3, 3);
  std::set<std::string> firstRound;
  {
    auto store = openStore(file);
    Response r = sample();
    REQUIRE(store->record(r).ok());  // finds the damage, salvages into a fresh file
    REQUIRE(store->movedAside().size() == 1);
    const auto all = store->all();
    REQUIRE(all.ok());
    for (const auto& got : *all)
      if (got.uuid != r.uuid) firstRound.insert(got.uuid);  // r was only ever in the second file
  }
  // The fresh file is damaged in turn: its ledger of what was salvaged goes aside with it, so
  // the first file is read again beside the second.
  {
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(static_cast<std::streamoff>(std::filesystem::file_size(file) - 3 * 4096));
    const std::string noise(3 * 4096, '\xff');
    f.write(noise.data(), static_cast<std::streamsize>(noise.size()));
  }
  auto store = openStore(file);
  Response r = sample();
  REQUIRE(store->record(r).ok());
  REQUIRE(store->movedAside().size() == 1);
  REQUIRE(store->setAside()->size() == 2);

  std::map<std::string, int> copies;
  const auto all = store->all();
  REQUIRE(all.ok());
  for (const auto& got : *all) ++copies[got.uuid];
  for (const auto& [uuid, n] : copies) {
    INFO(uuid);
    CHECK(n == 1);
  }
  for (const auto& uuid : firstRound) {  // what the second damage took, the first file still had
    INFO(uuid);
    CHECK(copies.count(uuid) == 1);
  }
}

TEST_CASE("a set-aside file that cannot be read now is salvaged later, not recorded as empty", "[store][corrupt]") {
  test::TempDir dir;
  const auto file = dir / "suara.db";
  const auto aside = dir / "suara.db.unreadable-20260101T000000Z";
  closedStore(file, 200);
  std::filesystem::rename(file, aside);
  {
    // Another process holds it locked (a technician's sqlite3 shell, a copy in progress).
    SQLite::Database holder(aside.string(), SQLite::OPEN_READWRITE);
    holder.exec("PRAGMA journal_mode=DELETE");
    holder.exec("BEGIN EXCLUSIVE");
    auto store = openStore(file);
    CHECK(store->stats()->total == 0);
    CHECK(store->setAside()->empty());  // not taken as "salvaged, nothing readable"
    holder.exec("ROLLBACK");
  }
  auto store = openStore(file);
  CHECK(store->stats()->pending == 200);
  REQUIRE(store->setAside()->size() == 1);
  CHECK((*store->setAside())[0].salvaged == 200);
}

TEST_CASE("a set-aside file locked at start is salvaged while running, without waiting for a restart",
          "[store][corrupt]") {
  test::TempDir dir;
  const auto file = dir / "suara.db";
  const auto aside = dir / "suara.db.unreadable-20260101T000000Z";
  closedStore(file, 50);
  std::filesystem::rename(file, aside);
  auto holder = std::make_unique<SQLite::Database>(aside.string(), SQLite::OPEN_READWRITE);
  holder->exec("PRAGMA journal_mode=DELETE");
  holder->exec("BEGIN EXCLUSIVE");
  auto store = openStore(file);
  REQUIRE(store->stats()->total == 0);
  holder.reset();             // the lock goes away while the kiosk runs
  store->salvageWaiting();    // what every sync pass does
  CHECK(store->stats()->pending == 50);
  CHECK(store->setAside()->size() == 1);
}

TEST_CASE("a symbolic link in the store's place never has its target's mode changed", "[store][permissions]") {
  test::TempDir dir;
  const auto victim = dir / "victim.txt";
  { std::ofstream(victim) << "not a store"; }
  std::filesystem::permissions(victim, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write |
                                           std::filesystem::perms::group_read | std::filesystem::perms::others_read);
  std::filesystem::create_symlink(victim, dir / "suara.db");
  (void)LocalStore::open(dir / "suara.db");  // fails: the target is not a database
  CHECK((std::filesystem::status(victim).permissions() & std::filesystem::perms::others_read) != std::filesystem::perms::none);
}

TEST_CASE("a set-aside file of the first schema version is salvaged by the columns it has", "[store][corrupt]") {
  test::TempDir dir;
  const auto file = dir / "suara.db";
  closedStore(file, 50);
  {  // back to schema 1: no skipped or amends columns, no ledger
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
    db.exec("DROP INDEX responses_amendments; ALTER TABLE responses DROP COLUMN skipped; "
            "ALTER TABLE responses DROP COLUMN amends; DROP TABLE set_aside; PRAGMA user_version=1");
  }
  std::filesystem::rename(file, dir / "suara.db.unreadable-20250101T000000Z");
  auto store = openStore(file);
  CHECK(store->stats()->pending == 50);
  REQUIRE(store->setAside()->size() == 1);
  CHECK((*store->setAside())[0].salvaged == 50);
}

TEST_CASE("a damaged page that hands rows back out of order is stepped over, not read forever", "[store][corrupt]") {
  // tests/data/salvage-out-of-order.db.gz: a store of 2000 ratings (seq 1..2000) with page 62
  // overwritten by random bytes, found by fuzzing: its b-tree returns ...1602, then 65.
  test::TempDir dir;
  const auto unpacked = test::runProcess({"/bin/gzip", "-dc", std::string(SUARA_TEST_DATA_DIR) + "/salvage-out-of-order.db.gz"});
  REQUIRE(unpacked.exitCode == 0);
  { std::ofstream(dir / "suara.db.damaged-20260101T000000Z", std::ios::binary) << unpacked.out; }

  auto store = openStore(dir / "suara.db");
  const auto all = store->all();
  REQUIRE(all.ok());
  CHECK(all->size() > 1500);
  CHECK(all->size() <= 2000);
  std::set<std::string> uuids;
  for (const auto& r : *all) uuids.insert(r.uuid);
  CHECK(uuids.size() == all->size());
  REQUIRE(store->setAside()->size() == 1);
  CHECK_THAT((*store->setAside())[0].method, Catch::Contains("damaged stretch"));
}

TEST_CASE("after a set-aside, new ratings never reuse a sequence number of the damaged file", "[store][corrupt]") {
  // The sync worker may have the damaged file's newest rows in flight and marks the hub's
  // answer by sequence number: a new rating with such a number would be marked sent unsent.
  test::TempDir dir;
  const auto file = dir / "suara.db";
  const auto original = damagedStore(file, 3000, -6, 6);
  auto store = openStore(file);
  Response r = sample();
  const auto seq = store->record(r);
  REQUIRE(seq.ok());
  REQUIRE(store->movedAside().size() == 1);
  CHECK(*seq > original.back().seq);
  std::vector<std::int64_t> inFlight;
  for (std::int64_t s = 2901; s <= 3000; ++s) inFlight.push_back(s);
  (void)store->markAcked(inFlight);  // the hub answers for the batch that was on the wire
  const auto pending = store->pending(5000);
  REQUIRE(pending.ok());
  CHECK(std::any_of(pending->begin(), pending->end(), [&](const Response& p) { return p.uuid == r.uuid; }));
}

TEST_CASE("a negative schema version is a damaged header: set aside and salvaged, never run as a migration",
          "[store][corrupt]") {
  test::TempDir dir;
  const auto file = dir / "suara.db";
  closedStore(file, 20);
  { SQLite::Database(file.string(), SQLite::OPEN_READWRITE).exec("PRAGMA user_version=-2"); }
  auto store = openStore(file);
  CHECK(store->movedAside().size() == 1);
  CHECK(store->stats()->pending == 20);
}
