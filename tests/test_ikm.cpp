#include <catch2/catch.hpp>

#include "suara/core/ikm.hpp"
#include "support/responses.hpp"

using namespace suara;
using suara::test::skmAll;
using suara::test::skmResponse;

namespace {
// Nine elements, each with `answered` respondents whose answers sum to `sum`.
IkmSummary uniform(std::int64_t answered, std::int64_t sum) {
  std::array<ElementTally, kSkmElementCount> tallies{};
  for (auto& t : tallies) t = {answered, sum};
  return summarize(tallies, answered);
}
}  // namespace

TEST_CASE("IKM worked example: four respondents, all nine elements", "[ikm]") {
  // Respondent answers, element by element (U1..U9):
  //   R1: 4 3 2 4 3 3 4 2 3
  //   R2: 4 3 3 4 4 3 4 2 3
  //   R3: 3 3 2 4 3 4 4 3 3
  //   R4: 3 3 3 4 3 4 3 3 4
  // Sums per element: 14 12 10 16 13 14 15 10 13
  // NRR = sum / 4:    3,50 3,00 2,50 4,00 3,25 3,50 3,75 2,50 3,25
  // Σ NRR = 29,25;  IKM = 29,25 × 1/9 = 3,25;  konversi = 3,25 × 25 = 81,25
  // 81,25 lies in 76,61–88,30, so mutu B (Baik).
  IkmAccumulator acc;
  test::count(acc, skmAll({4, 3, 2, 4, 3, 3, 4, 2, 3}));
  test::count(acc, skmAll({4, 3, 3, 4, 4, 3, 4, 2, 3}));
  test::count(acc, skmAll({3, 3, 2, 4, 3, 4, 4, 3, 3}));
  test::count(acc, skmAll({3, 3, 3, 4, 3, 4, 3, 3, 4}));
  const IkmSummary s = acc.ikm();

  const double expectedNrr[9] = {3.5, 3.0, 2.5, 4.0, 3.25, 3.5, 3.75, 2.5, 3.25};
  for (std::size_t i = 0; i < 9; ++i) {
    INFO("element U" << i + 1);
    CHECK(s.elements[i].answered == 4);
    CHECK(s.elements[i].nrr() == Approx(expectedNrr[i]));
  }
  CHECK(s.respondents == 4);
  CHECK(s.complete());
  CHECK(s.ikm.text() == "13/4");
  CHECK(s.ikmHundredths == 325);
  CHECK(s.konversi.text() == "325/4");
  CHECK(s.konversiHundredths == 8125);
  CHECK(formatHundredths(s.konversiHundredths) == "81,25");
  REQUIRE(s.mutu);
  CHECK(*s.mutu == Mutu::B);
  CHECK(mutuLabel(*s.mutu) == "Baik");
}

TEST_CASE("unanswered elements do not count as zero", "[ikm]") {
  // R1 answers everything with 4; R2 answers only U1 with 2.
  // U1: (4 + 2) / 2 = 3,00. U2..U9: 4 / 1 = 4,00 (R2 is not a respondent for them).
  // IKM = (3 + 8 × 4) / 9 = 35/9 = 3,8889; konversi = 97,22 -> A.
  IkmAccumulator acc;
  test::count(acc, skmAll({4, 4, 4, 4, 4, 4, 4, 4, 4}));
  test::count(acc, skmResponse({{"U1", 2}}));
  const IkmSummary s = acc.ikm();
  CHECK(s.elements[0].nrr() == Approx(3.0));
  CHECK(s.elements[1].answered == 1);
  CHECK(s.elements[1].nrr() == Approx(4.0));
  CHECK(s.konversiHundredths == 9722);
  CHECK(*s.mutu == Mutu::A);
}

TEST_CASE("an element nobody answered is left out and the summary says so", "[ikm]") {
  // Only U1..U8 answered, all with 3: IKM over the 8 answered elements = 3, konversi 75,00.
  // Counting U9 as zero would give 24/9 × 25 = 66,67 instead.
  IkmAccumulator acc;
  test::count(acc, skmResponse({{"U1", 3}, {"U2", 3}, {"U3", 3}, {"U4", 3}, {"U5", 3}, {"U6", 3}, {"U7", 3}, {"U8", 3}}));
  const IkmSummary s = acc.ikm();
  CHECK_FALSE(s.complete());
  CHECK(s.answeredElements == 8);
  CHECK(s.konversiHundredths == 7500);
  CHECK(*s.mutu == Mutu::C);
}

TEST_CASE("no answers gives no IKM and no mutu", "[ikm]") {
  IkmAccumulator acc;
  test::count(acc, test::quickResponse(4));
  const IkmSummary s = acc.ikm();
  CHECK(s.respondents == 0);
  CHECK_FALSE(s.mutu.has_value());
  CHECK(acc.quick().respondents == 1);
}

TEST_CASE("mutu category boundaries of PermenPANRB 14/2017", "[ikm][boundaries]") {
  CHECK(mutuForHundredths(10000) == Mutu::A);
  CHECK(mutuForHundredths(8831) == Mutu::A);
  CHECK(mutuForHundredths(8830) == Mutu::B);
  CHECK(mutuForHundredths(7661) == Mutu::B);
  CHECK(mutuForHundredths(7660) == Mutu::C);
  CHECK(mutuForHundredths(6500) == Mutu::C);
  CHECK(mutuForHundredths(6499) == Mutu::D);
  CHECK(mutuForHundredths(2500) == Mutu::D);
}

