#include <catch2/catch.hpp>

#include "suara/core/training.hpp"
#include "support/responses.hpp"
#include "support/temp_dir.hpp"

using namespace suara;

namespace {
const TrainingCatalog& bundledCatalog() {
  static const TrainingCatalog catalog = *loadTrainingCatalog(test::assets() / "training" / "catalog.json");
  return catalog;
}
}  // namespace

TEST_CASE("bundled catalog: every element has a first choice, every mapping a reason", "[training]") {
  auto catalog = loadTrainingCatalog(test::assets() / "training" / "catalog.json");
  REQUIRE(catalog.ok());
  for (int i = 0; i < kSkmElementCount; ++i) {
    const std::string_view code = kSkmElementCodes[static_cast<std::size_t>(i)];
    INFO("element " << code);
    const auto programmes = catalog->programmesFor(code);
    REQUIRE_FALSE(programmes.empty());
    CHECK(programmes.front()->mappingFor(code)->rank == 1);
  }
  for (const auto& p : catalog->programmes)
    for (const auto& m : p.elements) {
      INFO(p.id << " -> " << m.code);
      CHECK_FALSE(m.reason.in(Language::Indonesian).empty());
      CHECK_FALSE(m.reason.in(Language::English).empty());
    }
  // Every programme type the regional ASN development plans name is there, and every action type.
  for (const char* kind : {"training", "seminar", "workshop", "e_learning", "internship", "mentoring", "course"}) {
    INFO(kind);
    CHECK(std::any_of(catalog->programmes.begin(), catalog->programmes.end(), [&](const Programme& p) { return p.kind == kind; }));
  }
  for (const ActionType type : {ActionType::Training, ActionType::Mentoring, ActionType::Sop, ActionType::Facility, ActionType::Policy}) {
    INFO(actionTypeName(type));
    CHECK(std::any_of(catalog->programmes.begin(), catalog->programmes.end(), [&](const Programme& p) { return p.action == type; }));
  }
}

TEST_CASE("bundled catalog: courtesy goes to service training and mentoring, facilities to facility work", "[training]") {
  const auto u7 = bundledCatalog().programmesFor("U7");
  REQUIRE(u7.size() >= 2);
  CHECK(u7[0]->id == "service_excellence_training");
  CHECK(u7[1]->action == ActionType::Mentoring);
  for (const Programme* p : u7) CHECK(p->id != "english_language");
  CHECK(bundledCatalog().programmesFor("U9").front()->action == ActionType::Facility);
  CHECK(bundledCatalog().programmesFor("U5").front()->action == ActionType::Sop);
  CHECK(bundledCatalog().programmesFor("U4").front()->action == ActionType::Policy);
}

TEST_CASE("catalog validation names the place of each problem", "[training]") {
  auto result = parseTrainingCatalog(
      R"({"version":1,"programmes":[{"id":"a","action":"party","kind":"party","level":"everyone",
          "elements":[{"code":"U0","rank":1,"reason":{"id":"r","en":"r"}},"U1"],
          "name":{"id":"A","en":"A"},"description":{"id":"d"}}]})",
      "catalog.json");
  REQUIRE_FALSE(result.ok());
  const std::string& m = result.error().message;
  CHECK_THAT(m, Catch::Contains("/programmes/0/action: unknown action 'party'"));
  CHECK_THAT(m, Catch::Contains("/programmes/0/kind: unknown kind 'party'"));
  CHECK_THAT(m, Catch::Contains("/programmes/0/level: must be \"individual\" or \"unit\""));
  CHECK_THAT(m, Catch::Contains("/programmes/0/elements/0/code: unknown element code"));
  CHECK_THAT(m, Catch::Contains("/programmes/0/elements/1: must be an object with code, rank and reason"));
  CHECK_THAT(m, Catch::Contains("/programmes/0/description/en: missing"));
}

