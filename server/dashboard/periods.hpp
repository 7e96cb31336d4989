#pragma once
// The periods a dashboard shows: a month ("2026-11"), a quarter ("2026-Q4") or a year
// ("2026"), as a range of local months (year × 12 + month − 1, the rollups' month buckets).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "suara/core/text.hpp"

namespace suara::hub {

struct MonthRange {
  enum class Kind { Month, Quarter, Year };
  Kind kind = Kind::Quarter;
  std::int64_t from = 0;  // first month
  std::int64_t to = 0;    // one past the last

  std::int64_t months() const { return to - from; }
  MonthRange previous() const { return {kind, from - months(), from}; }
  MonthRange next() const { return {kind, to, to + months()}; }
  std::string label() const;                       // "2026-Q4"
  std::string title(Language language) const;     // "Triwulan IV 2026" / "Q4 2026"
  bool operator==(const MonthRange&) const = default;
};

// Parses "2026-11", "2026-Q4" or "2026" (years 1970–9999); nullopt otherwise.
std::optional<MonthRange> parseMonthRange(std::string_view text);
// The quarter holding `unixMs` in WIB (the dashboard's default period).
MonthRange currentQuarter(std::int64_t unixMs);
// "2026-11" of a month bucket; "Nov 2026" / "Nov 2026" for charts.
std::string monthLabel(std::int64_t month);
std::string monthShortTitle(std::int64_t month, Language language);

}  // namespace suara::hub
