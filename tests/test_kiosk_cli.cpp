// suara-kiosk's technician subcommands as a real process: status and export, read-only.

#include <catch2/catch.hpp>

#include <sys/wait.h>
#include <unistd.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "suara/core/export_file.hpp"
#include "suara/core/local_store.hpp"
#include "support/responses.hpp"
#include "support/run_process.hpp"
#include "support/scratch_mount.hpp"
#include "support/temp_dir.hpp"

using namespace suara;

namespace {
const std::string kKiosk = SUARA_KIOSK_EXE;

// No disk reserve: some of these stores live on a small tmpfs.
const StoreOptions kNoReserve{.maxBytes = 0, .reserveBytes = 0, .vfs = {}};

void seed(const std::filesystem::path& dataDir, int count, int acked) {
  auto store = LocalStore::open(dataDir / "suara.db", kNoReserve);
  REQUIRE(store.ok());
  std::vector<Response> batch;
  for (int i = 0; i < count; ++i) batch.push_back(test::quickResponse(1 + i % 4));
  REQUIRE((*store)->recordMany(batch).ok());
  std::vector<std::int64_t> seqs;
  for (int i = 0; i < acked; ++i) seqs.push_back(batch[static_cast<std::size_t>(i)].seq);
  REQUIRE((*store)->markAcked(seqs).ok());
}

// An export read as a hub that knows no kiosk would read it: unsigned files only.
Result<ExportFile> readUnsignedExport(const std::filesystem::path& file) {
  return readExportFile(file, [](const ExportHeader&) { return std::optional<ExportKey>(); });
}

// An export written to standard output, read back through a file.
Result<ExportFile> readExportText(const std::string& text) {
  test::TempDir dir;
  std::ofstream(dir / "stdout.jsonl", std::ios::binary) << text;
  return readUnsignedExport(dir / "stdout.jsonl");
}
}  // namespace

TEST_CASE("status --json on a fresh data directory: nothing stored, not configured", "[kiosk][cli]") {
  test::TempDir dir;
  const auto run = test::runProcess({kKiosk, "status", "--json", "--data-dir", dir.path().string(), "--config",
                                     (dir / "kiosk.toml").string()});
  REQUIRE(run.exitCode == 0);
  const auto status = nlohmann::json::parse(run.out);
  CHECK(status["configured"] == false);
  CHECK(status["store"]["exists"] == false);
  CHECK(status["store"]["pending"] == 0);
  CHECK_FALSE(std::filesystem::exists(dir / "suara.db"));  // status never creates anything
}

TEST_CASE("status reports pending and stored ratings, follow-ups apart, and the config", "[kiosk][cli]") {
  test::TempDir dir;
  seed(dir.path(), 7, 3);
  {  // one citizen also added a follow-up: still one rating
    auto store = LocalStore::open(dir / "suara.db");
    REQUIRE(store.ok());
    Response amendment;
    amendment.uuid = newUuid();
    amendment.amends = (*store)->all()->back().uuid;
    amendment.reasons = {"waiting_time"};
    amendment.clock = clockNow();
    REQUIRE((*store)->record(amendment).ok());
  }
  std::ofstream(dir / "kiosk.toml") << "[kiosk]\nunit_id = \"jayapura\"\nsurvey = \"skm-2017\"\n";
  const auto run = test::runProcess({kKiosk, "status", "--json", "--data-dir", dir.path().string(), "--config",
                                     (dir / "kiosk.toml").string()});
  REQUIRE(run.exitCode == 0);
  const auto status = nlohmann::json::parse(run.out);
  CHECK(status["configured"] == true);
  CHECK(status["unit"] == "jayapura");
  CHECK(status["store"]["pending"] == 4);
  CHECK(status["store"]["total"] == 7);
  CHECK(status["store"]["pending_follow_ups"] == 1);
  CHECK(status["store"]["follow_ups"] == 1);
  CHECK(status["reserve"]["held"] == true);  // LocalStore::open made it, 16 MiB by default
  CHECK(status["reserve"]["bytes"] == 16 * 1024 * 1024);

  const auto text = test::runProcess({kKiosk, "status", "--data-dir", dir.path().string(), "--config", (dir / "kiosk.toml").string()});
  CHECK_THAT(text.out, Catch::Contains("pending ratings  4 (+ 1 follow-ups)"));
  CHECK_THAT(text.out, Catch::Contains("stored ratings   7 (+ 1 follow-ups)"));
  CHECK_THAT(text.out, Catch::Contains("disk reserve     16 MiB held"));
  std::filesystem::remove(dir / "suara.db.reserve");
  const auto missing = test::runProcess({kKiosk, "status", "--data-dir", dir.path().string(), "--config", (dir / "kiosk.toml").string()});
  CHECK_THAT(missing.out, Catch::Contains("disk reserve     16 MiB NOT HELD: missing"));
}

