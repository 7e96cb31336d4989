#pragma once
// The counts behind every dashboard figure, kept up to date at ingest (and when a follow-up
// amendment moves a rating to a service or adds reasons), so that pages never scan ratings.
//
// Every bucket is in the rating's unit's own calendar (its UTC offset: WIB +7, WITA +8, WIT +9),
// from the time reports count it at: the corrected time, or the hub's receipt when that estimate
// is implausible (ReportStore::responses). Only ratings are counted, never amendments on their
// own; a rating counts in SKM figures when its survey is an SKM one and in quick figures when it
// is a quick one, exactly as the report engine counts it, so that a page and `report` agree.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "suara/core/ikm.hpp"
#include "suara/core/result.hpp"

namespace suara::hub {

// What a set of ratings adds up to: enough for the exact IKM (summarize()), the quick index,
// and the confidence intervals (sums of squares).
struct RollupTally {
  std::int64_t responses = 0;       // ratings of any survey
  std::int64_t skmRespondents = 0;  // SKM ratings with at least one element answered
  std::array<ElementTally, kSkmElementCount> elements{};
  std::int64_t quickRespondents = 0;  // quick ratings with an overall score
  std::int64_t quickSum = 0;
  std::array<std::int64_t, 4> quickPerScore{};  // how many gave 1, 2, 3, 4
  // Per SKM element, quick ratings whose reasons name it (QuickSummary::mentions and
  // mentionsWhenSatisfied, counted exactly as IkmAccumulator::add does: two reasons of one
  // element in one rating count once), by the survey catalog's reason map.
  std::array<std::int64_t, kSkmElementCount> complaints{};         // with overall 1–2
  std::array<std::int64_t, kSkmElementCount> satisfiedMentions{};  // with overall 3–4

  void add(const RollupTally& other);
  bool operator==(const RollupTally&) const = default;
};

// How finely the counts are kept. Buckets are local days (days since 1970-01-01 in the unit's
// calendar, localDay()) or local months (year × 12 + month − 1, localMonth()).
enum class RollupGrain {
  UnitMonth,  // per unit, survey and month: the overview of every unit
  Month,      // per unit, survey, service, counter, officer and month: a unit's page and filters
  Day,        // per unit, survey, service, counter and day: before/after windows of an action
};

struct RollupQuery {
  std::vector<std::string> units;  // empty: every unit
  // [from, to) in the grain's buckets: local days for Day, local months otherwise
  // (heat, reasons and profiles are kept by month).
  std::optional<std::int64_t> from, to;
  std::string serviceId;  // empty: any (not for UnitMonth)
  std::string counterId;  // empty: any (not for UnitMonth)
};

struct RollupRow {
  std::string unitId, surveyId;
  std::string serviceId, counterId, officerId;  // empty where unknown or not kept at this grain
  std::int64_t bucket = 0;
  RollupTally tally;
};

// Volume and satisfaction by local weekday (Monday 0) and hour: the unit page's heatmap.
struct HeatCell {
  std::string unitId;
  int weekday = 0;  // 0 Monday … 6 Sunday
  int hour = 0;     // 0 … 23, local
  std::int64_t responses = 0;
  // Satisfaction as every score given in the cell (SKM element answers and quick overall
  // ratings alike, 1..4): its count and sum.
  std::int64_t scores = 0;
  std::int64_t scoreSum = 0;
};

// Quick follow-up reasons by how the rating went: `dissatisfied` for overall 1–2.
struct ReasonCount {
  std::string unitId;
  std::string reasonId;
  bool dissatisfied = false;
  std::int64_t count = 0;
};

// The self-declared respondent profile: attribute "gender", "age", "education" or
// "occupation", the value as stored, or "" for ratings that did not give it.
struct ProfileCount {
  std::string unitId;
  std::string attribute;
  std::string value;
  std::int64_t count = 0;
};

class RollupStore {
 public:
  virtual ~RollupStore() = default;
  // Rows at the query's grain, filtered by it; the caller adds up what it does not split by.
  virtual Result<std::vector<RollupRow>> tallies(RollupGrain grain, const RollupQuery& query) = 0;
  // Month-bucketed, summed over the query's months, services and counters.
  virtual Result<std::vector<HeatCell>> heat(const RollupQuery& query) = 0;
  virtual Result<std::vector<ReasonCount>> reasonCounts(const RollupQuery& query) = 0;
  virtual Result<std::vector<ProfileCount>> profileCounts(const RollupQuery& query) = 0;
  // Recounts every rollup from the stored ratings (after a unit's UTC offset changes, and
  // for `suara-hub rollups rebuild`). Returns the ratings counted.
  virtual Result<std::int64_t> rebuildRollups() = 0;
};

}  // namespace suara::hub
