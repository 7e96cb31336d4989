#pragma once
// Where the executables find their read-only assets (surveys, i18n, training catalog).

#include <filesystem>

namespace suara {

// First match of: $SUARA_ASSETS_DIR; <exe>/../share/suara (installed); the source tree's
// assets/ (development builds).
std::filesystem::path assetsDir();

}  // namespace suara