TEST_CASE("boundaries reached through real tallies", "[ikm][boundaries]") {
  // Uniform tallies: konversi = 25 × sum / answered. With 2500 respondents per element,
  // konversi in hundredths equals the sum itself.
  struct Case { std::int64_t sum; std::int64_t hundredths; Mutu mutu; };
  const Case cases[] = {
      {8831, 8831, Mutu::A}, {8830, 8830, Mutu::B}, {7661, 7661, Mutu::B},
      {7660, 7660, Mutu::C}, {6500, 6500, Mutu::C}, {6499, 6499, Mutu::D},
  };
  for (const auto& c : cases) {
    INFO("sum " << c.sum);
    const IkmSummary s = uniform(2500, c.sum);
    CHECK(s.konversiHundredths == c.hundredths);
    CHECK(*s.mutu == c.mutu);
  }
}

TEST_CASE("a konversi exactly halfway rounds up, in display and in mutu alike", "[ikm][boundaries]") {
  // 5000 respondents per element and a sum of 17661: NRR = 3,5322, konversi = 88,305 exactly.
  // In binary floating point 88,305 is 88,30499…, which naive rounding would show as 88,30
  // (B); exact arithmetic rounds half up to 88,31 (A), and mutu follows the displayed value.
  const IkmSummary a = uniform(5000, 17661);
  CHECK(a.konversiHundredths == 8831);
  CHECK(*a.mutu == Mutu::A);
  // 76,605 -> 76,61 (B) and 64,995 -> 65,00 (C) likewise.
  CHECK(uniform(5000, 15321).konversiHundredths == 7661);
  CHECK(*uniform(5000, 15321).mutu == Mutu::B);
  CHECK(uniform(5000, 12999).konversiHundredths == 6500);
  CHECK(*uniform(5000, 12999).mutu == Mutu::C);
  // Just below halfway stays down: sum 88304 over 25000 gives 88,304 -> 88,30 (B).
  CHECK(uniform(25000, 88304).konversiHundredths == 8830);
  CHECK(*uniform(25000, 88304).mutu == Mutu::B);
}

TEST_CASE("different respondent counts per element use the exact common denominator", "[ikm]") {
  // U1: 7 respondents summing 22 (NRR 22/7); U2: 3 summing 10 (NRR 10/3); others absent.
  // IKM = (22/7 + 10/3) / 2 = (66 + 70) / 42 = 136/42 = 3,238095…; konversi = 80,952… -> 80,95.
  std::array<ElementTally, kSkmElementCount> t{};
  t[0] = {7, 22};
  t[1] = {3, 10};
  const IkmSummary s = summarize(t, 7);
  CHECK(s.konversi.text() == "1700/21");  // 136/42 × 25 = 80,952…
  CHECK(s.konversiHundredths == 8095);
}

TEST_CASE("quick mode: overall index and reasons mapped to elements", "[ikm][quick]") {
  auto reasons = std::make_shared<ReasonMap>(ReasonMap{{"waiting_time", 2}, {"staff_attitude", 6}});
  IkmAccumulator acc(reasons);
  test::count(acc, test::quickResponse(4));
  test::count(acc, test::quickResponse(3));
  test::count(acc, test::quickResponse(1, {"waiting_time", "staff_attitude"}));
  test::count(acc, test::quickResponse(2, {"waiting_time", "unknown_reason"}));
  const QuickSummary& q = acc.quick();
  CHECK(q.respondents == 4);
  // (4 + 3 + 1 + 2) / 4 = 2,5 -> × 25 = 62,5
  CHECK(q.konversiHundredths() == 6250);
  CHECK(q.perScore == std::array<std::int64_t, 4>{1, 1, 1, 1});
  CHECK(q.mentions[2] == 2);  // U3 named twice
  CHECK(q.mentions[6] == 1);  // U7 once
  CHECK(q.mentionsWhenSatisfied == std::array<std::int64_t, kSkmElementCount>{});
}

TEST_CASE("Krejcie-Morgan minimum sample size", "[ikm][sample]") {
  // Values from Krejcie & Morgan's (1970) published table.
  CHECK(requiredSampleSize(10) == 10);
  CHECK(requiredSampleSize(50) == 44);
  CHECK(requiredSampleSize(100) == 80);
  CHECK(requiredSampleSize(200) == 132);
  CHECK(requiredSampleSize(500) == 217);
  CHECK(requiredSampleSize(1000) == 278);
  CHECK(requiredSampleSize(10000) == 370);
  CHECK(requiredSampleSize(1'000'000) == 384);
  CHECK(requiredSampleSize(1) == 1);
  CHECK(requiredSampleSize(0) == 0);
  CHECK(sampleAdequacy(1000, 278).adequate());
  CHECK_FALSE(sampleAdequacy(1000, 277).adequate());
}

TEST_CASE("Indonesian number formatting", "[ikm][format]") {
  CHECK(formatHundredths(8831) == "88,31");
  CHECK(formatHundredths(2500) == "25,00");
  CHECK(formatHundredths(7) == "0,07");
  CHECK(formatHundredths(353) == "3,53");
  CHECK(formatHundredths(300) == "3,00");
}
