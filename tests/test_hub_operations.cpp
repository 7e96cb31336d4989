// Running a hub's database as an operator does: file modes, restoring a backup, --db paths
// that do not name a database, the serve lock through other names, a damaged index found while
// serving, and the memory the page caches take. Real processes on real SQLite files.

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <chrono>
#include <fstream>
#include <set>
#include <thread>

#include <nlohmann/json.hpp>

#include "storage/sqlite/sqlite_schema.hpp"
#include "support/enrolled_hub.hpp"
#include "support/hub_process.hpp"
#include "support/responses.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace suara;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

const std::string kHub = SUARA_HUB_EXE;
constexpr auto kOwnerOnly = fs::perms::owner_read | fs::perms::owner_write;

fs::perms modeOf(const fs::path& file) { return fs::status(file).permissions() & fs::perms::all; }

void makeWorldReadable(const fs::path& file) {
  fs::permissions(file, kOwnerOnly | fs::perms::group_read | fs::perms::others_read);
}

test::ProcessResult hubCommand(std::vector<std::string> args) {
  args.insert(args.begin(), kHub);
  return test::runProcess(args);
}

std::vector<Response> quickBatch(int n) {
  std::vector<Response> items;
  for (int i = 0; i < n; ++i) items.push_back(test::quickResponse(1 + i % 4));
  return items;
}

std::set<std::string> uuidsIn(const fs::path& db) {
  SQLite::Database read(db.string(), SQLite::OPEN_READONLY);
  SQLite::Statement st(read, "SELECT hex(uuid) FROM responses");
  std::set<std::string> uuids;
  while (st.executeStep()) uuids.insert(st.getColumn(0).getString());
  return uuids;
}

std::string fileBytes(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

// Changes one uuid inside the page of the uuid index that holds it (a small index is one
// page), leaving the page well-formed: the quick check still passes, while the full check
// finds an index that no longer matches its table. The database must be closed, WAL-free.
void damageUuidIndex(const fs::path& db) {
  int root = 0, pageSize = 0;
  std::string uuid;
  {
    SQLite::Database read(db.string(), SQLite::OPEN_READONLY);
    root = read.execAndGet("SELECT rootpage FROM sqlite_master WHERE type = 'index' AND tbl_name = 'responses' AND sql IS NULL").getInt();
    pageSize = read.execAndGet("PRAGMA page_size").getInt();
    const auto blob = read.execAndGet("SELECT uuid FROM responses ORDER BY id LIMIT 1");
    uuid.assign(static_cast<const char*>(blob.getBlob()), static_cast<std::size_t>(blob.getBytes()));
  }
  REQUIRE(root > 0);
  REQUIRE(uuid.size() == 16);
  std::fstream file(db, std::ios::in | std::ios::out | std::ios::binary);
  const auto offset = static_cast<std::streamoff>(root - 1) * pageSize;
  std::string page(static_cast<std::size_t>(pageSize), '\0');
  file.seekg(offset);
  file.read(page.data(), pageSize);
  const auto at = page.find(uuid);
  REQUIRE(at != std::string::npos);
  page[at + 15] = static_cast<char>(page[at + 15] ^ 0x01);
  file.seekp(offset);
  file.write(page.data(), pageSize);
  REQUIRE(file.good());
}

// GET /v1/health until its integrity check has finished, within a deadline.
json healthOnceChecked(const test::HubProcess& hub) {
  httplib::Client client("127.0.0.1", hub.port());
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  for (;;) {
    const auto reply = client.Get("/v1/health");
    REQUIRE(reply);
    json body = json::parse(reply->body);
    body["http_status"] = reply->status;
    if (body["database"].value("integrity", "") != "checking") return body;
    REQUIRE(std::chrono::steady_clock::now() < deadline);
    std::this_thread::sleep_for(std::chrono::milliseconds(20));  // a polling interval, not a wait for an event
  }
}

}  // namespace

