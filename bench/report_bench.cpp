// report_bench: the dashboard's reads from the rollups against the same figures computed from
// the raw ratings by SQLite, on a hub database of 10,000,000 ratings (1,000 units, 5,000
// kiosks, two years), and the ingest rate with the rollups kept up to date.
//
// Seeding (--seed): `sql` writes the ratings straight into the responses table in the order a
// fleet's arrive (each kiosk's day among every other kiosk's), then calls rebuildRollups;
// `ingest` sends each kiosk's two years through the storage's ingest, 2,000 a call, keeping
// the rollups as it goes, but leaves a unit's ratings together in the file, kiosk by kiosk,
// which makes its raw page several times faster than a serving hub's would be.
//
//   (a) overview: every unit's index for the latest quarter, the one before, and a 12-month
//       sparkline (RollupGrain::UnitMonth) — raw: one GROUP BY over every rating of those
//       months (no index leads to a time range: a scan of the table);
//   (b) a unit's page for a year: element tallies, month trend, by service, by counter,
//       heatmap, reasons, profile (RollupGrain::Month, heat, reasonCounts, profileCounts) —
//       raw: GROUP BYs over the unit's ratings, found through the kiosk index (the best the
//       raw table offers);
//   (c) ingest at 200 kiosks posting 500-rating batches at once through the storage API, on
//       a fresh database of the same 1,000 units.
//   (e) the pages as served: a suara-hub process on the seeded database, an admin signed in,
//       the overview and unit pages' JSON and HTML over HTTP (p50/p95; no raw side);
// Both sides of (a) and (b) compute the same figures with the same code after their reads,
// and the bench says whether they agree. Figures are printed; timings are never asserted.
//
// Goals: a page p95 ≤ 200 ms and ≥ 20× faster than raw; ingest ≥ 50,000 ratings/s.

#include <SQLiteCpp/SQLiteCpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <map>
#include <mutex>
#include <random>
#include <thread>

#include <CLI/CLI.hpp>
#include <httplib.h>

#include "bench_stats.hpp"
#include "hub_fixture.hpp"
#include "services/enrolment_service.hpp"
#include "storage/sqlite/sqlite_response_rows.hpp"
#include "storage/storage.hpp"
#include "suara/core/compact_codec.hpp"
#include "suara/core/grouping.hpp"
#include "suara/core/ikm.hpp"
#include "suara/core/paths.hpp"
#include "suara/core/survey.hpp"

using namespace suara;
using namespace suara::bench;
namespace fs = std::filesystem;

