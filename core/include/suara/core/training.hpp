#pragma once
// Training priorities: turning low element scores into a ranked Rencana Tindak Lanjut (RTL).
//
// The catalog (assets/training/catalog.json) lists development programmes, each mapped to the
// SKM elements it improves. The ranking measures each element's *satisfaction deficit* in
// konversi points times respondents, below the lowest "B" value (76,61):
//   from SKM answers:   max(0, 76,61 − konversi(element)) × respondents who answered it
//   from quick mode:    for each low rating naming a reason mapped to the element,
//                       max(0, 76,61 − 25 × overall score)
// so one very unhappy citizen and many slightly unhappy ones are weighed on one scale, and
// volume matters: a small gap at a busy counter outranks the same gap at a quiet one.

#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "suara/core/ikm.hpp"
#include "suara/core/result.hpp"
#include "suara/core/skm_elements.hpp"
#include "suara/core/text.hpp"

namespace suara {

struct Programme {
  std::string id;
  std::string kind;  // training | seminar | workshop | e_learning | internship | mentoring | course
  LocalizedText name;
  LocalizedText description;
  std::vector<std::string> elements;  // SKM element codes it addresses
  ResponsibleLevel level = ResponsibleLevel::Individual;  // who it is for
};

struct TrainingCatalog {
  int version = 1;
  std::vector<Programme> programmes;
  // Programmes addressing `elementCode`: those meant for `level` first, then the rest, each
  // group in catalog order.
  std::vector<const Programme*> programmesFor(std::string_view elementCode, ResponsibleLevel level) const;
};

Result<TrainingCatalog> parseTrainingCatalog(std::string_view jsonText, std::string_view origin);
Result<TrainingCatalog> loadTrainingCatalog(const std::filesystem::path& file);

struct RtlItem {
  int elementIndex = 0;
  std::string code;                     // U1..U9
  ResponsibleLevel level = ResponsibleLevel::Unit;
  std::optional<std::int64_t> konversiHundredths;  // element konversi from SKM answers, if any
  std::int64_t gapHundredths = 0;       // 7661 − konversi, or 0 when only quick-mode evidence
  std::int64_t respondents = 0;         // SKM respondents for the element
  std::int64_t mentions = 0;            // quick-mode low ratings naming it
  double deficit = 0.0;                 // priority score (see the file comment)
  std::vector<const Programme*> programmes;
};

// Elements with a positive deficit, highest first (ties: lower element code first).
// The catalog must outlive the result (items point into it).
std::vector<RtlItem> rankTrainingPriorities(const IkmSummary& ikm, const QuickSummary& quick,
                                            const TrainingCatalog& catalog);

// Deficit contributed by one quick-mode rating of `score` (1..4) naming an element.
double quickMentionDeficit(int score);

}  // namespace suara
