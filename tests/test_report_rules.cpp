// What a report counts and how exactly: a reference implementation of the regulation's
// formulas in plain fractions, compared with the engine; and the counting rules (surveys,
// duplicates, respondents per survey, each unit's own time zone).

#include <catch2/catch.hpp>

#include <boost/multiprecision/cpp_int.hpp>
#include <nlohmann/json.hpp>

#include <numeric>
#include <optional>
#include <random>
#include <set>
#include <tuple>

#include "suara/core/report.hpp"
#include "support/responses.hpp"
#include "support/temp_dir.hpp"

using namespace suara;
using boost::multiprecision::cpp_int;

namespace {

// --- Reference: PermenPANRB 14/2017 in plain fractions, written from the formulas ---------

struct Fraction {
  cpp_int p = 0, q = 1;
  Fraction(cpp_int num = 0, cpp_int den = 1) : p(std::move(num)), q(std::move(den)) {
    const cpp_int g = boost::multiprecision::gcd(p, q);
    if (g > 1) p /= g, q /= g;
  }
  Fraction operator+(const Fraction& o) const { return {p * o.q + o.p * q, q * o.q}; }
  Fraction operator*(const Fraction& o) const { return {p * o.p, q * o.q}; }
};

// konversi in hundredths, half away from zero: ⌊konversi × 100 + ½⌋.
std::int64_t referenceKonversiHundredths(const std::array<ElementTally, kSkmElementCount>& tallies) {
  Fraction nrrSum;
  int answered = 0;
  for (const auto& t : tallies)
    if (t.answered > 0) nrrSum = nrrSum + Fraction(t.sum, t.answered), ++answered;  // NRR = Σ answers / respondents
  const Fraction ikm = nrrSum * Fraction(1, answered);                              // IKM = Σ NRR × 1/k
  const Fraction konversi = ikm * Fraction(25);                                     // × 25
  const cpp_int hundredths = (konversi.p * 200 + konversi.q) / (konversi.q * 2);
  return hundredths.convert_to<std::int64_t>();
}

Mutu referenceMutu(std::int64_t h) {
  if (h >= 8831) return Mutu::A;  // 88,31 – 100,00
  if (h >= 7661) return Mutu::B;  // 76,61 – 88,30
  if (h >= 6500) return Mutu::C;  // 65,00 – 76,60
  return Mutu::D;                 // 25,00 – 64,99
}

constexpr std::int64_t kLargePrimes[] = {999'983, 999'979, 999'961, 999'959, 999'953, 999'931, 999'917, 999'907};

// Nine tallies whose konversi is exactly `target` (a fraction): eight elements with large
// coprime respondent counts (4·p, answers summing to c·p, so NRR = c/4) and a ninth that
// makes up the rest; an empty optional when the random eight leave no room for it.
std::optional<std::array<ElementTally, kSkmElementCount>> tallyingTo(const Fraction& target, std::mt19937_64& random) {
  // NRRs near the target's mean (konversi / 25), so that the ninth can make up the rest.
  const int centre = static_cast<int>((target.p * 4 / (target.q * 25)).convert_to<std::int64_t>());
  std::uniform_int_distribution<int> quarter(std::max(4, centre - 2), std::min(16, centre + 2));
  std::array<ElementTally, kSkmElementCount> t{};
  Fraction eight;
  for (std::size_t i = 0; i < 8; ++i) {
    const int c = quarter(random);
    t[i] = {4 * kLargePrimes[i], c * kLargePrimes[i], 0};
    eight = eight + Fraction(c, 4);
  }
  // Σ NRR must be konversi × 9 / 25; the ninth NRR is what is missing.
  const Fraction needed = target * Fraction(9, 25);
  const Fraction ninth(needed.p * eight.q - eight.p * needed.q, needed.q * eight.q);
  if (ninth.p < ninth.q || ninth.p > 4 * ninth.q) return std::nullopt;  // NRR outside 1..4
  const std::int64_t multiple = std::uniform_int_distribution<std::int64_t>(1, 7)(random);
  t[8] = {ninth.q.convert_to<std::int64_t>() * multiple, ninth.p.convert_to<std::int64_t>() * multiple, 0};
  return t;
}

}  // namespace

