#pragma once
// Reading small text files with errors that name the path (internal to suara_core).

#include <filesystem>
#include <string>

#include "suara/core/result.hpp"

namespace suara::detail {

Result<std::string> readTextFile(const std::filesystem::path& file, const char* what);

}  // namespace suara::detail
