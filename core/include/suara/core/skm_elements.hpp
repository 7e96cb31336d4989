#pragma once
// The nine SKM elements (unsur) of Peraturan Menteri PANRB No. 14 Tahun 2017 and who is
// responsible for improving each. Answers are always keyed by these codes, never by position.

#include <array>
#include <map>
#include <string>
#include <optional>
#include <string_view>

#include "suara/core/text.hpp"

namespace suara {

inline constexpr int kSkmElementCount = 9;
inline constexpr std::array<std::string_view, kSkmElementCount> kSkmElementCodes = {
    "U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"};

// Answer key for the single overall rating of quick mode (not an SKM element).
inline constexpr std::string_view kOverallCode = "overall";

// What a survey asks: the nine SKM elements, or quick mode's one overall rating.
enum class SurveyMode { Skm, Quick };

inline constexpr int kMinScore = 1;
inline constexpr int kMaxScore = 4;

// 0-based index of an SKM element code, or nullopt if the code is not U1..U9.
std::optional<int> skmElementIndex(std::string_view code);

// Who acts on a low score: the individual ASN at the counter (U3, U5, U6, U7) or the unit's
// leadership (U1, U2, U4, U8, U9).
enum class ResponsibleLevel { Individual, Unit };
ResponsibleLevel responsibleLevel(int elementIndex);
std::string_view responsibleLevelName(ResponsibleLevel level);  // "individual" / "unit"
std::optional<ResponsibleLevel> parseResponsibleLevel(std::string_view name);

// Quick-mode reason id -> SKM element index, built from survey definitions (survey.hpp).
using ReasonMap = std::map<std::string, int, std::less<>>;

// The name of each element, for reports that do not load a survey file: the official
// Indonesian one, or the English one the skm-2017 survey shows.
std::string_view skmElementName(int elementIndex, Language language = Language::Indonesian);

}  // namespace suara
