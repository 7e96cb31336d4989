#pragma once
// Plain-text rendering of a Report for the terminal (Indonesian number style).

#include <ostream>

#include "suara/core/report.hpp"

namespace suara::hub {

void printReport(std::ostream& out, const Report& report, Language language);

}  // namespace suara::hub
