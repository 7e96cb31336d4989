#pragma once
// Validation that reports every problem at once, each with its place in the input.

#include <string>
#include <vector>

#include "suara/core/result.hpp"

namespace suara {

struct Problem {
  std::string where;  // e.g. "skm-2017.json: /elements/3/code" or "kiosk.toml:12"
  std::string what;   // e.g. "unknown element code 'U10'"
};

class ProblemList {
 public:
  void add(std::string where, std::string what) { m_items.push_back({std::move(where), std::move(what)}); }
  bool empty() const { return m_items.empty(); }
  const std::vector<Problem>& items() const { return m_items; }
  // All problems, one per line, as "where: what".
  std::string describe() const;
  Error toError(Errc code = Errc::Invalid) const { return makeError(code, describe()); }

 private:
  std::vector<Problem> m_items;
};

}  // namespace suara
