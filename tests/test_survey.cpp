#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "suara/core/skm_elements.hpp"
#include "suara/core/survey.hpp"
#include "support/temp_dir.hpp"

using namespace suara;
using nlohmann::json;

namespace {
json minimalSkm() {
  json label = {{"id", "Sesuai"}, {"en", "Appropriate"}};
  return {{"id", "t"}, {"version", 1}, {"mode", "skm"}, {"title", {{"id", "Survei"}, {"en", "Survey"}}},
          {"elements", json::array({{{"code", "U1"}, {"name", {{"id", "Persyaratan"}, {"en", "Requirements"}}},
                                     {"question", {{"id", "Q?"}, {"en", "Q?"}}},
                                     {"labels", json::array({label, label, label, label})}}})}};
}
std::string problemsOf(const json& j) {
  auto result = parseSurvey(j.dump(), "t.json");
  REQUIRE_FALSE(result.ok());
  return result.error().message;
}
}  // namespace

TEST_CASE("bundled skm-2017 has the nine official elements and labels", "[survey]") {
  auto survey = loadSurveyById(test::assets() / "surveys", "skm-2017");
  REQUIRE(survey.ok());
  CHECK(survey->mode == SurveyMode::Skm);
  REQUIRE(survey->elements.size() == 9);
  for (std::size_t i = 0; i < 9; ++i) CHECK(survey->elements[i].code == "U" + std::to_string(i + 1));
  const auto* u4 = survey->findElement("U4");
  REQUIRE(u4);
  CHECK(u4->name.id == "Biaya/Tarif");
  CHECK(u4->labels[0].id == "Sangat mahal");
  CHECK(u4->labels[3].id == "Gratis");
  const auto* u8 = survey->findElement("U8");
  CHECK(u8->labels[1].id == "Ada tetapi tidak berfungsi");
  CHECK(u8->labels[3].id == "Dikelola dengan baik");
  CHECK(survey->findElement("U7")->labels[2].id == "Sopan dan ramah");
  CHECK(survey->findElement("U9")->labels[3].id == "Sangat Baik");
}

TEST_CASE("the element names reports use are the bundled skm-2017 survey's, in both languages", "[survey]") {
  auto survey = loadSurveyById(test::assets() / "surveys", "skm-2017");
  REQUIRE(survey.ok());
  for (int i = 0; i < kSkmElementCount; ++i) {
    const auto& element = survey->elements[static_cast<std::size_t>(i)];
    INFO(element.code);
    CHECK(skmElementName(i, Language::English) == element.name.en);
    CHECK(skmElementName(i, Language::Indonesian) == element.name.id);
  }
}

TEST_CASE("bundled quick-4 maps every reason to an SKM element", "[survey]") {
  auto survey = loadSurveyById(test::assets() / "surveys", "quick-4");
  REQUIRE(survey.ok());
  CHECK(survey->mode == SurveyMode::Quick);
  CHECK(survey->quick.faces[0].id == "Tidak puas");
  CHECK(survey->quick.faces[3].id == "Sangat puas");
  CHECK(survey->quick.followUpAtOrBelow == 2);
  CHECK(survey->findReason("waiting_time")->element == "U3");
  CHECK(survey->findReason("staff_attitude")->element == "U7");
  ReasonMap map;
  addReasons(*survey, map);
  CHECK(map.size() == survey->quick.reasons.size());
  CHECK(map.at("waiting_time") == 2);
}

TEST_CASE("survey validation reports every problem with its place", "[survey]") {
  SECTION("a valid minimal definition parses") { CHECK(parseSurvey(minimalSkm().dump(), "t.json").ok()); }
  SECTION("unknown element code") {
    json j = minimalSkm();
    j["elements"][0]["code"] = "U10";
    CHECK_THAT(problemsOf(j), Catch::Contains("t.json: /elements/0/code: unknown element code 'U10'"));
  }
  SECTION("duplicate element code") {
    json j = minimalSkm();
    j["elements"].push_back(j["elements"][0]);
    CHECK_THAT(problemsOf(j), Catch::Contains("/elements/1/code: duplicate element code 'U1'"));
  }
  SECTION("missing label and missing translation, both reported at once") {
    json j = minimalSkm();
    j["elements"][0]["labels"].erase(3);
    j["elements"][0]["name"].erase("en");
    const std::string message = problemsOf(j);
    CHECK_THAT(message, Catch::Contains("/elements/0/labels: must list exactly 4 labels"));
    CHECK_THAT(message, Catch::Contains("/elements/0/name/en: missing"));
  }
  SECTION("bad scale: follow-up threshold outside 0..3") {
    json j = {{"id", "q"}, {"version", 1}, {"mode", "quick"}, {"title", {{"id", "a"}, {"en", "b"}}},
              {"quick", {{"prompt", {{"id", "a"}, {"en", "b"}}}, {"faces", minimalSkm()["elements"][0]["labels"]},
                         {"follow_up_at_or_below", 7}, {"follow_up_prompt", {{"id", "a"}, {"en", "b"}}},
                         {"reasons", json::array({{{"id", "r"}, {"element", "U99"}, {"label", {{"id", "a"}, {"en", "b"}}}}})}}}};
    const std::string message = problemsOf(j);
    CHECK_THAT(message, Catch::Contains("/quick/follow_up_at_or_below: must be between 0 and 3, got 7"));
    CHECK_THAT(message, Catch::Contains("/quick/reasons/0/element: unknown element code 'U99'"));
  }
  SECTION("wrong type and unknown mode") {
    json j = minimalSkm();
    j["version"] = "one";
    j["mode"] = "long";
    const std::string message = problemsOf(j);
    CHECK_THAT(message, Catch::Contains("/version: must be an integer, got string"));
    CHECK_THAT(message, Catch::Contains("/mode: must be \"skm\" or \"quick\""));
  }
  SECTION("not JSON at all") {
    auto result = parseSurvey("{ nope", "t.json");
    REQUIRE_FALSE(result.ok());
    CHECK(result.error().message == "t.json: not valid JSON");
  }
}

TEST_CASE("a missing survey file names the path", "[survey]") {
  test::TempDir dir;
  auto result = loadSurveyById(dir.path(), "nope");
  REQUIRE_FALSE(result.ok());
  CHECK(result.error().code == Errc::NotFound);
  CHECK_THAT(result.error().message, Catch::Contains((dir.path() / "nope.json").string()));
}
