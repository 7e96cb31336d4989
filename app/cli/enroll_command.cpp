// suara-kiosk enroll --hub URL --code CODE: join a hub with a one-time code from its admin.

#include <unistd.h>

#include <iostream>

#include "cli/commands.hpp"
#include "cli/kiosk_paths.hpp"
#include "data_dir_lock.hpp"
#include "enrollment.hpp"

namespace suara::kiosk {

Command addEnrollCommand(CLI::App& app) {
  struct Args {
    std::string dataDir = defaultKioskPaths().dataDir.string(), hub, code, name;
    bool insecure = false;
  };
  auto args = std::make_shared<Args>();
  char host[256] = "kiosk";
  gethostname(host, sizeof host - 1);
  args->name = host;
  auto* cmd = app.add_subcommand("enroll", "Enrol this kiosk with a hub using a one-time code");
  cmd->add_option("--hub", args->hub, "Hub URL, e.g. https://hub.example.go.id")->required()->check([](const std::string& v) {
    return v.rfind("http://", 0) == 0 || v.rfind("https://", 0) == 0 ? "" : "must start with http:// or https://";
  });
  cmd->add_option("--code", args->code, "One-time enrolment code (from `suara-hub enroll-code`)")->required();
  cmd->add_option("--name", args->name, "Name shown in the hub's kiosk list")->capture_default_str();
  cmd->add_option("--data-dir", args->dataDir, "Data directory")->capture_default_str();
  cmd->add_flag("--insecure", args->insecure, "Do not verify the hub's TLS certificate (testing only)");
  return {cmd, [args] {
            auto enrolled = sync::enroll(args->dataDir, args->hub, args->code, args->name, !args->insecure);
            if (!enrolled) {
              std::cerr << "suara-kiosk: " << enrolled.error().message << "\n";
              return 1;
            }
            std::cout << "enrolled as " << enrolled->kioskId << " in unit " << enrolled->unitId << " ("
                      << enrolled->unitName << ") at " << enrolled->hubUrl << "\n";
            // A kiosk already on screen takes the enrolment up when asked to sync (SIGUSR1),
            // so its ratings start flowing without a restart.
            if (const auto pid = DataDirLock::askHolderToSync(args->dataDir))
              std::cout << "the running kiosk (pid " << *pid << ") now syncs with this enrolment\n";
            return 0;
          }};
}

}  // namespace suara::kiosk
