#pragma once
// What an item must mean to be stored, checked in one place for sync, import and (later)
// re-admission from quarantine: its survey and version known to the hub, its answer codes,
// skipped elements and reasons belonging to that survey, its service and counter belonging to
// the kiosk's unit. (Shape, ids and time bounds are checked by validateResponse in core.)

#include <map>
#include <string>

#include "storage/storage.hpp"
#include "suara/core/survey.hpp"

namespace suara::hub {

// Empty when `item` may be stored for a kiosk of `unit`; otherwise why not.
std::string whyInvalid(const Response& item, const Unit& unit, const SurveyCatalog& surveys);

}  // namespace suara::hub
