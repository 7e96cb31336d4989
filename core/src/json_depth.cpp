#include "suara/core/json_depth.hpp"

#include <limits>

namespace suara {

// Each element (or member) is counted when the ',' or closing bracket after it is reached,
// a container as an element of its parent, the outermost value at the end: `[[],1]` is 3.
JsonShape measureJson(std::string_view text, std::size_t depthLimit, std::size_t valueLimit, std::size_t structuralLimit) {
  JsonShape shape;
  std::size_t depth = 0;
  bool inString = false, escaped = false;
  bool pending = false;  // the current container has an element not yet counted
  for (char c : text) {
    if (inString) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') inString = false;
      continue;
    }
    switch (c) {
      case ' ': case '\t': case '\r': case '\n': break;
      case ':': ++shape.structurals; break;
      case '[':
      case '{':
        ++shape.structurals;
        if (++depth > shape.depth) shape.depth = depth;
        pending = false;
        break;
      case ',':
        ++shape.structurals;
        shape.values += pending;
        pending = false;
        break;
      case ']':
      case '}':
        ++shape.structurals;
        shape.values += pending;
        if (depth > 0) --depth;
        pending = true;
        break;
      case '"': inString = true; pending = true; break;
      default: pending = true; break;
    }
    if (shape.depth > depthLimit || shape.values > valueLimit || shape.structurals > structuralLimit) return shape;
  }
  shape.values += pending;
  return shape;
}

std::size_t jsonNestingDepth(std::string_view text, std::size_t limit) {
  constexpr auto kUnbounded = std::numeric_limits<std::size_t>::max();
  return measureJson(text, limit, kUnbounded, kUnbounded).depth;
}

}  // namespace suara
