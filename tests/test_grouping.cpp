#include <catch2/catch.hpp>

#include "suara/core/grouping.hpp"
#include "support/responses.hpp"

using namespace suara;

namespace {
// 2025-11-22 00:30 WIB = 2025-11-21 17:30 UTC: the date differs between WIB and UTC.
constexpr std::int64_t kJustAfterMidnightWib = 1'763'746'200'000;
}  // namespace

TEST_CASE("period labels use the unit's UTC offset", "[grouping]") {
  CHECK(periodLabel(kJustAfterMidnightWib, Period::Day, 7) == "2025-11-22");
  CHECK(periodLabel(kJustAfterMidnightWib, Period::Day, 0) == "2025-11-21");
  CHECK(periodLabel(kJustAfterMidnightWib, Period::Month, 7) == "2025-11");
  CHECK(periodLabel(kJustAfterMidnightWib, Period::Quarter, 7) == "2025-Q4");
  CHECK(periodLabel(kJustAfterMidnightWib, Period::Year, 7) == "2025");
  CHECK(periodLabel(kJustAfterMidnightWib, Period::All, 7) == "all");
}

TEST_CASE("ISO weeks across year boundaries", "[grouping]") {
  constexpr std::int64_t day = 86'400'000;
  // 2024-12-30 (Monday) belongs to 2025-W01; 2021-01-03 (Sunday) to 2020-W53.
  CHECK(periodLabel(20087 * day, Period::Week, 0) == "2025-W01");
  CHECK(periodLabel(18630 * day, Period::Week, 0) == "2020-W53");
  CHECK(periodLabel(18631 * day, Period::Week, 0) == "2021-W01");  // Monday 2021-01-04
  CHECK(periodLabel(0, Period::Week, 0) == "1970-W01");             // Thursday
}

TEST_CASE("grouping by dimension and period", "[grouping]") {
  std::vector<Response> responses;
  for (const char* unit : {"dumai", "dumai", "solok"}) {
    Response r = test::skmAll({4, 4, 4, 4, 4, 4, 4, 4, 4});
    r.unitId = unit;
    r.clock.wallMs = kJustAfterMidnightWib;
    responses.push_back(r);
  }
  responses[2].answers["U1"] = 1;
  responses.push_back(test::quickResponse(3));
  responses.back().clock.wallMs = kJustAfterMidnightWib + 40LL * 86'400'000;  // January 2026

  std::vector<CountedResponse> counted;
  for (const auto& r : responses) counted.push_back({&r, test::modeOf(r)});
  const auto byUnit = groupResponses(counted, Dimension::Unit, Period::Month, nullptr);
  REQUIRE(byUnit.size() == 3);
  auto it = byUnit.begin();
  CHECK(it->first == GroupKey{"-", "2026-01"});
  CHECK(it->second.tally.quick().respondents == 1);
  ++it;
  CHECK(it->first == GroupKey{"dumai", "2025-11"});
  CHECK(it->second.tally.ikm().respondents == 2);
  CHECK(it->second.tally.ikm().konversiHundredths == 10000);
  ++it;
  CHECK(it->first == GroupKey{"solok", "2025-11"});
  // U1 = 1, others 4: (1 + 32) / 9 × 25 = 91,67
  CHECK(it->second.tally.ikm().konversiHundredths == 9167);
}

TEST_CASE("dimension and period names parse back", "[grouping]") {
  for (auto name : {"all", "unit", "service", "counter", "officer", "survey"}) CHECK(dimensionName(*parseDimension(name)) == name);
  for (auto name : {"all", "day", "week", "month", "quarter", "year"}) CHECK(periodName(*parsePeriod(name)) == name);
  CHECK_FALSE(parseDimension("colour"));
}