TEST_CASE("the engine agrees with a plain-fraction reference on random tallies with large coprime counts", "[ikm][reference]") {
  std::mt19937_64 random(20171414);
  std::uniform_int_distribution<std::int64_t> count(1, 2'000'000);
  std::uniform_int_distribution<int> elements(1, kSkmElementCount);
  for (int round = 0; round < 3000; ++round) {
    std::array<ElementTally, kSkmElementCount> t{};
    const int answered = elements(random);
    for (int i = 0; i < answered; ++i) {
      const std::int64_t n = round % 3 == 0 ? kLargePrimes[i % 8] : count(random);
      t[static_cast<std::size_t>(i)] = {n, std::uniform_int_distribution<std::int64_t>(n, 4 * n)(random), 0};
    }
    const IkmSummary s = summarize(t, t[0].answered);
    const std::int64_t expected = referenceKonversiHundredths(t);
    INFO("round " << round);
    REQUIRE(s.konversiHundredths == expected);
    REQUIRE(*s.mutu == referenceMutu(expected));
  }
}

TEST_CASE("on and halfway around every band boundary the engine rounds as the reference does", "[ikm][reference][boundaries]") {
  std::mt19937_64 random(76605);
  int checked = 0;
  for (const std::int64_t boundary : {6500, 7661, 8831}) {
    // exactly on it, a hair either side, and exactly halfway to each neighbouring hundredth
    for (const std::int64_t thousandths : {boundary * 10, boundary * 10 - 5, boundary * 10 + 5, boundary * 10 - 15,
                                           boundary * 10 - 1, boundary * 10 + 1}) {
      int found = 0;
      for (int attempt = 0; attempt < 2000 && found < 20; ++attempt) {
        const auto tallies = tallyingTo(Fraction(thousandths, 1000), random);
        if (!tallies) continue;
        ++found;
        const IkmSummary s = summarize(*tallies, (*tallies)[0].answered);
        const std::int64_t expected = referenceKonversiHundredths(*tallies);
        INFO("konversi " << thousandths << "/1000");
        const std::int64_t g = std::gcd(thousandths, std::int64_t{1000});
        REQUIRE(s.konversi.text() == std::to_string(thousandths / g) + "/" + std::to_string(1000 / g));
        REQUIRE(s.konversiHundredths == expected);
        REQUIRE(*s.mutu == referenceMutu(expected));
      }
      CHECK(found == 20);
      checked += found;
    }
  }
  CHECK(checked == 360);
}

TEST_CASE("76,605 is 76,61 (B) and 64,995 is 65,00 (C) however large and coprime the counts", "[ikm][boundaries]") {
  std::mt19937_64 random(64995);
  for (const auto& [thousandths, hundredths, mutu] :
       {std::tuple{76605, 7661, Mutu::B}, std::tuple{64995, 6500, Mutu::C}, std::tuple{88305, 8831, Mutu::A}}) {
    std::optional<std::array<ElementTally, kSkmElementCount>> tallies;
    while (!tallies) tallies = tallyingTo(Fraction(thousandths, 1000), random);
    const IkmSummary s = summarize(*tallies, (*tallies)[0].answered);
    INFO(thousandths);
    CHECK(s.konversiHundredths == hundredths);
    CHECK(*s.mutu == mutu);
  }
}

TEST_CASE("an IKM exactly halfway shows rounded up, beside its konversi", "[ikm][boundaries]") {
  // Σ NRR / 9 = 2,745 exactly: konversi 68,625 -> 68,63; IKM 2,745 -> 2,75 (not 2,74).
  std::array<ElementTally, kSkmElementCount> t{};
  for (auto& e : t) e = {200, 549, 0};  // NRR 2,745 each
  const IkmSummary s = summarize(t, 200);
  CHECK(s.ikm.text() == "549/200");
  CHECK(s.ikmHundredths == 275);
  CHECK(s.konversiHundredths == 6863);
}

