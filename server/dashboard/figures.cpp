#include "dashboard/figures.hpp"

#include <algorithm>

#include "suara/core/skm_elements.hpp"
#include "suara/core/training.hpp"

namespace suara::hub {

std::string hundredthsText(std::int64_t hundredths, Language language) {
  std::string text = formatHundredths(hundredths);
  if (language == Language::English) std::replace(text.begin(), text.end(), ',', '.');
  return text;
}

std::string countText(std::int64_t count, Language language) {
  std::string digits = std::to_string(count < 0 ? -count : count);
  const char separator = language == Language::English ? ',' : '.';
  for (auto at = static_cast<std::ptrdiff_t>(digits.size()) - 3; at > 0; at -= 3) digits.insert(static_cast<std::size_t>(at), 1, separator);
  return (count < 0 ? "-" : "") + digits;
}

nlohmann::json hundredthsJson(std::int64_t hundredths, Language language) {
  return {{"hundredths", hundredths},
          {"value", hundredthsText(hundredths, Language::English)},
          {"display", hundredthsText(hundredths, language)}};
}

const nlohmann::json* jsonAt(const nlohmann::json& value, std::initializer_list<const char*> path) {
  const nlohmann::json* at = &value;
  for (const char* key : path) {
    if (!at->is_object() || !at->contains(key) || (*at)[key].is_null()) return nullptr;
    at = &(*at)[key];
  }
  return at;
}

QuickSummary quickSummaryOf(const RollupTally& tally) {
  QuickSummary quick;
  quick.respondents = tally.quickRespondents;
  quick.sum = tally.quickSum;
  quick.perScore = tally.quickPerScore;
  quick.mentions = tally.complaints;
  quick.mentionsWhenSatisfied = tally.satisfiedMentions;
  return quick;
}

IkmSummary ikmSummaryOf(const RollupTally& tally) { return summarize(tally.elements, tally.skmRespondents); }

nlohmann::json headlineJson(const RollupTally& tally, Language language) {
  nlohmann::json out = {{"responses", tally.responses}, {"responses_display", countText(tally.responses, language)}};
  const IkmSummary ikm = ikmSummaryOf(tally);
  if (ikm.mutu) {
    out["skm"] = {{"respondents", ikm.respondents},
                  {"respondents_display", countText(ikm.respondents, language)},
                  {"konversi", hundredthsJson(ikm.konversiHundredths, language)},
                  {"ikm", hundredthsJson(ikm.ikmHundredths, language)},
                  {"exact", ikm.konversi.text()},
                  {"mutu", {{"letter", std::string(1, mutuLetter(*ikm.mutu))},
                            {"label", std::string(mutuLabel(*ikm.mutu, language == Language::English))}}},
                  {"complete", ikm.complete()},
                  {"answered_elements", ikm.answeredElements}};
  } else {
    out["skm"] = nullptr;
  }
  if (tally.quickRespondents > 0) {
    nlohmann::json perScore = nlohmann::json::array();
    for (std::size_t i = 0; i < 4; ++i) {
      const std::int64_t n = tally.quickPerScore[i];
      perScore.push_back({{"score", i + 1},
                          {"count", n},
                          {"percent", hundredthsJson(meanHundredthsOf(n, tally.quickRespondents, 100), language)}});
    }
    out["quick"] = {{"respondents", tally.quickRespondents},
                    {"respondents_display", countText(tally.quickRespondents, language)},
                    {"index", hundredthsJson(konversiHundredthsOf(tally.quickSum, tally.quickRespondents), language)},
                    {"per_score", perScore}};
  } else {
    out["quick"] = nullptr;
  }
  return out;
}

nlohmann::json elementsJson(const RollupTally& tally, Language language) {
  nlohmann::json out = nlohmann::json::array();
  for (int i = 0; i < kSkmElementCount; ++i) {
    const ElementTally& element = tally.elements[static_cast<std::size_t>(i)];
    nlohmann::json row = {{"code", std::string(kSkmElementCodes[static_cast<std::size_t>(i)])},
                          {"name", std::string(skmElementName(i, language))},
                          {"answered", element.answered},
                          {"answered_display", countText(element.answered, language)}};
    if (element.hasAnswers()) {
      const auto [low, high] = konversiInterval(element);
      row["nrr"] = hundredthsJson(element.nrrHundredths(), language);
      row["konversi"] = hundredthsJson(element.konversiHundredths(), language);
      row["interval"] = {{"low", hundredthsJson(low, language)}, {"high", hundredthsJson(high, language)}};
      row["below_b"] = element.konversiHundredths() < kThresholdBHundredths;
      row["interval_reaches_b"] = low < kThresholdBHundredths && high >= kThresholdBHundredths;
    }
    out.push_back(std::move(row));
  }
  return out;
}

std::optional<LeadFigure> leadFigureOf(const RollupTally& tally) {
  const IkmSummary ikm = ikmSummaryOf(tally);
  if (ikm.mutu) return LeadFigure{ikm.konversiHundredths, false, ikm.respondents};
  if (tally.quickRespondents > 0) return LeadFigure{konversiHundredthsOf(tally.quickSum, tally.quickRespondents), true, tally.quickRespondents};
  return std::nullopt;
}

std::string sparklineSvg(const std::vector<std::optional<std::int64_t>>& values, const std::string& label) {
  constexpr double kWidth = 120, kHeight = 28, kPad = 3;
  std::int64_t low = 10'000, high = 2'500;
  for (const auto& v : values)
    if (v) low = std::min(low, *v), high = std::max(high, *v);
  if (low > high) low = high = 0;
  const double span = std::max<double>(static_cast<double>(high - low), 500.0);  // at least 5 points of scale
  const double mid = (static_cast<double>(high) + static_cast<double>(low)) / 2;
  const double step = values.size() > 1 ? (kWidth - 2 * kPad) / static_cast<double>(values.size() - 1) : 0;
  std::string path;
  bool penDown = false;
  char buffer[64];
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (!values[i]) {
      penDown = false;
      continue;
    }
    const double x = kPad + step * static_cast<double>(i);
    const double y = kHeight / 2 - (static_cast<double>(*values[i]) - mid) / span * (kHeight - 2 * kPad);
    std::snprintf(buffer, sizeof buffer, "%c%.1f %.1f", penDown ? 'L' : 'M', x, y);
    path += buffer;
    penDown = true;
  }
  return "<svg class=\"spark\" viewBox=\"0 0 120 28\" width=\"120\" height=\"28\" role=\"img\" aria-label=\"" + label +
         "\"><title>" + label + "</title><path d=\"" + path + "\" fill=\"none\" stroke=\"currentColor\" stroke-width=\"2\"/></svg>";
}

}  // namespace suara::hub

