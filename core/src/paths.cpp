#include "suara/core/paths.hpp"

#include <cstdlib>
#include <system_error>

namespace suara {

namespace fs = std::filesystem;

std::filesystem::path assetsDir() {
  if (const char* env = std::getenv("SUARA_ASSETS_DIR"); env && *env) return env;
  std::error_code ec;
  const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    const fs::path installed = exe.parent_path().parent_path() / "share" / "suara";
    if (fs::is_directory(installed / "surveys", ec)) return installed;
  }
  return SUARA_SOURCE_ASSETS_DIR;
}

}  // namespace suara