namespace {

const SurveyCatalog& surveys() {
  static const SurveyCatalog catalog = *SurveyCatalog::load(test::assets() / "surveys");
  return catalog;
}
const TrainingCatalog& catalog() {
  static const TrainingCatalog c = *loadTrainingCatalog(test::assets() / "training" / "catalog.json");
  return c;
}

const ReportExclusion* exclusion(const Report& report, std::string_view text) {
  for (const auto& e : report.excluded)
    if (e.reason.find(text) != std::string::npos) return &e;
  return nullptr;
}

}  // namespace

TEST_CASE("a report counts SKM answers only from SKM surveys and refuses foreign codes and unknown surveys", "[report]") {
  std::vector<Response> responses;
  responses.push_back(test::skmAll({4, 4, 4, 4, 4, 4, 4, 4, 4}));
  Response quickWithU7 = test::quickResponse(4);
  quickWithU7.answers["U7"] = 1;  // a quick rating carrying an SKM element
  responses.push_back(quickWithU7);
  Response oldSurvey = test::skmAll({1, 1, 1, 1, 1, 1, 1, 1, 1});
  oldSurvey.surveyId = "skm-2016";
  responses.push_back(oldSurvey);
  Response skmWithOverall = test::skmAll({4, 4, 4, 4, 4, 4, 4, 4, 4});
  skmWithOverall.answers["overall"] = 1;  // an SKM rating carrying quick mode's overall
  responses.push_back(skmWithOverall);
  responses.push_back(test::quickResponse(2));

  const Report report = buildReport(responses, {}, surveys(), catalog());
  CHECK(report.overall.ikm.respondents == 1);
  CHECK(report.overall.ikm.konversiHundredths == 10000);  // U7 = 1 from the quick rating not counted
  CHECK(report.overall.quick.respondents == 1);           // the SKM rating's overall not counted
  CHECK(report.overall.responses == 2);
  REQUIRE(exclusion(report, "answer 'U7' does not belong to survey 'quick-4'"));
  REQUIRE(exclusion(report, "survey 'skm-2016' is not known"));
  REQUIRE(exclusion(report, "answer 'overall' does not belong to survey 'skm-2017'"));
  std::int64_t excluded = 0;
  for (const auto& e : report.excluded) excluded += e.count;
  CHECK(excluded == 3);
}

TEST_CASE("a report counts a repeated response id once", "[report]") {
  const Response r = test::skmAll({1, 1, 1, 1, 1, 1, 1, 1, 1});
  const std::vector<Response> responses = {r, r, r, test::skmAll({4, 4, 4, 4, 4, 4, 4, 4, 4})};
  const Report report = buildReport(responses, {}, surveys(), catalog());
  CHECK(report.duplicatesIgnored == 2);
  CHECK(report.overall.ikm.respondents == 2);
  CHECK(report.overall.ikm.konversiHundredths == 6250);  // (1 + 4) / 2 × 25
}

TEST_CASE("sample adequacy compares SKM respondents, not quick ratings, with the population", "[report]") {
  std::vector<Response> responses;
  for (int i = 0; i < 3; ++i) responses.push_back(test::skmAll({4, 4, 4, 4, 4, 4, 4, 4, 4}));
  for (int i = 0; i < 3; ++i) responses.push_back(test::quickResponse(4));
  ReportOptions options;
  options.population = 5;  // Krejcie–Morgan: all 5 needed
  const Report report = buildReport(responses, options, surveys(), catalog());
  REQUIRE(report.overall.sample);
  CHECK(report.overall.sample->required == 5);
  CHECK(report.overall.sample->respondents == 3);
  CHECK_FALSE(report.overall.sample->adequate());
}

TEST_CASE("periods follow each unit's own time zone across the turn of the year", "[report]") {
  // 2026-12-31 15:30 UTC: 00:30 WIT on 1 January 2027 in Jayapura, 22:30 WIB on 31 December in Dumai.
  constexpr std::int64_t kInstant = 1'798'731'000'000;
  std::vector<Response> responses;
  for (const char* unit : {"jayapura", "dumai"}) {
    Response r = test::skmAll({4, 4, 4, 4, 4, 4, 4, 4, 4});
    r.unitId = unit;
    r.clock.wallMs = kInstant;
    responses.push_back(r);
  }
  ReportOptions options;
  options.period = Period::Year;
  options.utcOffsets.byUnit = {{"jayapura", 9}, {"dumai", 7}};
  const Report report = buildReport(responses, options, surveys(), catalog());
  REQUIRE(report.groups.size() == 2);
  CHECK(report.groups[0].key == GroupKey{"dumai", "2026"});
  CHECK(report.groups[1].key == GroupKey{"jayapura", "2027"});
  CHECK(report.utcOffsetsUsed == std::set<int>{7, 9});  // the report says it spans time zones
  // The plan starts in the quarter after the latest rating, in its own unit's time.
  CHECK(report.firstPlanQuarter == "2027-Q2");
}

