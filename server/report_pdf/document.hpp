#pragma once
// What the chapters and charts share: the model, the page flow, the language and the number
// style, and the few derived lists (strengths, weaknesses) that several chapters word.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "laporan.hpp"
#include "page_flow.hpp"
#include "suara/core/ikm.hpp"

namespace suara::hub::pdf {

struct Doc {
  const LaporanModel& m;
  PageFlow& flow;

  std::string t(const char* indonesian, const char* english) const { return m.english ? english : indonesian; }
  // 7661 -> "76,61" / "76.61"; thousands grouped in both.
  std::string num(std::int64_t hundredths) const;
  std::string num(const std::optional<std::int64_t>& hundredths) const;  // "–" when absent
  // 1234 -> "1.234" / "1,234".
  std::string count(std::int64_t n) const;
  // "B Baik" for a konversi, from the regulation's bands.
  std::string mutuText(std::int64_t konversiHundredths) const;
  // The overall mutu as the model gives it, or from its konversi when the model leaves it out.
  std::string overallMutuLetter() const;
  std::string overallMutuLabel() const;
  // "U8 Sarana dan Prasarana", escaped for markup.
  static std::string elementTitle(const LaporanElement& e);

  // Elements with a konversi, highest first (ties in their U1..U9 order).
  std::vector<const LaporanElement*> rankedHighFirst() const;
  // Elements below B, lowest first.
  std::vector<const LaporanElement*> belowB() const;
  bool anyScored() const;
};

// The parts of the report, in order.
void titleBlock(Doc& d);
void chapterIntroduction(Doc& d);
void chapterDataCollection(Doc& d);
void chapterResults(Doc& d);
void chapterAnalysis(Doc& d);
void chapterPlan(Doc& d);
void chapterConclusion(Doc& d);
void appendix(Doc& d);

}  // namespace suara::hub::pdf
