#include "api/resources.hpp"

#include "suara/core/response.hpp"

namespace suara::hub {

HttpResponse jsonResponse(int status, const nlohmann::json& body) {
  HttpResponse res;
  res.status = status;
  res.body = body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return res;
}

nlohmann::json unitJson(const Unit& unit) {
  nlohmann::json services = nlohmann::json::array();
  for (const auto& s : unit.services) services.push_back({{"id", s.id}, {"name", s.name.id}, {"name_en", s.name.en}});
  nlohmann::json counters = nlohmann::json::array();
  for (const auto& c : unit.counters) counters.push_back({{"id", c.id}, {"name", c.name}});
  return {{"id", unit.id}, {"name", unit.name}, {"survey", unit.survey}, {"utc_offset_hours", unit.utcOffsetHours},
          {"services", std::move(services)}, {"counters", std::move(counters)}};
}

std::int64_t hubNowMs() { return clockNow().wallMs; }

}  // namespace suara::hub
