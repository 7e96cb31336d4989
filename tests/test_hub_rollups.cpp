// The dashboard's rollups against the ratings they count: every query equals a recount made
// here from storage.responses() (bucketed with localDay/localMonth and std::chrono, counted
// by the survey's mode), after seeded random ingest with amendments before and after their
// ratings, duplicates, conflicts, implausible clocks and concurrent group commits; a rebuild
// gives the same rows; an upgraded step-6 database is counted; a unit's new offset recounts it;
// a dry run leaves them as they were; `check` finds rollups that disagree with the ratings.

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <map>
#include <optional>
#include <random>
#include <set>
#include <thread>

#include "clock_correction.hpp"
#include "storage/sqlite/sqlite_schema.hpp"
#include "storage/storage.hpp"
#include "suara/core/compact_codec.hpp"
#include "suara/core/grouping.hpp"
#include "suara/core/report.hpp"
#include "suara/core/training.hpp"
#include "support/responses.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace suara;
using namespace suara::hub;
namespace chrono = std::chrono;

namespace {

const std::string kHub = SUARA_HUB_EXE;
constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kDayMs = 24 * kHourMs;

std::int64_t utcMs(int year, unsigned month, unsigned day) {
  return chrono::duration_cast<chrono::milliseconds>(
             chrono::sys_days(chrono::year{year} / chrono::month{month} / chrono::day{day}).time_since_epoch())
      .count();
}

// ---- The recount: what every rollup query must answer, from the ratings alone ----

// A time's local calendar as a page shows it, by std::chrono (not the hub's arithmetic).
struct LocalTime {
  std::int64_t day, month;
  int weekday, hour;  // Monday 0
};
LocalTime localTimeOf(std::int64_t ms, int offsetHours) {
  const chrono::sys_time<chrono::milliseconds> local{chrono::milliseconds(ms + offsetHours * kHourMs)};
  const auto day = chrono::floor<chrono::days>(local);
  const chrono::year_month_day date{day};
  const LocalTime t{day.time_since_epoch().count(),
                    static_cast<int>(date.year()) * 12 + static_cast<int>(static_cast<unsigned>(date.month())) - 1,
                    static_cast<int>((chrono::weekday{day}.c_encoding() + 6) % 7),
                    static_cast<int>(chrono::duration_cast<chrono::hours>(local - day).count())};
  // The hub's own helpers agree with the calendar (the recount below uses the calendar's).
  REQUIRE(t.day == localDay(ms, offsetHours));
  REQUIRE(t.month == localMonth(ms, offsetHours));
  return t;
}

// The bundled surveys: which reasons speak about which element.
const SurveyCatalog& surveys() {
  static const SurveyCatalog catalog = SurveyCatalog::load(test::assets() / "surveys").value();
  return catalog;
}

RollupTally tallyOf(const Response& r, const ReasonMap& reasons) {
  RollupTally t;
  t.responses = 1;
  if (test::modeOf(r) == SurveyMode::Skm) {
    for (const auto& [code, score] : r.answers) {
      const auto index = skmElementIndex(code);
      REQUIRE(index);
      t.elements[static_cast<std::size_t>(*index)].add(score);
      t.skmRespondents = 1;
    }
  } else if (const auto overall = r.answers.find("overall"); overall != r.answers.end()) {
    t.quickRespondents = 1;
    t.quickSum = overall->second;
    ++t.quickPerScore[static_cast<std::size_t>(overall->second - 1)];
    std::set<int> named;  // each element once, however many of its reasons
    for (const auto& reason : r.reasons)
      if (const auto it = reasons.find(reason); it != reasons.end()) named.insert(it->second);  // an unmapped one names none
    for (const int e : named) ++(overall->second <= 2 ? t.complaints : t.satisfiedMentions)[static_cast<std::size_t>(e)];
  }
  return t;
}

bool inQuery(const Response& r, const RollupQuery& q, std::int64_t bucket) {
  if (!q.units.empty() && std::find(q.units.begin(), q.units.end(), r.unitId) == q.units.end()) return false;
  if ((q.from && bucket < *q.from) || (q.to && bucket >= *q.to)) return false;
  if (!q.serviceId.empty() && r.serviceId != q.serviceId) return false;
  return q.counterId.empty() || r.counterId == q.counterId;
}

struct Counts {
  std::map<std::string, RollupTally> tallies;
  std::map<std::string, std::array<std::int64_t, 3>> heat;
  std::map<std::string, std::int64_t> reasons, profile;
};

std::string key(std::initializer_list<std::string> parts) {
  std::string k;
  for (const auto& p : parts) k += p + "|";
  return k;
}
std::string rowKey(const RollupRow& row) {
  return key({row.unitId, row.surveyId, row.serviceId, row.counterId, row.officerId, std::to_string(row.bucket)});
}

Counts recount(const std::vector<Response>& responses, const std::map<std::string, int>& offsets, RollupGrain grain,
               const RollupQuery& q, const ReasonMap& reasons) {
  Counts c;
  for (const Response& r : responses) {
    const LocalTime t = localTimeOf(r.clock.wallMs, offsets.at(r.unitId));
    if (!inQuery(r, q, grain == RollupGrain::Day ? t.day : t.month)) continue;
    const std::string k = grain == RollupGrain::UnitMonth ? key({r.unitId, r.surveyId, "", "", "", std::to_string(t.month)})
                          : grain == RollupGrain::Month
                              ? key({r.unitId, r.surveyId, r.serviceId, r.counterId, r.officerId, std::to_string(t.month)})
                              : key({r.unitId, r.surveyId, r.serviceId, r.counterId, "", std::to_string(t.day)});
    c.tallies[k].add(tallyOf(r, reasons));
    auto& cell = c.heat[key({r.unitId, std::to_string(t.weekday), std::to_string(t.hour)})];
    ++cell[0];
    for (const auto& [code, score] : r.answers) ++cell[1], cell[2] += score;
    if (const auto overall = r.answers.find("overall"); overall != r.answers.end()) {
      for (const auto& reason : std::set<std::string>(r.reasons.begin(), r.reasons.end()))
        ++c.reasons[key({r.unitId, reason, overall->second <= 2 ? "1" : "0"})];
    }
    const std::pair<const char*, const std::string*> profile[] = {{"gender", &r.respondent.gender},
                                                                  {"age", &r.respondent.ageBand},
                                                                  {"education", &r.respondent.education},
                                                                  {"occupation", &r.respondent.occupation}};
    for (const auto& [attribute, value] : profile) ++c.profile[key({r.unitId, attribute, *value})];
  }
  return c;
}

Counts fromRollups(Storage& storage, RollupGrain grain, const RollupQuery& q) {
  Counts c;
  auto rows = storage.tallies(grain, q);
  REQUIRE(rows);
  for (const auto& row : *rows) REQUIRE(c.tallies.emplace(rowKey(row), row.tally).second);
  auto heat = storage.heat(q);
  REQUIRE(heat);
  for (const auto& h : *heat) c.heat[key({h.unitId, std::to_string(h.weekday), std::to_string(h.hour)})] = {h.responses, h.scores, h.scoreSum};
  auto reasons = storage.reasonCounts(q);
  REQUIRE(reasons);
  for (const auto& r : *reasons) c.reasons[key({r.unitId, r.reasonId, r.dissatisfied ? "1" : "0"})] = r.count;
  auto profile = storage.profileCounts(q);
  REQUIRE(profile);
  for (const auto& p : *profile) c.profile[key({p.unitId, p.attribute, p.value})] = p.count;
  return c;
}

std::string describe(const RollupTally& t) {
  std::string s = "responses " + std::to_string(t.responses) + ", skm " + std::to_string(t.skmRespondents) + ", elements";
  for (const auto& e : t.elements) s += " " + std::to_string(e.answered) + "/" + std::to_string(e.sum) + "/" + std::to_string(e.sumSquares);
  s += ", quick " + std::to_string(t.quickRespondents) + "/" + std::to_string(t.quickSum);
  for (auto n : t.quickPerScore) s += " " + std::to_string(n);
  s += ", complaints";
  for (auto n : t.complaints) s += " " + std::to_string(n);
  s += ", satisfied";
  for (auto n : t.satisfiedMentions) s += " " + std::to_string(n);
  return s;
}
std::string describe(const std::array<std::int64_t, 3>& cell) {
  return std::to_string(cell[0]) + "/" + std::to_string(cell[1]) + "/" + std::to_string(cell[2]);
}
std::string describe(std::int64_t n) { return std::to_string(n); }

// The first key where two maps differ, said in words; empty when they are equal.
template <class Map>
std::string firstDifference(const char* what, const Map& expected, const Map& actual) {
  for (const auto& [k, v] : expected) {
    const auto it = actual.find(k);
    if (it == actual.end()) return std::string(what) + " " + k + ": missing, expected " + describe(v);
    if (!(it->second == v)) return std::string(what) + " " + k + ": " + describe(it->second) + ", expected " + describe(v);
  }
  for (const auto& [k, v] : actual)
    if (!expected.count(k)) return std::string(what) + " " + k + ": " + describe(v) + ", expected no row";
  return {};
}

// Every query of `queries` at every grain answers what the recount does.
// `reasons`: the map the storage was opened with.
void requireRollupsMatch(Storage& storage, const std::vector<RollupQuery>& queries, const ReasonMap& reasons = *surveys().reasons()) {
  auto responses = storage.responses();
  REQUIRE(responses);
  REQUIRE_FALSE(responses->empty());
  std::map<std::string, int> offsets;
  const auto units = storage.units().value();
  for (const auto& unit : units) offsets[unit.id] = unit.utcOffsetHours;
  for (std::size_t n = 0; n < queries.size(); ++n) {
    const RollupQuery& q = queries[n];
    for (const RollupGrain grain : {RollupGrain::UnitMonth, RollupGrain::Month, RollupGrain::Day}) {
      if (grain == RollupGrain::UnitMonth && (!q.serviceId.empty() || !q.counterId.empty())) {
        CHECK_FALSE(storage.tallies(grain, q));  // not kept by service or counter: refused, never ignored
        continue;
      }
      if (grain == RollupGrain::Day && (q.from || q.to)) continue;  // query ranges are in months; days below
      INFO("query " << n << ", grain " << static_cast<int>(grain));
      const Counts expected = recount(*responses, offsets, grain, q, reasons);
      const Counts actual = fromRollups(storage, grain, q);
      REQUIRE_FALSE(expected.tallies.empty());
      CHECK(firstDifference("tally", expected.tallies, actual.tallies) == "");
      if (grain != RollupGrain::Month) continue;  // heat, reasons and profiles are kept by month
      CHECK(firstDifference("heat", expected.heat, actual.heat) == "");
      CHECK(firstDifference("reason", expected.reasons, actual.reasons) == "");
      CHECK(firstDifference("profile", expected.profile, actual.profile) == "");
    }
  }
}

// Every row of every rollup table, in key order, as text.
std::vector<std::string> rollupRows(const std::filesystem::path& db) {
  SQLite::Database read(db.string(), SQLite::OPEN_READONLY);
  std::vector<std::string> rows;
  for (const char* table : {"rollup_unit_month", "rollup_month", "rollup_day", "rollup_heat", "rollup_unit_heat", "rollup_reason",
                            "rollup_profile", "rollup_unit_profile"}) {
    std::string keys;  // in the primary key's order
    SQLite::Statement pk(read, "SELECT name FROM pragma_table_info(?) WHERE pk > 0 ORDER BY pk");
    pk.bind(1, table);
    while (pk.executeStep()) keys += (keys.empty() ? "" : ", ") + pk.getColumn(0).getString();
    REQUIRE_FALSE(keys.empty());
    SQLite::Statement st(read, std::string("SELECT * FROM ") + table + " ORDER BY " + keys);
    while (st.executeStep()) {
      std::string row = table;
      for (int i = 0; i < st.getColumnCount(); ++i) row += "|" + st.getColumn(i).getString();
      rows.push_back(std::move(row));
    }
  }
  return rows;
}

// ---- Seeded random ratings and what a fleet sends of them ----

struct UnitSpec {
  std::string id, survey;  // survey "" : its kiosks run both
  int offset;
  std::vector<std::string> services, counters;
};

const std::vector<UnitSpec> kUnits = {
    {"dumai", "quick-4", 7, {"ktp", "kk"}, {"loket-1", "loket-2"}},
    {"pontianak", "skm-2017", 7, {"ktp", "akta"}, {"loket-1"}},
    {"jayapura", "skm-2017", 9, {"ktp", "pindah"}, {"loket-1", "loket-2"}},
    {"sorong", "", 9, {"kk", "akta"}, {"loket-1", "loket-3"}},
};
const std::vector<std::string> kReasonIds = {"waiting_time", "staff_attitude", "facilities_poor", "requirements_unclear"};

Status createUnits(Storage& storage) {
  for (const auto& u : kUnits) {
    Unit unit{u.id, u.id, u.survey.empty() ? "quick-4" : u.survey, u.offset, {}, {}, {}, {}};
    for (const auto& s : u.services) unit.services.push_back({s, {s, s}});
    for (const auto& c : u.counters) unit.counters.push_back({c, c});
    if (Status created = storage.createUnit(unit); !created) return created;
  }
  return {};
}

struct SentBatch {
  std::size_t kiosk;
  std::vector<StoredItem> items;
  std::int64_t nowMs;
};

struct Fleet {
  std::vector<KioskRecord> kiosks;
  std::vector<std::vector<SentBatch>> batchesByKiosk;
  std::int64_t amendmentsBefore = 0, amendmentsAfter = 0;  // valid ones sent before / after their rating
};

class Generator {
 public:
  explicit Generator(std::uint32_t seed) : m_rng(seed) {}
  std::size_t below(std::size_t n) { return std::uniform_int_distribution<std::size_t>(0, n - 1)(m_rng); }
  bool chance(double p) { return std::uniform_real_distribution<double>(0, 1)(m_rng) < p; }
  template <class T>
  const T& pick(const std::vector<T>& items) { return items[below(items.size())]; }
  std::string pickOrEmpty(const std::vector<std::string>& items, double p) { return chance(p) ? pick(items) : std::string(); }

