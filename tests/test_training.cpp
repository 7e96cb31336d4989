#include <catch2/catch.hpp>

#include "suara/core/training.hpp"
#include "support/responses.hpp"
#include "support/temp_dir.hpp"

using namespace suara;

TEST_CASE("bundled training catalog covers every element", "[training]") {
  auto catalog = loadTrainingCatalog(test::assets() / "training" / "catalog.json");
  REQUIRE(catalog.ok());
  for (int i = 0; i < kSkmElementCount; ++i) {
    INFO("element U" << i + 1);
    CHECK_FALSE(catalog->programmesFor(kSkmElementCodes[static_cast<std::size_t>(i)], responsibleLevel(i)).empty());
  }
  // The programme types of the regional ASN development plans are all there.
  for (const char* kind : {"training", "seminar", "workshop", "e_learning", "internship", "mentoring", "course"}) {
    const bool present = std::any_of(catalog->programmes.begin(), catalog->programmes.end(),
                                     [&](const Programme& p) { return p.kind == kind; });
    CHECK(present);
  }
}

TEST_CASE("programmes for the responsible level come first", "[training]") {
  auto catalog = loadTrainingCatalog(test::assets() / "training" / "catalog.json");
  REQUIRE(catalog.ok());
  const auto u7 = catalog->programmesFor("U7", ResponsibleLevel::Individual);
  REQUIRE(u7.size() >= 2);
  CHECK(u7.front()->level == ResponsibleLevel::Individual);
}

TEST_CASE("catalog validation names the place of each problem", "[training]") {
  auto result = parseTrainingCatalog(
      R"({"version":1,"programmes":[{"id":"a","kind":"party","level":"everyone","elements":["U0"],
          "name":{"id":"A","en":"A"},"description":{"id":"d"}}]})",
      "catalog.json");
  REQUIRE_FALSE(result.ok());
  const std::string& m = result.error().message;
  CHECK_THAT(m, Catch::Contains("/programmes/0/kind: unknown kind 'party'"));
  CHECK_THAT(m, Catch::Contains("/programmes/0/level: must be \"individual\" or \"unit\""));
  CHECK_THAT(m, Catch::Contains("/programmes/0/elements/0: unknown element code"));
  CHECK_THAT(m, Catch::Contains("/programmes/0/description/en: missing"));
}

TEST_CASE("training priorities rank by satisfaction deficit", "[training]") {
  auto catalog = loadTrainingCatalog(test::assets() / "training" / "catalog.json");
  REQUIRE(catalog.ok());
  // 10 respondents. U3 scores 2 from everyone: konversi 50,00, gap 26,61, deficit 266,1.
  // U7 scores 3 from everyone: konversi 75,00, gap 1,61, deficit 16,1.
  // U9 scores 1 from 2 of them (others skip it): konversi 25,00, gap 51,61, deficit 103,22.
  // Everything else scores 4 (konversi 100): no deficit, not listed.
  IkmAccumulator acc;
  for (int i = 0; i < 10; ++i) {
    Response r = test::skmAll({4, 4, 2, 4, 4, 4, 3, 4, 1});
    if (i >= 2) r.answers.erase("U9");
    acc.add(r);
  }
  const auto items = rankTrainingPriorities(acc.ikm(), acc.quick(), *catalog);
  REQUIRE(items.size() == 3);
  CHECK(items[0].code == "U3");
  CHECK(items[0].deficit == Approx(266.1));
  CHECK(items[0].gapHundredths == 2661);
  CHECK(items[0].level == ResponsibleLevel::Individual);
  CHECK(items[1].code == "U9");
  CHECK(items[1].respondents == 2);
  CHECK(items[1].level == ResponsibleLevel::Unit);
  CHECK(items[2].code == "U7");
  CHECK(items[2].konversiHundredths == 7500);
  for (const auto& item : items) CHECK_FALSE(item.programmes.empty());
}

TEST_CASE("quick-mode complaints feed the same ranking", "[training]") {
  auto catalog = loadTrainingCatalog(test::assets() / "training" / "catalog.json");
  auto reasons = std::make_shared<ReasonMap>(ReasonMap{{"waiting_time", 2}, {"staff_attitude", 6}});
  IkmAccumulator acc(reasons);
  // Three "Tidak puas" (1) naming waiting time: 3 × 51,61 = 154,83 on U3.
  // One "Kurang puas" (2) naming staff attitude: 26,61 on U7. Good ratings add nothing.
  for (int i = 0; i < 3; ++i) acc.add(test::quickResponse(1, {"waiting_time"}));
  acc.add(test::quickResponse(2, {"staff_attitude"}));
  acc.add(test::quickResponse(4));
  const auto items = rankTrainingPriorities(acc.ikm(), acc.quick(), *catalog);
  REQUIRE(items.size() == 2);
  CHECK(items[0].code == "U3");
  CHECK(items[0].mentions == 3);
  CHECK(items[0].deficit == Approx(154.83));
  CHECK_FALSE(items[0].konversiHundredths.has_value());
  CHECK(items[1].code == "U7");
  CHECK(quickMentionDeficit(3) == Approx(1.61));  // 76,61 − 75
  CHECK(quickMentionDeficit(4) == 0.0);
}
