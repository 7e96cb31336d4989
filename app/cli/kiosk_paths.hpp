#pragma once
// Where the kiosk keeps its data and config: /var/lib/suara/kiosk and /etc/suara/kiosk.toml when
// installed under /usr, a local var/kiosk/ folder when run from a build tree.

#include <filesystem>
#include <string>

#include "suara/core/config.hpp"
#include "suara/core/local_store.hpp"

namespace suara::kiosk {

struct KioskPaths {
  std::filesystem::path dataDir;
  std::filesystem::path configFile;
};

KioskPaths defaultKioskPaths();

// The config file a kiosk command reads: the one named with --config; else the data
// directory's own kiosk.toml if there is one; else the default.
std::filesystem::path configFileFor(const std::filesystem::path& dataDir, const std::string& explicitConfig);

// How the store is opened under `config` (size limit, disk reserve).
StoreOptions storeOptionsFor(const KioskConfig& config);

}  // namespace suara::kiosk
