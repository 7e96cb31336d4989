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

// What opening the database changed, one line each on stderr (stdout may be a script's input).
inline void printNotice(const std::string& line) { std::cerr << "suara-hub: " + line + "\n"; }

// The storage, or nullptr after printing one line to stderr. `role` is the command's: only
// commands that set up a hub may create a database, and those that only read open it read-only.
inline std::unique_ptr<Storage> openHubStorage(const std::string& db, StorageRole role, StorageOptions options = {}) {
  options.notice = printNotice;
  auto storage = openStorage(db, role, options);
  if (!storage) {
    failWith(storage.error());
    return nullptr;
  }
  return std::move(*storage);
}

// The survey definitions the hub validates items against (assets/surveys).
inline Result<SurveyCatalog> loadSurveyCatalog() { return SurveyCatalog::load(assetsDir() / "surveys"); }

}  // namespace suara::hub