namespace {

constexpr std::int64_t kHourMs = 3'600'000;
constexpr std::int64_t kDayMs = 24 * kHourMs;
constexpr int kKioskBatch = 500;  // a kiosk's batch, as kiosk_load.hpp sends them

const std::vector<std::string> kServices = {"ktp", "kk", "akta"};
const std::vector<std::string> kCounters = {"loket-1", "loket-2", "loket-3"};
const std::vector<std::string> kReasons = {"requirements_unclear", "procedure_complicated", "waiting_time", "unexpected_fees",
                                           "result_not_as_promised", "staff_unskilled", "staff_attitude", "complaint_ignored",
                                           "facilities_poor"};

struct BenchUnit {
  std::string id;
  bool skm;  // its kiosks run skm-2017; quick-4 otherwise
  int offset;
};

// 1,000 units: two in five run the SKM; most in WIB, some in WITA and WIT.
std::vector<BenchUnit> benchUnits(int count) {
  std::vector<BenchUnit> units;
  for (int u = 0; u < count; ++u) {
    char id[16];
    std::snprintf(id, sizeof id, "unit-%04d", u);
    units.push_back({id, u % 5 < 2, u % 10 < 7 ? 7 : u % 10 < 9 ? 8 : 9});
  }
  return units;
}

bool isSkm(const std::string& survey) { return survey == "skm-2017"; }

// Kiosk `kiosk`'s ratings of one local day (from `localDayMs`, 00:00 in the unit's time), in
// time order, mostly in office hours; sequence numbers from `firstSeq`.
std::vector<hub::StoredItem> kioskDayRatings(const BenchUnit& unit, std::size_t kiosk, int count, std::int64_t localDayMs,
                                             std::int64_t firstSeq) {
  std::mt19937_64 rng(kiosk * 1'000'003 + static_cast<std::uint64_t>(localDayMs / kDayMs));
  const auto below = [&](std::uint64_t n) { return rng() % n; };
  const auto chance = [&](int percent) { return below(100) < static_cast<std::uint64_t>(percent); };
  const double mean = 2.6 + static_cast<double>(kiosk % 13) / 10.0;  // each kiosk its own level
  const auto score = [&] {
    const double s = mean + (static_cast<double>(below(1000)) / 1000.0 - 0.5) * 2.2;
    return static_cast<int>(std::clamp(std::lround(s), 1L, 4L));
  };
  std::vector<std::int64_t> times;
  for (int i = 0; i < count; ++i) {
    const std::int64_t timeOfDay = chance(85) ? 8 * kHourMs + static_cast<std::int64_t>(below(8 * kHourMs))
                                              : static_cast<std::int64_t>(below(kDayMs));
    times.push_back(localDayMs + timeOfDay - unit.offset * kHourMs);
  }
  std::sort(times.begin(), times.end());
  const std::string boot = "boot-" + std::to_string(kiosk);
  std::vector<hub::StoredItem> items;
  items.reserve(static_cast<std::size_t>(count));
  for (int i = 0; i < count; ++i) {
    Response r;
    r.uuid = newUuid();
    r.seq = firstSeq + i;
    r.surveyId = unit.skm ? "skm-2017" : "quick-4";
    if (unit.skm) {
      for (int e = 1; e <= kSkmElementCount; ++e)
        if (!chance(3)) r.answers.emplace("U" + std::to_string(e), score());
    } else {
      const int overall = score();
      r.answers.emplace("overall", overall);
      if (overall <= 2 && chance(70)) r.reasons.push_back(kReasons[below(kReasons.size())]);
    }
    if (!chance(10)) r.serviceId = kServices[below(kServices.size())];
    const std::size_t counter = below(kCounters.size());
    r.counterId = kCounters[counter];
    r.officerId = unit.id + "-asn-" + std::to_string(counter * 2 + below(2));
    if (chance(50))
      r.respondent = {std::string(respondentGenders()[below(respondentGenders().size())]),
                      std::string(respondentAgeBands()[below(respondentAgeBands().size())]),
                      std::string(respondentEducations()[below(respondentEducations().size())]),
                      std::string(respondentOccupations()[below(respondentOccupations().size())])};
    const std::size_t t = static_cast<std::size_t>(i);
    r.clock = {times[t], times[t] - localDayMs + 1000, boot};
    items.push_back({std::move(r), times[t], 0});
  }
  return items;
}

// ---- The figures a page shows, whichever way they were read ----

// The index a unit is judged by: the SKM IKM's konversi, or the quick index (hundredths).
std::int64_t indexOf(const hub::RollupTally& t, bool skm) {
  if (skm) return summarize(t.elements, t.skmRespondents).konversiHundredths;
  return konversiHundredthsOf(t.quickSum, t.quickRespondents);
}

struct OverviewRow {
  std::int64_t latestQuarter = 0, previousQuarter = 0;
  std::array<std::int64_t, 12> sparkline{};
  bool operator==(const OverviewRow&) const = default;
};
using Overview = std::map<std::string, OverviewRow>;

// Unit-month tallies of the 12 months from `firstMonth` → each unit's overview row.
Overview overviewFrom(const std::map<std::pair<std::string, std::string>, std::map<std::int64_t, hub::RollupTally>>& tallies,
                      std::int64_t firstMonth) {
  Overview out;
  for (const auto& [unitSurvey, months] : tallies) {
    const bool skm = isSkm(unitSurvey.second);
    hub::RollupTally latest, previous;
    OverviewRow& row = out[unitSurvey.first];
    for (const auto& [month, tally] : months) {
      const std::int64_t i = month - firstMonth;
      row.sparkline[static_cast<std::size_t>(i)] = indexOf(tally, skm);
      if (i >= 9) latest.add(tally);
      else if (i >= 6) previous.add(tally);
    }
    row.latestQuarter = indexOf(latest, skm);
    row.previousQuarter = indexOf(previous, skm);
  }
  return out;
}

struct PageFigures {
  hub::RollupTally year;
  std::int64_t index = 0;
  std::map<std::int64_t, hub::RollupTally> byMonth;
  std::map<std::string, hub::RollupTally> byService, byCounter;
  std::map<std::pair<int, int>, std::array<std::int64_t, 3>> heat;
  std::map<std::pair<std::string, bool>, std::int64_t> reasons;
  std::map<std::pair<std::string, std::string>, std::int64_t> profile;
  bool operator==(const PageFigures&) const = default;
};

// ---- Rollups ----

Overview overviewFromRollups(hub::Storage& storage, std::int64_t firstMonth) {
  std::map<std::pair<std::string, std::string>, std::map<std::int64_t, hub::RollupTally>> tallies;
  auto rows = storage.tallies(hub::RollupGrain::UnitMonth, {{}, firstMonth, firstMonth + 12, "", ""});
  if (!rows) throw std::runtime_error(rows.error().message);
  for (const auto& row : *rows) tallies[{row.unitId, row.surveyId}][row.bucket].add(row.tally);
  return overviewFrom(tallies, firstMonth);
}

PageFigures pageFromRollups(hub::Storage& storage, const BenchUnit& unit, std::int64_t firstMonth) {
  const hub::RollupQuery q{{unit.id}, firstMonth, firstMonth + 12, "", ""};
  PageFigures page;
  auto rows = storage.tallies(hub::RollupGrain::Month, q);
  auto heat = storage.heat(q);
  auto reasons = storage.reasonCounts(q);
  auto profile = storage.profileCounts(q);
  if (!rows || !heat || !reasons || !profile) throw std::runtime_error("reading a unit's rollups failed");
  for (const auto& row : *rows) {
    page.year.add(row.tally);
    page.byMonth[row.bucket].add(row.tally);
    page.byService[row.serviceId].add(row.tally);
    page.byCounter[row.counterId].add(row.tally);
  }
  page.index = indexOf(page.year, unit.skm);
  for (const auto& h : *heat) page.heat[{h.weekday, h.hour}] = {h.responses, h.scores, h.scoreSum};
  for (const auto& r : *reasons) page.reasons[{r.reasonId, r.dissatisfied}] = r.count;
  for (const auto& p : *profile) page.profile[{p.attribute, p.value}] = p.count;
  return page;
}

// ---- Raw: what a dashboard without rollups asks SQLite ----

// A tally's aggregates over rows of `responses`, in RollupTally's order.
std::string rawTallyAggregates() {
  std::string elements, parts;
  for (int e = 1; e <= kSkmElementCount; ++e) elements += (e > 1 ? ", u" : "u") + std::to_string(e);
  parts = "count(*), count(*) FILTER (WHERE coalesce(" + elements + ") IS NOT NULL)";
  for (int e = 1; e <= kSkmElementCount; ++e) {
    const std::string u = "u" + std::to_string(e);
    parts += ", count(" + u + "), coalesce(sum(" + u + "), 0), coalesce(sum(" + u + " * " + u + "), 0)";
  }
  parts += ", count(overall), coalesce(sum(overall), 0)";
  for (int s = 1; s <= 4; ++s) parts += ", count(*) FILTER (WHERE overall = " + std::to_string(s) + ")";
  return parts;
}

// Without rollups, complaints by element come from each group of ratings' reasons text.
void addMentions(hub::RollupTally& t, const std::string& reasons, bool dissatisfied, const ReasonMap& map) {
  std::array<bool, kSkmElementCount> named{};
  for (const auto& id : detail::splitIds(reasons))
    if (const auto it = map.find(id); it != map.end()) named[static_cast<std::size_t>(it->second)] = true;
  for (std::size_t e = 0; e < named.size(); ++e)
    if (named[e]) (dissatisfied ? t.complaints : t.satisfiedMentions)[e] += t.quickRespondents;
}

hub::RollupTally tallyFromColumns(SQLite::Statement& st, int first) {
  int i = first;
  const auto next = [&] { return st.getColumn(i++).getInt64(); };
  hub::RollupTally t;
  t.responses = next();
  t.skmRespondents = next();
  for (auto& e : t.elements) e.answered = next(), e.sum = next(), e.sumSquares = next();
  t.quickRespondents = next();
  t.quickSum = next();
  for (auto& n : t.quickPerScore) n = next();
  return t;  // complaints: addMentions
}

// The local time of a row (the time reports count it at, plus its unit's offset) and its
// calendar month, in plain SQL.
const std::string kRawLocal =
    "(CASE WHEN r.clock_flags & 6 THEN r.received_ms ELSE r.corrected_ms END) + 3600000 * u.utc_offset";
std::string rawMonth(const std::string& local) {
  return "(CAST(strftime('%Y', (" + local + ") / 1000, 'unixepoch') AS INTEGER) * 12 + CAST(strftime('%m', (" + local +
         ") / 1000, 'unixepoch') AS INTEGER) - 1)";
}

// The first millisecond of a month (year × 12 + month − 1) at UTC: a local time's bound.
std::int64_t monthStartMs(std::int64_t month) {
  const std::chrono::year_month_day first{std::chrono::year{static_cast<int>(month / 12)}, std::chrono::month{static_cast<unsigned>(month % 12 + 1)},
                                          std::chrono::day{1}};
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::sys_days(first).time_since_epoch()).count();
}

