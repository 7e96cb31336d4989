#include "suara/core/ikm.hpp"

#include <cmath>
#include <numeric>

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

__extension__ using Int128 = __int128;  // GCC/Clang extension; exact rational arithmetic

// konversi × 100 = 2500 × (Σ sum_i / answered_i) / k, rounded half away from zero.
// Done in exact rational arithmetic over lcm(answered_i) so that a value exactly halfway
// (…,xx5) rounds the same way on every machine; falls back to long double only when the
// common denominator would not fit.
std::int64_t konversiHundredths(const std::array<ElementTally, kSkmElementCount>& elements, int k) {
  constexpr Int128 kLcmLimit = 1'000'000'000'000'000;  // keeps 5000·N well inside __int128
  Int128 lcm = 1;
  bool exact = true;
  for (const auto& e : elements) {
    if (!e.hasAnswers()) continue;
    lcm = std::lcm(static_cast<std::int64_t>(lcm), e.answered);
    if (lcm > kLcmLimit) { exact = false; break; }
  }
  if (exact) {
    Int128 numerator = 0;  // Σ sum_i · (lcm / answered_i)
    for (const auto& e : elements)
      if (e.hasAnswers()) numerator += static_cast<Int128>(e.sum) * (lcm / e.answered);
    const Int128 denominator = static_cast<Int128>(k) * lcm;
    return static_cast<std::int64_t>((2 * 2500 * numerator + denominator) / (2 * denominator));
  }
  long double total = 0;
  for (const auto& e : elements)
    if (e.hasAnswers()) total += static_cast<long double>(e.sum) / static_cast<long double>(e.answered);
  return std::llround(2500.0L * total / k);
}

}  // namespace

IkmSummary summarize(const std::array<ElementTally, kSkmElementCount>& elements, std::int64_t respondents) {
  IkmSummary s;
  s.respondents = respondents;
  s.elements = elements;
  double nrrSum = 0.0;
  for (const auto& e : elements) {
    if (!e.hasAnswers()) continue;
    ++s.answeredElements;
    nrrSum += e.nrr();
  }
  if (s.answeredElements == 0) return s;
  s.ikm = nrrSum / s.answeredElements;  // = Σ NRR × 1/9 when all nine are answered
  s.konversi = s.ikm * 25.0;
  s.konversiHundredths = konversiHundredths(elements, s.answeredElements);
  s.mutu = mutuForHundredths(s.konversiHundredths);
  return s;
}

void IkmAccumulator::add(const Response& response) {
  ++m_responses;
  bool answeredSkm = false;
  for (const auto& [code, score] : response.answers) {
    if (score < kMinScore || score > kMaxScore) continue;
    if (auto index = skmElementIndex(code)) {
      auto& tally = m_elements[static_cast<std::size_t>(*index)];
      ++tally.answered;
      tally.sum += score;
      answeredSkm = true;
    }
  }
  if (answeredSkm) ++m_skmRespondents;

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
  for (std::size_t i = 0; i < named.size(); ++i) {
    if (!named[i]) continue;
    ++m_quick.mentions[i];
    m_quick.mentionDeficit[i] += std::max(0.0, static_cast<double>(kThresholdBHundredths) / 100.0 - 25.0 * score);
  }
}

IkmSummary IkmAccumulator::ikm() const { return summarize(m_elements, m_skmRespondents); }

std::string formatHundredths(std::int64_t hundredths) {
  const bool negative = hundredths < 0;
  const std::int64_t magnitude = negative ? -hundredths : hundredths;
  std::string cents = std::to_string(magnitude % 100);
  if (cents.size() < 2) cents.insert(0, "0");
  return (negative ? "-" : "") + std::to_string(magnitude / 100) + "," + cents;
}

std::string formatDecimal(double value, int decimals) {
  const double scale = std::pow(10.0, decimals);
  const auto scaled = std::llround(value * scale);
  std::string digits = std::to_string(scaled < 0 ? -scaled : scaled);
  if (decimals == 0) return (scaled < 0 ? "-" : "") + digits;
  while (digits.size() <= static_cast<std::size_t>(decimals)) digits.insert(0, "0");
  digits.insert(digits.size() - static_cast<std::size_t>(decimals), ",");
  return (scaled < 0 ? "-" : "") + digits;
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
