// suara-kiosk export: every stored rating as JSON Lines, for carrying to the hub on a USB
// stick when there is no network (`suara-hub import FILE`). Read-only on the store.

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <algorithm>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/kiosk_paths.hpp"
#include "suara/core/local_store.hpp"
#include "suara/core/response_file.hpp"

namespace suara::kiosk {

namespace fs = std::filesystem;

namespace {
struct ExportArgs {
  std::string dataDir = defaultKioskPaths().dataDir.string();
  std::string out;
  bool pendingOnly = false;
};

// Writes `file` completely or not at all: a temporary file, fsync'ed, then renamed, so a
// stick pulled out mid-export never holds a half file under the final name.
bool writeAtomically(const fs::path& file, const std::vector<Response>& responses) {
  const fs::path temp = file.string() + ".partial";
  {
    std::ofstream out(temp, std::ios::trunc);
    writeResponsesJsonl(out, responses);
    out.close();
    if (!out) return false;
  }
  const int fd = ::open(temp.c_str(), O_RDONLY);
  const bool synced = fd >= 0 && ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  std::error_code ec;
  if (synced) fs::rename(temp, file, ec);
  if (!synced || ec) fs::remove(temp, ec);
  return synced && !ec;
}

int runExport(const ExportArgs& args) {
  auto store = LocalStore::openReadOnly(fs::path(args.dataDir) / "suara.db");
  if (!store) {
    std::cerr << "suara-kiosk: " << store.error().message << "\n";
    return 1;
  }
  auto responses = args.pendingOnly ? (*store)->pending(INT32_MAX) : (*store)->all();
  if (!responses) {
    std::cerr << "suara-kiosk: " << responses.error().message << "\n";
    return 1;
  }
  if (args.out.empty() || args.out == "-") {
    writeResponsesJsonl(std::cout, *responses);
    return std::cout ? 0 : 1;
  }
  if (!writeAtomically(args.out, *responses)) {
    std::cerr << "suara-kiosk: cannot write '" << args.out << "'\n";
    return 1;
  }
  const auto followUps = std::count_if(responses->begin(), responses->end(), [](const Response& r) { return r.isAmendment(); });
  std::cerr << "exported " << static_cast<std::int64_t>(responses->size()) - followUps << " ratings and " << followUps
            << " follow-ups to " << args.out << "\n";
  return 0;
}
}  // namespace

Command addExportCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("export", "Write stored ratings as JSON Lines (for suara-hub import)");
  auto args = std::make_shared<ExportArgs>();
  cmd->add_option("--data-dir", args->dataDir, "Data directory")->capture_default_str();
  cmd->add_option("--out", args->out, "Output file (default: standard output)");
  cmd->add_flag("--pending", args->pendingOnly, "Only ratings the hub has not acknowledged");
  return {cmd, [args] { return runExport(*args); }};
}

}  // namespace suara::kiosk
