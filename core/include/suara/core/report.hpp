#pragma once
// A manager's report: IKM (and the quick-mode index) overall and per group, sample adequacy
// and the ranked training priorities (RTL). Built from responses; rendered as JSON here and
// as text by the hub's CLI.

#include <cstdint>
#include <map>
#include <set>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "suara/core/grouping.hpp"
#include "suara/core/ikm.hpp"
#include "suara/core/survey.hpp"
#include "suara/core/text.hpp"
#include "suara/core/training.hpp"

namespace suara {

// What a hub knows of a unit beyond its ratings, for its report.
struct UnitProfile {
  // Service users a month (all of them, rated or not): the population that sample adequacy
  // is judged against, scaled to the span of the ratings counted.
  std::optional<std::int64_t> monthlyUsers;
  // The RTL's Penanggung Jawab: offices by element code ("U9") or level ("individual", "unit").
  std::map<std::string, std::string, std::less<>> offices;
};

struct ReportOptions {
  Dimension by = Dimension::Unit;
  Period period = Period::All;
  UtcOffsets utcOffsets;         // each unit's own where known
  // Service users for every group and period alike, given by the operator (a file report);
  // 0: each unit's own monthly volume (unitProfiles) where it is set.
  std::int64_t population = 0;
  std::map<std::string, UnitProfile, std::less<>> unitProfiles;
  // The units there are (a hub database knows them): by unit, one without ratings is listed
  // too, with zero respondents and period "-" when split into periods, so that a manager
  // sees it rather than missing it.
  std::vector<std::string> units;
};

// How far the times behind the periods can be trusted (the hub's clock flags); unknown for a file.
struct ReportTimeQuality {
  std::int64_t estimated = 0;    // the kiosk's wall clock, corrected by its offset when sending
  std::int64_t implausible = 0;  // that estimate was impossible: counted when the hub received them
};

// Where a group's population came from: the operator's figure, or units' monthly volumes
// times the calendar months (for day and week periods, days / 30) their ratings span.
struct PopulationBasis {
  enum class Source { Option, UnitSetting };
  Source source = Source::Option;
  std::int64_t monthlyUsers = 0;  // summed over the units when several
  std::int64_t months = 0;        // months spanned (0 when counted in days, or when the units' spans differ)
  std::int64_t days = 0;          // days spanned, for day and week periods
  std::int64_t units = 1;         // units whose populations were added up
};

struct ReportGroup {
  GroupKey key;
  std::int64_t responses = 0;            // of every known survey: SKM ones are ikm.respondents, quick ones quick.respondents
  IkmSummary ikm;
  QuickSummary quick;
  std::optional<SampleAdequacy> sample;  // SKM respondents against the population, when it is known
  std::optional<PopulationBasis> population;  // how that population was found
  std::vector<RtlItem> priorities;
};

// Responses a report did not count, and why: every one is accounted for.
struct ReportExclusion {
  std::string reason;
  std::int64_t count = 0;
};

struct Report {
  ReportOptions options;
  std::optional<ReportTimeQuality> timeQuality;
  std::int64_t duplicatesIgnored = 0;      // a response id seen before: counted once
  std::vector<ReportExclusion> excluded;   // by reason, most frequent first
  std::string firstPlanQuarter;            // the quarter after the latest rating: the RTL's first
  std::set<int> utcOffsetsUsed;            // the offsets the counted ratings' periods were taken in
  ReportGroup overall;
  std::vector<ReportGroup> groups;
};

// Counts each response id once, and only responses that fit a survey of `surveys` (the check
// ingest makes): SKM answers into the IKM, quick ratings into the quick index.
// The catalog must outlive the report (priorities point into it).
Report buildReport(const std::vector<Response>& responses, const ReportOptions& options, const SurveyCatalog& surveys,
                   const TrainingCatalog& catalog);

// Text of hundredths for JSON: 7661 -> "76.61" (a decimal string, never a binary double).
std::string decimalText(std::int64_t hundredths);

nlohmann::json reportToJson(const Report& report, Language language);
// One item of a follow-up plan, numbered from 1 (the report's JSON and the dashboard's).
nlohmann::json priorityJson(const RtlItem& item, std::size_t number, Language language);

}  // namespace suara