  // A time in November 2025 … February 2026 (across the year's turn), often a millisecond
  // either side of a local midnight of WIB or WIT.
  std::int64_t time() {
    const std::int64_t from = utcMs(2025, 11, 1), to = utcMs(2026, 3, 1);
    const std::int64_t t = from + static_cast<std::int64_t>(below(static_cast<std::size_t>(to - from)));
    if (!chance(0.15)) return t;
    const std::int64_t midnight = (t / kDayMs) * kDayMs - (chance(0.5) ? 7 : 9) * kHourMs;
    return midnight + (chance(0.5) ? -1 : 0);
  }

  Respondent respondent() {
    if (chance(0.4)) return {};
    Respondent r{std::string(pick(respondentGenders())), std::string(pick(respondentAgeBands())),
                 std::string(pick(respondentEducations())), std::string(pick(respondentOccupations()))};
    if (chance(0.3)) r.ageBand.clear(), r.education.clear(), r.occupation.clear();  // only some questions answered
    return r;
  }

  Response rating(const UnitSpec& unit, const std::string& survey, const std::string& boot, std::int64_t monoMs) {
    Response r;
    r.uuid = newUuid();
    r.surveyId = survey;
    if (survey == "quick-4") {
      r.answers.emplace("overall", static_cast<int>(1 + below(4)));
      if (chance(0.4))
        for (std::size_t n = 1 + below(3); n > 0; --n) r.reasons.push_back(pick(kReasonIds));  // sometimes one twice
    } else if (!chance(0.05)) {  // a few skipped every element
      for (int e = 1; e <= 9; ++e)
        if (chance(0.85)) r.answers.emplace("U" + std::to_string(e), static_cast<int>(1 + below(4)));
    }
    r.serviceId = pickOrEmpty(unit.services, 0.6);
    r.counterId = pickOrEmpty(unit.counters, 0.8);
    r.officerId = chance(0.6) ? unit.id + "-asn-" + std::to_string(below(3)) : std::string();
    r.respondent = respondent();
    r.clock = {time(), monoMs, boot};
    return r;
  }

