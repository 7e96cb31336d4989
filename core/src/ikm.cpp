#include "suara/core/ikm.hpp"

#include <cmath>

#include <boost/multiprecision/cpp_int.hpp>

namespace suara {

char mutuLetter(Mutu mutu) { return "ABCD"[static_cast<int>(mutu)]; }

std::string_view mutuLabel(Mutu mutu, bool english) {
  static constexpr std::string_view kId[] = {"Sangat Baik", "Baik", "Kurang Baik", "Tidak Baik"};
  static constexpr std::string_view kEn[] = {"Very good", "Good", "Poor", "Very poor"};
  return (english ? kEn : kId)[static_cast<int>(mutu)];
}

Mutu mutuForHundredths(std::int64_t h) {
  if (h >= 8831) return Mutu::A;
  if (h >= kThresholdBHundredths) return Mutu::B;
  if (h >= 6500) return Mutu::C;
  return Mutu::D;
}

namespace {

using boost::multiprecision::cpp_int;
using boost::multiprecision::cpp_rational;

// value × scale rounded half away from zero, for a non-negative value: ⌊(2·p·scale + q) / 2q⌋.
std::int64_t roundedScaled(const cpp_rational& value, std::int64_t scale) {
  const cpp_int rounded = (2 * numerator(value) * scale + denominator(value)) / (2 * denominator(value));
  return rounded.convert_to<std::int64_t>();
}

ExactFraction exact(const cpp_rational& value) {
  return {numerator(value).str(), denominator(value).str()};  // cpp_rational keeps lowest terms
}

}  // namespace

IkmSummary summarize(const std::array<ElementTally, kSkmElementCount>& elements, std::int64_t respondents) {
  IkmSummary s;
  s.respondents = respondents;
  s.elements = elements;
  cpp_rational nrrSum = 0;
  for (const auto& e : elements) {
    if (!e.hasAnswers()) continue;
    ++s.answeredElements;
    nrrSum += cpp_rational(cpp_int(e.sum), cpp_int(e.answered));
  }
  if (s.answeredElements == 0) return s;
  const cpp_rational ikm = nrrSum / s.answeredElements;  // = Σ NRR × 1/9 when all nine are answered
  const cpp_rational konversi = ikm * 25;
  s.ikm = exact(ikm);
  s.konversi = exact(konversi);
  s.ikmHundredths = roundedScaled(ikm, 100);
  s.konversiHundredths = roundedScaled(konversi, 100);
  s.mutu = mutuForHundredths(s.konversiHundredths);
  return s;
}

void IkmAccumulator::add(const Response& response, SurveyMode mode) {
  ++m_responses;
  if (mode == SurveyMode::Skm) {
    bool answeredSkm = false;
    for (const auto& [code, score] : response.answers) {
      if (score < kMinScore || score > kMaxScore) continue;
      if (auto index = skmElementIndex(code)) {
        m_elements[static_cast<std::size_t>(*index)].add(score);
        answeredSkm = true;
      }
    }
    if (answeredSkm) ++m_skmRespondents;
    return;
  }
  const auto overall = response.answers.find(kOverallCode);
  if (overall == response.answers.end() || overall->second < kMinScore || overall->second > kMaxScore) return;
  const int score = overall->second;
  ++m_quick.respondents;
  m_quick.sum += score;
  ++m_quick.perScore[static_cast<std::size_t>(score - 1)];
  if (!m_reasons) return;
  std::array<bool, kSkmElementCount> named{};  // two reasons of one element count once
  for (const auto& reason : response.reasons) {
    const auto it = m_reasons->find(reason);
    if (it != m_reasons->end()) named[static_cast<std::size_t>(it->second)] = true;
  }
  // A complaint is a reason given with a dissatisfied rating; the same reason beside a 3 or a
  // 4 says the citizen was satisfied all the same (docs/ikm.md).
  auto& counts = score <= kDissatisfiedAtOrBelow ? m_quick.mentions : m_quick.mentionsWhenSatisfied;
  for (std::size_t i = 0; i < named.size(); ++i) counts[i] += named[i];
}

IkmSummary IkmAccumulator::ikm() const { return summarize(m_elements, m_skmRespondents); }

std::string formatHundredths(std::int64_t hundredths) {
  const bool negative = hundredths < 0;
  const std::int64_t magnitude = negative ? -hundredths : hundredths;
  std::string cents = std::to_string(magnitude % 100);
  if (cents.size() < 2) cents.insert(0, "0");
  return (negative ? "-" : "") + std::to_string(magnitude / 100) + "," + cents;
}

std::int64_t requiredSampleSize(std::int64_t population) {
  if (population <= 0) return 0;
  const double n = static_cast<double>(population);
  const double s = 3.841 * n * 0.25 / (0.0025 * (n - 1.0) + 3.841 * 0.25);
  // Rounded to the nearest whole respondent, which reproduces Krejcie & Morgan's published
  // table (N=500 -> 217, N=1000 -> 278, N=10000 -> 370) that SKM reports cite.
  return std::llround(s);
}

SampleAdequacy sampleAdequacy(std::int64_t population, std::int64_t respondents) {
  return SampleAdequacy{population, requiredSampleSize(population), respondents};
}

}  // namespace suara
