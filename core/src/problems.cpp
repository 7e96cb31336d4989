#include "suara/core/problems.hpp"

namespace suara {

std::string ProblemList::describe() const {
  std::string text;
  for (const auto& problem : m_items) {
    if (!text.empty()) text += '\n';
    text += problem.where;
    text += ": ";
    text += problem.what;
  }
  return text;
}

}  // namespace suara
