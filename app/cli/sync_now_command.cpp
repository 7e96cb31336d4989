// suara-kiosk sync-now: send pending ratings to the hub now. If the kiosk is running, it is
// asked to (SIGUSR1) so that only one process ever writes the store; otherwise this process
// syncs itself.

#include <iostream>

#include "cli/commands.hpp"
#include "cli/kiosk_paths.hpp"
#include "data_dir_lock.hpp"
#include "sync_worker.hpp"

namespace suara::kiosk {

namespace fs = std::filesystem;

namespace {
struct SyncNowArgs {
  std::string dataDir = defaultKioskPaths().dataDir.string();
  std::string config;
};

int runSyncNow(const SyncNowArgs& args) {
  const fs::path dir = args.dataDir;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    std::cerr << "suara-kiosk: no data directory at '" << dir.string() << "'\n";
    return 1;
  }
  KioskConfig config;  // defaults when there is no config file, as for the kiosk itself
  if (auto loaded = loadKioskConfig(configFileFor(dir, args.config))) config = std::move(*loaded);
  else if (loaded.error().code != Errc::NotFound || !args.config.empty()) {
    std::cerr << "suara-kiosk: " << loaded.error().message << "\n";
    return 1;
  }
  auto enrollment = sync::loadEnrollment(dir);
  if (!enrollment) {
    std::cerr << "suara-kiosk: " << enrollment.error().message << "\n";
    return 1;
  }
  auto lock = DataDirLock::acquire(dir);
  if (!lock) {
    const auto pid = DataDirLock::askHolderToSync(dir);
    if (!pid) {
      std::cerr << "suara-kiosk: " << lock.error().message << "\n";
      return 1;
    }
    std::cout << "asked the running kiosk (pid " << *pid << ") to sync now; see `suara-kiosk status`\n";
    return 0;
  }
  auto store = LocalStore::open(dir / "suara.db", storeOptionsFor(config));
  if (!store) {
    std::cerr << "suara-kiosk: " << store.error().message << "\n";
    return 1;
  }
  sync::SyncWorker worker(**store, sync::syncSettingsFor(config, std::move(*enrollment), dir));
  const Status result = worker.syncOnce();
  const auto st = worker.status();
  std::cout << "accepted " << st.accepted << ", duplicates " << st.duplicates << ", rejected " << st.rejected
            << ", still pending " << st.pending << "\n";
  if (!result) {
    std::cerr << "suara-kiosk: " << result.error().message << "\n";
    return 1;
  }
  return 0;
}
}  // namespace

Command addSyncNowCommand(CLI::App& app) {
  auto args = std::make_shared<SyncNowArgs>();
  auto* cmd = app.add_subcommand("sync-now", "Send pending ratings to the hub now");
  cmd->add_option("--data-dir", args->dataDir, "Data directory")->capture_default_str();
  cmd->add_option("--config", args->config,
                  "Config file, its [sync] and [store] sections apply (default: the data directory's kiosk.toml, else " +
                      defaultKioskPaths().configFile.string() + ")");
  return {cmd, [args] { return runSyncNow(*args); }};
}

}  // namespace suara::kiosk
