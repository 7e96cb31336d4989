#pragma once
// The content the crash child records, derived from the UUID alone so that the parent can
// check every surviving row is intact without any other channel.

#include <string>

#include "suara/core/response.hpp"

namespace suara::test {

inline int hexValue(char c) { return c <= '9' ? c - '0' : c - 'a' + 10; }

inline Response crashPayload(const std::string& uuid) {
  Response r;
  r.uuid = uuid;
  r.surveyId = "skm-2017";
  r.unitId = "crash-test";
  r.counterId = "c" + uuid.substr(0, 4);
  // The first nine hex digits (before the first '-' there are eight, so skip it).
  std::string digits = uuid.substr(0, 8) + uuid.substr(9, 1);
  for (int i = 0; i < 9; ++i) r.answers.emplace("U" + std::to_string(i + 1), 1 + hexValue(digits[static_cast<std::size_t>(i)]) % 4);
  r.clock = clockNow();
  return r;
}

inline bool matchesPayload(const Response& stored) {
  Response expected = crashPayload(stored.uuid);
  return stored.answers == expected.answers && stored.unitId == expected.unitId &&
         stored.counterId == expected.counterId && stored.surveyId == expected.surveyId;
}

}  // namespace suara::test
