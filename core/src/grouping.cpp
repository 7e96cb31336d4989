#include "suara/core/grouping.hpp"

#include <algorithm>

#include <array>
#include <cstdio>

namespace suara {

namespace {
constexpr std::array<std::string_view, 6> kDimensionNames = {"all", "unit", "service", "counter", "officer", "survey"};
constexpr std::array<std::string_view, 6> kPeriodNames = {"all", "day", "week", "month", "quarter", "year"};

// Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
struct CivilDate { int year; unsigned month; unsigned day; };
CivilDate civilFromDays(std::int64_t z) {
  z += 719468;
  const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const auto doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(static_cast<std::int64_t>(yoe) + era * 400 + (m <= 2)), m, d};
}
std::int64_t daysFromCivil(int y, unsigned m, unsigned d) {
  y -= m <= 2;
  const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
  const auto yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}
std::int64_t floorDiv(std::int64_t a, std::int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }
}  // namespace

std::optional<Dimension> parseDimension(std::string_view name) {
  for (std::size_t i = 0; i < kDimensionNames.size(); ++i)
    if (kDimensionNames[i] == name) return static_cast<Dimension>(i);
  return std::nullopt;
}
std::optional<Period> parsePeriod(std::string_view name) {
  for (std::size_t i = 0; i < kPeriodNames.size(); ++i)
    if (kPeriodNames[i] == name) return static_cast<Period>(i);
  return std::nullopt;
}
std::string_view dimensionName(Dimension dimension) { return kDimensionNames[static_cast<std::size_t>(dimension)]; }
std::string_view periodName(Period period) { return kPeriodNames[static_cast<std::size_t>(period)]; }

std::string dimensionValue(const Response& r, Dimension dimension) {
  const std::string* value = nullptr;
  switch (dimension) {
    case Dimension::All: return "all";
    case Dimension::Unit: value = &r.unitId; break;
    case Dimension::Service: value = &r.serviceId; break;
    case Dimension::Counter: value = &r.counterId; break;
    case Dimension::Officer: value = &r.officerId; break;
    case Dimension::Survey: value = &r.surveyId; break;
  }
  return value->empty() ? std::string("-") : *value;
}

std::int64_t localDay(std::int64_t unixMs, int utcOffsetHours) {
  return floorDiv(unixMs + std::int64_t{utcOffsetHours} * 3'600'000, 86'400'000);
}

std::int64_t localMonth(std::int64_t unixMs, int utcOffsetHours) {
  const CivilDate date = civilFromDays(localDay(unixMs, utcOffsetHours));
  return std::int64_t{date.year} * 12 + date.month - 1;
}

std::string periodLabel(std::int64_t unixMs, Period period, int utcOffsetHours) {
  if (period == Period::All) return "all";
  const std::int64_t days = floorDiv(unixMs + std::int64_t{utcOffsetHours} * 3'600'000, 86'400'000);
  const CivilDate date = civilFromDays(days);
  char text[32];
  switch (period) {
    case Period::Day: std::snprintf(text, sizeof text, "%04d-%02u-%02u", date.year, date.month, date.day); break;
    case Period::Month: std::snprintf(text, sizeof text, "%04d-%02u", date.year, date.month); break;
    case Period::Quarter: std::snprintf(text, sizeof text, "%04d-Q%u", date.year, (date.month - 1) / 3 + 1); break;
    case Period::Year: std::snprintf(text, sizeof text, "%04d", date.year); break;
    case Period::Week: {
      // ISO 8601: a week belongs to the year of its Thursday. 1970-01-01 was a Thursday.
      const std::int64_t daysSinceMonday = ((days + 3) % 7 + 7) % 7;
      const std::int64_t thursday = days - daysSinceMonday + 3;
      const int isoYear = civilFromDays(thursday).year;
      const std::int64_t week = (thursday - daysFromCivil(isoYear, 1, 1)) / 7 + 1;
      std::snprintf(text, sizeof text, "%04d-W%02lld", isoYear, static_cast<long long>(week));
      break;
    }
    case Period::All: break;
  }
  return text;
}

int UtcOffsets::hoursFor(const std::string& unitId) const {
  const auto it = byUnit.find(unitId);
  return it == byUnit.end() ? fallbackHours : it->second;
}

void GroupTally::add(const Response& response, SurveyMode mode) {
  const std::int64_t at = response.clock.wallMs;
  if (tally.responses() == 0) {
    firstMs = lastMs = at;
    unitId = response.unitId;
  } else {
    firstMs = std::min(firstMs, at);
    lastMs = std::max(lastMs, at);
    severalUnits = severalUnits || unitId != response.unitId;
  }
  tally.add(response, mode);
}

std::map<GroupKey, GroupTally> groupResponses(const std::vector<CountedResponse>& responses, Dimension dimension,
                                              Period period, const std::shared_ptr<const ReasonMap>& reasons,
                                              const UtcOffsets& utcOffsets) {
  std::map<GroupKey, GroupTally> groups;
  for (const auto& [counted, mode] : responses) {
    const Response& response = *counted;
    GroupKey key{dimensionValue(response, dimension),
                 periodLabel(response.clock.wallMs, period, utcOffsets.hoursFor(response.unitId))};
    auto it = groups.find(key);
    if (it == groups.end()) it = groups.emplace(std::move(key), GroupTally(reasons)).first;
    it->second.add(response, mode);
  }
  return groups;
}

}  // namespace suara