TEST_CASE("status names a broken config without failing", "[kiosk][cli]") {
  test::TempDir dir;
  std::ofstream(dir / "kiosk.toml") << "[flow]\nidle_timeout_secs = 5\n";
  const auto run = test::runProcess({kKiosk, "status", "--json", "--data-dir", dir.path().string(), "--config",
                                     (dir / "kiosk.toml").string()});
  REQUIRE(run.exitCode == 0);
  CHECK_THAT(nlohmann::json::parse(run.out)["config_error"].get<std::string>(),
             Catch::Contains("unknown key 'flow.idle_timeout_secs'"));
}

TEST_CASE("export writes every stored rating, or only pending ones", "[kiosk][cli]") {
  test::TempDir dir;
  seed(dir.path(), 10, 4);
  const auto out = dir / "usb" / "export.jsonl";
  std::filesystem::create_directories(out.parent_path());
  const auto run = test::runProcess({kKiosk, "export", "--data-dir", dir.path().string(), "--out", out.string()});
  REQUIRE(run.exitCode == 0);
  auto exported = readUnsignedExport(out);
  REQUIRE(exported.ok());
  CHECK(exported->responses.size() == 10);
  CHECK_FALSE(std::filesystem::exists(out.string() + ".partial"));

  const auto pending = test::runProcess({kKiosk, "export", "--pending", "--data-dir", dir.path().string()});
  REQUIRE(pending.exitCode == 0);
  const auto pendingExport = readExportText(pending.out);
  REQUIRE(pendingExport.ok());
  CHECK(pendingExport->responses.size() == 6);
  CHECK(pendingExport->responses == std::vector<Response>(exported->responses.begin() + 4, exported->responses.end()));
}

TEST_CASE("export of an enrolled kiosk names its kiosk, unit and the unit's time zone and is signed with its token's hash", "[kiosk][cli][export]") {
  test::TempDir dir;
  seed(dir.path(), 5, 2);
  std::ofstream(dir / "enrollment.json") << R"({"hub_url":"http://127.0.0.1:9","kiosk_id":"k-9","token":"secret-token-9",)"
                                            R"("unit_id":"dumai","unit_name":"Dumai","unit_utc_offset_hours":8})";
  const auto out = dir / "export.jsonl";
  const std::int64_t before = clockNow().wallMs;
  const auto run = test::runProcess({kKiosk, "export", "--data-dir", dir.path().string(), "--out", out.string()});
  REQUIRE(run.exitCode == 0);
  CHECK(run.err == "exported 5 ratings and 0 follow-ups from kiosk k-9 (unit dumai), signed, to " + out.string() + "\n");

  std::vector<std::string> asked;
  const auto exported = readExportFile(out, [&](const ExportHeader& header) {
    asked.push_back(header.kioskId);
    return header.kioskId == "k-9" ? std::optional(exportKeyFromToken("secret-token-9")) : std::nullopt;
  });
  REQUIRE(exported.ok());
  CHECK(asked == std::vector<std::string>{"k-9"});
  REQUIRE(exported->header.has_value());
  CHECK(exported->header->kioskId == "k-9");
  CHECK(exported->header->unitId == "dumai");
  CHECK(exported->header->utcOffsetHours == std::optional<int>(8));
  CHECK(exported->header->isSigned);
  CHECK(exported->header->exportedMs >= before);
  CHECK(exported->header->exportedMs <= clockNow().wallMs);
  CHECK(exported->responses.size() == 5);

  // Signed with that token, not merely marked signed: any other key is refused.
  const auto otherKey = readExportFile(out, [](const ExportHeader&) { return std::optional(exportKeyFromToken("secret-token-8")); });
  REQUIRE_FALSE(otherKey.ok());
  CHECK(otherKey.error().code == Errc::Invalid);
  // And a hub that does not know the kiosk cannot take it as unsigned.
  CHECK(readUnsignedExport(out).error().code == Errc::NotFound);
}