TEST_CASE("opening a hub database for writing makes it and its WAL owner-only when others could read them, and says so in one line", "[hub][operations]") {
  test::TempDir dir;
  const fs::path db = dir / "hub.db", wal = db.string() + "-wal", shm = db.string() + "-shm";
  REQUIRE(hubCommand({"unit", "add", "--db", db.string(), "--id", "dumai", "--name", "Kota Dumai"}).exitCode == 0);
  {
    // An open connection keeps the WAL and shared-memory files as a hub leaves them.
    SQLite::Database other(db.string(), SQLite::OPEN_READWRITE);
    other.exec("UPDATE units SET name = name");
    REQUIRE(fs::exists(wal));
    REQUIRE(fs::exists(shm));
    for (const auto& file : {db, wal, shm}) makeWorldReadable(file);

    const auto listed = hubCommand({"unit", "list", "--db", db.string()});
    CHECK(listed.exitCode == 0);
    CHECK(listed.err.empty());  // reading changes nothing

    const auto extended = hubCommand({"unit", "extend", "--db", db.string(), "--id", "dumai", "--counter", "loket-2"});
    CHECK(extended.exitCode == 0);
    CHECK(std::count(extended.err.begin(), extended.err.end(), '\n') == 1);
    CHECK_THAT(extended.err, Catch::Contains("owner-only"));
    for (const auto& file : {db, wal, shm}) {
      INFO(file);
      CHECK(modeOf(file) == kOwnerOnly);
    }
  }
  makeWorldReadable(db);
  test::HubProcess hub(db);
  hub.start();
  CHECK(modeOf(db) == kOwnerOnly);
}

TEST_CASE("restore replaces a database whose WAL still holds later writes with exactly the backup's rows, keeps the replaced one beside it, and check accepts the result", "[hub][operations]") {
  test::EnrolledHub h;
  REQUIRE(h.ingest(quickBatch(20)) == 200);
  const fs::path backup = h.dir / "backup.db", db = h.hub.db(), wal = db.string() + "-wal";
  h.hub.admin({"backup", "--out", backup.string()});
  REQUIRE(h.ingest(quickBatch(30)) == 200);
  h.hub.kill();  // as a crash leaves it: the last 30 ratings are only in the WAL
  REQUIRE(fs::exists(wal));
  REQUIRE(fs::file_size(wal) > 0);

  const auto unconfirmed = hubCommand({"restore", "--db", db.string(), "--from", backup.string()});
  CHECK(unconfirmed.exitCode == 1);
  CHECK_THAT(unconfirmed.err, Catch::Contains("--yes"));
  CHECK(h.stored() == 50);

  const auto restored = hubCommand({"restore", "--db", db.string(), "--from", backup.string(), "--yes"});
  INFO(restored.err);
  REQUIRE(restored.exitCode == 0);
  CHECK(uuidsIn(db) == uuidsIn(backup));
  CHECK(h.stored() == 20);
  CHECK(hubCommand({"check", "--db", db.string()}).exitCode == 0);

  std::vector<fs::path> kept;
  for (const auto& entry : fs::directory_iterator(h.dir.path()))
    if (entry.path().filename().string().starts_with("hub.db.before-restore-")) kept.push_back(entry.path());
  REQUIRE(kept.size() == 1);
  CHECK_THAT(restored.out, Catch::Contains(kept.front().filename().string()));
  CHECK(modeOf(kept.front()) == kOwnerOnly);
  CHECK(uuidsIn(kept.front()).size() == 50);  // what the crash left, WAL included

  h.hub.start();
  CHECK(h.ingest(quickBatch(5)) == 200);
  CHECK(h.stored() == 25);
}

TEST_CASE("backup --dir names copies by time and keeps the newest --keep, removing older ones only after the new copy is whole", "[hub][operations]") {
  test::EnrolledHub h;
  REQUIRE(h.ingest(quickBatch(10)) == 200);
  const fs::path dir = h.dir / "backups";
  fs::create_directories(dir);
  // Two earlier copies, and a file of the operator's own that only looks a little like one.
  for (const char* name : {"hub-20240101-000000.db", "hub-20250101-000000.db", "hub-notes.db"}) std::ofstream(dir / name) << "x";
  const auto run = hubCommand({"backup", "--db", h.hub.db().string(), "--dir", dir.string(), "--keep", "2"});
  INFO(run.err);
  REQUIRE(run.exitCode == 0);
  std::set<std::string> names;
  for (const auto& entry : fs::directory_iterator(dir)) names.insert(entry.path().filename().string());
  CHECK(names.size() == 3);  // before "fresh" below
  CHECK_FALSE(names.contains("hub-20240101-000000.db"));  // the oldest went
  CHECK(names.contains("hub-20250101-000000.db"));
  CHECK(names.contains("hub-notes.db"));
  std::string newest;
  for (const auto& name : names)
    if (name != "hub-notes.db" && name > newest) newest = name;
  CHECK(uuidsIn(dir / newest).size() == 10);
  CHECK_THAT(run.out, Catch::Contains("removed the old backup") && Catch::Contains("hub-20240101-000000.db"));
  // A missing directory is made, owner-only; one that cannot be made removes nothing.
  const fs::path fresh = dir / "fresh";
  REQUIRE(hubCommand({"backup", "--db", h.hub.db().string(), "--dir", fresh.string()}).exitCode == 0);
  CHECK(modeOf(fresh) == fs::perms::owner_all);
  const auto refused = hubCommand({"backup", "--db", h.hub.db().string(), "--dir", (dir / "no" / "such").string(), "--keep", "1"});
  CHECK(refused.exitCode != 0);
  CHECK(fs::exists(dir / "hub-20250101-000000.db"));
  CHECK(hubCommand({"backup", "--db", h.hub.db().string()}).exitCode != 0);  // neither --out nor --dir
}

