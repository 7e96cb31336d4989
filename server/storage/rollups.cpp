#include "storage/rollups.hpp"

namespace suara::hub {

void RollupTally::add(const RollupTally& other) {
  responses += other.responses;
  skmRespondents += other.skmRespondents;
  for (std::size_t e = 0; e < elements.size(); ++e) {
    elements[e].answered += other.elements[e].answered;
    elements[e].sum += other.elements[e].sum;
    elements[e].sumSquares += other.elements[e].sumSquares;
  }
  quickRespondents += other.quickRespondents;
  quickSum += other.quickSum;
  for (std::size_t s = 0; s < quickPerScore.size(); ++s) quickPerScore[s] += other.quickPerScore[s];
  for (std::size_t e = 0; e < complaints.size(); ++e) {
    complaints[e] += other.complaints[e];
    satisfiedMentions[e] += other.satisfiedMentions[e];
  }
}

}  // namespace suara::hub
