#include "cli/kiosk_paths.hpp"

#include <system_error>

namespace suara::kiosk {

KioskPaths defaultKioskPaths() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  if (!ec && exe.string().rfind("/usr/", 0) == 0) return {"/var/lib/suara", "/etc/suara/kiosk.toml"};
  return {"var/kiosk", "var/kiosk/kiosk.toml"};
}

}  // namespace suara::kiosk
