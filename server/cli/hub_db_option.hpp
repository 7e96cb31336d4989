#pragma once
// The --db option every hub subcommand shares, and opening the storage it names through
// openStorage(url), the one way in for `serve` and every CLI command alike.

#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "services/item_validator.hpp"
#include "storage/storage.hpp"
#include "suara/core/paths.hpp"

namespace suara::hub {

inline void addDbOption(CLI::App* cmd, std::string& db) {
  cmd->add_option("--db", db, "Hub database: a file path or sqlite:PATH")->required();
}

inline int failWith(const Error& error) {
  std::cerr << "suara-hub: " << error.message << "\n";
  return 1;
}

// The storage, or nullptr after printing one line to stderr.
inline std::unique_ptr<Storage> openHubStorage(const std::string& db, StorageRole role = StorageRole::Admin) {
  auto storage = openStorage(db, role);
  if (!storage) {
    failWith(storage.error());
    return nullptr;
  }
  return std::move(*storage);
}

// The survey definitions the hub validates items against (assets/surveys).
inline Result<SurveyCatalog> loadSurveyCatalog() { return SurveyCatalog::load(assetsDir() / "surveys"); }

}  // namespace suara::hub
