#pragma once
// Rencana Tindak Lanjut (RTL): turning low element scores into ranked follow-up actions.
//
// The catalog (assets/training/catalog.json) lists development programmes and other actions
// (mentoring, SOP changes, facility work, policy), each mapped to the SKM elements it improves
// with a reason and a rank per mapping. An element enters the plan only when its konversi is
// below the lowest "B" value (76,61), and ranks by gap × volume:
//   (76,61 − konversi of the element) × SKM respondents who answered it
// so that a small gap at a busy counter outranks the same gap at a quiet one. Its 95 %
// confidence interval decides whether the ranking is certain: an element whose interval
// reaches 76,61 is listed as "perlu data lebih" (more data needed) after the certain ones.
// Quick-mode complaints (reasons given with a rating of 1 or 2) are evidence beside the SKM
// score; they rank elements only in a group without any SKM answers whose quick index is
// below B, and such items say so.

#include <filesystem>
#include <map>
#include <utility>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "suara/core/ikm.hpp"
#include "suara/core/result.hpp"
#include "suara/core/skm_elements.hpp"
#include "suara/core/text.hpp"

namespace suara {

// What an action is: a training of some kind, mentoring, a change of SOP or process, work on
// facilities, or a policy.
enum class ActionType { Training, Mentoring, Sop, Facility, Policy };
std::string_view actionTypeName(ActionType type);  // "training", "mentoring", "sop", "facility", "policy"

struct ElementMapping {
  std::string code;     // U1..U9
  int rank = 1;         // 1 = the first choice for this element
  LocalizedText reason;  // one line: why this action improves this element
};

struct Programme {
  std::string id;
  ActionType action = ActionType::Training;
  std::string kind;  // the format: training | seminar | workshop | e_learning | internship | mentoring | course |
                     // sop | facility | policy
  LocalizedText name;
  LocalizedText description;
  std::vector<ElementMapping> elements;  // SKM elements it addresses
  ResponsibleLevel level = ResponsibleLevel::Individual;  // who it is for
  const ElementMapping* mappingFor(std::string_view elementCode) const;
};

struct TrainingCatalog {
  int version = 1;
  std::vector<Programme> programmes;
  // Programmes addressing `elementCode`, by their rank for it (ties in catalog order).
  std::vector<const Programme*> programmesFor(std::string_view elementCode) const;
};

Result<TrainingCatalog> parseTrainingCatalog(std::string_view jsonText, std::string_view origin);
Result<TrainingCatalog> loadTrainingCatalog(const std::filesystem::path& file);

// What an RTL item's rank stands on.
enum class RtlBasis { Skm, QuickOnly };

struct RtlOptions {
  std::string firstQuarter;  // "2027-Q1": the plan's first quarter; empty = no schedule
  // Who answers for an element in this unit: keyed by element code ("U9") or level
  // ("individual", "unit"); the level's generic name when neither is configured.
  std::map<std::string, std::string, std::less<>> offices;
};

struct RtlItem {
  int elementIndex = 0;
  std::string code;  // U1..U9
  ResponsibleLevel level = ResponsibleLevel::Unit;
  RtlBasis basis = RtlBasis::Skm;
  std::optional<std::int64_t> konversiHundredths;  // element konversi from SKM answers
  std::int64_t ciLowHundredths = 0, ciHighHundredths = 0;  // its 95 % confidence interval
  std::int64_t gapHundredths = 0;   // 7661 − konversi
  std::int64_t respondents = 0;     // SKM respondents for the element
  std::int64_t complaints = 0;      // quick ratings of 1 or 2 naming it
  std::int64_t satisfiedMentions = 0;  // quick ratings of 3 or 4 naming it anyway
  std::int64_t score = 0;           // gap (hundredths) × respondents; complaints when QuickOnly
  bool needsMoreData = false;       // the interval reaches B: not ranked as certain
  std::string quarter;              // Waktu: "2027-Q1", empty when not scheduled
  std::string office;               // Penanggung Jawab
  std::vector<const Programme*> programmes;
};

// The plan's items: certain ones by score (highest first; ties: lower element code first),
// two to a quarter from options.firstQuarter; then those needing more data, unscheduled.
// The catalog must outlive the result (items point into it).
std::vector<RtlItem> rankTrainingPriorities(const IkmSummary& ikm, const QuickSummary& quick,
                                            const TrainingCatalog& catalog, const RtlOptions& options = {});

// The 95 % confidence interval of an element's konversi, in hundredths, clamped to 25–100
// (normal approximation, its spread estimated with one extra answer at each end of the
// scale so that a few identical answers are not certain; one respondent or none gives the
// whole scale).
std::pair<std::int64_t, std::int64_t> konversiInterval(const ElementTally& tally);

// "2027-Q1" + n quarters; empty stays empty.
std::string addQuarters(const std::string& quarter, int n);

}  // namespace suara