Overview overviewFromRaw(SQLite::Database& db, std::int64_t firstMonth) {
  SQLite::Statement st(db, "SELECT unit, survey, " + rawMonth("local") + ", " + rawTallyAggregates() +
                               " FROM (SELECT r.*, r.unit_id AS unit, " + kRawLocal +
                               " AS local FROM responses r JOIN units u ON u.id = r.unit_id) WHERE local >= ? AND local < ? "
                               "GROUP BY 1, 2, 3");
  st.bind(1, monthStartMs(firstMonth));
  st.bind(2, monthStartMs(firstMonth + 12));
  std::map<std::pair<std::string, std::string>, std::map<std::int64_t, hub::RollupTally>> tallies;
  while (st.executeStep()) tallies[{st.getColumn(0).getString(), st.getColumn(1).getString()}][st.getColumn(2).getInt64()] = tallyFromColumns(st, 3);
  return overviewFrom(tallies, firstMonth);
}

PageFigures pageFromRaw(SQLite::Database& db, const BenchUnit& unit, std::int64_t firstMonth, const ReasonMap& reasonMap) {
  // The unit's ratings of the year, through the kiosk index.
  const std::string rows = "(SELECT r.*, " + kRawLocal +
                           " AS local FROM responses r JOIN units u ON u.id = r.unit_id WHERE r.kiosk_id IN "
                           "(SELECT id FROM kiosks WHERE unit_id = ?1) AND r.unit_id = ?1 AND local >= ?2 AND local < ?3)";
  const auto bindRange = [&](SQLite::Statement& st) {
    st.bind(1, unit.id);
    st.bind(2, monthStartMs(firstMonth));
    st.bind(3, monthStartMs(firstMonth + 12));
  };
  PageFigures page;
  {
    SQLite::Statement st(db, "SELECT " + rawMonth("local") + ", coalesce(service, ''), coalesce(counter, ''), reasons, overall <= 2, " +
                                 rawTallyAggregates() + " FROM " + rows + " GROUP BY 1, 2, 3, 4, 5");
    bindRange(st);
    while (st.executeStep()) {
      hub::RollupTally t = tallyFromColumns(st, 5);
      if (!st.getColumn(3).isNull()) addMentions(t, st.getColumn(3).getString(), st.getColumn(4).getInt() != 0, reasonMap);
      page.year.add(t);
      page.byMonth[st.getColumn(0).getInt64()].add(t);
      page.byService[st.getColumn(1).getString()].add(t);
      page.byCounter[st.getColumn(2).getString()].add(t);
    }
    page.index = indexOf(page.year, unit.skm);
  }
  {
    std::string given, sum;
    for (const char* c : {"u1", "u2", "u3", "u4", "u5", "u6", "u7", "u8", "u9", "overall"}) {
      given += std::string(given.empty() ? "" : " + ") + "(" + c + " IS NOT NULL)";
      sum += std::string(sum.empty() ? "" : " + ") + "coalesce(" + c + ", 0)";
    }
    SQLite::Statement st(db, "SELECT (CAST(strftime('%w', local / 1000, 'unixepoch') AS INTEGER) + 6) % 7, "
                             "CAST(strftime('%H', local / 1000, 'unixepoch') AS INTEGER), count(*), sum(" + given + "), sum(" + sum +
                                 ") FROM " + rows + " GROUP BY 1, 2");
    bindRange(st);
    while (st.executeStep())
      page.heat[{st.getColumn(0).getInt(), st.getColumn(1).getInt()}] = {st.getColumn(2).getInt64(), st.getColumn(3).getInt64(),
                                                                         st.getColumn(4).getInt64()};
  }
  {
    SQLite::Statement st(db, "SELECT reasons, overall <= 2, count(*) FROM " + rows +
                                 " WHERE reasons IS NOT NULL AND overall IS NOT NULL GROUP BY 1, 2");
    bindRange(st);
    while (st.executeStep()) {
      auto ids = detail::splitIds(st.getColumn(0).getString());
      std::sort(ids.begin(), ids.end());
      ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
      for (const auto& id : ids) page.reasons[{id, st.getColumn(1).getInt() != 0}] += st.getColumn(2).getInt64();
    }
  }
  {
    SQLite::Statement st(db, "SELECT coalesce(respondent, ''), count(*) FROM " + rows + " GROUP BY 1");
    bindRange(st);
    while (st.executeStep()) {
      Respondent r;
      detail::decodeRespondent(st.getColumn(0).getString(), r);
      const std::int64_t n = st.getColumn(1).getInt64();
      page.profile[{"gender", r.gender}] += n;
      page.profile[{"age", r.ageBand}] += n;
      page.profile[{"education", r.education}] += n;
      page.profile[{"occupation", r.occupation}] += n;
    }
  }
  return page;
}