TEST_CASE("restore refuses while a hub serves the database (also through a symlink), and refuses a damaged or foreign backup", "[hub][operations]") {
  test::EnrolledHub h;
  REQUIRE(h.ingest(quickBatch(5)) == 200);
  const fs::path backup = h.dir / "backup.db", link = h.dir / "link.db";
  h.hub.admin({"backup", "--out", backup.string()});
  fs::create_symlink(h.hub.db(), link);
  for (const auto& target : {h.hub.db(), link}) {
    INFO(target);
    const auto refused = hubCommand({"restore", "--db", target.string(), "--from", backup.string(), "--yes"});
    CHECK(refused.exitCode == 1);
    CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);
    CHECK_THAT(refused.err, Catch::Contains("serving"));
  }
  h.hub.stop();

  const fs::path foreign = h.dir / "foreign.db", damaged = h.dir / "damaged.db", missing = h.dir / "missing.db";
  SQLite::Database(foreign.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE).exec("CREATE TABLE notes (text TEXT)");
  fs::copy_file(backup, damaged);
  damageUuidIndex(damaged);
  for (const auto& [from, why] : std::vector<std::pair<fs::path, std::string>>{
           {foreign, "not a hub database"}, {damaged, "integrity"}, {missing, "no backup"}}) {
    INFO(from);
    const auto refused = hubCommand({"restore", "--db", h.hub.db().string(), "--from", from.string(), "--yes"});
    CHECK(refused.exitCode == 1);
    CHECK(std::count(refused.err.begin(), refused.err.end(), '\n') == 1);
    CHECK_THAT(refused.err, Catch::Contains(why));
  }
  CHECK(h.stored() == 5);
}

TEST_CASE("a --db that names no database is one line for every command that only reads or changes a hub, and nothing is created", "[hub][operations]") {
  test::TempDir dir;
  const fs::path input = dir / "export.jsonl";
  std::ofstream(input) << "";
  for (const auto& missing : {(dir / "hbu.db").string(), (dir / "nowhere" / "hub.db").string()}) {
    const std::vector<std::vector<std::string>> commands = {
        {"unit", "list"},          {"unit", "extend", "--id", "dumai", "--counter", "loket-2"},
        {"enroll-code", "--unit", "dumai"},      {"kiosk", "list"},
        {"kiosk", "revoke", "--id", "kiosk-1"},  {"import", "--kiosk", "kiosk-1", input.string()},
        {"backup", "--out", (dir / "copy.db").string()}, {"check"},
        {"check", "--quick"},      {"report"},
        {"quarantine", "list"},    {"quarantine", "readmit", "--all"}};
    for (auto args : commands) {
      args.insert(args.end(), {"--db", missing});
      INFO(args.front() << " " << args[1]);
      const auto run = hubCommand(args);
      CHECK(run.exitCode == 1);
      CHECK_THAT(run.err, Catch::StartsWith("suara-hub: no hub database at " + missing + " (create one with"));
      CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    }
  }
  std::vector<std::string> left;
  for (const auto& entry : fs::directory_iterator(dir.path())) left.push_back(entry.path().filename().string());
  CHECK(left == std::vector<std::string>{"export.jsonl"});
}

