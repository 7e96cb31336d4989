// suara-hub as operators use it: a real process, its output and exit codes.

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
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

TEST_CASE("report --lang en names the SKM elements in English, in text and JSON", "[hub][cli]") {
  const auto text = test::runProcess({kHub, "report", kSample.string(), "--lang", "en"});
  REQUIRE(text.exitCode == 0);
  CHECK_THAT(text.out, Catch::Contains("U1  Requirements") && Catch::Contains("U7  Staff behaviour"));
  CHECK_THAT(text.out, !Catch::Contains("Persyaratan") && !Catch::Contains("Pelaksana"));
  const auto json = test::runProcess({kHub, "report", kSample.string(), "--lang", "en", "--format", "json"});
  REQUIRE(json.exitCode == 0);
  const auto printed = nlohmann::json::parse(json.out);
  CHECK(printed["overall"]["ikm"]["elements"][8]["name"] == "Facilities and infrastructure");
  std::map<std::string, std::string> names;  // code → name, from the element list
  for (const auto& element : printed["overall"]["ikm"]["elements"]) names[element["code"]] = element["name"];
  REQUIRE_FALSE(printed["overall"]["priorities"].empty());
  for (const auto& priority : printed["overall"]["priorities"]) CHECK(priority["name"] == names[priority["code"]]);
  const auto indonesian = test::runProcess({kHub, "report", kSample.string(), "--format", "json"});
  CHECK(nlohmann::json::parse(indonesian.out)["overall"]["ikm"]["elements"][0]["name"] == "Persyaratan");
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
