#pragma once
// Indeks Kepuasan Masyarakat per Peraturan Menteri PANRB No. 14 Tahun 2017.
//
//   NRR(element)   = sum of its answers / number of respondents who answered it
//   IKM            = sum over elements of NRR x 1/9            (equal weights)
//   IKM konversi   = IKM x 25
//   mutu           = A 88,31-100,00 | B 76,61-88,30 | C 65,00-76,60 | D 25,00-64,99
//
// Everything is computed as exact fractions of arbitrary size (no floating point, no fallback):
// the IKM is a sum of up to nine fractions whose denominators are respondent counts, and
// their common denominator outgrows any machine integer in real data. Values are rounded to
// hundredths (half away from zero) only for display, and the mutu is read from the rounded
// konversi so that the category always agrees with the number printed next to it (the
// regulation's bands are defined on two-decimal values: 88,30 is B, 88,31 is A).
//
// An element nobody answered has no NRR and is left out, not counted as zero: the weights
// become 1/k over the k answered elements and the summary says it is incomplete.

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "suara/core/response.hpp"
#include "suara/core/skm_elements.hpp"

namespace suara {

enum class Mutu { A, B, C, D };
char mutuLetter(Mutu mutu);
std::string_view mutuLabel(Mutu mutu, bool english = false);  // "Sangat Baik" / "Very good"
// Category of a konversi value given in hundredths (8831 = 88,31).
Mutu mutuForHundredths(std::int64_t konversiHundredths);

inline constexpr std::int64_t kThresholdBHundredths = 7661;  // lowest konversi still "B"
// A quick rating this low is dissatisfied ("Tidak puas" 1, "Kurang puas" 2): its reasons are complaints.
inline constexpr int kDissatisfiedAtOrBelow = 2;

// `scale` × sum/count in hundredths, rounded half up in exact integer arithmetic (0 when count
// is 0): the mean of `count` scores summing to `sum` as an NRR (scale 1) or a konversi (25).
constexpr std::int64_t meanHundredthsOf(std::int64_t sum, std::int64_t count, std::int64_t scale) {
  return count > 0 ? (2 * 100 * scale * sum + count) / (2 * count) : 0;
}
constexpr std::int64_t konversiHundredthsOf(std::int64_t sum, std::int64_t count) { return meanHundredthsOf(sum, count, 25); }
constexpr std::int64_t nrrHundredthsOf(std::int64_t sum, std::int64_t count) { return meanHundredthsOf(sum, count, 1); }

// A non-negative fraction in lowest terms, its numerator and denominator in decimal digits
// of any length: what JSON carries so that a reader can check every rounding.
struct ExactFraction {
  std::string numerator = "0";
  std::string denominator = "1";
  std::string text() const { return numerator + "/" + denominator; }
  bool operator==(const ExactFraction&) const = default;
};

struct ElementTally {
  std::int64_t answered = 0;    // respondents who answered this element
  std::int64_t sum = 0;         // sum of their answers (1..4 each)
  std::int64_t sumSquares = 0;  // sum of their squares: the spread behind the confidence interval
  bool hasAnswers() const { return answered > 0; }
  // For charts only; displayed and banded values come from the exact hundredths below.
  double nrr() const { return answered ? static_cast<double>(sum) / static_cast<double>(answered) : 0.0; }
  std::int64_t nrrHundredths() const { return nrrHundredthsOf(sum, answered); }
  std::int64_t konversiHundredths() const { return konversiHundredthsOf(sum, answered); }
  void add(int score) {
    ++answered;
    sum += score;
    sumSquares += std::int64_t{score} * score;
  }
  bool operator==(const ElementTally&) const = default;
};

struct IkmSummary {
  std::int64_t respondents = 0;  // SKM-survey responses with at least one element answered
  std::array<ElementTally, kSkmElementCount> elements{};
  int answeredElements = 0;             // elements with at least one answer
  ExactFraction ikm;                    // mean NRR over the answered elements, 1..4
  ExactFraction konversi;               // ikm x 25
  std::int64_t ikmHundredths = 0;       // ikm rounded half up, for display
  std::int64_t konversiHundredths = 0;  // konversi rounded half up, for display and mutu
  std::optional<Mutu> mutu;             // none when nothing was answered
  bool complete() const { return answeredElements == kSkmElementCount; }
};

// The quick-mode overall rating: the Indeks Kepuasan Cepat, its own figure on the same 25-100
// scale, never the SKM IKM and never given a mutu letter that could be taken for one.
struct QuickSummary {
  std::int64_t respondents = 0;
  std::int64_t sum = 0;
  std::array<std::int64_t, 4> perScore{};  // how many gave 1, 2, 3, 4
  // Per SKM element: how many dissatisfied ratings (1 or 2) named a reason mapped to it, and
  // how many satisfied ones (3 or 4) did so anyway (kept as evidence, never as a deficit).
  std::array<std::int64_t, kSkmElementCount> mentions{};
  std::array<std::int64_t, kSkmElementCount> mentionsWhenSatisfied{};
  std::int64_t konversiHundredths() const { return konversiHundredthsOf(sum, respondents); }
};

// Which index a response feeds is its survey's mode, resolved by the caller from the survey
// definitions: SKM elements only from SKM surveys, the overall rating only from quick ones.
// Responses of surveys the caller does not know never reach the accumulator.
class IkmAccumulator {
 public:
  // `reasons` resolves quick-mode reasons to elements; without it reasons are ignored.
  IkmAccumulator() = default;
  explicit IkmAccumulator(std::shared_ptr<const ReasonMap> reasons) : m_reasons(std::move(reasons)) {}

  void add(const Response& response, SurveyMode mode);
  IkmSummary ikm() const;
  const QuickSummary& quick() const { return m_quick; }
  std::int64_t responses() const { return m_responses; }

 private:
  std::array<ElementTally, kSkmElementCount> m_elements{};
  std::int64_t m_skmRespondents = 0;
  std::int64_t m_responses = 0;
  QuickSummary m_quick;
  std::shared_ptr<const ReasonMap> m_reasons;
};

// IKM from element tallies, exactly.
IkmSummary summarize(const std::array<ElementTally, kSkmElementCount>& elements, std::int64_t respondents);

// Indonesian display of hundredths: 8831 -> "88,31".
std::string formatHundredths(std::int64_t hundredths);

// Krejcie & Morgan minimum sample for a population of `population` service users
// (95% confidence, 5% margin): S = 3.841·N·0.25 / (0.0025·(N−1) + 3.841·0.25), rounded to the
// nearest integer as in their published table.
std::int64_t requiredSampleSize(std::int64_t population);

struct SampleAdequacy {
  std::int64_t population = 0;
  std::int64_t required = 0;
  std::int64_t respondents = 0;
  bool adequate() const { return respondents >= required; }
};
SampleAdequacy sampleAdequacy(std::int64_t population, std::int64_t respondents);

}  // namespace suara
