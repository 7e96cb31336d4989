#include "services/item_validator.hpp"

#include <algorithm>

#include "suara/core/skm_elements.hpp"

namespace suara::hub {

std::string whyInvalid(const Response& item, const Unit& unit, const SurveyCatalog& surveys) {
  if (!item.serviceId.empty() &&
      std::none_of(unit.services.begin(), unit.services.end(), [&](const auto& s) { return s.id == item.serviceId; }))
    return "service '" + item.serviceId + "' is not a service of unit '" + unit.id + "'";
  if (!item.counterId.empty() &&
      std::none_of(unit.counters.begin(), unit.counters.end(), [&](const auto& c) { return c.id == item.counterId; }))
    return "counter '" + item.counterId + "' is not a counter of unit '" + unit.id + "'";
  return whyNotOfSurvey(item, surveys);
}

}  // namespace suara::hub
