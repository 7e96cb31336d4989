// suara-kiosk status: what a technician needs to know at a glance, read-only (also on
// read-only media such as a data directory carried over on a USB stick).

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
  std::string config;
  bool json = false;
};

// Store files set aside as damaged that no kiosk has salvaged yet (it does at its next start).
std::vector<std::string> awaitingSalvage(const fs::path& dataDir, const std::vector<SetAsideFile>& salvaged) {
  std::vector<std::string> waiting;
  std::error_code ec;
  for (const auto& entry : fs::directory_iterator(dataDir, ec)) {
    const std::string name = entry.path().filename().string();
    const bool setAside = name.rfind("suara.db.damaged-", 0) == 0 || name.rfind("suara.db.unreadable-", 0) == 0;
    const bool sidecar = name.ends_with("-wal") || name.ends_with("-shm") || name.ends_with("-journal");
    const bool done = std::any_of(salvaged.begin(), salvaged.end(), [&](const SetAsideFile& f) { return f.file == name; });
    if (setAside && !sidecar && !done) waiting.push_back(name);
  }
  std::sort(waiting.begin(), waiting.end());
  return waiting;
}

nlohmann::json describeStore(const fs::path& dataDir, std::string& error) {
  const fs::path db = dataDir / "suara.db";
  auto store = LocalStore::openReadOnly(db);
  StoreStats stats;
  std::vector<SetAsideFile> setAside;
  if (store) {
    auto read = (*store)->stats();
    auto files = (*store)->setAside();
    if (!read || !files) {
      error = (read ? files.error() : read.error()).message;
      return nullptr;
    }
    stats = *read;
    setAside = std::move(*files);
  } else if (store.error().code != Errc::NotFound) {
    error = store.error().message;
    return nullptr;
  }
  // Ratings and the follow-ups (amendments) added to them are counted apart: a citizen is one rating.
  nlohmann::json out = {{"file", db.string()},
                        {"exists", store.ok()},
                        {"pending", stats.pending - stats.pendingFollowUps},
                        {"total", stats.total - stats.followUps},
                        {"pending_follow_ups", stats.pendingFollowUps},
                        {"follow_ups", stats.followUps},
                        {"file_bytes", stats.fileBytes},
                        {"set_aside", nlohmann::json::array()},
                        {"awaiting_salvage", awaitingSalvage(dataDir, setAside)}};
  if (stats.oldestPendingAgeMs) out["oldest_pending_age_s"] = *stats.oldestPendingAgeMs / 1000;
  for (const auto& f : setAside)
    out["set_aside"].push_back({{"file", f.file}, {"reason", f.reason}, {"salvaged_at_ms", f.salvagedAtMs},
                                {"salvaged", f.salvaged}, {"unreadable", f.unreadable}, {"method", f.method}});
  return out;
}

// "12 min ago" for a time in the past; times in the future (a clock set back since, or a
// tampered file) and far-off values are said as such rather than overflowing.
std::string ago(std::int64_t thenMs, std::int64_t nowMs) {
  if (thenMs > nowMs) return "in the future (the clock was set back?)";
  // thenMs <= nowMs, so the difference fits in 64 unsigned bits even for the extremes.
  const std::uint64_t minutes = (static_cast<std::uint64_t>(nowMs) - static_cast<std::uint64_t>(thenMs)) / 60000;
  if (minutes > 60ULL * 24 * 366 * 100) return "over a century ago (a wrong clock?)";
  return std::to_string(minutes) + " min ago";
}

