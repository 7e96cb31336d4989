// suara-hub import --db PATH FILE [--dry-run]: ratings carried from a kiosk on a USB stick
// (`suara-kiosk export`), stored through the same ingest service as synced ones (validation,
// quarantine, clock flags), so a rating that later also arrives by sync is a duplicate.
// The kiosk is the one the file names and signs; a file signed by another key, or naming a
// kiosk other than --kiosk, is refused. Only an old unsigned file needs --kiosk to say whose it is.

#include <algorithm>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/hub_db_option.hpp"
#include "services/ingest_service.hpp"
#include "suara/core/export_file.hpp"

namespace suara::hub {

namespace {

struct ImportArgs {
  std::string db, kiosk, file;
  bool dryRun = false;
};

int runImport(const ImportArgs& args) {
  auto storage = openHubStorage(args.db);
  if (!storage) return 1;
  auto surveys = loadSurveyCatalog();
  if (!surveys) return failWith(surveys.error());

  // Signed files are verified against the hub's record of the kiosk's token hash.
  auto file = readExportFile(args.file, [&](const ExportHeader& header) -> std::optional<ExportKey> {
    auto hash = storage->tokenHashOf(header.kioskId);
    if (!hash) return std::nullopt;
    return *hash;
  });
  if (!file) return failWith(file.error());  // a bad line or signature stops the import before anything is stored

  std::string kioskId = args.kiosk;
  if (file->header && file->header->isSigned) {
    if (!args.kiosk.empty() && args.kiosk != file->header->kioskId)
      return failWith(makeError(Errc::Invalid, "the file was exported by kiosk '" + file->header->kioskId + "', not '" + args.kiosk + "'"));
    kioskId = file->header->kioskId;
  } else if (args.kiosk.empty()) {
    return failWith(makeError(Errc::Invalid, "the file is not signed by a kiosk; name the kiosk it came from with --kiosk ID"));
  } else {
    std::cerr << "suara-hub: the file is not signed; its ratings are stored as kiosk '" << args.kiosk << "' says the operator\n";
  }
  auto kiosk = storage->kiosk(kioskId);
  if (!kiosk) {
    if (kiosk.error().code != Errc::NotFound) return failWith(kiosk.error());
    return failWith(makeError(Errc::NotFound, "no kiosk '" + kioskId + "' (see suara-hub kiosk list)"));
  }
  if (file->header && file->header->isSigned && !file->header->unitId.empty() && file->header->unitId != kiosk->unitId)
    return failWith(makeError(Errc::Invalid, "the file names unit '" + file->header->unitId + "' but kiosk '" + kiosk->id +
                                                 "' belongs to '" + kiosk->unitId + "'"));

  IngestService ingest(*storage, *storage, *surveys);
  const std::int64_t now = clockNow().wallMs;
  std::int64_t accepted = 0, duplicates = 0, rejected = 0;
  auto& responses = file->responses;
  for (std::size_t start = 0; start < responses.size(); start += 500) {
    std::vector<Response> items(responses.begin() + static_cast<std::ptrdiff_t>(start),
                                responses.begin() + static_cast<std::ptrdiff_t>(std::min(responses.size(), start + 500)));
    auto outcome = ingest.ingestExported(*kiosk, std::move(items), now, args.dryRun);
    if (!outcome) return failWith(outcome.error());
    for (const auto& result : outcome->results) {
      if (result.status == wire::ItemStatus::Accepted) ++accepted;
      else if (result.status == wire::ItemStatus::Duplicate) ++duplicates;
      else ++rejected, std::cerr << "suara-hub: " << (args.dryRun ? "would quarantine " : "quarantined ") << result.id << ": " << result.reason << "\n";
    }
  }
  const auto followUps = std::count_if(responses.begin(), responses.end(), [](const Response& r) { return r.isAmendment(); });
  std::cout << (args.dryRun ? "dry run, nothing stored: " : "imported ") << static_cast<std::int64_t>(responses.size()) - followUps
            << " ratings and " << followUps << " follow-ups from kiosk " << kiosk->id << " (unit " << kiosk->unitId << "): " << accepted
            << (args.dryRun ? " acceptable (new or already here), " : " new, ") << duplicates << " already here, " << rejected
            << " quarantined\n";
  return 0;
}

}  // namespace

Command addImportCommand(CLI::App& app) {
  auto args = std::make_shared<ImportArgs>();
  auto* cmd = app.add_subcommand("import", "Store ratings exported from a kiosk (suara-kiosk export)");
  addDbOption(cmd, args->db);
  cmd->add_option("--kiosk", args->kiosk, "The kiosk an old, unsigned file came from (a signed file names its own)");
  cmd->add_flag("--dry-run", args->dryRun, "Print what would be accepted, skipped and quarantined; store nothing");
  cmd->add_option("file", args->file, "File written by `suara-kiosk export`")->required()->check(CLI::ExistingFile);
  return {cmd, [args] { return runImport(*args); }};
}

}  // namespace suara::hub