  // A follow-up filling what the rating left empty, or nothing when there is nothing to fill.
  std::optional<Response> amendmentOf(const Response& rating, const UnitSpec& unit) {
    Response a;
    a.uuid = newUuid();
    a.amends = rating.uuid;
    if (rating.serviceId.empty() && chance(0.7)) a.serviceId = pick(unit.services);
    if (rating.reasons.empty() && rating.answers.count("overall") && chance(0.7)) a.reasons = {pick(kReasonIds)};
    if (rating.respondent.empty() && chance(0.7)) a.respondent = {"female", "30_39", "", ""};
    if (a.serviceId.empty() && a.reasons.empty() && a.respondent.empty()) return std::nullopt;
    a.clock = {rating.clock.wallMs + 60'000, rating.clock.monoMs + static_cast<std::int64_t>(1 + below(50)) * 60'000, rating.clock.bootId};
    if (chance(0.1)) a.clock.bootId = "another-boot";  // not mergeable: kept aside, counts nothing
    return a;
  }

  // The hub's clock flags: mostly plausible; some implausible (counted at receipt).
  std::uint32_t clockFlags() {
    if (chance(0.08)) return clockflags::kFuture;
    if (chance(0.04)) return clockflags::kBeforeEnrolment | clockflags::kEstimated;
    if (chance(0.05)) return clockflags::kEstimated;
    return 0;
  }