TEST_CASE("export of a kiosk that is not enrolled is unsigned, names no kiosk, and says so", "[kiosk][cli][export]") {
  test::TempDir dir;
  seed(dir.path(), 3, 0);
  const auto out = dir / "export.jsonl";
  const auto run = test::runProcess({kKiosk, "export", "--data-dir", dir.path().string(), "--out", out.string()});
  REQUIRE(run.exitCode == 0);
  CHECK(run.err ==
        "suara-kiosk: this export is unsigned and names no kiosk (the kiosk is not enrolled): the hub cannot tell which kiosk it "
        "came from\nexported 3 ratings and 0 follow-ups, unsigned, to " + out.string() + "\n");
  const auto exported = readUnsignedExport(out);
  REQUIRE(exported.ok());
  REQUIRE(exported->header.has_value());
  CHECK(exported->header->kioskId.empty());
  CHECK(exported->header->unitId.empty());
  CHECK_FALSE(exported->header->utcOffsetHours);
  CHECK_FALSE(exported->header->isSigned);
  CHECK(exported->responses.size() == 3);

  // A damaged enrolment does not keep the ratings on the kiosk either: unsigned, and why.
  std::ofstream(dir / "enrollment.json") << "{";
  const auto damaged = test::runProcess({kKiosk, "export", "--data-dir", dir.path().string(), "--out", out.string()});
  REQUIRE(damaged.exitCode == 0);
  CHECK_THAT(damaged.err, Catch::Contains("unsigned and names no kiosk (" + (dir / "enrollment.json").string() + ": damaged"));
  CHECK(readUnsignedExport(out).ok());
}

TEST_CASE("kiosk command-line errors are one line and a non-zero exit", "[kiosk][cli]") {
  test::TempDir dir;
  const auto missing = test::runProcess({kKiosk, "export", "--data-dir", dir.path().string()});
  CHECK(missing.exitCode != 0);
  CHECK(missing.err == "suara-kiosk: no store at '" + (dir / "suara.db").string() + "'\n");

  const auto windowed = test::runProcess({kKiosk, "--windowed", "big"});
  CHECK(windowed.exitCode != 0);
  CHECK_THAT(windowed.err, Catch::Contains("must be WIDTHxHEIGHT"));
  CHECK(std::count(windowed.err.begin(), windowed.err.end(), '\n') == 1);

  std::ofstream(dir / "bad.toml") << "[kiosk]\nsurvey = 3\n";
  const auto config = test::runProcess({kKiosk, "--config", (dir / "bad.toml").string(), "--data-dir", dir.path().string()});
  CHECK(config.exitCode != 0);
  CHECK(config.err == "suara-kiosk: " + (dir / "bad.toml").string() + ":2: 'kiosk.survey' must be a string, got integer\n");

  const auto absent = test::runProcess({kKiosk, "--config", (dir / "none.toml").string(), "--data-dir", dir.path().string()});
  CHECK(absent.exitCode != 0);  // a config named explicitly must exist
  CHECK_THAT(absent.err, Catch::Contains("none.toml"));
}

TEST_CASE("a data directory or config given before the command's name is refused instead of silently not read", "[kiosk][cli]") {
  // `suara-kiosk --data-dir X status` used to print the default directory's status as if it were X's.
  test::TempDir dir;
  const auto status = test::runProcess({kKiosk, "--data-dir", dir.path().string(), "status"});
  CHECK(status.exitCode == 2);
  CHECK(status.out.empty());
  CHECK(status.err == "suara-kiosk: --data-dir goes after the command's name: suara-kiosk status --data-dir ...\n");
  const auto enroll = test::runProcess({kKiosk, "--config", (dir / "kiosk.toml").string(), "enroll", "--hub", "http://127.0.0.1:9", "--code", "X"});
  CHECK(enroll.exitCode == 2);
  CHECK(enroll.err == "suara-kiosk: --config goes after the command's name (and `enroll` takes none)\n");
  CHECK_FALSE(std::filesystem::exists(dir / "enrollment.json"));
}

