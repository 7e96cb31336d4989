#include "services/item_validator.hpp"

#include <algorithm>

#include "suara/core/skm_elements.hpp"

namespace suara::hub {

Result<SurveyCatalog> SurveyCatalog::load(const std::filesystem::path& surveysDir) {
  SurveyCatalog catalog;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(surveysDir, ec)) {
    if (entry.path().extension() != ".json") continue;
    auto survey = loadSurvey(entry.path());
    if (!survey) return survey.error();
    // The hub stores U1–U9 (and quick mode's overall) in columns of their own.
    for (const auto& element : survey->elements)
      if (survey->mode == SurveyMode::Skm &&
          std::find(kSkmElementCodes.begin(), kSkmElementCodes.end(), element.code) == kSkmElementCodes.end())
        return makeError(Errc::Invalid, "survey '" + survey->id + "' has the element '" + element.code +
                                            "': the hub stores only the SKM elements U1 to U9");
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

std::string whyInvalid(const Response& item, const Unit& unit, const SurveyCatalog& surveys) {
  if (!item.serviceId.empty() &&
      std::none_of(unit.services.begin(), unit.services.end(), [&](const auto& s) { return s.id == item.serviceId; }))
    return "service '" + item.serviceId + "' is not a service of unit '" + unit.id + "'";
  if (!item.counterId.empty() &&
      std::none_of(unit.counters.begin(), unit.counters.end(), [&](const auto& c) { return c.id == item.counterId; }))
    return "counter '" + item.counterId + "' is not a counter of unit '" + unit.id + "'";
  for (const auto& reason : item.reasons)
    if (!surveys.knowsReason(reason)) return "reason '" + reason + "' is not a reason of any survey this hub knows";
  if (item.isAmendment()) return {};

  const SurveyDefinition* survey = surveys.find(item.surveyId);
  if (!survey) return "survey '" + item.surveyId + "' is not known to this hub";
  if (item.surveyVersion != survey->version)
    return "survey '" + item.surveyId + "' version " + std::to_string(item.surveyVersion) + " is not known to this hub (it has version " +
           std::to_string(survey->version) + ")";
  const auto belongs = [&](const std::string& code) {
    return survey->mode == SurveyMode::Quick ? code == "overall" : survey->findElement(code) != nullptr;
  };
  for (const auto& [code, score] : item.answers)
    if (!belongs(code)) return "answer '" + code + "' does not belong to survey '" + item.surveyId + "'";
  for (const auto& code : item.skipped)
    if (!belongs(code)) return "skipped '" + code + "' does not belong to survey '" + item.surveyId + "'";
  if (survey->mode == SurveyMode::Skm && !item.reasons.empty()) return "survey '" + item.surveyId + "' has no reasons";
  return {};
}

}  // namespace suara::hub