// ---- Measuring ----

struct Timing {
  std::vector<double> ms;
  double p50() { return percentile(ms, 50); }
  double p95() { return percentile(ms, 95); }
};

template <class Fn>
Timing timed(int runs, Fn&& fn) {
  Timing t;
  for (int i = 0; i < runs; ++i) {
    const auto start = Clock::now();
    fn(i);
    t.ms.push_back(microsSince(start) / 1000);
  }
  return t;
}

void printRow(const char* what, Timing& rollup, Timing& raw, bool agree) {
  std::printf("  %-9s rollups p50 %8.2f ms  p95 %8.2f ms | raw p50 %9.1f ms  p95 %9.1f ms | raw/rollups p50 %6.0fx  p95 %6.0fx | "
              "figures agree: %s\n",
              what, rollup.p50(), rollup.p95(), raw.p50(), raw.p95(), raw.p50() / rollup.p50(), raw.p95() / rollup.p95(),
              agree ? "yes" : "NO");
}

struct Seeded {
  std::vector<BenchUnit> units;
  std::vector<hub::KioskRecord> kiosks;  // kiosks[k] of units[k / kiosksPerUnit]
};

// Units, and kiosks enrolled through the enrolment service.
Seeded setUp(hub::Storage& storage, int units, int kiosksPerUnit) {
  Seeded s{benchUnits(units), {}};
  hub::EnrolmentService enrolment(storage, storage, storage.codeKey());
  for (const auto& u : s.units) {
    hub::Unit unit{u.id, u.id, u.skm ? "skm-2017" : "quick-4", u.offset, {}, {}, {}, {}};
    for (const auto& service : kServices) unit.services.push_back({service, {service, service}});
    for (const auto& counter : kCounters) unit.counters.push_back({counter, counter});
    if (!storage.createUnit(unit)) throw std::runtime_error("creating unit " + u.id + " failed");
    for (int k = 0; k < kiosksPerUnit; ++k) {
      auto kiosk = enrolment.enrolDirectly(u.id, "kiosk " + std::to_string(k), clockNow().wallMs);
      if (!kiosk) throw std::runtime_error(kiosk.error().message);
      s.kiosks.push_back(*kiosk);
    }
  }
  return s;
}

// `threads` threads each posting their kiosks' batches one after another through the
// storage API; the ratings stored per second.
struct IngestFigures {
  std::int64_t ratings = 0;
  double seconds = 0;
  int failures = 0;
  std::vector<double> latencyMs;
};

