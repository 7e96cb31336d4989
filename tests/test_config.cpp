#include <catch2/catch.hpp>

#include <fstream>

#include "suara/core/config.hpp"
#include "support/temp_dir.hpp"

using namespace suara;

namespace {
std::string errorOf(std::string_view toml) {
  auto result = parseKioskConfig(toml, "kiosk.toml");
  REQUIRE_FALSE(result.ok());
  return result.error().message;
}
}  // namespace

TEST_CASE("an empty config gives the defaults", "[config]") {
  auto config = parseKioskConfig("", "kiosk.toml");
  REQUIRE(config.ok());
  CHECK(config->kiosk.survey == "quick-4");
  CHECK(config->kiosk.language == Language::Indonesian);
  CHECK(config->flow.idleTimeoutSeconds == 45);
  CHECK(config->sync.batchSize == 500);
}

TEST_CASE("a full config is read", "[config]") {
  auto config = parseKioskConfig(R"(
[kiosk]
unit_id = "dumai"
unit_name = "Mal Pelayanan Publik Kota Dumai"
counter_id = "loket-3"
survey = "skm-2017"
language = "en"

[flow]
idle_timeout_seconds = 60
partial = "discard"
ask_profile = false

[[services]]
id = "ktp"
name = "KTP Elektronik"
name_en = "Electronic ID card"

[[services]]
id = "kk"
name = "Kartu Keluarga"

[sync]
hub_url = "https://hub.example.go.id"
batch_size = 200

[store]
retention_days = 7
)",
                                 "kiosk.toml");
  REQUIRE(config.ok());
  CHECK(config->kiosk.unitId == "dumai");
  CHECK(config->kiosk.counterId == "loket-3");
  CHECK(config->kiosk.language == Language::English);
  CHECK(config->flow.partial == PartialPolicy::Discard);
  CHECK_FALSE(config->flow.askProfile);
  REQUIRE(config->services.size() == 2);
  CHECK(config->services[0].name.en == "Electronic ID card");
  CHECK(config->services[1].name.en == "Kartu Keluarga");  // falls back to Indonesian
  CHECK(config->sync.hubUrl == "https://hub.example.go.id");
  CHECK(config->store.retentionDays == 7);
}

TEST_CASE("config errors name the key and the line", "[config]") {
  CHECK(errorOf("[flow]\nidle_timout_seconds = 30\n") == "kiosk.toml:2: unknown key 'flow.idle_timout_seconds'");
  CHECK(errorOf("[flow]\n\nidle_timeout_seconds = \"30\"\n") ==
        "kiosk.toml:3: 'flow.idle_timeout_seconds' must be an integer, got string");
  CHECK(errorOf("[flow]\nidle_timeout_seconds = 1\n") ==
        "kiosk.toml:2: 'flow.idle_timeout_seconds' must be between 10 and 600, got 1");
  CHECK(errorOf("[kiosk]\nlanguage = \"fr\"\n") == "kiosk.toml:2: 'kiosk.language' must be one of \"id\", \"en\", got \"fr\"");
  CHECK(errorOf("colour = 3\n") == "kiosk.toml:1: unknown key 'colour'");
  CHECK(errorOf("[sync]\nhub_url = \"ftp://x\"\n") == "kiosk.toml:2: 'sync.hub_url' must start with http:// or https://");
  CHECK_THAT(errorOf("[kiosk\n"), Catch::StartsWith("kiosk.toml:1: "));
}

TEST_CASE("several config errors are reported together", "[config]") {
  const std::string message = errorOf("[flow]\nask_profile = 1\n[store]\nretention_days = -1\n");
  CHECK_THAT(message, Catch::Contains("kiosk.toml:2: 'flow.ask_profile' must be true or false, got integer"));
  CHECK_THAT(message, Catch::Contains("kiosk.toml:4: 'store.retention_days' must be between 0 and 3650, got -1"));
}

TEST_CASE("a missing config file names the path tried", "[config]") {
  test::TempDir dir;
  auto result = loadKioskConfig(dir / "kiosk.toml");
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().code == Errc::NotFound);
  CHECK(result.error().message == "cannot read config file '" + (dir / "kiosk.toml").string() + "': No such file or directory");
}

TEST_CASE("the sample kiosk config in packaging/ is valid", "[config]") {
  auto result = loadKioskConfig(test::assets().parent_path() / "packaging" / "kiosk.toml");
  INFO((result.ok() ? std::string() : result.error().message));
  CHECK(result.ok());
}

TEST_CASE("flow: when the service is asked, the follow-up timeout, the input guard, the profile's questions", "[config]") {
  const auto defaults = parseKioskConfig("", "kiosk.toml");
  REQUIRE(defaults.ok());
  CHECK(defaults->flow.askService == ServiceQuestion::After);  // one tap rates
  CHECK(defaults->flow.followUpTimeoutSeconds == 20);
  CHECK(defaults->flow.inputGuardMs == 300);
  CHECK(defaults->flow.profileFields == std::vector<ProfileField>{ProfileField::Age, ProfileField::Education, ProfileField::Occupation});

  const auto set = parseKioskConfig("[flow]\nask_service = \"before\"\nfollow_up_timeout_seconds = 30\ninput_guard_ms = 500\n"
                                    "profile_fields = [\"gender\", \"age\"]\n", "kiosk.toml");
  REQUIRE(set.ok());
  CHECK(set->flow.askService == ServiceQuestion::Before);
  CHECK(set->flow.followUpTimeoutSeconds == 30);
  CHECK(set->flow.inputGuardMs == 500);
  CHECK(set->flow.profileFields == std::vector<ProfileField>{ProfileField::Gender, ProfileField::Age});
  // The 0.1 spelling keeps its meaning: true asked before the rating.
  CHECK(parseKioskConfig("[flow]\nask_service = true\n", "k")->flow.askService == ServiceQuestion::Before);
  CHECK(parseKioskConfig("[flow]\nask_service = false\n", "k")->flow.askService == ServiceQuestion::Never);
  CHECK(parseKioskConfig("[flow]\nprofile_fields = []\n", "k")->flow.profileFields.empty());

  const auto bad = parseKioskConfig("[flow]\nask_service = \"sometimes\"\nprofile_fields = [\"age\", \"age\"]\ninput_guard_ms = 5000\n",
                                    "kiosk.toml");
  REQUIRE_FALSE(bad.ok());
  CHECK_THAT(bad.error().message, Catch::Contains("kiosk.toml:2: 'flow.ask_service' must be one of \"before\", \"after\", \"never\""));
  CHECK_THAT(bad.error().message, Catch::Contains("kiosk.toml:3: 'flow.profile_fields' must list distinct values"));
  CHECK_THAT(bad.error().message, Catch::Contains("kiosk.toml:4: 'flow.input_guard_ms' must be between 0 and 2000"));
}
