#pragma once
// Reading a small text file whole, with an error that names what it is and the path.

#include <filesystem>
#include <string>

#include "suara/core/result.hpp"

namespace suara {

// Errc::NotFound when there is no such file, Errc::Io otherwise; `what` names it ("the
// training catalog").
Result<std::string> readTextFile(const std::filesystem::path& file, const char* what);

}  // namespace suara