IngestFigures postConcurrently(hub::Storage& storage, const std::vector<hub::KioskRecord>& kiosks,
                               const std::vector<std::vector<std::vector<hub::StoredItem>>>& batches) {
  IngestFigures f;
  std::atomic<int> failures{0};
  std::mutex latencyMutex;
  std::vector<std::thread> threads;
  const auto start = Clock::now();
  for (std::size_t k = 0; k < batches.size(); ++k)
    threads.emplace_back([&, k] {
      std::vector<double> mine;
      for (const auto& batch : batches[k]) {
        const auto sent = Clock::now();
        auto stored = storage.ingest(kiosks[k], batch, clockNow().wallMs);
        mine.push_back(microsSince(sent) / 1000);
        if (!stored) {
          ++failures;
          continue;
        }
        for (const auto& r : *stored) failures += r.status != wire::ItemStatus::Accepted;
      }
      std::lock_guard lock(latencyMutex);
      f.latencyMs.insert(f.latencyMs.end(), mine.begin(), mine.end());
    });
  for (auto& t : threads) t.join();
  f.seconds = microsSince(start) / 1e6;
  f.failures = failures;
  for (const auto& kiosk : batches)
    for (const auto& batch : kiosk) f.ratings += static_cast<std::int64_t>(batch.size());
  return f;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Dashboard reads from rollups vs raw ratings, and ingest with rollups", "report_bench"};
  fs::path dir = fs::temp_directory_path() / "suara-report-bench";
  std::int64_t ratings = 10'000'000;
  int units = 1000, kiosksPerUnit = 5, runs = 30, rawRuns = 5, servedRuns = 30, ingestKiosks = 200, ingestBatches = 4;
  bool keep = false, skipIngest = false, onlyIngest = false, maintenance = false;
  std::string seedMode = "sql";
  app.add_option("--dir", dir, "Work directory (the seeded database is kept there with --keep, and reused if it matches)")
      ->capture_default_str();
  app.add_option("--ratings", ratings, "Ratings to seed (spread over two years)")->capture_default_str();
  app.add_option("--units", units, "Units (kiosks: 5 each)")->capture_default_str();
  app.add_option("--runs", runs, "Timed runs of each rollup read")->capture_default_str();
  app.add_option("--raw-runs", rawRuns, "Timed runs of each raw read (the overview scans every rating)")->capture_default_str();
  app.add_option("--served-runs", servedRuns, "Timed requests of each page in (e), from a served hub (0: skip)")->capture_default_str();
  app.add_option("--ingest-kiosks", ingestKiosks, "Kiosks posting at once in (c)")->capture_default_str();
  app.add_option("--seed", seedMode,
                 "How to seed: sql (straight into the table in arrival order, then rebuildRollups) or ingest (through the "
                 "storage's ingest, 2,000 ratings a call, kiosk by kiosk)")
      ->check(CLI::IsMember({"sql", "ingest"}))
      ->capture_default_str();
  app.add_flag("--keep", keep, "Keep the seeded database for the next run");
  app.add_flag("--skip-ingest", skipIngest, "Skip (c)");
  app.add_flag("--only-ingest", onlyIngest, "Only (c): no seeded database");
  app.add_flag("--maintenance", maintenance,
               "Also time (d): a unit's offset change and back (each recounts it), a full rebuild, check's comparison");
  CLI11_PARSE(app, argc, argv);
  fs::create_directories(dir);
  const fs::path db = dir / ("hub-" + std::to_string(ratings) + "-" + std::to_string(units) + "-" + seedMode + ".db");

  // Two years of local days: 2024-01-01 … 2025-12-31; the latest quarter is 2025's fourth.
  const std::int64_t fromMs = monthStartMs(2024 * 12);
  constexpr int kDays = 731;
  const std::int64_t firstMonth = 2025 * 12;  // the 12 months the overview and pages show

  std::printf("report_bench: %lld ratings, %d units (2 in 5 SKM, WIB/WITA/WIT), %d kiosks, 2024-2025; database %s\n\n",
              static_cast<long long>(ratings), units, units * kiosksPerUnit, db.string().c_str());
  const bool reuse = keep && fs::exists(db);
  if (onlyIngest) {
    std::printf("only (c)\n");
  } else if (!reuse) {
    for (const char* suffix : {"", "-wal", "-shm", ".key"}) fs::remove(db.string() + suffix);
    auto storage = hub::openStorage(db.string(), hub::StorageRole::Create).value();
    const auto seedStart = Clock::now();
    const Seeded seeded = setUp(*storage, units, kiosksPerUnit);
    const std::size_t kiosks = seeded.kiosks.size();
    const auto unitOfKiosk = [&](std::size_t k) -> const BenchUnit& { return seeded.units[k / static_cast<std::size_t>(kiosksPerUnit)]; };
    // Kiosk k's ratings of day d: the day's share spread evenly, the odd ones to other kiosks each day.
    const auto dayRatings = [&](std::size_t k, int d) {
      const std::int64_t ofDay = ratings / kDays + (d < ratings % kDays ? 1 : 0);
      const auto turn = (k + static_cast<std::size_t>(d) * 7919) % kiosks;
      const auto count = static_cast<int>(ofDay / static_cast<std::int64_t>(kiosks) +
                                          (static_cast<std::int64_t>(turn) < ofDay % static_cast<std::int64_t>(kiosks) ? 1 : 0));
      return kioskDayRatings(unitOfKiosk(k), k, count, fromMs + d * kDayMs, std::int64_t{d} * 1000 + 1);
    };
    std::int64_t stored = 0;
    if (seedMode == "ingest") {
      // Through ingest, in large batches: each kiosk's two years, 2,000 ratings a call, kiosks
      // on 8 threads so that group commit joins them. The rollups are kept as they go. A unit's
      // ratings then lie together in the file, kiosk by kiosk, which flatters its raw page.
      std::atomic<std::size_t> next{0};
      std::atomic<std::int64_t> count{0};
      std::atomic<int> failed{0};
      std::vector<std::thread> seeders;
      for (int t = 0; t < 8; ++t)
        seeders.emplace_back([&] {
          for (std::size_t k = next++; k < kiosks; k = next++) {
            std::vector<hub::StoredItem> items;
            for (int d = 0; d < kDays; ++d) {
              auto day = dayRatings(k, d);
              items.insert(items.end(), std::make_move_iterator(day.begin()), std::make_move_iterator(day.end()));
            }
            for (std::size_t at = 0; at < items.size(); at += 4 * kKioskBatch) {
              const std::vector<hub::StoredItem> batch(items.begin() + static_cast<std::ptrdiff_t>(at),
                                                       items.begin() + static_cast<std::ptrdiff_t>(std::min(items.size(), at + 4 * kKioskBatch)));
              if (!storage->ingest(seeded.kiosks[k], batch, batch.back().correctedMs + 60'000)) ++failed;
              else count += static_cast<std::int64_t>(batch.size());
            }
            if (k % 500 == 499) std::fprintf(stderr, "  seeded %zu of %zu kiosks\n", k + 1, kiosks);
          }
        });
      for (auto& t : seeders) t.join();
      if (failed) return std::fprintf(stderr, "seeding failed for %d batches\n", failed.load()), 1;
      stored = count;
      const double seconds = microsSince(seedStart) / 1e6;
      std::printf("seeded %lld ratings through the storage's ingest, 2,000 a call (rollups kept as it went), in %.0f s: %.0f/s\n",
                  static_cast<long long>(stored), seconds, static_cast<double>(stored) / seconds);
    } else {
      // Straight into the responses table, in the order a fleet's ratings arrive (every kiosk's
      // day among everyone else's, as in a serving hub's file), then rebuildRollups: ingest
      // groups of a few ratings a kiosk seeded ten million at a few thousand a second.
      storage.reset();
      SQLite::Database sql(db.string(), SQLite::OPEN_READWRITE);
      sql.exec("PRAGMA synchronous=OFF");
      sql.exec("PRAGMA cache_size=-1048576");  // the rating-id index, whole
      SQLite::Statement insert(sql, "INSERT INTO responses (uuid, kiosk_id, seq, unit_id, survey, survey_version, reasons, service, "
                                    "counter, officer, respondent, kiosk_wall_ms, mono_ms, boot, corrected_ms, received_ms, flags, "
                                    "clock_flags, content_hash, " + hub::answerColumnList() +
                                    ") VALUES (?,?,?,?,?,1,?,?,?,?,?,?,?,?,?,?,0,0,?, " + hub::answerPlaceholders() + ")");
      const auto text = [&](int index, const std::string& value) {
        if (value.empty()) insert.bind(index);
        else insert.bind(index, value);
      };
      for (int d = 0; d < kDays; ++d) {
        std::vector<std::pair<std::size_t, hub::StoredItem>> day;
        for (std::size_t k = 0; k < kiosks; ++k)
          for (auto& item : dayRatings(k, d)) day.emplace_back(k, std::move(item));
        std::sort(day.begin(), day.end(), [](const auto& a, const auto& b) { return a.second.correctedMs < b.second.correctedMs; });
        SQLite::Transaction transaction(sql);
        for (const auto& [k, item] : day) {
          const Response& r = item.response;
          const auto uuid = *detail::uuidToBytes(r.uuid);
          insert.reset();
          insert.bind(1, uuid.data(), 16);
          insert.bind(2, seeded.kiosks[k].id);
          insert.bind(3, r.seq);
          insert.bind(4, seeded.kiosks[k].unitId);
          insert.bind(5, r.surveyId);
          text(6, detail::joinIds(r.reasons));
          text(7, r.serviceId);
          text(8, r.counterId);
          text(9, r.officerId);
          text(10, detail::encodeRespondent(r.respondent));
          insert.bind(11, r.clock.wallMs);
          insert.bind(12, r.clock.monoMs);
          insert.bind(13, r.clock.bootId);
          insert.bind(14, item.correctedMs);
          insert.bind(15, item.correctedMs + 60'000);
          insert.bind(16, uuid.data(), 16);  // never compared: no rating is sent twice here
          hub::bindAnswers(insert, 17, r);
          insert.exec();
        }
        transaction.commit();
        stored += static_cast<std::int64_t>(day.size());
        if (d % 73 == 72) std::fprintf(stderr, "  inserted %d of %d days\n", d + 1, kDays);
      }
      const double inserted = microsSince(seedStart) / 1e6;
      storage = hub::openStorage(db.string(), hub::StorageRole::Write).value();
      const auto rebuildStart = Clock::now();
      auto counted = storage->rebuildRollups();
      if (!counted || *counted != stored) return std::fprintf(stderr, "rebuilding the rollups failed\n"), 1;
      std::printf("seeded %lld ratings straight into the responses table, in arrival order, in %.0f s; then rebuildRollups: %.0f s\n",
                  static_cast<long long>(stored), inserted, microsSince(rebuildStart) / 1e6);
    }
  } else {
    std::printf("reusing the seeded database\n");
  }

  const std::vector<BenchUnit> unitList = benchUnits(units);
  if (!onlyIngest) {
    auto storage = hub::openStorage(db.string(), hub::StorageRole::Server).value();
    SQLite::Database raw(db.string(), SQLite::OPEN_READONLY);
    raw.exec("PRAGMA cache_size=-16384");  // as the storage's readers
    {
      SQLite::Statement sizes(raw, "SELECT (SELECT count(*) FROM responses), (SELECT count(*) FROM rollup_unit_month), "
                                   "(SELECT count(*) FROM rollup_month), (SELECT count(*) FROM rollup_day), "
                                   "(SELECT count(*) FROM rollup_heat), (SELECT count(*) FROM rollup_unit_heat), "
                                   "(SELECT count(*) FROM rollup_reason), (SELECT count(*) FROM rollup_profile), "
                                   "(SELECT count(*) FROM rollup_unit_profile)");
      sizes.executeStep();
      const auto n = [&](int i) { return static_cast<long long>(sizes.getColumn(i).getInt64()); };
      std::printf("rows: responses %lld; rollups: unit_month %lld, month %lld, day %lld, heat %lld, unit_heat %lld, reason %lld, "
                  "profile %lld, unit_profile %lld; file %.2f GB\n\n",
                  n(0), n(1), n(2), n(3), n(4), n(5), n(6), n(7), n(8), static_cast<double>(fs::file_size(db)) / 1e9);
    }

    // (a) The overview.
    Overview fromRollups, fromRaw;
    Timing overviewRollup = timed(runs, [&](int) { fromRollups = overviewFromRollups(*storage, firstMonth); });
    Timing overviewRaw = timed(rawRuns, [&](int) { fromRaw = overviewFromRaw(raw, firstMonth); });
    std::printf("(a) overview of %zu units (latest quarter, previous, 12 months), %d / %d runs:\n", fromRollups.size(), runs, rawRuns);
    printRow("overview", overviewRollup, overviewRaw, fromRollups == fromRaw && fromRollups.size() == unitList.size());

    // (b) A unit's page, for a different unit each run (the same units both ways).
    std::vector<PageFigures> pagesRollup(static_cast<std::size_t>(std::max(runs, rawRuns))), pagesRaw(pagesRollup.size());
    const auto unitOf = [&](int run) { return unitList[static_cast<std::size_t>(run * 97 + 13) % unitList.size()]; };
    Timing pageRollup = timed(runs, [&](int i) { pagesRollup[static_cast<std::size_t>(i)] = pageFromRollups(*storage, unitOf(i), firstMonth); });
    const int pageRawRuns = std::max(rawRuns, std::min(runs, 20));
    const auto surveys = SurveyCatalog::load(assetsDir() / "surveys").value();
    Timing pageRaw = timed(pageRawRuns, [&](int i) {
      pagesRaw[static_cast<std::size_t>(i)] = pageFromRaw(raw, unitOf(i), firstMonth, *surveys.reasons());
    });
    bool agree = true;
    for (int i = 0; i < std::min(runs, pageRawRuns); ++i)
      agree = agree && pagesRollup[static_cast<std::size_t>(i)] == pagesRaw[static_cast<std::size_t>(i)] &&
              pagesRollup[static_cast<std::size_t>(i)].year.responses > 0;
    std::printf("(b) a unit's page for a year (%lld ratings on the first), %d / %d runs:\n",
                static_cast<long long>(pagesRollup[0].year.responses), runs, pageRawRuns);
    printRow("unit page", pageRollup, pageRaw, agree);
    std::printf("    goals: page p95 <= 200 ms (%s), >= 20x faster than raw (%s)\n\n", pageRollup.p95() <= 200 ? "met" : "NOT MET",
                pageRaw.p95() / pageRollup.p95() >= 20 ? "met" : "NOT MET");

    // (d) What keeping them right costs when they must be recounted. Leaves the rows as they were.
    if (maintenance) {
      const BenchUnit& unit = unitList[7];
      auto start = Clock::now();
      if (!storage->configureUnit(unit.id, {unit.offset + 1, {}, {}})) return std::fprintf(stderr, "offset change failed\n"), 1;
      const double changed = microsSince(start) / 1e6;
      if (!storage->configureUnit(unit.id, {unit.offset, {}, {}})) return std::fprintf(stderr, "offset change failed\n"), 1;
      start = Clock::now();
      auto rebuilt = storage->rebuildRollups();
      const double rebuild = microsSince(start) / 1e6;
      start = Clock::now();
      auto differences = storage->rollupDifferences({});
      const double compared = microsSince(start) / 1e6;
      if (!rebuilt || !differences) return std::fprintf(stderr, "rebuild or comparison failed\n"), 1;
      std::printf("(d) one unit's offset change (recounts it): %.1f s; rebuild of every rollup: %.0f s (%lld ratings); "
                  "check's comparison with a recount: %.0f s, %zu tables differ\n\n",
                  changed, rebuild, static_cast<long long>(*rebuilt), compared, differences->size());
    }
    // (e) The pages as a manager gets them: a suara-hub process serving this database, an
    // admin signed in over HTTP (every unit in scope), each page's JSON and its HTML.
    if (servedRuns > 0) {
      storage.reset();  // one hub per database: the served one takes it over
      HubFixture hub(HubFixture::Existing{db});
      hub.addAdminUser("bench", "bench passphrase 1");
      httplib::Client http("127.0.0.1", hub.port());
      http.set_read_timeout(120, 0);
      auto signedIn = http.Post("/login", httplib::Params{{"name", "bench"}, {"password", "bench passphrase 1"}, {"next", "/"}});
      if (!signedIn || signedIn->status != 303) return std::fprintf(stderr, "signing in to the served hub failed\n"), 1;
      const httplib::Headers cookie{{"Cookie", signedIn->get_header_value("Set-Cookie").substr(0, signedIn->get_header_value("Set-Cookie").find(';'))}};
      std::size_t bytes = 0;
      bool allOk = true;
      const auto served = [&](const std::function<std::string(int)>& path) {
        return timed(servedRuns, [&](int i) {
          auto res = http.Get(path(i).c_str(), cookie);
          allOk = allOk && res && res->status == 200;
          if (res) bytes = res->body.size();
        });
      };
      std::printf("(e) the pages as served (a suara-hub process, an admin signed in, HTTP on loopback), %d runs each:\n", servedRuns);
      const auto row = [&](const char* what, Timing t) {
        std::printf("  %-28s p50 %8.2f ms  p95 %8.2f ms  (%zu bytes)\n", what, t.p50(), t.p95(), bytes);
        return t.p95();
      };
      double worst = 0;
      worst = std::max(worst, row("overview JSON (1,000 units)", served([](int) { return "/api/v1/overview?period=2025-Q4"; })));
      worst = std::max(worst, row("overview HTML", served([](int) { return "/?period=2025-Q4"; })));
      worst = std::max(worst, row("unit page JSON (a year)", served([&](int i) { return "/api/v1/unit?period=2025&id=" + unitOf(i).id; })));
      worst = std::max(worst, row("unit page HTML (a year)", served([&](int i) { return "/unit?period=2025&id=" + unitOf(i).id; })));
      std::printf("    goal: every page p95 <= 200 ms (%s)%s\n\n", worst <= 200 ? "met" : "NOT MET", allOk ? "" : "  (SOME REQUESTS FAILED)");
    }

  }

  // (c) Ingest with the rollups kept, on a fresh database of the same units.
  if (!skipIngest) {
    const fs::path ingestDb = dir / "ingest.db";
    for (const char* suffix : {"", "-wal", "-shm", ".key"}) fs::remove(ingestDb.string() + suffix);
    auto storage = hub::openStorage(ingestDb.string(), hub::StorageRole::Server).value();
    const Seeded seeded = setUp(*storage, units, 1);
    std::vector<hub::KioskRecord> posting;
    std::vector<std::vector<std::vector<hub::StoredItem>>> batches;
    const std::int64_t today = (clockNow().wallMs / kDayMs - 2) * kDayMs;  // ratings of the last two days
    for (int k = 0; k < ingestKiosks; ++k) {
      const std::size_t u = static_cast<std::size_t>(k * 5) % seeded.units.size();  // 200 of the units
      posting.push_back(seeded.kiosks[u]);
      auto items = kioskDayRatings(seeded.units[u], 100'000 + static_cast<std::size_t>(k), ingestBatches * kKioskBatch / 2, today, 1);
      const auto more = kioskDayRatings(seeded.units[u], 200'000 + static_cast<std::size_t>(k), ingestBatches * kKioskBatch / 2,
                                        today + kDayMs, 1 + ingestBatches * kKioskBatch / 2);
      items.insert(items.end(), more.begin(), more.end());
      std::vector<std::vector<hub::StoredItem>> mine;
      for (int b = 0; b < ingestBatches; ++b)
        mine.emplace_back(items.begin() + b * kKioskBatch, items.begin() + (b + 1) * kKioskBatch);
      batches.push_back(std::move(mine));
    }
    IngestFigures f = postConcurrently(*storage, posting, batches);
    const double rate = static_cast<double>(f.ratings) / f.seconds;
    std::printf("(c) ingest, %d kiosks posting %d batches of %d at once through the storage API, rollups kept:\n", ingestKiosks,
                ingestBatches, kKioskBatch);
    std::printf("    %lld ratings in %.2f s: %.0f ratings/s (goal >= 50000: %s); batch p50 %.0f ms, p99 %.0f ms%s\n",
                static_cast<long long>(f.ratings), f.seconds, rate, rate >= 50'000 ? "met" : "NOT MET", percentile(f.latencyMs, 50),
                percentile(f.latencyMs, 99), f.failures ? "  (NOT ALL STORED)" : "");
    storage.reset();
    for (const char* suffix : {"", "-wal", "-shm", ".key"}) fs::remove(ingestDb.string() + suffix);
  }
  if (!keep)
    for (const char* suffix : {"", "-wal", "-shm", ".key"}) fs::remove(db.string() + suffix);
  return 0;
}
