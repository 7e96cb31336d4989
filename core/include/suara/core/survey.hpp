#pragma once
// Survey definitions (assets/surveys/*.json): which questions a kiosk asks and how.
// `skm-2017` asks the nine SKM elements; `quick-4` asks one overall 4-face rating with an
// optional follow-up of reasons, each mapped to the SKM element it speaks about.

#include <array>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "suara/core/problems.hpp"
#include "suara/core/response.hpp"
#include "suara/core/result.hpp"
#include "suara/core/skm_elements.hpp"
#include "suara/core/text.hpp"

namespace suara {

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

// The survey definitions a hub or a report knows (assets/surveys): what decides whether a
// response means anything, and which index it feeds.
class SurveyCatalog {
 public:
  // Every definition in `surveysDir`; an error if one is damaged, or if an SKM survey asks an
  // element other than U1–U9 (the hub stores those in columns of their own).
  static Result<SurveyCatalog> load(const std::filesystem::path& surveysDir);
  const SurveyDefinition* find(const std::string& id) const;
  bool knowsReason(const std::string& reasonId) const;
  // Every quick-mode reason of every survey, mapped to its SKM element.
  std::shared_ptr<const ReasonMap> reasons() const { return m_reasons; }

 private:
  std::map<std::string, SurveyDefinition> m_surveys;
  std::shared_ptr<ReasonMap> m_reasons = std::make_shared<ReasonMap>();
};

// Empty when `response` fits its survey: the survey and its version known, every answered
// and skipped code one of its questions (U1–U9 for SKM, "overall" for quick mode), every
// reason one the catalog knows and none on an SKM survey; otherwise why not. Ingest, import,
// re-admission and reports all ask this one question.
std::string whyNotOfSurvey(const Response& response, const SurveyCatalog& surveys);

}  // namespace suara