TEST_CASE("report JSON carries exact values as decimal strings and fractions, never binary doubles", "[report]") {
  std::vector<Response> responses;
  for (const int score : {4, 3, 3}) responses.push_back(test::skmAll({score, score, score, score, score, score, score, score, score}));
  const auto j = reportToJson(buildReport(responses, {}, surveys(), catalog()), Language::Indonesian);
  const auto& konversi = j["overall"]["ikm"]["konversi"];
  CHECK(konversi["value"] == "83.33");
  CHECK(konversi["hundredths"] == 8333);
  CHECK(konversi["exact"] == "250/3");
  CHECK(konversi["display"] == "83,33");
  CHECK(j["overall"]["quick"]["label"] == "Indeks Kepuasan Cepat — bukan IKM SKM");
  CHECK_FALSE(j["overall"]["quick"].contains("mutu"));
}

namespace {
// `count` SKM ratings from `unit`, the first at `firstMs` and the last at `lastMs`.
std::vector<Response> unitRatings(const std::string& unit, int count, std::int64_t firstMs, std::int64_t lastMs, int score = 2) {
  std::vector<Response> out;
  for (int i = 0; i < count; ++i) {
    Response r = test::skmAll({score, score, score, score, score, score, score, score, score});
    r.unitId = unit;
    r.clock.wallMs = i == 0 ? firstMs : lastMs;
    out.push_back(r);
  }
  return out;
}
constexpr std::int64_t kJan1Wib = 1'798'736'400'000;       // 2027-01-01 00:00 WIB
constexpr std::int64_t kDayMs = 86'400'000;
}  // namespace

TEST_CASE("each unit's monthly users, times the calendar months its ratings span, is the population of its sample", "[report]") {
  auto responses = unitRatings("dumai", 10, kJan1Wib, kJan1Wib + 70 * kDayMs);  // January to March: 3 months
  const auto solok = unitRatings("solok", 4, kJan1Wib, kJan1Wib + 5 * kDayMs);   // January only
  responses.insert(responses.end(), solok.begin(), solok.end());
  ReportOptions options;
  options.utcOffsets.byUnit = {{"dumai", 7}, {"solok", 7}};
  options.unitProfiles["dumai"].monthlyUsers = 100;
  options.unitProfiles["solok"].monthlyUsers = 40;
  const Report report = buildReport(responses, options, surveys(), catalog());
  REQUIRE(report.groups.size() == 2);
  const ReportGroup& dumai = report.groups[0];
  REQUIRE(dumai.sample);
  CHECK(dumai.sample->population == 300);
  CHECK(dumai.sample->required == requiredSampleSize(300));
  REQUIRE(dumai.population);
  CHECK(dumai.population->source == PopulationBasis::Source::UnitSetting);
  CHECK(dumai.population->months == 3);
  CHECK(report.groups[1].sample->population == 40);
  // The whole report: the units' populations added up, their spans differing.
  REQUIRE(report.overall.sample);
  CHECK(report.overall.sample->population == 340);
  CHECK(report.overall.population->units == 2);
  CHECK(report.overall.population->months == 0);
  const auto j = reportToJson(report, Language::Indonesian);
  CHECK(j["groups"][0]["sample"]["population_basis"]["monthly_users"] == 100);
  CHECK(j["groups"][0]["sample"]["population_basis"]["months"] == 3);
}

