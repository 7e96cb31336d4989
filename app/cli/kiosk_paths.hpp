#pragma once
// Where the kiosk keeps its data and config: /var/lib/suara and /etc/suara/kiosk.toml when
// installed under /usr, a local var/kiosk/ folder when run from a build tree.

#include <filesystem>

namespace suara::kiosk {

struct KioskPaths {
  std::filesystem::path dataDir;
  std::filesystem::path configFile;
};

KioskPaths defaultKioskPaths();

}  // namespace suara::kiosk