void printText(const nlohmann::json& status, const StatusArgs& args) {
  const auto& store = status["store"];
  std::cout << "Suara kiosk " << kVersion << "\n"
            << "  data directory   " << args.dataDir << "\n"
            << "  config           " << status["config_file"].get<std::string>()
            << (status["configured"] == true            ? ""
                : status.contains("config_error") ? " (INVALID: see below)"
                                                  : " (not found: running on defaults)")
            << "\n";
  if (status["configured"] == true)
    std::cout << "  unit / survey    " << status["unit"].get<std::string>() << " / " << status["survey"].get<std::string>() << "\n";
  std::cout << "  pending ratings  " << store["pending"] << " (+ " << store["pending_follow_ups"] << " follow-ups)\n"
            << "  stored ratings   " << store["total"] << " (+ " << store["follow_ups"] << " follow-ups)\n"
            << "  store size       " << store["file_bytes"].get<std::int64_t>() / 1024 << " KiB\n";
  if (store.contains("oldest_pending_age_s"))
    std::cout << "  oldest pending   " << store["oldest_pending_age_s"].get<std::int64_t>() / 60 << " min\n";
  if (status.contains("disk_free_bytes"))
    std::cout << "  disk free        " << status["disk_free_bytes"].get<std::int64_t>() / (1024 * 1024) << " MiB\n";
  if (status.contains("reserve")) {
    const auto& r = status["reserve"];
    std::cout << "  disk reserve     " << r["bytes"].get<std::int64_t>() / (1024 * 1024) << " MiB "
              << (r["held"] == true ? "held" : "NOT HELD: " + r["problem"].get<std::string>()) << "\n";
  }
  for (const auto& f : store["set_aside"])
    std::cout << "  set aside        " << f["file"].get<std::string>() << ": " << f["salvaged"] << " rows salvaged, "
              << f["unreadable"] << " undecodable; read " << f["method"].get<std::string>() << " (" << f["reason"].get<std::string>()
              << "); the file is kept\n";
  for (const auto& name : store["awaiting_salvage"])
    std::cout << "  set aside        " << name.get<std::string>() << ": salvaged when the kiosk next starts\n";
  if (status["enrolled"] == true)
    std::cout << "  hub              " << status["hub"].get<std::string>() << " as " << status["kiosk_id"].get<std::string>() << "\n";
  else if (status.contains("enrollment_error"))
    std::cout << "  hub              " << status["enrollment_error"].get<std::string>() << "\n";
  else
    std::cout << "  hub              not enrolled (suara-kiosk enroll --hub URL --code CODE)\n";
  if (status.contains("sync")) {
    const auto& s = status["sync"];
    const std::int64_t now = clockNow().wallMs;
    if (s.contains("last_success_ms")) std::cout << "  last sync        " << ago(s["last_success_ms"].get<std::int64_t>(), now) << "\n";
    if (s.contains("last_attempt_ms")) std::cout << "  last attempt     " << ago(s["last_attempt_ms"].get<std::int64_t>(), now) << "\n";
    if (!s["last_error"].get<std::string>().empty()) std::cout << "  last sync error  " << s["last_error"].get<std::string>() << "\n";
  }
  if (status.contains("sync_status_error")) std::cout << "  last sync        " << status["sync_status_error"].get<std::string>() << "\n";
  if (status.contains("config_error")) std::cout << "\n" << status["config_error"].get<std::string>() << "\n";
}

int runStatus(const StatusArgs& args) {
  const fs::path dataDir = args.dataDir;
  std::error_code ec;
  if (!fs::is_directory(dataDir, ec)) {
    std::cerr << "suara-kiosk: no data directory at '" << args.dataDir << "'\n";
    return 1;
  }
  const fs::path configFile = configFileFor(dataDir, args.config);
  nlohmann::json status = {{"version", kVersion}, {"data_dir", args.dataDir}, {"config_file", configFile.string()}};
  auto config = loadKioskConfig(configFile);
  if (config) {
    status["configured"] = true;
    status["unit"] = config->kiosk.unitId;
    status["survey"] = config->kiosk.survey;
    status["hub_url"] = config->sync.hubUrl;
  } else {
    status["configured"] = false;
    if (config.error().code != Errc::NotFound) status["config_error"] = config.error().message;
  }
  std::string storeError;
  status["store"] = describeStore(dataDir, storeError);
  if (!storeError.empty()) {
    std::cerr << "suara-kiosk: " << storeError << "\n";
    return 1;
  }
  if (const auto space = fs::space(dataDir, ec); !ec) status["disk_free_bytes"] = static_cast<std::int64_t>(space.available);
  if (status["store"]["exists"] == true) {
    const ReserveState reserve = LocalStore::inspectReserve(dataDir / "suara.db", storeOptionsFor(config ? *config : KioskConfig{}).reserveBytes);
    status["reserve"] = {{"file", reserve.file.string()}, {"bytes", reserve.bytes}, {"held", reserve.held}, {"problem", reserve.problem}};
  }
  if (auto enrollment = sync::loadEnrollment(dataDir)) {
    status["enrolled"] = true;
    status["kiosk_id"] = enrollment->kioskId;
    status["hub"] = enrollment->hubUrl;
  } else {
    status["enrolled"] = false;
    if (enrollment.error().code != Errc::NotFound) status["enrollment_error"] = enrollment.error().message;
  }
  if (auto sync = sync::loadSyncStatus(dataDir / "sync-status.json")) {
    status["sync"] = {{"last_error", sync->lastError}, {"accepted", sync->accepted}};
    if (sync->lastAttemptMs) status["sync"]["last_attempt_ms"] = *sync->lastAttemptMs;
    if (sync->lastSuccessMs) status["sync"]["last_success_ms"] = *sync->lastSuccessMs;
  } else if (sync.error().code != Errc::NotFound) {
    status["sync_status_error"] = sync.error().message;
  }
  if (args.json) std::cout << status.dump(2) << "\n";
  else printText(status, args);
  return 0;
}
}  // namespace

Command addStatusCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("status", "Show configuration and stored ratings (read-only, safe while running)");
  auto args = std::make_shared<StatusArgs>();
  cmd->add_option("--data-dir", args->dataDir, "Data directory")->capture_default_str();
  cmd->add_option("--config", args->config,
                  "Config file (default: the data directory's kiosk.toml, else " + defaultKioskPaths().configFile.string() + ")");
  cmd->add_flag("--json", args->json, "Print JSON");
  return {cmd, [args] { return runStatus(*args); }};
}

}  // namespace suara::kiosk
