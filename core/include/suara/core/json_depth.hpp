#pragma once
// How deeply a JSON text nests arrays and objects, found by a linear scan that never
// recurses, so that it can be checked before a recursive parser, printer or destructor sees a
// hostile document (100,000 '[' overflow a stack).

#include <cstddef>
#include <string_view>

namespace suara {

// The deepest nesting in `text` (brackets inside strings skipped), stopping as soon as it
// passes `limit`. Malformed JSON is left to the parser; this only bounds the depth.
std::size_t jsonNestingDepth(std::string_view text, std::size_t limit);

}  // namespace suara
