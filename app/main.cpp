// suara-kiosk: the citizen's touchscreen. Setup and the loop only; everything else lives in
// KioskApp (GUI) and cli/ (technician subcommands).

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <csignal>
#include <exception>
#include <iostream>
#include <regex>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"
#include "cli/kiosk_paths.hpp"
#include "data_dir_lock.hpp"
#include "kiosk_app.hpp"
#include "signal_waiter.hpp"
#include "suara/core/paths.hpp"
#include "suara/core/version.hpp"

namespace {

// Root working in a data directory that belongs to another user (the installed kiosk's) would
// leave files the kiosk cannot open (a lock, a store, a root-only enrolment: the kiosk then
// cannot start or sync), follow links that user planted, and signal a pid it wrote. So every
// command but the read-only `status` is refused there, with what to run instead.
bool refusedAsRoot(const std::string& dataDir, const std::string& command) {
  struct stat st{};
  if (::geteuid() != 0 || ::stat(dataDir.c_str(), &st) != 0 || st.st_uid == 0) return false;
  const passwd* owner = ::getpwuid(st.st_uid);
  const std::string user = owner ? owner->pw_name : std::to_string(st.st_uid);
  std::cerr << "suara-kiosk: " << dataDir << " belongs to " << user << "; run this as that user, e.g. sudo -u " << user
            << " suara-kiosk" << (command.empty() ? "" : " " + command) << " ... (as root it would leave files the kiosk cannot use)\n";
  return true;
}

int runKiosk(int argc, char** argv) {
  using namespace suara::kiosk;
  CLI::App app{"Suara kiosk: citizens rate the service they received (SKM / IKM)", "suara-kiosk"};
  app.set_version_flag("--version", std::string("suara-kiosk ") + suara::kVersion);
  app.failure_message([](const CLI::App*, const CLI::Error& e) { return std::string("suara-kiosk: ") + e.what() + "\n"; });

  const KioskPaths defaults = defaultKioskPaths();
  std::string dataDir = defaults.dataDir.string(), configFile, windowed;
  app.add_option("--data-dir", dataDir, "Where ratings are stored")->capture_default_str();
  app.add_option("--config", configFile,
                 "Config file (default: the data directory's kiosk.toml, else " + defaults.configFile.string() + ")");
  app.add_option("--windowed", windowed, "Run in a WxH window instead of fullscreen (development)")
      ->check(CLI::Validator(
          [](std::string& value) {
            return std::regex_match(value, std::regex(R"(([1-9][0-9]{2,4})x([1-9][0-9]{2,4}))")) ? std::string()
                                                                                                  : "must be WIDTHxHEIGHT, e.g. 1280x800";
          },
          "WxH"));
  bool firstFrameThenExit = false;
  app.add_flag("--first-frame-then-exit", firstFrameThenExit, "Draw one frame and exit (for kiosk_bench)")
      ->group("Benchmarking");
  const Command commands[] = {addStatusCommand(app), addExportCommand(app), addEnrollCommand(app), addSyncNowCommand(app)};

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForVersion& e) {
    std::cout << e.what() << "\n";
    return 0;
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  for (const auto& command : commands) {
    if (!command.cli->parsed()) continue;
    // Each command has its own --data-dir and --config: given before the command's name they
    // would be silently ignored and the command would work on the default directory instead.
    for (const char* name : {"--data-dir", "--config"}) {
      if (app.get_option(name)->count() == 0) continue;
      const bool takesIt = command.cli->get_option_no_throw(name) != nullptr;
      std::cerr << "suara-kiosk: " << name << " goes after the command's name"
                << (takesIt ? ": suara-kiosk " + command.cli->get_name() + " " + name + " ..."
                            : std::string(" (and `") + command.cli->get_name() + "` takes none)")
                << "\n";
      return 2;
    }
    if (command.cli->get_name() != "status") {
      const auto* own = command.cli->get_option_no_throw("--data-dir");
      if (refusedAsRoot(own ? own->as<std::string>() : dataDir, command.cli->get_name())) return 1;
    }
    return command.run();
  }
  if (refusedAsRoot(dataDir, "")) return 1;

  KioskOptions options;
  options.dataDir = dataDir;
  options.configRequired = !configFile.empty();
  options.configFile = configFileFor(options.dataDir, configFile);
  options.assetsDir = suara::assetsDir();
  if (!windowed.empty()) {
    const auto x = windowed.find('x');
    options.window.windowed = std::make_pair(std::stoi(windowed.substr(0, x)), std::stoi(windowed.substr(x + 1)));
  }
  auto lock = DataDirLock::acquire(options.dataDir);
  if (!lock) {
    std::cerr << "suara-kiosk: " << lock.error().message << "\n";
    return 1;
  }
  static const SystemFlowClock clock;
  auto kiosk = KioskApp::create(options, clock);
  if (!kiosk) {
    std::cerr << "suara-kiosk: " << kiosk.error().message << "\n";
    return 1;
  }
  // Declared after the kiosk, so it is stopped before the kiosk is torn down.
  SignalWaiter syncRequests(SIGUSR1, [app = kiosk->get()] { app->requestSync(); });
  if (firstFrameThenExit) {
    (*kiosk)->frame();
    return 0;
  }
  return (*kiosk)->run();
}

}  // namespace

int main(int argc, char** argv) {
  ::umask(077);  // everything the kiosk writes (ratings, token, status, exports) is its owner's
  // `sync-now` asks whoever holds the data directory's lock to sync with SIGUSR1. Blocked here,
  // before any thread starts and before the lock is taken, so that it never kills: the kiosk
  // takes it on a waiting thread (SignalWaiter), and a `sync-now` already syncing by itself
  // has nothing more to do for a second one.
  suara::kiosk::SignalWaiter::blockInAllThreads(SIGUSR1);
  try {
    return runKiosk(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "suara-kiosk: internal error: " << e.what() << "\n";
  } catch (...) {
    std::cerr << "suara-kiosk: internal error\n";
  }
  return 70;  // EX_SOFTWARE
}
