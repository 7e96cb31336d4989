#pragma once
// Deterministic demo data: responses from the five demo units (Kota Dumai, Kota Pontianak,
// Kota Solok, Kota Pematangsiantar, Kota Jayapura), each with its own strengths and
// weaknesses so that reports and training priorities have something to say.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "suara/core/response.hpp"

namespace suara {

struct DemoUnit {
  std::string id;
  std::string name;
  int utcOffsetHours;        // WIB +7, WIT +9
  std::int64_t monthlyUsers;  // service users a month: the population of its sample
};
const std::vector<DemoUnit>& demoUnits();
// The offices that answer for a demo unit's follow-up plan, by element code or level.
const std::map<std::string, std::string, std::less<>>& demoOffices();

struct DemoOptions {
  int count = 1000;
  std::uint32_t seed = 2017;
  std::int64_t startMs = 1'790'787'600'000;  // 2026-10-01 00:00 WIB
  int days = 60;
  // When set: Kota Pematangsiantar's staff (U6 competence, U7 attitude) were trained at this
  // time, and ratings after it are better, so that the dashboard's before/after comparison
  // has a real effect to find.
  std::optional<std::int64_t> trainingDoneMs{};
};

// The demo's completed training: the unit, the element it targeted and the programme.
struct DemoTraining {
  std::string unitId = "pematangsiantar";
  std::string element = "U7";
};

// The same options always give the same responses, byte for byte.
std::vector<Response> generateDemoResponses(const DemoOptions& options);

}  // namespace suara
