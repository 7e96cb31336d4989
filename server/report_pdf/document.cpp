#include "document.hpp"

#include <algorithm>

namespace suara::hub::pdf {

namespace {

// Inserts `separator` between groups of three digits of a run of digits (after any sign).
std::string grouped(const std::string& digits, char separator) {
  const std::size_t start = (!digits.empty() && digits[0] == '-') ? 1 : 0;
  std::string out = digits.substr(0, start);
  const std::size_t n = digits.size() - start;
  for (std::size_t i = 0; i < n; ++i) {
    if (i > 0 && (n - i) % 3 == 0) out += separator;
    out += digits[start + i];
  }
  return out;
}

}  // namespace

std::string Doc::num(std::int64_t hundredths) const {
  // The core's Indonesian display ("76,61"), regrouped and re-punctuated for the language.
  const std::string text = formatHundredths(hundredths);
  const std::size_t comma = text.find(',');
  return grouped(text.substr(0, comma), m.english ? ',' : '.') + (m.english ? "." : ",") + text.substr(comma + 1);
}

std::string Doc::num(const std::optional<std::int64_t>& hundredths) const {
  return hundredths ? num(*hundredths) : std::string("\u2013");
}

std::string Doc::count(std::int64_t n) const { return grouped(std::to_string(n), m.english ? ',' : '.'); }

std::string Doc::mutuText(std::int64_t konversiHundredths) const {
  const Mutu mutu = mutuForHundredths(konversiHundredths);
  return std::string(1, mutuLetter(mutu)) + " " + std::string(mutuLabel(mutu, m.english));
}

std::string Doc::overallMutuLetter() const {
  if (!m.mutuLetter.empty()) return m.mutuLetter;
  return m.konversiHundredths ? std::string(1, mutuLetter(mutuForHundredths(*m.konversiHundredths))) : "";
}

std::string Doc::overallMutuLabel() const {
  if (!m.mutuLabel.empty()) return m.mutuLabel;
  return m.konversiHundredths ? std::string(mutuLabel(mutuForHundredths(*m.konversiHundredths), m.english)) : "";
}

std::string Doc::elementTitle(const LaporanElement& e) { return esc(e.code + " " + e.name); }

std::vector<const LaporanElement*> Doc::rankedHighFirst() const {
  std::vector<const LaporanElement*> out;
  for (const LaporanElement& e : m.elements) {
    if (e.konversiHundredths) out.push_back(&e);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto* a, const auto* b) { return *a->konversiHundredths > *b->konversiHundredths; });
  return out;
}

std::vector<const LaporanElement*> Doc::belowB() const {
  std::vector<const LaporanElement*> out;
  for (const LaporanElement& e : m.elements) {
    if (e.konversiHundredths && *e.konversiHundredths < kThresholdBHundredths) out.push_back(&e);
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto* a, const auto* b) { return *a->konversiHundredths < *b->konversiHundredths; });
  return out;
}

bool Doc::anyScored() const {
  return std::any_of(m.elements.begin(), m.elements.end(),
                     [](const auto& e) { return e.konversiHundredths.has_value(); });
}

}  // namespace suara::hub::pdf