TEST_CASE("as root every command but status is refused on a data directory another user owns and leaves nothing there", "[kiosk][cli]") {
  if (::geteuid() != 0) {
    WARN("not root: nothing to check");
    return;
  }
  test::TempDir dir;
  REQUIRE(::chown(dir.path().c_str(), 65534, 65534) == 0);  // nobody's, as the kiosk user's is
  for (const std::vector<std::string>& args : {std::vector<std::string>{"sync-now"}, {"export", "--out", (dir / "x.jsonl").string()},
                                              {"enroll", "--hub", "http://127.0.0.1:9", "--code", "X"}}) {
    auto argv = std::vector<std::string>{kKiosk};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.insert(argv.end(), {"--data-dir", dir.path().string()});
    const auto run = test::runProcess(argv);
    INFO(args.front());
    CHECK(run.exitCode == 1);
    CHECK_THAT(run.err, Catch::Contains("run this as that user"));
  }
  CHECK(std::filesystem::is_empty(dir.path()));  // no root-owned lock, store or enrolment left
  const auto status = test::runProcess({kKiosk, "status", "--data-dir", dir.path().string()});
  CHECK(status.exitCode == 0);  // reading is fine
}

TEST_CASE("without a display the kiosk says so in one line instead of running unseen", "[kiosk][cli]") {
  test::TempDir dir;
  // (XDG_RUNTIME_DIR set so that the Wayland client library keeps its own complaint to itself.)
  const auto run = test::runProcess({"/usr/bin/env", "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY", "-u", "SDL_VIDEODRIVER",
                                     "XDG_RUNTIME_DIR=" + dir.path().string(), kKiosk, "--data-dir", dir.path().string(),
                                     "--windowed", "800x480"});
  CHECK(run.exitCode == 1);
  CHECK(run.err == "suara-kiosk: no display found (X11, Wayland or KMS); set SDL_VIDEODRIVER=offscreen to run without one\n");
}

namespace {
std::int64_t pendingFromStatus(const std::filesystem::path& dataDir) {
  const auto run = test::runProcess({kKiosk, "status", "--json", "--data-dir", dataDir.string()});
  INFO(run.err);
  REQUIRE(run.exitCode == 0);
  return nlohmann::json::parse(run.out)["store"]["pending"].get<std::int64_t>();
}

std::size_t exportedCount(const std::filesystem::path& dataDir) {
  const auto run = test::runProcess({kKiosk, "export", "--data-dir", dataDir.string()});
  INFO(run.err);
  REQUIRE(run.exitCode == 0);
  const auto exported = readExportText(run.out);
  INFO((exported.ok() ? std::string() : exported.error().message));
  REQUIRE(exported.ok());
  return exported->responses.size();
}
}  // namespace

TEST_CASE("status and export read a data directory on read-only media", "[kiosk][cli][media]") {
  test::ScratchMount usb(8 * 1024 * 1024);
  SECTION("closed cleanly: the store file alone") {
    seed(usb.path(), 12, 5);
    usb.remount(true);
    CHECK(pendingFromStatus(usb.path()) == 7);
    CHECK(exportedCount(usb.path()) == 12);
  }
  SECTION("copied from a kiosk that lost power: the newest ratings are still in the WAL") {
    seed(usb.path(), 3, 0);
    const pid_t child = fork();
    REQUIRE(child >= 0);
    if (child == 0) {  // records and dies without closing the store, as a power cut would leave it
      auto store = LocalStore::open(usb / "suara.db", kNoReserve);
      std::vector<Response> batch;
      for (int i = 0; i < 9; ++i) batch.push_back(test::quickResponse(4));
      _exit(store && (*store)->recordMany(batch) ? 0 : 1);
    }
    int status = 0;
    REQUIRE(waitpid(child, &status, 0) == child);
    REQUIRE(WEXITSTATUS(status) == 0);
    REQUIRE(std::filesystem::exists(usb / "suara.db-wal"));
    usb.remount(true);
    CHECK(pendingFromStatus(usb.path()) == 12);
    CHECK(exportedCount(usb.path()) == 12);
  }
}

