#include "suara/core/response_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>

#include <nlohmann/json.hpp>

namespace suara {

std::string responseLine(const Response& response) { return toJson(response).dump(); }

Result<Response> responseFromLine(std::string_view line) { return responseFromJsonText(line); }

Result<std::vector<Response>> readResponsesJsonl(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) return makeError(errno == ENOENT ? Errc::NotFound : Errc::Io,
                            "cannot read '" + file.string() + "': " + std::strerror(errno));
  std::vector<Response> responses;
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    auto response = responseFromLine(line);
    if (!response) return makeError(Errc::Invalid, file.string() + ":" + std::to_string(number) + ": " + response.error().message);
    responses.push_back(std::move(*response));
  }
  if (in.bad()) return makeError(Errc::Io, "error reading '" + file.string() + "'");
  return responses;
}

void writeResponsesJsonl(std::ostream& out, const std::vector<Response>& responses) {
  for (const auto& response : responses) out << responseLine(response) << '\n';
}

}  // namespace suara
