// The survey definitions a hub or report knows, and the one check of a response against them.

#include <algorithm>

#include "suara/core/survey.hpp"

namespace suara {

Result<SurveyCatalog> SurveyCatalog::load(const std::filesystem::path& surveysDir) {
  SurveyCatalog catalog;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(surveysDir, ec)) {
    if (entry.path().extension() != ".json") continue;
    auto survey = loadSurvey(entry.path());
    if (!survey) return survey.error();
    // The hub stores U1–U9 (and quick mode's overall) in columns of their own.
    for (const auto& element : survey->elements)
      if (survey->mode == SurveyMode::Skm && !skmElementIndex(element.code))
        return makeError(Errc::Invalid, "survey '" + survey->id + "' has the element '" + element.code +
                                            "': the hub stores only the SKM elements U1 to U9");
    addReasons(*survey, *catalog.m_reasons);
    catalog.m_surveys.emplace(survey->id, std::move(*survey));
  }
  if (ec || catalog.m_surveys.empty())
    return makeError(Errc::NotFound, "no survey definitions in '" + surveysDir.string() + "'");
  return catalog;
}

const SurveyDefinition* SurveyCatalog::find(const std::string& id) const {
  const auto it = m_surveys.find(id);
  return it == m_surveys.end() ? nullptr : &it->second;
}

bool SurveyCatalog::knowsReason(const std::string& reasonId) const {
  return std::any_of(m_surveys.begin(), m_surveys.end(), [&](const auto& s) { return s.second.findReason(reasonId) != nullptr; });
}

std::string whyNotOfSurvey(const Response& item, const SurveyCatalog& surveys) {
  for (const auto& reason : item.reasons)
    if (!surveys.knowsReason(reason)) return "reason '" + reason + "' is not a reason of any survey this hub knows";
  if (item.isAmendment()) return {};

  const SurveyDefinition* survey = surveys.find(item.surveyId);
  if (!survey) return "survey '" + item.surveyId + "' is not known to this hub";
  if (item.surveyVersion != survey->version)
    return "survey '" + item.surveyId + "' version " + std::to_string(item.surveyVersion) +
           " is not known to this hub (it has version " + std::to_string(survey->version) + ")";
  const auto belongs = [&](const std::string& code) {
    return survey->mode == SurveyMode::Quick ? code == kOverallCode : survey->findElement(code) != nullptr;
  };
  for (const auto& [code, score] : item.answers)
    if (!belongs(code)) return "answer '" + code + "' does not belong to survey '" + item.surveyId + "'";
  for (const auto& code : item.skipped)
    if (!belongs(code)) return "skipped '" + code + "' does not belong to survey '" + item.surveyId + "'";
  if (survey->mode == SurveyMode::Skm && !item.reasons.empty()) return "survey '" + item.surveyId + "' has no reasons";
  return {};
}

}  // namespace suara
