#pragma once
// How deeply a JSON text nests and how many values it holds, found by a linear scan that never
// recurses or allocates, so that both can be checked before a parser builds a document: a
// recursive parser, printer or destructor overflows its stack on 100,000 '[', and a DOM costs
// about 80 bytes for each value, so 8 MiB of "[],[],…" would become over 200 MB.

#include <cstddef>
#include <string_view>

namespace suara {

struct JsonShape {
  std::size_t depth = 0;   // the deepest nesting of arrays and objects
  std::size_t values = 0;  // every array, object, element and member: one DOM node each
  // Every , : [ ] { } outside strings: what a parser indexes before it knows the values,
  // so that 8 MiB of commas, which hold no value, still cost (about 50 MB in simdjson).
  std::size_t structurals = 0;
};

// The shape of `text` (brackets and commas inside strings skipped), the scan stopping as soon
// as the depth passes `depthLimit`, the values `valueLimit` or the structurals `structuralLimit`. Malformed JSON is left to
// the parser; this only bounds what the parser will be asked to build.
JsonShape measureJson(std::string_view text, std::size_t depthLimit, std::size_t valueLimit, std::size_t structuralLimit);

// measureJson(text, limit, unbounded).depth.
std::size_t jsonNestingDepth(std::string_view text, std::size_t limit);

}  // namespace suara