TEST_CASE("status of a data directory that does not exist is an error, not zero ratings", "[kiosk][cli]") {
  test::TempDir dir;
  const auto run = test::runProcess({kKiosk, "status", "--data-dir", (dir / "nowhere").string()});
  CHECK(run.exitCode == 1);
  CHECK(run.err == "suara-kiosk: no data directory at '" + (dir / "nowhere").string() + "'\n");
  CHECK(run.out.empty());
  CHECK_FALSE(std::filesystem::exists(dir / "nowhere"));
}

TEST_CASE("status reads the data directory's own kiosk.toml unless --config names another", "[kiosk][cli]") {
  test::TempDir dir;
  std::ofstream(dir / "kiosk.toml") << "[kiosk]\nunit_id = \"solok\"\n";
  const auto run = test::runProcess({kKiosk, "status", "--json", "--data-dir", dir.path().string()});
  REQUIRE(run.exitCode == 0);
  auto status = nlohmann::json::parse(run.out);
  CHECK(status["unit"] == "solok");
  CHECK(status["config_file"] == (dir / "kiosk.toml").string());
  std::ofstream(dir / "other.toml") << "[kiosk]\nunit_id = \"dumai\"\n";
  status = nlohmann::json::parse(
      test::runProcess({kKiosk, "status", "--json", "--data-dir", dir.path().string(), "--config", (dir / "other.toml").string()}).out);
  CHECK(status["unit"] == "dumai");
}

TEST_CASE("status lists store files set aside and what was salvaged from each", "[kiosk][cli]") {
  test::TempDir dir;
  seed(dir.path(), 4, 0);
  std::filesystem::rename(dir / "suara.db", dir / "suara.db.unreadable-20260101T000000Z");
  auto status = nlohmann::json::parse(test::runProcess({kKiosk, "status", "--json", "--data-dir", dir.path().string()}).out);
  CHECK(status["store"]["awaiting_salvage"] == nlohmann::json::array({"suara.db.unreadable-20260101T000000Z"}));
  { REQUIRE(LocalStore::open(dir / "suara.db").ok()); }  // the kiosk starts: the file is salvaged
  status = nlohmann::json::parse(test::runProcess({kKiosk, "status", "--json", "--data-dir", dir.path().string()}).out);
  CHECK(status["store"]["awaiting_salvage"].empty());
  REQUIRE(status["store"]["set_aside"].size() == 1);
  CHECK(status["store"]["set_aside"][0]["file"] == "suara.db.unreadable-20260101T000000Z");
  CHECK(status["store"]["set_aside"][0]["salvaged"] == 4);
  CHECK(status["store"]["pending"] == 4);
  const auto text = test::runProcess({kKiosk, "status", "--data-dir", dir.path().string()});
  CHECK_THAT(text.out, Catch::Contains("set aside        suara.db.unreadable-20260101T000000Z: 4 rows salvaged"));
}

