// suara-kiosk status: what a technician needs to know at a glance, read-only.

#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/kiosk_paths.hpp"
#include "suara/core/config.hpp"
#include "suara/core/local_store.hpp"
#include "suara/core/version.hpp"
#include "sync_worker.hpp"

namespace suara::kiosk {

namespace fs = std::filesystem;

namespace {
struct StatusArgs {
  std::string dataDir = defaultKioskPaths().dataDir.string();
  std::string config = defaultKioskPaths().configFile.string();
  bool json = false;
};

int runStatus(const StatusArgs& args) {
  nlohmann::json status = {{"version", kVersion}, {"data_dir", args.dataDir}, {"config_file", args.config}};
  auto config = loadKioskConfig(args.config);
  if (config) {
    status["configured"] = true;
    status["unit"] = config->kiosk.unitId;
    status["survey"] = config->kiosk.survey;
    status["hub_url"] = config->sync.hubUrl;
  } else {
    status["configured"] = false;
    if (config.error().code != Errc::NotFound) status["config_error"] = config.error().message;
  }
  const fs::path db = fs::path(args.dataDir) / "suara.db";
  auto store = LocalStore::openReadOnly(db);
  if (!store && store.error().code != Errc::NotFound) {
    std::cerr << "suara-kiosk: " << store.error().message << "\n";
    return 1;
  }
  StoreStats stats;
  if (store) {
    auto read = (*store)->stats();
    if (!read) {
      std::cerr << "suara-kiosk: " << read.error().message << "\n";
      return 1;
    }
    stats = *read;
  }
  // Ratings and the follow-ups (amendments) added to them are counted apart: a citizen is one rating.
  status["store"] = {{"file", db.string()},
                     {"exists", store.ok()},
                     {"pending", stats.pending - stats.pendingFollowUps},
                     {"total", stats.total - stats.followUps},
                     {"pending_follow_ups", stats.pendingFollowUps},
                     {"follow_ups", stats.followUps},
                     {"file_bytes", stats.fileBytes}};
  if (stats.oldestPendingAgeMs) status["store"]["oldest_pending_age_s"] = *stats.oldestPendingAgeMs / 1000;

  if (auto enrollment = sync::loadEnrollment(args.dataDir)) {
    status["enrolled"] = true;
    status["kiosk_id"] = enrollment->kioskId;
    status["hub"] = enrollment->hubUrl;
  } else {
    status["enrolled"] = false;
  }
  if (auto sync = sync::loadSyncStatus(fs::path(args.dataDir) / "sync-status.json")) {
    status["sync"] = {{"last_error", sync->lastError}, {"accepted", sync->accepted}};
    if (sync->lastAttemptMs) status["sync"]["last_attempt_ms"] = *sync->lastAttemptMs;
    if (sync->lastSuccessMs) status["sync"]["last_success_ms"] = *sync->lastSuccessMs;
  }
  if (args.json) {
    std::cout << status.dump(2) << "\n";
    return 0;
  }
  std::cout << "Suara kiosk " << kVersion << "\n"
            << "  data directory   " << args.dataDir << "\n"
            << "  config           " << args.config
            << (config ? "" : status.contains("config_error") ? " (INVALID: see below)" : " (not found: running on defaults)")
            << "\n";
  if (config) std::cout << "  unit / survey    " << config->kiosk.unitId << " / " << config->kiosk.survey << "\n";
  std::cout << "  pending ratings  " << stats.pending - stats.pendingFollowUps << " (+ " << stats.pendingFollowUps
            << " follow-ups)\n"
            << "  stored ratings   " << stats.total - stats.followUps << " (+ " << stats.followUps << " follow-ups)\n"
            << "  store size       " << stats.fileBytes / 1024 << " KiB\n";
  if (stats.oldestPendingAgeMs) std::cout << "  oldest pending   " << *stats.oldestPendingAgeMs / 60000 << " min\n";
  if (status["enrolled"] == true)
    std::cout << "  hub              " << status["hub"].get<std::string>() << " as " << status["kiosk_id"].get<std::string>() << "\n";
  else
    std::cout << "  hub              not enrolled (suara-kiosk enroll --hub URL --code CODE)\n";
  if (status.contains("sync")) {
    const auto& s = status["sync"];
    const std::int64_t now = clockNow().wallMs;
    if (s.contains("last_success_ms")) std::cout << "  last sync        " << (now - s["last_success_ms"].get<std::int64_t>()) / 60000 << " min ago\n";
    if (s.contains("last_attempt_ms")) std::cout << "  last attempt     " << (now - s["last_attempt_ms"].get<std::int64_t>()) / 60000 << " min ago\n";
    if (!s["last_error"].get<std::string>().empty()) std::cout << "  last sync error  " << s["last_error"].get<std::string>() << "\n";
  }
  if (status.contains("config_error")) std::cout << "\n" << status["config_error"].get<std::string>() << "\n";
  return 0;
}
}  // namespace

Command addStatusCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("status", "Show configuration and stored ratings (read-only, safe while running)");
  auto args = std::make_shared<StatusArgs>();
  cmd->add_option("--data-dir", args->dataDir, "Data directory")->capture_default_str();
  cmd->add_option("--config", args->config, "Config file")->capture_default_str();
  cmd->add_flag("--json", args->json, "Print JSON");
  return {cmd, [args] { return runStatus(*args); }};
}

}  // namespace suara::kiosk