namespace suara::hub {

namespace {

std::string escapeXml(const std::string& text) {
  std::string out;
  for (const char c : text) {
    switch (c) {
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '&': out += "&amp;"; break;
      case '"': out += "&quot;"; break;
      default: out += c;
    }
  }
  return out;
}

}  // namespace

std::string elementChartSvg(const nlohmann::json& elements, Language language) {
  constexpr int kLabel = 330, kBar = 380, kRow = 34, kTop = 26;
  const int rowsEnd = kTop + kRow * static_cast<int>(elements.size()) + 4;
  const int height = rowsEnd + 20;  // the scale's ticks below the rows
  auto x = [&](std::int64_t hundredths) { return kLabel + static_cast<double>(hundredths - 2500) / 7500.0 * kBar; };
  const bool en = language == Language::English;
  char buffer[512];
  std::string svg = "<svg class=\"elements-chart\" viewBox=\"0 0 " + std::to_string(kLabel + kBar + 90) + " " + std::to_string(height) +
                    "\" role=\"img\" aria-labelledby=\"elements-chart-title\"><title id=\"elements-chart-title\">" +
                    (en ? "Konversi per element with 95% intervals; the dashed line is B (76.61)"
                        : "Konversi per unsur dengan selang kepercayaan 95%; garis putus-putus adalah batas B (76,61)") +
                    "</title>";
  svg += "<defs><pattern id=\"below-b\" width=\"6\" height=\"6\" patternUnits=\"userSpaceOnUse\" patternTransform=\"rotate(45)\">"
         "<rect width=\"6\" height=\"6\" fill=\"#b3261e\"/><rect width=\"2\" height=\"6\" fill=\"#7a1a14\"/></pattern></defs>";
  for (const std::int64_t tick : {2500, 5000, 7500, 10000}) {
    std::snprintf(buffer, sizeof buffer, "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">%lld</text>", x(tick),
                  rowsEnd + 16, static_cast<long long>(tick / 100));
    svg += buffer;
  }
  int row = 0;
  for (const auto& element : elements) {
    const int y = kTop + kRow * row++;
    svg += "<text x=\"0\" y=\"" + std::to_string(y + 21) + "\" class=\"label\">" + escapeXml(element["code"].get<std::string>() + " " + element["name"].get<std::string>()) + "</text>";
    if (!element.contains("konversi")) {
      svg += "<text x=\"" + std::to_string(kLabel + 4) + "\" y=\"" + std::to_string(y + 21) + "\" class=\"none\">" +
             (en ? "no answers" : "belum ada jawaban") + "</text>";
      continue;
    }
    const std::int64_t value = element["konversi"]["hundredths"].get<std::int64_t>();
    const std::int64_t low = element["interval"]["low"]["hundredths"].get<std::int64_t>();
    const std::int64_t high = element["interval"]["high"]["hundredths"].get<std::int64_t>();
    const bool below = element["below_b"].get<bool>();
    std::snprintf(buffer, sizeof buffer, "<rect x=\"%d\" y=\"%d\" width=\"%.1f\" height=\"20\" fill=\"%s\"/>", kLabel, y + 6,
                  x(value) - kLabel, below ? "url(#below-b)" : "#1f5fa8");
    svg += buffer;
    std::snprintf(buffer, sizeof buffer,
                  "<path d=\"M%.1f %d H%.1f M%.1f %d V%d M%.1f %d V%d\" stroke=\"#111\" stroke-width=\"2\" fill=\"none\"/>", x(low),
                  y + 16, x(high), x(low), y + 10, y + 22, x(high), y + 10, y + 22);
    svg += buffer;
    // Right of the whisker, and of the B line for a bar below it, so that no line crosses the text.
    const std::int64_t textFrom = below ? std::max(high, kThresholdBHundredths) : std::max(high, value);
    std::snprintf(buffer, sizeof buffer, "<text x=\"%.1f\" y=\"%d\" class=\"value\">%s%s</text>", x(textFrom) + 6, y + 21,
                  element["konversi"]["display"].get<std::string>().c_str(), below ? (en ? " ▼ below B" : " ▼ di bawah B") : "");
    svg += buffer;
  }
  std::snprintf(buffer, sizeof buffer,
                "<path d=\"M%.1f %d V%d\" stroke=\"#111\" stroke-width=\"1.5\" stroke-dasharray=\"5 4\"/>"
                "<text x=\"%.1f\" y=\"%d\" class=\"tick\" text-anchor=\"middle\">B %s</text>",
                x(kThresholdBHundredths), kTop - 4, rowsEnd, x(kThresholdBHundredths), kTop - 8,
                hundredthsText(kThresholdBHundredths, language).c_str());
  svg += buffer;
  return svg + "</svg>";
}

}  // namespace suara::hub
