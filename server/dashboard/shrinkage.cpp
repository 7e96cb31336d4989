#include "dashboard/shrinkage.hpp"

#include <algorithm>

namespace suara::hub {

ShrinkResult shrinkTowardMean(const std::vector<ShrinkInput>& units) {
  ShrinkResult out;
  out.scores.reserve(units.size());
  double weight = 0, weighted = 0, pooled = 0;
  for (const auto& u : units) {
    weight += u.respondents;
    weighted += u.respondents * u.figure;
    pooled += u.respondents * u.withinVariance;
  }
  out.mean = weight > 0 ? weighted / weight : 0;
  if (units.size() < 3 || weight <= 0) {
    for (const auto& u : units) out.scores.push_back(u.figure);
    return out;
  }
  const double within = pooled / weight;
  double plain = 0;
  for (const auto& u : units) plain += u.figure;
  plain /= static_cast<double>(units.size());
  double spread = 0, noise = 0;
  for (const auto& u : units) {
    spread += (u.figure - plain) * (u.figure - plain);
    noise += within / std::max(u.respondents, 1.0);
  }
  spread /= static_cast<double>(units.size() - 1);
  noise /= static_cast<double>(units.size());
  out.betweenVariance = std::max(0.0, spread - noise);
  for (const auto& u : units) {
    const double sampling = within / std::max(u.respondents, 1.0);
    const double w = out.betweenVariance + sampling > 0 ? out.betweenVariance / (out.betweenVariance + sampling) : 1.0;
    out.scores.push_back(w * u.figure + (1 - w) * out.mean);
  }
  return out;
}

}  // namespace suara::hub
