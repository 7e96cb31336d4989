#pragma once
// The one reader of a response's JSON (internal to suara_core). It reads from simdjson's
// document, which parses about thirty times faster than building an nlohmann::json tree of
// std::map objects: the hub's ingest spent most of its time there.

#include <simdjson.h>

#include <string_view>

#include "suara/core/response.hpp"

namespace suara::detail {

// Checks JSON types, then validateResponse(); the error names the first offending field.
// `inheritedBoot`, when not empty, is the clock's boot id if the clock object has none (the
// items of a wire batch are sent in the batch's boot unless they say otherwise).
Result<Response> decodeResponse(simdjson::dom::element item, std::string_view inheritedBoot = {});

// A parser sized for `text`, nesting at most `maxDepth` arrays and objects. A fresh one per
// document: a kept parser would hold the capacity of the largest document it ever read.
struct ParsedJson {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  simdjson::error_code error = simdjson::SUCCESS;
};
void parseJson(std::string_view text, std::size_t maxDepth, ParsedJson& out);

}  // namespace suara::detail
