// suara-hub as operators use it: a real process, its output and exit codes.

#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "suara/core/demo_data.hpp"
#include "suara/core/report.hpp"
#include "suara/core/response_file.hpp"
#include "suara/core/survey.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace suara;

namespace {
const std::string kHub = SUARA_HUB_EXE;
const auto kSample = test::assets() / "samples" / "demo-responses.jsonl";
}  // namespace

TEST_CASE("the bundled sample is exactly what demo-data generates", "[hub][cli]") {
  std::ostringstream generated;
  writeResponsesJsonl(generated, generateDemoResponses({}));
  std::ifstream bundled(kSample);
  std::stringstream text;
  text << bundled.rdbuf();
  CHECK(text.str() == generated.str());
}

TEST_CASE("report --format json agrees with the library computed in-process", "[hub][cli]") {
  const auto run = test::runProcess({kHub, "report", kSample.string(), "--by", "unit", "--format", "json"});
  REQUIRE(run.exitCode == 0);
  CHECK(run.err.empty());
  const auto printed = nlohmann::json::parse(run.out);

  auto responses = readResponsesJsonl(kSample);
  REQUIRE(responses.ok());
  auto reasons = std::make_shared<ReasonMap>();
  addReasons(*loadSurveyById(test::assets() / "surveys", "quick-4"), *reasons);
  const auto catalog = loadTrainingCatalog(test::assets() / "training" / "catalog.json");
  const Report expected = buildReport(*responses, {}, reasons, *catalog);

  REQUIRE(printed["groups"].size() == expected.groups.size());
  CHECK(printed["groups"].size() == 5);
  for (std::size_t i = 0; i < expected.groups.size(); ++i) {
    const auto& group = expected.groups[i];
    INFO(group.key.value);
    CHECK(printed["groups"][i]["value"] == group.key.value);
    CHECK(printed["groups"][i]["ikm"]["konversi_display"] == formatHundredths(group.ikm.konversiHundredths));
    CHECK(printed["groups"][i]["ikm"]["mutu"] == std::string(1, mutuLetter(*group.ikm.mutu)));
    CHECK(printed["groups"][i]["priorities"].size() == group.priorities.size());
  }
  CHECK(printed["overall"]["responses"] == 1000);
}

TEST_CASE("the text report names mutu and priorities in Indonesian", "[hub][cli]") {
  const auto run = test::runProcess({kHub, "report", kSample.string()});
  REQUIRE(run.exitCode == 0);
  CHECK_THAT(run.out, Catch::Contains("Laporan Indeks Kepuasan Masyarakat"));
  CHECK_THAT(run.out, Catch::Contains("Prioritas pembinaan"));
  CHECK_THAT(run.out, Catch::Contains("pematangsiantar"));
  const auto english = test::runProcess({kHub, "report", kSample.string(), "--lang", "en"});
  CHECK_THAT(english.out, Catch::Contains("Training priorities"));
}

TEST_CASE("bad input is one clear line on stderr and a non-zero exit", "[hub][cli]") {
  test::TempDir dir;
  const auto bad = dir / "bad.jsonl";
  std::ifstream sample(kSample);
  std::string first;
  std::getline(sample, first);
  std::ofstream(bad) << first << "\n{\"id\": 12}\n";

  const auto run = test::runProcess({kHub, "report", bad.string()});
  CHECK(run.exitCode != 0);
  CHECK(run.out.empty());
  CHECK(run.err == "suara-hub: " + bad.string() + ":2: 'id' must be a string\n");

  const auto missing = test::runProcess({kHub, "report", (dir / "none.jsonl").string()});
  CHECK(missing.exitCode != 0);
  CHECK(std::count(missing.err.begin(), missing.err.end(), '\n') == 1);

  const auto option = test::runProcess({kHub, "report", "--demo", "--period", "fortnight"});
  CHECK(option.exitCode != 0);
  CHECK_THAT(option.err, Catch::StartsWith("suara-hub: --period: fortnight not in"));

  const auto none = test::runProcess({kHub});
  CHECK(none.exitCode != 0);
}
