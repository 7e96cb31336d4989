#include "suara/core/amendment.hpp"

#include <algorithm>
#include <unordered_map>

namespace suara {

std::string amendmentProblem(const Response& rating, const Response& a) {
  if (rating.isAmendment()) return "amends an amendment, not a rating";
  const std::int64_t delay = a.clock.monoMs - rating.clock.monoMs;
  if (a.clock.bootId != rating.clock.bootId || delay < 0 || delay > kMaxAmendDelayMs)
    return "not made within an hour after its rating, in the same session";
  if (!a.reasons.empty() && !rating.answers.contains("overall"))
    return "reasons explain an overall rating, and its rating has none (an SKM rating takes no reasons)";
  if (!a.reasons.empty() && !rating.reasons.empty()) return "its rating already has reasons";
  if (!a.serviceId.empty() && !rating.serviceId.empty()) return "its rating already has a service";
  if (!a.respondent.empty() && !rating.respondent.empty()) return "its rating already has a respondent profile";
  return {};
}

void applyAmendment(Response& rating, const Response& a) {
  if (!a.reasons.empty()) rating.reasons = a.reasons;
  if (!a.serviceId.empty()) rating.serviceId = a.serviceId;
  if (!a.respondent.empty()) rating.respondent = a.respondent;
}

std::vector<Response> mergeAmendments(std::vector<Response> items, std::int64_t* unmerged) {
  std::vector<Response> ratings, amendments;
  for (auto& item : items) (item.isAmendment() ? amendments : ratings).push_back(std::move(item));
  std::unordered_map<std::string, std::size_t> byId;
  for (std::size_t i = 0; i < ratings.size(); ++i) byId.emplace(ratings[i].uuid, i);
  std::stable_sort(amendments.begin(), amendments.end(), [](const Response& a, const Response& b) { return a.seq < b.seq; });
  std::int64_t left = 0;
  for (const Response& a : amendments) {
    const auto it = byId.find(a.amends);
    if (it == byId.end() || !amendmentProblem(ratings[it->second], a).empty()) {
      ++left;
      continue;
    }
    applyAmendment(ratings[it->second], a);
  }
  if (unmerged) *unmerged = left;
  return ratings;
}

}  // namespace suara