TEST_CASE("commands that only read open the database read-only: no upgrade, no key file, not a byte changed", "[hub][operations]") {
  test::TempDir dir;
  const fs::path db = dir / "hub.db", key = db.string() + ".key";
  REQUIRE(hubCommand({"demo-seed", "--db", db.string(), "--count", "50"}).exitCode == 0);
  fs::remove(key);
  const std::string before = fileBytes(db);
  const std::vector<std::vector<std::string>> readers = {
      {"unit", "list"}, {"kiosk", "list"}, {"quarantine", "list"}, {"report"}, {"check"}, {"backup", "--out", (dir / "copy.db").string()}};
  for (auto args : readers) {
    args.insert(args.end(), {"--db", db.string()});
    INFO(args.front());
    const auto run = hubCommand(args);
    CHECK(run.err.empty());
    CHECK(run.exitCode == 0);
  }
  CHECK_FALSE(fs::exists(key));
  CHECK(fileBytes(db) == before);

  // A database an older hub wrote: reading rows waits for an upgrade, checking and copying do not.
  const fs::path old = dir / "old.db";
  {
    SQLite::Database oldHub(old.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    REQUIRE(hub::migrateHubSchemaTo(oldHub, old.string(), 3));
  }
  const auto listed = hubCommand({"unit", "list", "--db", old.string()});
  CHECK(listed.exitCode == 1);
  CHECK_THAT(listed.err, Catch::Contains("older hub"));
  CHECK(hubCommand({"check", "--db", old.string()}).exitCode == 0);
  CHECK(hubCommand({"backup", "--db", old.string(), "--out", (dir / "old-copy.db").string()}).exitCode == 0);
  CHECK(SQLite::Database(old.string(), SQLite::OPEN_READONLY).execAndGet("PRAGMA user_version").getInt() == 3);
}

TEST_CASE("a second hub on the same database through a symlink or a path with '..' refuses to start", "[hub][operations]") {
  test::EnrolledHub h;
  const fs::path link = h.dir / "link.db";
  fs::create_symlink(h.hub.db(), link);
  fs::create_directory(h.dir / "sub");
  for (const auto& other : {link, h.dir / "sub" / ".." / "hub.db"}) {
    INFO(other);
    test::HubProcess second(other);
    try {
      second.start();
      FAIL("a second hub started on a database already served");
    } catch (const std::runtime_error& e) {
      CHECK_THAT(e.what(), Catch::Contains("another suara-hub"));
    }
  }
  CHECK(h.ingest(quickBatch(2)) == 200);
}

TEST_CASE("a damaged uuid index the quick check misses is found by the integrity check serve runs in the background, and health says so", "[hub][operations][concurrency]") {
  test::TempDir dir;
  const fs::path db = dir / "hub.db";
  REQUIRE(hubCommand({"demo-seed", "--db", db.string(), "--count", "20"}).exitCode == 0);
  damageUuidIndex(db);
  CHECK(hubCommand({"check", "--quick", "--db", db.string()}).exitCode == 0);
  CHECK(hubCommand({"check", "--db", db.string()}).exitCode == 1);

  test::HubProcess hub(db);
  hub.start();  // the quick check at start passes
  const json health = healthOnceChecked(hub);
  INFO(health.dump());
  CHECK_THAT(health["database"].value("integrity", ""), Catch::StartsWith("damaged: "));
  CHECK(health["status"] != "ok");
}

TEST_CASE("health reports the background integrity check as ok once it has read a sound database", "[hub][operations][concurrency]") {
  test::EnrolledHub h;
  REQUIRE(h.ingest(quickBatch(10)) == 200);
  const json health = healthOnceChecked(h.hub);
  INFO(health.dump());
  CHECK(health["database"].value("integrity", "") == "ok");
  CHECK(health["status"] == "ok");
  CHECK(health["http_status"] == 200);
}

TEST_CASE("serve --writer-cache-mib bounds the page cache the hub keeps after a large ingest", "[hub][operations]") {
  test::EnrolledHub h({"--writer-cache-mib", "4", "--threads", "2"});
  const std::size_t before = h.hub.rssBytes();
  for (int batch = 0; batch < 200; ++batch) REQUIRE(h.ingest(quickBatch(500)) == 200);  // about 25 MiB of pages
  const std::size_t after = h.hub.rssBytes();
  INFO("the hub held " << (before >> 20) << " MiB before 100,000 ratings and " << (after >> 20) << " MiB after");
  CHECK(h.stored() == 100'000);
#ifndef __SANITIZE_ADDRESS__  // ASan keeps freed blocks in quarantine: it would measure ASan
  CHECK(after < before + (std::size_t{14} << 20));
#endif
}