TEST_CASE("a wrong type in enrollment.json is a one-line error naming the file and key, never a crash",
          "[kiosk][cli][enrol]") {
  test::TempDir dir;
  const auto file = dir / "enrollment.json";
  std::ofstream(file) << R"({"hub_url":"http://127.0.0.1:9","kiosk_id":"k1","token":"t","unit_id":"dumai","unit_name":5})";
  const std::string expected = file.string() + ": damaged ('unit_name' must be text, got number); enrol the kiosk again";

  const auto syncNow = test::runProcess({kKiosk, "sync-now", "--data-dir", dir.path().string()});
  CHECK(syncNow.exitCode == 1);
  CHECK(syncNow.err == "suara-kiosk: " + expected + "\n");

  const auto status = test::runProcess({kKiosk, "status", "--json", "--data-dir", dir.path().string()});
  REQUIRE(status.exitCode == 0);
  CHECK(nlohmann::json::parse(status.out)["enrollment_error"] == expected);

  // The kiosk itself keeps taking ratings with sync off, and says why in one line.
  const auto kiosk = test::runProcess({"/usr/bin/env", "SDL_VIDEODRIVER=offscreen", kKiosk, "--data-dir", dir.path().string(),
                                       "--windowed", "800x480", "--first-frame-then-exit"});
  CHECK(kiosk.exitCode == 0);
  CHECK_THAT(kiosk.err, Catch::Contains(expected + " (ratings are kept; sync is off)"));

  for (const char* broken : {R"([1,2])", R"({"hub_url":"x","kiosk_id":7,"token":"t","unit_id":"u"})", "{",
                             R"({"hub_url":"http://127.0.0.1:9","kiosk_id":"k1","token":"","unit_id":"dumai"})"}) {
    std::ofstream(file, std::ios::trunc) << broken;
    const auto run = test::runProcess({kKiosk, "sync-now", "--data-dir", dir.path().string()});
    INFO(broken);
    CHECK(run.exitCode == 1);
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    CHECK_THAT(run.err, Catch::Contains(file.string()));
  }
}

TEST_CASE("a damaged sync status file is reported by status, not thrown", "[kiosk][cli]") {
  test::TempDir dir;
  std::ofstream(dir / "sync-status.json") << R"({"last_attempt_ms":"yesterday","last_error":3})";
  const auto run = test::runProcess({kKiosk, "status", "--json", "--data-dir", dir.path().string()});
  REQUIRE(run.exitCode == 0);
  CHECK_THAT(nlohmann::json::parse(run.out)["sync_status_error"].get<std::string>(), Catch::Contains("sync-status.json"));
  const auto text = test::runProcess({kKiosk, "status", "--data-dir", dir.path().string()});
  REQUIRE(text.exitCode == 0);
  CHECK_THAT(text.out, Catch::Contains("sync-status.json"));  // the text view says it too
}

TEST_CASE("status says times far off or in the future plainly instead of overflowing", "[kiosk][cli]") {
  test::TempDir dir;
  std::ofstream(dir / "sync-status.json")
      << R"({"last_attempt_ms":9223372036854775807,"last_success_ms":-9223372036854775808,"last_error":"","accepted":0})";
  const auto run = test::runProcess({kKiosk, "status", "--data-dir", dir.path().string()});
  REQUIRE(run.exitCode == 0);
  CHECK_THAT(run.out, Catch::Contains("last attempt     in the future"));
  CHECK_THAT(run.out, Catch::Contains("last sync        over a century ago"));
}

TEST_CASE("a data directory left open by an older version is narrowed to its owner when the kiosk starts",
          "[kiosk][cli][permissions]") {
  test::TempDir dir;
  const auto dataDir = dir / "kiosk";
  std::filesystem::create_directory(dataDir);
  std::ofstream(dataDir / "enrollment.json") << R"({"hub_url":"http://127.0.0.1:9","kiosk_id":"k1","token":"secret","unit_id":"dumai"})";
  std::ofstream(dataDir / "kiosk.lock") << "           1\n";
  using std::filesystem::perms;
  std::filesystem::permissions(dataDir, perms::owner_all | perms::group_read | perms::group_exec | perms::others_read | perms::others_exec);
  for (const char* name : {"enrollment.json", "kiosk.lock"})
    std::filesystem::permissions(dataDir / name, perms::owner_read | perms::owner_write | perms::group_read | perms::others_read);

  const auto kiosk = test::runProcess({"/usr/bin/env", "SDL_VIDEODRIVER=offscreen", kKiosk, "--data-dir", dataDir.string(),
                                       "--windowed", "800x480", "--first-frame-then-exit"});
  REQUIRE(kiosk.exitCode == 0);
  auto mode = [](const std::filesystem::path& p) { return std::filesystem::status(p).permissions() & perms::mask; };
  CHECK(mode(dataDir) == perms::owner_all);
  CHECK(mode(dataDir / "enrollment.json") == (perms::owner_read | perms::owner_write));
  CHECK(mode(dataDir / "kiosk.lock") == (perms::owner_read | perms::owner_write));
}
