#pragma once
// A rollup tally as the dashboard shows it: the exact IKM (core's summarize()), its mutu, the
// quick index, each element with its 95 % interval, in the reader's number format. The same
// JSON feeds the pages' templates and the API, so a page can never show a figure the API
// does not give.

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "storage/rollups.hpp"
#include "suara/core/ikm.hpp"
#include "suara/core/text.hpp"

namespace suara::hub {

// "76,61" (Indonesian) or "76.61" (English).
std::string hundredthsText(std::int64_t hundredths, Language language);
// A whole number with thousands separated: "12.345" / "12,345".
std::string countText(std::int64_t count, Language language);
// {"hundredths": 7661, "value": "76.61", "display": "76,61"}
nlohmann::json hundredthsJson(std::int64_t hundredths, Language language);

// The value at `path` in a page model, or null where a step is missing or null.
const nlohmann::json* jsonAt(const nlohmann::json& value, std::initializer_list<const char*> path);

// The quick-mode summary a tally holds (QuickSummary, with its mentions).
QuickSummary quickSummaryOf(const RollupTally& tally);
IkmSummary ikmSummaryOf(const RollupTally& tally);

// {"responses", "skm": {respondents, konversi, ikm, mutu, complete} | null,
//  "quick": {respondents, index, per_score} | null}
nlohmann::json headlineJson(const RollupTally& tally, Language language);
// Per element: code, name, answered, nrr, konversi, interval, below_b.
nlohmann::json elementsJson(const RollupTally& tally, Language language);

// The figure a unit is ranked and compared by: its SKM konversi, or its quick index when it
// has no SKM answers (labelled so), in hundredths; nullopt when it has neither.
struct LeadFigure {
  std::int64_t hundredths = 0;
  bool quick = false;
  std::int64_t respondents = 0;
};
std::optional<LeadFigure> leadFigureOf(const RollupTally& tally);

// A sparkline of monthly values (hundredths; gaps where a month had none) as inline SVG,
// with a text alternative naming the first and last values.
std::string sparklineSvg(const std::vector<std::optional<std::int64_t>>& values, const std::string& label);

}  // namespace suara::hub

namespace suara::hub {
// The per-element chart: a bar of each answered element's konversi on the 25–100 scale, its
// 95 % interval as a whisker, and the B line at 76,61; elements below B are marked by text
// and pattern as well as colour. Inline SVG (attributes only, no style: the pages' CSP).
std::string elementChartSvg(const nlohmann::json& elements, Language language);
}  // namespace suara::hub
