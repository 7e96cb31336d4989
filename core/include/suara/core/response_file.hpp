#pragma once
// Responses as JSON Lines (one response object per line): the export / import file format.

#include <filesystem>
#include <ostream>
#include <vector>

#include "suara/core/response.hpp"
#include "suara/core/result.hpp"

namespace suara {

// Reads every line; the first bad line is an error naming the file and line number.
Result<std::vector<Response>> readResponsesJsonl(const std::filesystem::path& file);
void writeResponsesJsonl(std::ostream& out, const std::vector<Response>& responses);

}  // namespace suara
