#include "cli/kiosk_paths.hpp"

#include <system_error>

namespace suara::kiosk {

KioskPaths defaultKioskPaths() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec && exe.string().rfind("/usr/", 0) == 0) return {"/var/lib/suara/kiosk", "/etc/suara/kiosk.toml"};  // the package's layout
  return {"var/kiosk", "var/kiosk/kiosk.toml"};
}

std::filesystem::path configFileFor(const std::filesystem::path& dataDir, const std::string& explicitConfig) {
  if (!explicitConfig.empty()) return explicitConfig;
  std::error_code ec;
  if (std::filesystem::exists(dataDir / "kiosk.toml", ec)) return dataDir / "kiosk.toml";
  return defaultKioskPaths().configFile;
}

StoreOptions storeOptionsFor(const KioskConfig& config) {
  constexpr std::int64_t kMiB = 1024 * 1024;
  return StoreOptions{.maxBytes = config.store.maxSizeMb * kMiB, .reserveBytes = config.store.reserveMb * kMiB, .vfs = {}};
}

}  // namespace suara::kiosk
