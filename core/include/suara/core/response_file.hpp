#pragma once
// Responses as JSON Lines (one response object per line): the plain export / import format,
// and the per-line codec the signed export file (export_file.hpp) shares with it.

#include <filesystem>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "suara/core/response.hpp"
#include "suara/core/result.hpp"

namespace suara {

// Reads every line; the first bad line is an error naming the file and line number.
Result<std::vector<Response>> readResponsesJsonl(const std::filesystem::path& file);
void writeResponsesJsonl(std::ostream& out, const std::vector<Response>& responses);

// One response as one line of JSON, without the newline.
std::string responseLine(const Response& response);
// One line back into a response. The error (Errc::Invalid) says what is wrong with the line
// only: the caller knows the file and line number.
Result<Response> responseFromLine(std::string_view line);

}  // namespace suara
