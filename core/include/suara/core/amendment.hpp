#pragma once
// The one rule for merging an amendment (follow-ups a citizen added after their rating was
// stored) into its rating, shared by the hub's storage and by reports read from a file: it
// must come from the same boot of the kiosk, within kMaxAmendDelayMs after the rating, and
// may only fill fields the rating left empty. (The hub also requires the same kiosk.)

#include <cstdint>
#include <string>
#include <vector>

#include "suara/core/response.hpp"

namespace suara {

inline constexpr std::int64_t kMaxAmendDelayMs = 60 * 60 * 1000;

// Why `amendment` cannot be merged into `rating`, or empty if it can.
std::string amendmentProblem(const Response& rating, const Response& amendment);
// Fills the rating's empty fields from the amendment (call only when there is no problem).
void applyAmendment(Response& rating, const Response& amendment);
// Ratings only, each with its amendments merged (in sequence order); amendments that cannot
// be merged, or whose rating is absent, are left out and counted in `unmerged` if given.
std::vector<Response> mergeAmendments(std::vector<Response> items, std::int64_t* unmerged = nullptr);

}  // namespace suara
