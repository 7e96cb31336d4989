// The dashboard's own arithmetic: periods, the ranking score's shrinkage, number formats.

#include <catch2/catch.hpp>

#include "dashboard/dashboard_service.hpp"
#include "dashboard/figures.hpp"
#include "dashboard/periods.hpp"
#include "dashboard/shrinkage.hpp"
#include "suara/core/grouping.hpp"

using namespace suara;
using namespace suara::hub;

TEST_CASE("periods parse as months, quarters and years, and nothing else", "[dashboard][periods]") {
  const auto q4 = parseMonthRange("2026-Q4").value();
  CHECK(q4.from == 2026 * 12 + 9);
  CHECK(q4.months() == 3);
  CHECK(q4.label() == "2026-Q4");
  CHECK(q4.previous().label() == "2026-Q3");
  CHECK(q4.next().label() == "2027-Q1");
  CHECK(parseMonthRange("2026-01").value().previous().label() == "2025-12");
  CHECK(parseMonthRange("2026").value().months() == 12);
  CHECK(parseMonthRange("2026-Q4").value().title(Language::Indonesian) == "Triwulan IV 2026");
  for (const char* bad : {"", "2026-13", "2026-00", "2026-Q0", "2026-Q5", "1969", "10000", "2026-1", "2026Q4", "abcd", "2026-Q4x"})
    CHECK_FALSE(parseMonthRange(bad));
}

TEST_CASE("the current quarter is taken in WIB: 31 Dec 17:30 UTC is already January", "[dashboard][periods]") {
  const std::int64_t newYearWib = 1798736400000;  // 2027-01-01 00:00 WIB = 2026-12-31 17:00 UTC
  CHECK(currentQuarter(newYearWib + 30 * 60'000).label() == "2027-Q1");
  CHECK(currentQuarter(newYearWib - 1).label() == "2026-Q4");
  CHECK(monthsBegun(parseMonthRange("2026-Q4").value(), newYearWib - 1) == 3);
  CHECK(monthsBegun(parseMonthRange("2027").value(), newYearWib) == 1);
  CHECK(monthsBegun(parseMonthRange("2028").value(), newYearWib) == 0);
}

TEST_CASE("shrinkage pulls a small sample further toward the mean than a large one", "[dashboard][ranking]") {
  // Three large units around 80 and two extremes: 95 on 12 respondents, 90 on 900.
  const std::vector<ShrinkInput> units = {{80, 800, 400}, {78, 700, 400}, {82, 900, 400}, {95, 12, 400}, {90, 900, 400}};
  const ShrinkResult shrunk = shrinkTowardMean(units);
  REQUIRE(shrunk.scores.size() == units.size());
  CHECK(shrunk.betweenVariance > 0);
  CHECK(shrunk.scores[3] < 95);
  CHECK(shrunk.scores[4] > shrunk.scores[3]);  // 900 at 90 outranks 12 at 95
  CHECK(std::abs(shrunk.scores[4] - 90) < std::abs(shrunk.scores[3] - 95));
  for (std::size_t i = 0; i < units.size(); ++i)  // never past the mean, never past its own figure
    CHECK(std::min(units[i].figure, shrunk.mean) - 1e-9 <= shrunk.scores[i]);
}

TEST_CASE("with fewer than three units nothing is shrunk", "[dashboard][ranking]") {
  const ShrinkResult shrunk = shrinkTowardMean({{95, 3, 400}, {70, 500, 400}});
  CHECK(shrunk.scores == std::vector<double>{95, 70});
}

TEST_CASE("numbers are written the reader's way", "[dashboard][format]") {
  CHECK(hundredthsText(7661, Language::Indonesian) == "76,61");
  CHECK(hundredthsText(7661, Language::English) == "76.61");
  CHECK(countText(1234567, Language::Indonesian) == "1.234.567");
  CHECK(countText(1234567, Language::English) == "1,234,567");
  CHECK(countText(999, Language::Indonesian) == "999");
  CHECK(countText(0, Language::English) == "0");
}

TEST_CASE("the element chart marks elements below B in words, not only colour", "[dashboard][format]") {
  RollupTally tally;
  tally.skmRespondents = 4;
  for (auto& e : tally.elements) e = ElementTally{4, 16, 64};  // all 4s
  tally.elements[2] = ElementTally{4, 8, 16};                    // U3 all 2s: 50,00
  const auto elements = elementsJson(tally, Language::Indonesian);
  CHECK(elements[2]["below_b"].get<bool>());
  CHECK_FALSE(elements[0]["below_b"].get<bool>());
  const std::string svg = elementChartSvg(elements, Language::Indonesian);
  CHECK(svg.find("50,00 ▼ di bawah B") != std::string::npos);
  CHECK(svg.find("100,00 ▼") == std::string::npos);
  CHECK(svg.find("<script") == std::string::npos);
}
