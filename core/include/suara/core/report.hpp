#pragma once
// A manager's report: IKM (and the quick-mode index) overall and per group, sample adequacy
// and the ranked training priorities (RTL). Built from responses; rendered as JSON here and
// as text by the hub's CLI.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "suara/core/grouping.hpp"
#include "suara/core/ikm.hpp"
#include "suara/core/text.hpp"
#include "suara/core/training.hpp"

namespace suara {

struct ReportOptions {
  Dimension by = Dimension::Unit;
  Period period = Period::All;
  UtcOffsets utcOffsets;         // each unit's own where known
  std::int64_t population = 0;  // service users per group and period; 0 = unknown
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

struct ReportGroup {
  GroupKey key;
  std::int64_t responses = 0;
  IkmSummary ikm;
  QuickSummary quick;
  std::optional<SampleAdequacy> sample;  // when the population is known
  std::vector<RtlItem> priorities;
};

struct Report {
  ReportOptions options;
  std::optional<ReportTimeQuality> timeQuality;
  ReportGroup overall;
  std::vector<ReportGroup> groups;
};

// The catalog must outlive the report (priorities point into it).
Report buildReport(const std::vector<Response>& responses, const ReportOptions& options,
                   const std::shared_ptr<const ReasonMap>& reasons, const TrainingCatalog& catalog);

nlohmann::json reportToJson(const Report& report, Language language);

}  // namespace suara