TEST_CASE("a month's boundary is the unit's own: a WIT rating at 00:30 on 1 February spans two months", "[report]") {
  // 31 January 15:30 UTC is 22:30 WIB but 00:30 WIT on 1 February.
  const std::int64_t jan31At1530Utc = kJan1Wib + 7 * 3'600'000 + 30 * kDayMs + 15 * 3'600'000 + 30 * 60'000;
  for (const auto& [hours, months] : {std::pair{7, 1}, std::pair{9, 2}}) {
    ReportOptions options;
    options.utcOffsets.byUnit = {{"jayapura", hours}};
    options.unitProfiles["jayapura"].monthlyUsers = 500;
    const Report report = buildReport(unitRatings("jayapura", 3, kJan1Wib + 2 * 3'600'000 * 7, jan31At1530Utc), options, surveys(), catalog());
    REQUIRE(report.groups.size() == 1);
    CHECK(report.groups[0].population->months == months);
    CHECK(report.groups[0].sample->population == 500 * months);
  }
}

TEST_CASE("day and week periods take the days spanned at a 30-day month, rounded up", "[report]") {
  ReportOptions options;
  options.period = Period::Week;
  options.unitProfiles["dumai"].monthlyUsers = 100;
  // Monday 4 January 2027 to Wednesday 6 January (WIB): 3 days of one ISO week.
  const Report report = buildReport(unitRatings("dumai", 5, kJan1Wib + 3 * kDayMs, kJan1Wib + 5 * kDayMs), options, surveys(), catalog());
  REQUIRE(report.groups.size() == 1);
  CHECK(report.groups[0].population->days == 3);
  CHECK(report.groups[0].sample->population == 10);  // 100 × 3 / 30
  options.unitProfiles["dumai"].monthlyUsers = 101;
  CHECK(buildReport(unitRatings("dumai", 5, kJan1Wib + 3 * kDayMs, kJan1Wib + 5 * kDayMs), options, surveys(), catalog())
            .groups[0].sample->population == 11);  // 10,1 rounded up
}

TEST_CASE("no population is guessed: a unit without a setting, a service's group, or a report missing one unit's", "[report]") {
  auto responses = unitRatings("dumai", 4, kJan1Wib, kJan1Wib);
  const auto solok = unitRatings("solok", 4, kJan1Wib, kJan1Wib);
  responses.insert(responses.end(), solok.begin(), solok.end());
  ReportOptions options;
  options.unitProfiles["dumai"].monthlyUsers = 100;
  Report report = buildReport(responses, options, surveys(), catalog());
  CHECK(report.groups[0].sample);
  CHECK_FALSE(report.groups[1].sample);   // solok has none
  CHECK_FALSE(report.overall.sample);     // so the whole report has none
  options.by = Dimension::Service;
  report = buildReport(responses, options, surveys(), catalog());
  for (const auto& g : report.groups) CHECK_FALSE(g.sample);  // a service's share of its unit's users is not known
  options.population = 50;                                     // the operator's figure counts for every group
  report = buildReport(responses, options, surveys(), catalog());
  for (const auto& g : report.groups) CHECK(g.population->source == PopulationBasis::Source::Option);
  CHECK(report.overall.sample->population == 50);
}

TEST_CASE("the plan names the unit's own offices, by element before level, and the level when it spans units", "[report]") {
  auto responses = unitRatings("dumai", 30, kJan1Wib, kJan1Wib, 2);  // every element at 50,00: all in the plan
  ReportOptions options;
  options.unitProfiles["dumai"].offices = {{"U9", "Subbagian Umum"}, {"unit", "Kepala Mal Pelayanan Publik"}};
  Report report = buildReport(responses, options, surveys(), catalog());
  const auto officeOf = [](const ReportGroup& g, const std::string& code) {
    for (const auto& item : g.priorities)
      if (item.code == code) return item.office;
    return std::string("(not in the plan)");
  };
  for (const ReportGroup* g : {&report.overall, &report.groups[0]}) {
    CHECK(officeOf(*g, "U9") == "Subbagian Umum");
    CHECK(officeOf(*g, "U1") == "Kepala Mal Pelayanan Publik");  // U1 is the unit's, no element office
    CHECK(officeOf(*g, "U7").empty());                          // courtesy is the individual's: none configured
  }
  const auto solok = unitRatings("solok", 30, kJan1Wib, kJan1Wib, 2);
  responses.insert(responses.end(), solok.begin(), solok.end());
  report = buildReport(responses, options, surveys(), catalog());
  CHECK(officeOf(report.overall, "U9").empty());  // two units: no one unit's office answers for both
  CHECK(officeOf(report.groups[0], "U9") == "Subbagian Umum");
  CHECK(officeOf(report.groups[1], "U9").empty());
  CHECK(reportToJson(report, Language::Indonesian)["groups"][0]["priorities"][0]["penanggung_jawab"].is_string());
}

