// suara-kiosk's technician subcommands as a real process: status and export, read-only.

#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "suara/core/local_store.hpp"
#include "suara/core/response_file.hpp"
#include "support/responses.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace suara;

namespace {
const std::string kKiosk = SUARA_KIOSK_EXE;

void seed(const std::filesystem::path& dataDir, int count, int acked) {
  auto store = LocalStore::open(dataDir / "suara.db");
  REQUIRE(store.ok());
  std::vector<Response> batch;
  for (int i = 0; i < count; ++i) batch.push_back(test::quickResponse(1 + i % 4));
  REQUIRE((*store)->recordMany(batch).ok());
  std::vector<std::int64_t> seqs;
  for (int i = 0; i < acked; ++i) seqs.push_back(batch[static_cast<std::size_t>(i)].seq);
  REQUIRE((*store)->markAcked(seqs).ok());
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

  const auto text = test::runProcess({kKiosk, "status", "--data-dir", dir.path().string(), "--config", (dir / "kiosk.toml").string()});
  CHECK_THAT(text.out, Catch::Contains("pending ratings  4 (+ 1 follow-ups)"));
  CHECK_THAT(text.out, Catch::Contains("stored ratings   7 (+ 1 follow-ups)"));
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
  auto exported = readResponsesJsonl(out);
  REQUIRE(exported.ok());
  CHECK(exported->size() == 10);
  CHECK_FALSE(std::filesystem::exists(out.string() + ".partial"));

  const auto pending = test::runProcess({kKiosk, "export", "--pending", "--data-dir", dir.path().string()});
  REQUIRE(pending.exitCode == 0);
  CHECK(std::count(pending.out.begin(), pending.out.end(), '\n') == 6);
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

TEST_CASE("without a display the kiosk says so in one line instead of running unseen", "[kiosk][cli]") {
  test::TempDir dir;
  // (XDG_RUNTIME_DIR set so that the Wayland client library keeps its own complaint to itself.)
  const auto run = test::runProcess({"/usr/bin/env", "-u", "DISPLAY", "-u", "WAYLAND_DISPLAY", "-u", "SDL_VIDEODRIVER",
                                     "XDG_RUNTIME_DIR=" + dir.path().string(), kKiosk, "--data-dir", dir.path().string(),
                                     "--windowed", "800x480"});
  CHECK(run.exitCode == 1);
  CHECK(run.err == "suara-kiosk: no display found (X11, Wayland or KMS); set SDL_VIDEODRIVER=offscreen to run without one\n");
}
