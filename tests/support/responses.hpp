#pragma once
// Builders for test responses.

#include <initializer_list>
#include <string>
#include <utility>

#include "suara/core/ikm.hpp"
#include "suara/core/response.hpp"

namespace suara::test {

inline Response skmResponse(std::initializer_list<std::pair<const char*, int>> answers) {
  Response r;
  r.uuid = newUuid();
  r.surveyId = "skm-2017";
  for (const auto& [code, score] : answers) r.answers.emplace(code, score);
  r.clock = clockNow();
  return r;
}

// All nine elements answered with the given scores (U1 first).
inline Response skmAll(const int (&scores)[9]) {
  Response r = skmResponse({});
  for (int i = 0; i < 9; ++i) r.answers.emplace("U" + std::to_string(i + 1), scores[i]);
  return r;
}

inline Response quickResponse(int score, std::initializer_list<const char*> reasons = {}) {
  Response r;
  r.uuid = newUuid();
  r.surveyId = "quick-4";
  r.answers.emplace("overall", score);
  for (const char* reason : reasons) r.reasons.emplace_back(reason);
  r.clock = clockNow();
  return r;
}

// The mode of the bundled survey a test response names (quick-4 or skm-2017).
inline SurveyMode modeOf(const Response& r) { return r.surveyId == "quick-4" ? SurveyMode::Quick : SurveyMode::Skm; }

// Counts `r` into `acc` as a report counts a response of its survey.
inline void count(IkmAccumulator& acc, const Response& r) { acc.add(r, modeOf(r)); }

}  // namespace suara::test
