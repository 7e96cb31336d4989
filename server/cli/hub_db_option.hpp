#pragma once
// The --db option every hub subcommand shares, and opening the storage it names.

#include <iostream>
#include <memory>
#include <string>

#include <CLI/CLI.hpp>

#include "storage/sqlite_hub_storage.hpp"

namespace suara::hub {

inline void addDbOption(CLI::App* cmd, std::string& db) {
  cmd->add_option("--db", db, "Hub database file (SQLite)")->required();
}

// The storage, or nullptr after printing one line to stderr.
inline std::unique_ptr<SqliteHubStorage> openStorage(const std::string& db) {
  auto storage = SqliteHubStorage::open(db);
  if (!storage) {
    std::cerr << "suara-hub: " << storage.error().message << "\n";
    return nullptr;
  }
  return std::move(*storage);
}

inline int failWith(const Error& error) {
  std::cerr << "suara-hub: " << error.message << "\n";
  return 1;
}

}  // namespace suara::hub