TEST_CASE("a unit running quick mode alone has no SKM sample, and its users are not in the report's population", "[report]") {
  auto responses = unitRatings("dumai", 4, kJan1Wib, kJan1Wib);
  for (int i = 0; i < 5; ++i) {
    Response quick = test::quickResponse(4);
    quick.unitId = "solok";
    quick.clock.wallMs = kJan1Wib;
    responses.push_back(quick);
  }
  ReportOptions options;
  options.unitProfiles["dumai"].monthlyUsers = 100;
  options.unitProfiles["solok"].monthlyUsers = 5000;
  const Report report = buildReport(responses, options, surveys(), catalog());
  REQUIRE(report.groups.size() == 2);
  CHECK(report.groups[0].sample);
  CHECK_FALSE(report.groups[1].sample);  // no SKM respondents: nothing to judge
  REQUIRE(report.overall.sample);
  CHECK(report.overall.sample->population == 100);
  CHECK(report.overall.population->units == 1);
}

TEST_CASE("a copy that cannot be counted never hides a fit one with its id, and a conflicting copy is said as such", "[report]") {
  Response fit = test::skmAll({4, 4, 4, 4, 4, 4, 4, 4, 4});
  Response unfit = fit;
  unfit.surveyId = "skm-2016";
  Response other = fit;
  other.answers["U1"] = 1;
  for (const auto& order : {std::vector<Response>{unfit, fit}, std::vector<Response>{fit, unfit}}) {
    const Report report = buildReport(order, {}, surveys(), catalog());
    CHECK(report.overall.ikm.respondents == 1);
    CHECK(report.overall.ikm.konversiHundredths == 10000);
    CHECK(report.duplicatesIgnored == 0);
    REQUIRE(report.excluded.size() == 1);
  }
  const Report conflicting = buildReport({fit, other, fit}, {}, surveys(), catalog());
  CHECK(conflicting.overall.ikm.respondents == 1);
  CHECK(conflicting.overall.ikm.konversiHundredths == 10000);  // the first one stands, as at the hub
  CHECK(conflicting.duplicatesIgnored == 1);
  REQUIRE(conflicting.excluded.size() == 1);
  CHECK_THAT(conflicting.excluded[0].reason, Catch::Contains("other answers"));
}

TEST_CASE("the plan starts after the latest rating in its own unit's calendar, and a file's offsets are the ones used", "[report]") {
  // A WIB rating at 23:30 on 31 December 2025 (16:30 UTC) and a WIT one at 00:30 on 1 January
  // 2026 (15:30 UTC): the later in UTC is the earlier in the calendar.
  constexpr std::int64_t kNewYear2026Utc = 1'767'225'600'000;
  Response wib = test::skmAll({2, 2, 2, 2, 2, 2, 2, 2, 2});
  wib.unitId = "dumai";
  wib.clock.wallMs = kNewYear2026Utc - 7 * 3'600'000 - 30 * 60'000;  // 2025-12-31 16:30 UTC
  Response wit = wib;
  wit.uuid = newUuid();
  wit.unitId = "jayapura";
  wit.clock.wallMs = kNewYear2026Utc - 9 * 3'600'000 + 30 * 60'000;  // 2025-12-31 15:30 UTC
  ReportOptions options;                     // a file: only jayapura's offset known, from its header
  options.utcOffsets.byUnit = {{"jayapura", 9}};
  options.period = Period::Quarter;
  const Report report = buildReport({wib, wit}, options, surveys(), catalog());
  CHECK(report.firstPlanQuarter == "2026-Q2");
  CHECK(report.utcOffsetsUsed == std::set<int>{7, 9});
  CHECK(reportToJson(report, Language::Indonesian)["units_in_several_time_zones"] == true);
}
