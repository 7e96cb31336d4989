#pragma once
// Grouping responses by a dimension (unit, service, counter, officer, survey) and a period.

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "suara/core/ikm.hpp"
#include "suara/core/response.hpp"

namespace suara {

enum class Dimension { All, Unit, Service, Counter, Officer, Survey };
enum class Period { All, Day, Week, Month, Quarter, Year };

std::optional<Dimension> parseDimension(std::string_view name);
std::optional<Period> parsePeriod(std::string_view name);
std::string_view dimensionName(Dimension dimension);
std::string_view periodName(Period period);

// The value of `dimension` for a response ("(tidak diketahui)" style empty -> "-").
std::string dimensionValue(const Response& response, Dimension dimension);
// Period label of a Unix-ms timestamp in a fixed UTC offset (WIB +7, WITA +8, WIT +9):
// "2026-11-22", "2026-W47" (ISO week), "2026-11", "2026-Q4", "2026", or "all".
std::string periodLabel(std::int64_t unixMs, Period period, int utcOffsetHours = 7);

// The local calendar day (days since 1970-01-01) and month (year × 12 + month − 1) of a time,
// for counting how many days or months a set of ratings spans.
std::int64_t localDay(std::int64_t unixMs, int utcOffsetHours);
std::int64_t localMonth(std::int64_t unixMs, int utcOffsetHours);

// Hours from UTC that decide a response's periods: its own unit's (WIB +7, WITA +8, WIT +9)
// where known, so that a Jayapura rating at 00:30 WIT on 1 January counts in the new year.
struct UtcOffsets {
  int fallbackHours = 7;             // for a unit not listed (a file report, say)
  std::map<std::string, int> byUnit;
  UtcOffsets(int fallback = 7) : fallbackHours(fallback) {}  // NOLINT: an hour count is an offset for all
  int hoursFor(const std::string& unitId) const;
};

struct GroupKey {
  std::string value;   // dimension value
  std::string period;  // period label
  auto operator<=>(const GroupKey&) const = default;
};

// A response to be counted, with the mode of its survey (which index it feeds).
struct CountedResponse {
  const Response* response = nullptr;
  SurveyMode mode = SurveyMode::Skm;
};

// One group's tally, with when and where its ratings were taken.
struct GroupTally {
  explicit GroupTally(std::shared_ptr<const ReasonMap> reasons) : tally(std::move(reasons)) {}
  IkmAccumulator tally;
  std::int64_t firstMs = 0, lastMs = 0;  // the earliest and latest rating counted
  std::string unitId;                   // the unit of its first rating
  bool severalUnits = false;            // whether others come from another unit
  void add(const Response& response, SurveyMode mode);
};

// Groups responses and accumulates each group. Results are ordered by key.
std::map<GroupKey, GroupTally> groupResponses(const std::vector<CountedResponse>& responses, Dimension dimension,
                                                  Period period, const std::shared_ptr<const ReasonMap>& reasons,
                                                  const UtcOffsets& utcOffsets = {});

}  // namespace suara