TEST_CASE("the plan lists only elements below B, ranked by gap times respondents", "[training][rtl]") {
  // 40 respondents. U3 scores 2 from everyone: konversi 50,00, gap 26,61 × 40.
  // U7 scores 2 from 8 and 3 from 32: konversi 70,00, gap 6,61 × 40 = 264,40.
  // U9 scores 1 from 10 of them (others skip it): konversi 25,00, gap 51,61 × 10 = 516,10,
  // ahead of U7 though fewer answered it. All three intervals stay below B: certain.
  // U1 scores 4 (A) and U2 scores 4 from 20 and 3 from 20 (87,50, B): not in the plan.
  IkmAccumulator acc;
  for (int i = 0; i < 40; ++i) {
    Response r = test::skmAll({4, i < 20 ? 4 : 3, 2, 4, 4, 4, i < 8 ? 2 : 3, 4, 1});
    if (i >= 10) r.answers.erase("U9");
    test::count(acc, r);
  }
  const auto items = rankTrainingPriorities(acc.ikm(), acc.quick(), bundledCatalog(), {"2027-Q1", {}});
  REQUIRE(items.size() == 3);
  CHECK(items[0].code == "U3");
  CHECK(items[0].score == 2661 * 40);
  CHECK(items[0].gapHundredths == 2661);
  CHECK(items[1].code == "U9");
  CHECK(items[1].score == 5161 * 10);
  CHECK(items[2].code == "U7");
  CHECK(items[2].score == 661 * 40);
  CHECK(items[0].quarter == "2027-Q1");
  CHECK(items[1].quarter == "2027-Q1");
  CHECK(items[2].quarter == "2027-Q2");
  for (const auto& item : items) {
    CHECK_FALSE(item.needsMoreData);
    CHECK_FALSE(item.programmes.empty());
    CHECK(item.office.empty());  // none configured: the report shows the level
  }
}

TEST_CASE("a few identical answers are not certain: their spread is not taken as zero", "[training][rtl]") {
  // Two respondents both answering 1 (konversi 25,00), and forty all answering 3 (75,00): with
  // no spread the normal interval would be a point and both would be scheduled as certain.
  for (const auto& [answered, score] : {std::pair{2, 1}, std::pair{40, 3}}) {
    ElementTally tally;
    for (int i = 0; i < answered; ++i) tally.add(score);
    const auto [low, high] = konversiInterval(tally);
    INFO(answered << " answers of " << score);
    CHECK(low <= score * 2500);
    CHECK(high > low);
    CHECK(high >= kThresholdBHundredths);
  }
  ElementTally many;  // a thousand 3s: narrow, and below B
  for (int i = 0; i < 1000; ++i) many.add(3);
  CHECK(konversiInterval(many).second < kThresholdBHundredths);
}

TEST_CASE("an element whose interval reaches B needs more data and is not ranked as certain", "[training][rtl]") {
  // U3: four respondents, answers 2, 4, 3, 3: konversi 75,00, below B, but the interval
  // spans far above 76,61. U7: 30 respondents all giving 2: konversi 50,00, certain.
  IkmAccumulator acc;
  for (int i = 0; i < 30; ++i) {
    Response r = test::skmAll({4, 4, 4, 4, 4, 4, 2, 4, 4});
    if (i >= 4) r.answers.erase("U3");
    else r.answers["U3"] = std::array{2, 4, 3, 3}[static_cast<std::size_t>(i)];
    test::count(acc, r);
  }
  const auto items = rankTrainingPriorities(acc.ikm(), acc.quick(), bundledCatalog(), {"2027-Q1", {}});
  REQUIRE(items.size() == 2);
  CHECK(items[0].code == "U7");
  CHECK_FALSE(items[0].needsMoreData);
  CHECK(items[1].code == "U3");
  CHECK(items[1].needsMoreData);
  CHECK(items[1].ciLowHundredths < 7500);
  CHECK(items[1].ciHighHundredths >= kThresholdBHundredths);
  CHECK(items[1].quarter.empty());
}

