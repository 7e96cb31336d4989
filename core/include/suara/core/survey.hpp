#pragma once
// Survey definitions (assets/surveys/*.json): which questions a kiosk asks and how.
// `skm-2017` asks the nine SKM elements; `quick-4` asks one overall 4-face rating with an
// optional follow-up of reasons, each mapped to the SKM element it speaks about.

#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "suara/core/problems.hpp"
#include "suara/core/result.hpp"
#include "suara/core/skm_elements.hpp"
#include "suara/core/text.hpp"

namespace suara {

enum class SurveyMode { Skm, Quick };

using ScaleLabels = std::array<LocalizedText, 4>;  // labels for scores 1..4

struct SurveyElement {
  std::string code;        // U1..U9
  LocalizedText name;      // "Persyaratan"
  LocalizedText question;  // the question shown to the citizen
  ScaleLabels labels;      // official answer labels, score 1 first
};

struct QuickReason {
  std::string id;       // stable id stored in responses, e.g. "waiting_time"
  std::string element;  // SKM element it maps to, e.g. "U3"
  LocalizedText label;
};

struct QuickQuestion {
  LocalizedText prompt;
  ScaleLabels faces;           // "Tidak puas" .. "Sangat puas", score 1 first
  int followUpAtOrBelow = 2;   // a score this low offers the "what went wrong?" follow-up
  LocalizedText followUpPrompt;
  std::vector<QuickReason> reasons;
};

struct SurveyDefinition {
  std::string id;
  int version = 1;
  SurveyMode mode = SurveyMode::Skm;
  LocalizedText title;
  std::vector<SurveyElement> elements;  // Skm mode
  QuickQuestion quick;                  // Quick mode

  const SurveyElement* findElement(std::string_view code) const;
  const QuickReason* findReason(std::string_view reasonId) const;
};

// Parses and validates a definition; on failure the error lists every problem with its place.
// `origin` names the input in messages (usually the file name).
Result<SurveyDefinition> parseSurvey(std::string_view jsonText, std::string_view origin);
Result<SurveyDefinition> loadSurvey(const std::filesystem::path& file);
// Loads `<surveysDir>/<id>.json` and checks that the file's id matches.
Result<SurveyDefinition> loadSurveyById(const std::filesystem::path& surveysDir, std::string_view id);

// Adds the quick-mode reasons of `survey` to `map` (reason id -> SKM element index).
void addReasons(const SurveyDefinition& survey, ReasonMap& map);

}  // namespace suara