  Fleet fleet(int ratingsPerKiosk) {
    Fleet f;
    for (const auto& unit : kUnits)
      for (int k = 0; k < 2; ++k) f.kiosks.push_back({unit.id + "-k" + std::to_string(k), unit.id, "k", 0, {}, {}, {}, {}, 0});
    f.batchesByKiosk.resize(f.kiosks.size());
    for (std::size_t k = 0; k < f.kiosks.size(); ++k) {
      const UnitSpec& unit = *std::find_if(kUnits.begin(), kUnits.end(), [&](const UnitSpec& u) { return u.id == f.kiosks[k].unitId; });
      const std::string survey = unit.survey.empty() ? (k % 2 ? "skm-2017" : "quick-4") : unit.survey;
      const std::string boot = "boot-" + f.kiosks[k].id;
      // The kiosk's items in the order it sends them; an amendment goes anywhere, before its
      // rating (it waits) or after (it merges at once), in the same batch or another.
      std::vector<StoredItem> items;
      std::vector<std::pair<std::size_t, bool>> amendments;  // index in items, valid
      for (int i = 0; i < ratingsPerKiosk; ++i) {
        Response r = rating(unit, survey, boot, std::int64_t{i} * 600'000);
        items.push_back({r, r.clock.wallMs, clockFlags()});
        if (const auto a = chance(0.35) ? amendmentOf(r, unit) : std::nullopt) {
          const std::size_t ratingAt = items.size() - 1;
          const std::size_t at = below(items.size() + 8);
          const std::size_t position = std::min(at, items.size());
          items.insert(items.begin() + static_cast<std::ptrdiff_t>(position), StoredItem{*a, a->clock.wallMs, 0});
          if (a->clock.bootId == boot) (position <= ratingAt ? f.amendmentsBefore : f.amendmentsAfter) += 1;
        }
      }
      std::int64_t seq = 0;
      for (auto& item : items) item.response.seq = ++seq;
      for (std::size_t at = 0; at < items.size();) {
        const std::size_t size = std::min(items.size() - at, 1 + below(30));
        SentBatch batch{k, {items.begin() + static_cast<std::ptrdiff_t>(at), items.begin() + static_cast<std::ptrdiff_t>(at + size)}, time()};
        f.batchesByKiosk[k].push_back(batch);
        if (chance(0.1)) f.batchesByKiosk[k].push_back(batch);  // a resend: duplicates
        if (chance(0.05)) {  // a conflict: an id stored before, other content
          SentBatch conflict{k, {batch.items.front()}, time()};
          conflict.items.front().response.flags ^= flags::kPartial;
          f.batchesByKiosk[k].push_back(conflict);
        }
        at += size;
      }
    }
    return f;
  }

 private:
  std::mt19937 m_rng;
};

// Sends every kiosk's batches in its order, kiosks on `threads` threads at once (their
// batches meet in group commits); the batches that failed.
int sendAll(Storage& storage, const Fleet& fleet, int threads) {
  std::atomic<int> failed{0};
  std::vector<std::thread> senders;
  for (int t = 0; t < threads; ++t)
    senders.emplace_back([&, t] {
      for (std::size_t k = static_cast<std::size_t>(t); k < fleet.kiosks.size(); k += static_cast<std::size_t>(threads))
        for (const auto& batch : fleet.batchesByKiosk[k])
          if (!storage.ingest(fleet.kiosks[k], batch.items, batch.nowMs)) ++failed;
    });
  for (auto& s : senders) s.join();
  return failed;
}

std::vector<RollupQuery> someQueries() {
  const std::int64_t dec2025 = 2025 * 12 + 11, feb2026 = 2026 * 12 + 1;
  return {
      {},
      {{"jayapura", "sorong"}, {}, {}, "", ""},
      {{}, dec2025, feb2026, "", ""},
      {{"dumai"}, {}, dec2025 + 1, "", ""},
      {{}, {}, {}, "ktp", ""},
      {{}, {}, {}, "", "loket-1"},
      {{"sorong"}, dec2025, {}, "kk", "loket-3"},
  };
}

}  // namespace

TEST_CASE("every rollup query equals a recount of the stored ratings after random ingest with amendments, duplicates and odd clocks", "[hub][rollups]") {
  const std::uint32_t seed = GENERATE(1u, 2u, 3u);
  INFO("seed " << seed);
  // The third run maps reasons as a catalog might: two of them to one element (a rating naming
  // both complains about it once) and one to none the storage counts.
  auto reasons = surveys().reasons();
  if (seed == 3) {
    auto remapped = std::make_shared<ReasonMap>(*reasons);
    (*remapped)["staff_attitude"] = (*remapped)["waiting_time"];
    remapped->erase("facilities_poor");
    reasons = remapped;
  }
  const bool bundled = reasons == surveys().reasons();
  test::TempDir dir;
  const auto file = dir / "hub.db";
  StorageOptions storageOptions;
  storageOptions.reasons = reasons;
  auto opened = openStorage(file.string(), StorageRole::Create, storageOptions);
  REQUIRE(opened);
  Storage& storage = **opened;
  REQUIRE(createUnits(storage));
  Generator gen(seed);
  const Fleet fleet = gen.fleet(120);
  REQUIRE(sendAll(storage, fleet, 4) == 0);

  // The data holds what the test is about: both orders of amendments, merged.
  CHECK(fleet.amendmentsBefore > 5);
  CHECK(fleet.amendmentsAfter > 5);
  {
    SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
    CHECK(db.execAndGet("SELECT count(*) FROM amendments WHERE merged_ms IS NOT NULL").getInt() > 10);
    CHECK(db.execAndGet("SELECT count(*) FROM amendments WHERE problem IS NOT NULL").getInt() > 0);
    CHECK(db.execAndGet("SELECT count(*) FROM responses WHERE clock_flags & 6").getInt() > 10);
    CHECK(db.execAndGet("SELECT count(*) FROM rollup_unit_month WHERE responses = 0").getInt() == 0);
  }
  requireRollupsMatch(storage, someQueries(), *reasons);
  const auto differences = storage.rollupDifferences({});  // check's recount agrees too
  REQUIRE(differences);
  CHECK(*differences == std::vector<std::string>{});

  // Days at the day grain, over a window across the year's turn.
  auto responses = storage.responses().value();
  std::map<std::string, int> offsets;
  for (const auto& u : kUnits) offsets[u.id] = u.offset;
  const RollupQuery days{{}, localDay(utcMs(2025, 12, 20), 0), localDay(utcMs(2026, 1, 10), 0), "", ""};
  const Counts expected = recount(responses, offsets, RollupGrain::Day, days, *reasons);
  REQUIRE_FALSE(expected.tallies.empty());
  CHECK(firstDifference("day", expected.tallies, fromRollups(storage, RollupGrain::Day, days).tallies) == "");

  // A page and `report` agree: each unit's SKM and quick figures from its unit-month rows
  // (complaints by element where the storage maps reasons as the catalog does).
  const auto training = loadTrainingCatalog(test::assets() / "training" / "catalog.json").value();
  ReportOptions options;
  for (const auto& u : kUnits) options.utcOffsets.byUnit[u.id] = u.offset;
  const Report report = buildReport(responses, options, surveys(), training);
  REQUIRE(report.groups.size() == kUnits.size());
  for (const auto& group : report.groups) {
    RollupTally sum;
    const auto rows = storage.tallies(RollupGrain::UnitMonth, {{group.key.value}, {}, {}, "", ""}).value();
    for (const auto& row : rows) sum.add(row.tally);
    INFO(group.key.value);
    CHECK(sum.responses == group.responses);
    CHECK(sum.skmRespondents == group.ikm.respondents);
    CHECK(summarize(sum.elements, sum.skmRespondents).konversi == group.ikm.konversi);
    CHECK(sum.quickPerScore == group.quick.perScore);
    CHECK(sum.quickSum == group.quick.sum);
    if (!bundled) continue;
    CHECK(sum.complaints == group.quick.mentions);
    CHECK(sum.satisfiedMentions == group.quick.mentionsWhenSatisfied);
  }

  // A rebuild from the ratings gives the very rows ingest kept.
  const auto kept = rollupRows(file);
  auto rebuilt = storage.rebuildRollups();
  REQUIRE(rebuilt);
  CHECK(*rebuilt == static_cast<std::int64_t>(responses.size()));
  CHECK(rollupRows(file) == kept);
}

TEST_CASE("an amendment moves its rating's counts from the keys it had to the ones it fills, whichever arrives first", "[hub][rollups]") {
  const bool amendmentFirst = GENERATE(false, true);
  const bool sameBatch = GENERATE(false, true);
  INFO("amendment first: " << amendmentFirst << ", same batch: " << sameBatch);
  test::TempDir dir;
  auto opened = openStorage((dir / "hub.db").string(), StorageRole::Create);
  REQUIRE(opened);
  Storage& storage = **opened;
  REQUIRE(createUnits(storage));
  const KioskRecord kiosk{"k1", "dumai", "k", 0, {}, {}, {}, {}, 0};
  const std::int64_t at = utcMs(2026, 2, 10) + 3 * kHourMs;
  Response rating = test::quickResponse(2);
  rating.seq = 1;
  rating.clock = {at, 1'000, "boot"};
  Response amendment;
  amendment.uuid = newUuid();
  amendment.seq = 2;
  amendment.amends = rating.uuid;
  amendment.serviceId = "ktp";
  amendment.reasons = {"waiting_time"};
  amendment.respondent = {"male", "", "", ""};
  amendment.clock = {at + 60'000, 61'000, "boot"};
  const StoredItem r{rating, at, 0}, a{amendment, at + 60'000, 0};
  if (sameBatch) {
    REQUIRE(storage.ingest(kiosk, amendmentFirst ? std::vector{a, r} : std::vector{r, a}, at));
  } else {
    REQUIRE(storage.ingest(kiosk, {amendmentFirst ? a : r}, at));
    REQUIRE(storage.ingest(kiosk, {amendmentFirst ? r : a}, at));
  }

  const auto rows = storage.tallies(RollupGrain::Month, {}).value();
  REQUIRE(rows.size() == 1);  // none left behind at service '' (not even a row of zeros)
  CHECK(rows[0].serviceId == "ktp");
  CHECK(rows[0].tally.quickPerScore == std::array<std::int64_t, 4>{0, 1, 0, 0});
  std::array<std::int64_t, kSkmElementCount> complaint{};  // the element waiting time speaks about
  complaint[static_cast<std::size_t>(surveys().reasons()->at("waiting_time"))] = 1;
  CHECK(rows[0].tally.complaints == complaint);
  const auto reasons = storage.reasonCounts({}).value();
  REQUIRE(reasons.size() == 1);
  CHECK(reasons[0].reasonId == "waiting_time");
  CHECK(reasons[0].dissatisfied);
  CHECK(reasons[0].count == 1);
  const auto genders = storage.profileCounts({{}, {}, {}, "ktp", ""}).value();
  CHECK(std::count_if(genders.begin(), genders.end(), [](const ProfileCount& p) { return p.attribute == "gender" && p.value == "male" && p.count == 1; }) == 1);
  CHECK(storage.profileCounts({{}, {}, {}, "kk", ""}).value().empty());
  requireRollupsMatch(storage, {{}});
}

TEST_CASE("a rating at 00:30 WIT on 1 January counts in January of the new year for a +9 unit, in December for a +7 one", "[hub][rollups]") {
  test::TempDir dir;
  auto opened = openStorage((dir / "hub.db").string(), StorageRole::Create);
  REQUIRE(opened);
  Storage& storage = **opened;
  REQUIRE(createUnits(storage));
  const std::int64_t halfPastMidnightWit = utcMs(2026, 1, 1) - 9 * kHourMs + 30 * 60'000;  // 15:30Z on 31 December
  for (const char* unit : {"jayapura", "pontianak"}) {
    Response r = test::skmAll({4, 4, 3, 3, 2, 2, 1, 1, 4});
    r.seq = 1;
    REQUIRE(storage.ingest({std::string(unit) + "-k", unit, "k", 0, {}, {}, {}, {}, 0}, {{r, halfPastMidnightWit, 0}}, halfPastMidnightWit));
  }
  const std::int64_t january2026 = 2026 * 12 + 0, december2025 = 2025 * 12 + 11;
  const auto months = storage.tallies(RollupGrain::UnitMonth, {}).value();
  REQUIRE(months.size() == 2);
  CHECK(months[0].unitId == "jayapura");
  CHECK(months[0].bucket == january2026);
  CHECK(months[1].unitId == "pontianak");
  CHECK(months[1].bucket == december2025);
  const auto days = storage.tallies(RollupGrain::Day, {}).value();
  REQUIRE(days.size() == 2);
  CHECK(days[0].bucket == localDay(utcMs(2026, 1, 1), 0));
  CHECK(days[1].bucket == localDay(utcMs(2025, 12, 31), 0));
  const auto heat = storage.heat({}).value();
  REQUIRE(heat.size() == 2);
  CHECK((heat[0].weekday == 3 && heat[0].hour == 0));   // Thursday 1 January, 00:30 WIT
  CHECK((heat[1].weekday == 2 && heat[1].hour == 22));  // Wednesday 31 December, 22:30 WIB
  CHECK(heat[0].scores == 9);
  CHECK(heat[0].scoreSum == 24);
  // January's figures hold it, December's do not.
  CHECK(storage.tallies(RollupGrain::Month, {{"jayapura"}, january2026, january2026 + 1, "", ""}).value().size() == 1);
  CHECK(storage.tallies(RollupGrain::Month, {{"jayapura"}, december2025, january2026, "", ""}).value().empty());
}

TEST_CASE("a unit's new UTC offset recounts its rollups, through the storage and through unit set --utc-offset", "[hub][rollups]") {
  test::TempDir dir;
  const auto file = dir / "hub.db";
  auto opened = openStorage(file.string(), StorageRole::Create);
  REQUIRE(opened);
  Storage& storage = **opened;
  REQUIRE(createUnits(storage));
  Generator gen(7);
  REQUIRE(sendAll(storage, gen.fleet(60), 2) == 0);
  const auto monthOf = [&](const std::string& unit) {
    std::set<std::int64_t> buckets;
    const auto rows = storage.tallies(RollupGrain::UnitMonth, {{unit}, {}, {}, "", ""}).value();
    for (const auto& row : rows) buckets.insert(row.bucket);
    return buckets;
  };
  const auto before = rollupRows(file);
  const auto dumaiBefore = storage.tallies(RollupGrain::Day, {{"dumai"}, {}, {}, "", ""}).value();

  const Status changed = storage.configureUnit("jayapura", {7, {}, {}});
  INFO((changed ? std::string() : changed.error().message));
  REQUIRE(changed);
  REQUIRE(storage.unit("jayapura")->utcOffsetHours == 7);
  requireRollupsMatch(storage, someQueries());
  CHECK(storage.rollupDifferences({}).value().empty());
  CHECK(rollupRows(file) != before);
  CHECK(storage.tallies(RollupGrain::Day, {{"dumai"}, {}, {}, "", ""}).value().size() == dumaiBefore.size());  // others untouched
  REQUIRE(storage.configureUnit("jayapura", {7, 1000, {}}));  // the same offset again: nothing to recount
  requireRollupsMatch(storage, {{{"jayapura"}, {}, {}, "", ""}});

  const auto set = test::runProcess({kHub, "unit", "set", "--db", file.string(), "--id", "jayapura", "--utc-offset", "9"});
  INFO(set.err);
  REQUIRE(set.exitCode == 0);
  requireRollupsMatch(storage, someQueries());
  CHECK(rollupRows(file) == before);  // back to +9: the rows it had
  CHECK_FALSE(monthOf("jayapura").empty());

  // Batches are counted ahead at the offset their unit had when last seen; another process
  // changing it in between is found out when they are stored, and they are counted again.
  const KioskRecord kiosk{"jayapura-k0", "jayapura", "k", 0, {}, {}, {}, {}, 0};
  const auto send = [&](std::int64_t seq) {
    Response r = test::skmAll({4, 3, 2, 1, 4, 3, 2, 1, 4});
    r.seq = seq;
    const std::int64_t at = utcMs(2026, 1, 1) - 9 * kHourMs + 30 * 60'000;  // 00:30 on 1 January at +9, December at +8
    REQUIRE(storage.ingest(kiosk, {{r, at, 0}}, at));
  };
  send(1'000);  // the storage now knows +9
  REQUIRE(test::runProcess({kHub, "unit", "set", "--db", file.string(), "--id", "jayapura", "--utc-offset", "8"}).exitCode == 0);
  send(1'001);
  requireRollupsMatch(storage, someQueries());
  CHECK(storage.rollupDifferences({}).value().empty());
}

TEST_CASE("a dry run counts its ratings and amendments as ingest would, and leaves the rollups as they were", "[hub][rollups]") {
  test::TempDir dir;
  const auto file = dir / "hub.db";
  auto opened = openStorage(file.string(), StorageRole::Create);
  REQUIRE(opened);
  Storage& storage = **opened;
  REQUIRE(createUnits(storage));
  Generator gen(11);
  const Fleet fleet = gen.fleet(40);
  REQUIRE(sendAll(storage, fleet, 1) == 0);
  const auto before = rollupRows(file);
  {
    auto rehearsal = storage.rehearseIngest();
    REQUIRE(rehearsal);
    const Fleet more = Generator(12).fleet(20);
    for (std::size_t k = 0; k < more.kiosks.size(); ++k)
      for (const auto& batch : more.batchesByKiosk[k]) REQUIRE((*rehearsal)->ingest(more.kiosks[k], batch.items, batch.nowMs));
    // An amendment of a stored rating, which would move its counts.
    for (const auto& batch : fleet.batchesByKiosk[0])
      for (const auto& item : batch.items) {
        if (item.response.isAmendment() || !item.response.serviceId.empty()) continue;
        Response a;
        a.uuid = newUuid();
        a.seq = 10'000;
        a.amends = item.response.uuid;
        a.serviceId = "ktp";
        a.clock = {item.response.clock.wallMs, item.response.clock.monoMs + 1, item.response.clock.bootId};
        REQUIRE((*rehearsal)->ingest(fleet.kiosks[0], {{a, a.clock.wallMs, 0}}, a.clock.wallMs));
        break;
      }
  }
  CHECK(rollupRows(file) == before);
  requireRollupsMatch(storage, {{}});
  // And the writer's own pending counts were not kept for the next commit either.
  Response r = test::quickResponse(4);
  r.seq = 50'000;
  REQUIRE(storage.ingest(fleet.kiosks[0], {{r, r.clock.wallMs, 0}}, r.clock.wallMs));
  requireRollupsMatch(storage, {{}});
}

TEST_CASE("a step-6 hub database is upgraded with its rollups counted from the ratings it holds", "[hub][rollups]") {
  test::TempDir dir;
  const auto file = dir / "hub.db";
  // The same ratings stored by today's hub, for the rows to expect.
  const auto reference = dir / "reference.db";
  Generator gen(21);
  const Fleet fleet = gen.fleet(50);
  {
    auto storage = openStorage(reference.string(), StorageRole::Create);
    REQUIRE(storage);
    REQUIRE(createUnits(**storage));
    REQUIRE(sendAll(**storage, fleet, 1) == 0);
  }
  {
    SQLite::Database old(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    REQUIRE(migrateHubSchemaTo(old, file.string(), 6));
    // What a step-6 hub held: its units and the reference's rows as they are (amendments merged).
    old.exec("ATTACH DATABASE '" + reference.string() + "' AS ref");
    old.exec("INSERT INTO units SELECT id, name, survey, utc_offset, monthly_users FROM ref.units");
    old.exec("INSERT INTO responses SELECT * FROM ref.responses");
    old.exec("INSERT INTO amendments SELECT * FROM ref.amendments");
    old.exec("DETACH DATABASE ref");
    REQUIRE(old.execAndGet("SELECT count(*) FROM sqlite_master WHERE name LIKE 'rollup%'").getInt() == 0);
  }
  auto upgraded = openStorage(file.string(), StorageRole::Write);
  REQUIRE(upgraded);
  CHECK(SQLite::Database(file.string(), SQLite::OPEN_READONLY).execAndGet("PRAGMA user_version").getInt() == hubSchemaVersion());
  requireRollupsMatch(**upgraded, someQueries());
  CHECK(rollupRows(file) == rollupRows(reference));
}

TEST_CASE("suara-hub check finds rollups that disagree with the ratings, and rollups rebuild recounts them", "[hub][rollups][cli]") {
  test::TempDir dir;
  const auto file = dir / "hub.db";
  std::int64_t ratings = 0;
  {
    auto storage = openStorage(file.string(), StorageRole::Create);
    REQUIRE(storage);
    REQUIRE(createUnits(**storage));
    Generator gen(31);
    REQUIRE(sendAll(**storage, gen.fleet(30), 1) == 0);
    ratings = (*storage)->responseCount().value();
  }
  const auto check = [&] { return test::runProcess({kHub, "check", "--db", file.string()}); };
  const auto ok = check();
  INFO(ok.out << ok.err);
  REQUIRE(ok.exitCode == 0);
  const auto before = rollupRows(file);
  {
    SQLite::Database db(file.string(), SQLite::OPEN_READWRITE);
    db.exec("UPDATE rollup_month SET e3_sum = e3_sum + 1 WHERE (unit, survey, service, counter, officer, month) = "
            "(SELECT unit, survey, service, counter, officer, month FROM rollup_month WHERE e3_n > 0 LIMIT 1)");
    db.exec("DELETE FROM rollup_heat WHERE (unit, service, counter, month, weekday, hour) = "
            "(SELECT unit, service, counter, month, weekday, hour FROM rollup_heat LIMIT 1 OFFSET 3)");
  }
  const auto damaged = check();
  CHECK(damaged.exitCode == 1);
  CHECK_THAT(damaged.out, Catch::Contains("rollup_month: 1 rows differ"));
  CHECK_THAT(damaged.out, Catch::Contains("rollup_heat: 1 rows differ"));
  CHECK_THAT(damaged.out, !Catch::Contains("rollup_day"));
  CHECK_THAT(damaged.err, Catch::Contains("rollups rebuild"));
  CHECK(test::runProcess({kHub, "check", "--quick", "--db", file.string()}).exitCode == 0);  // pages only

  const auto rebuilt = test::runProcess({kHub, "rollups", "rebuild", "--db", file.string()});
  INFO(rebuilt.err);
  REQUIRE(rebuilt.exitCode == 0);
  CHECK(rebuilt.out == "recounted the rollups of " + std::to_string(ratings) + " ratings\n");
  CHECK(rollupRows(file) == before);
  CHECK(check().exitCode == 0);
}