TEST_CASE("a configured office answers for its element, else for its level", "[training][rtl]") {
  IkmAccumulator acc;
  for (int i = 0; i < 20; ++i) test::count(acc, test::skmAll({4, 4, 2, 4, 4, 4, 2, 4, 1}));
  RtlOptions options{"2027-Q1", {{"U9", "Sub Bagian Umum"}, {"individual", "Seksi Pelayanan"}}};
  const auto items = rankTrainingPriorities(acc.ikm(), acc.quick(), bundledCatalog(), options);
  REQUIRE(items.size() == 3);
  for (const auto& item : items) {
    INFO(item.code);
    CHECK(item.office == (item.code == "U9" ? "Sub Bagian Umum" : "Seksi Pelayanan"));
  }
}

TEST_CASE("quick complaints beside a good SKM score are evidence, not priorities", "[training][rtl]") {
  // U3 graded A in SKM (all 4): two quick complaints about waiting must not put it in the plan.
  auto reasons = std::make_shared<ReasonMap>(ReasonMap{{"waiting_time", 2}, {"staff_attitude", 6}});
  IkmAccumulator acc(reasons);
  for (int i = 0; i < 10; ++i) test::count(acc, test::skmAll({4, 4, 4, 4, 4, 4, 4, 4, 4}));
  test::count(acc, test::quickResponse(1, {"waiting_time"}));
  test::count(acc, test::quickResponse(1, {"waiting_time"}));
  CHECK(rankTrainingPriorities(acc.ikm(), acc.quick(), bundledCatalog()).empty());
}

TEST_CASE("a quick-only group ranks by complaints when its quick index is below B, and says so", "[training][rtl]") {
  auto reasons = std::make_shared<ReasonMap>(ReasonMap{{"waiting_time", 2}, {"staff_attitude", 6}});
  IkmAccumulator acc(reasons);
  for (int i = 0; i < 3; ++i) test::count(acc, test::quickResponse(1, {"waiting_time"}));
  test::count(acc, test::quickResponse(2, {"staff_attitude"}));
  test::count(acc, test::quickResponse(4, {"staff_attitude"}));  // satisfied: evidence, not a complaint
  // quick index (1+1+1+2+4)/5 × 25 = 45,00: below B
  const auto items = rankTrainingPriorities(acc.ikm(), acc.quick(), bundledCatalog());
  REQUIRE(items.size() == 2);
  CHECK(items[0].code == "U3");
  CHECK(items[0].basis == RtlBasis::QuickOnly);
  CHECK(items[0].complaints == 3);
  CHECK_FALSE(items[0].konversiHundredths.has_value());
  CHECK(items[1].code == "U7");
  CHECK(items[1].complaints == 1);
  CHECK(items[1].satisfiedMentions == 1);

  // Many satisfied citizens lift the quick index to A: the same complaints rank nothing.
  for (int i = 0; i < 100; ++i) test::count(acc, test::quickResponse(4));
  CHECK(rankTrainingPriorities(acc.ikm(), acc.quick(), bundledCatalog()).empty());
}

TEST_CASE("a reason given with a rating of 3 or 4 is never a complaint", "[training][rtl]") {
  auto reasons = std::make_shared<ReasonMap>(ReasonMap{{"waiting_time", 2}});
  IkmAccumulator acc(reasons);
  test::count(acc, test::quickResponse(3, {"waiting_time"}));
  test::count(acc, test::quickResponse(4, {"waiting_time"}));
  CHECK(acc.quick().mentions[2] == 0);
  CHECK(acc.quick().mentionsWhenSatisfied[2] == 2);
}

TEST_CASE("quarters count on across years", "[training][rtl]") {
  CHECK(addQuarters("2026-Q4", 1) == "2027-Q1");
  CHECK(addQuarters("2026-Q1", 0) == "2026-Q1");
  CHECK(addQuarters("2026-Q3", 5) == "2027-Q4");
  CHECK(addQuarters("", 2).empty());
}
