// suara-kiosk export: every stored rating in an export file (suara/core/export_file.hpp), for
// carrying to the hub on a USB stick when there is no network (`suara-hub import FILE`). An
// enrolled kiosk names itself and its unit in the file and signs it, so the hub can tell which
// kiosk the ratings came from. Read-only on the store and the enrolment.

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/kiosk_paths.hpp"
#include "enrollment.hpp"
#include "suara/core/export_file.hpp"
#include "suara/core/local_store.hpp"

namespace suara::kiosk {

namespace fs = std::filesystem;

namespace {
struct ExportArgs {
  std::string dataDir = defaultKioskPaths().dataDir.string();
  std::string out;
  bool pendingOnly = false;
};

// Who the file says it is from and the key it is signed with. Without a readable enrolment
// the file is unsigned and names no kiosk, and `unsignedWhy` says why: the ratings still
// leave the kiosk; the hub just cannot attribute them from the file alone.
struct ExportIdentity {
  ExportHeader header;
  std::optional<ExportKey> key;
  std::string unsignedWhy;
};

ExportIdentity exportIdentity(const fs::path& dataDir) {
  ExportIdentity identity;
  identity.header.exportedMs = clockNow().wallMs;
  auto enrollment = sync::loadEnrollment(dataDir);
  std::error_code ec;
  if (enrollment) {
    identity.header.kioskId = enrollment->kioskId;
    identity.header.unitId = enrollment->unitId;
    identity.header.utcOffsetHours = enrollment->unitUtcOffsetHours;
    identity.key = exportKeyFromToken(enrollment->token);
  } else if (enrollment.error().code != Errc::NotFound) {
    identity.unsignedWhy = enrollment.error().message;
  } else if (fs::exists(sync::enrollmentFile(dataDir), ec)) {  // there, but not readable by this user
    identity.unsignedWhy = "cannot read " + sync::enrollmentFile(dataDir).string();
  } else {
    identity.unsignedWhy = "the kiosk is not enrolled";
  }
  return identity;
}

// Writes `file` completely or not at all: a temporary file, fsync'ed, then renamed, so a
// stick pulled out mid-export never holds a half file under the final name.
bool writeAtomically(const fs::path& file, const std::function<void(std::ostream&)>& write) {
  const fs::path temp = file.string() + ".partial";
  {
    std::ofstream out(temp, std::ios::trunc | std::ios::binary);
    write(out);
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
  const ExportIdentity identity = exportIdentity(args.dataDir);
  if (!identity.key)
    std::cerr << "suara-kiosk: this export is unsigned and names no kiosk (" << identity.unsignedWhy
              << "): the hub cannot tell which kiosk it came from\n";
  auto write = [&](std::ostream& out) { writeExportFile(out, identity.header, identity.key, *responses); };
  if (args.out.empty() || args.out == "-") {
    write(std::cout);
    return std::cout ? 0 : 1;
  }
  if (!writeAtomically(args.out, write)) {
    std::cerr << "suara-kiosk: cannot write '" << args.out << "'\n";
    return 1;
  }
  const auto followUps = std::count_if(responses->begin(), responses->end(), [](const Response& r) { return r.isAmendment(); });
  std::cerr << "exported " << static_cast<std::int64_t>(responses->size()) - followUps << " ratings and " << followUps
            << " follow-ups";
  if (identity.key) std::cerr << " from kiosk " << identity.header.kioskId << " (unit " << identity.header.unitId << "), signed,";
  else std::cerr << ", unsigned,";
  std::cerr << " to " << args.out << "\n";
  return 0;
}
}  // namespace

Command addExportCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("export", "Write stored ratings to a file for suara-hub import, signed by an enrolled kiosk");
  auto args = std::make_shared<ExportArgs>();
  cmd->add_option("--data-dir", args->dataDir, "Data directory")->capture_default_str();
  cmd->add_option("--out", args->out, "Output file (default: standard output)");
  cmd->add_flag("--pending", args->pendingOnly, "Only ratings the hub has not acknowledged");
  return {cmd, [args] { return runExport(*args); }};
}

}  // namespace suara::kiosk
