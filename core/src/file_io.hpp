#pragma once
// Reading small text files with errors that name the path (internal to suara_core).

#include <filesystem>
#include <string>
#include <string_view>

#include "suara/core/result.hpp"
#include "suara/core/text_file.hpp"

namespace suara::detail {

using suara::readTextFile;

// Reads `file` and hands its text to `parse(text, origin)`, origin being the file name.
template <class Parse>
auto parseFile(const std::filesystem::path& file, const char* what, Parse parse)
    -> decltype(parse(std::string_view(), std::string_view())) {
  auto text = readTextFile(file, what);
  if (!text) return text.error();
  return parse(*text, file.filename().string());
}

}  // namespace suara::detail
