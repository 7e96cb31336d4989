// suara-hub import --db PATH FILE [--dry-run]: ratings carried from a kiosk on a USB stick
// (`suara-kiosk export`), stored through the same ingest service as synced ones (validation,
// quarantine, clock flags), so a rating that later also arrives by sync is a duplicate.
//
// The ratings are the kiosk's whose signature the file carries. A file with a signature that
// does not verify is refused, always. A file without one (an old export, an unenrolled
// kiosk's, or one whose signature was cut off) proves nothing about where it came from,
// whatever its header claims: it is imported only when the operator vouches for it with
// --unsigned and names the kiosk with --kiosk. A revoked kiosk's file is refused unless
// --include-revoked: its token, and so its signing key, may be in other hands.

#include <algorithm>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/hub_db_option.hpp"
#include "terminal_text.hpp"
#include "services/ingest_service.hpp"
#include "suara/core/export_file.hpp"

namespace suara::hub {

namespace {

struct ImportArgs {
  std::string db, kiosk, file;
  bool dryRun = false;
  bool allowUnsigned = false;
  bool includeRevoked = false;
};

// The kiosk whose ratings the file holds, or why it is refused.
Result<KioskRecord> attributedKiosk(Storage& storage, const ExportFile& file, const ImportArgs& args) {
  const auto& header = file.header;
  std::string kioskId;
  if (header && header->isSigned) {
    if (!args.kiosk.empty() && args.kiosk != header->kioskId)
      return makeError(Errc::Invalid, "the file was exported by kiosk '" + header->kioskId + "', not '" + args.kiosk + "'");
    kioskId = header->kioskId;
  } else if (!args.allowUnsigned) {
    return makeError(Errc::Invalid,
                     "the file is not signed (an old export, an unenrolled kiosk's, or its signature was removed): nothing "
                     "shows which kiosk it came from. If you know, import it with --unsigned --kiosk ID");
  } else if (args.kiosk.empty()) {
    return makeError(Errc::Invalid, "--unsigned needs --kiosk ID: the kiosk the file came from");
  } else if (header && !header->kioskId.empty() && header->kioskId != args.kiosk) {
    return makeError(Errc::Invalid, "the unsigned file names kiosk '" + header->kioskId + "', not '" + args.kiosk + "'");
  } else {
    kioskId = args.kiosk;
  }
  auto kiosk = storage.kiosk(kioskId);
  if (!kiosk) {
    if (kiosk.error().code != Errc::NotFound) return kiosk.error();
    return makeError(Errc::NotFound, "no kiosk '" + kioskId + "' (see suara-hub kiosk list)");
  }
  if (header && !header->unitId.empty() && header->unitId != kiosk->unitId)
    return makeError(Errc::Invalid, "the file names unit '" + header->unitId + "' but kiosk '" + kiosk->id + "' belongs to '" +
                                        kiosk->unitId + "'");
  if (kiosk->revokedMs && !args.includeRevoked)
    return makeError(Errc::Invalid, "kiosk '" + kiosk->id +
                                        "' is revoked: its token may be in other hands, so its files may be forged. If you know "
                                        "this file was exported before that, import it with --include-revoked");
  if (!header || !header->isSigned)
    std::cerr << "suara-hub: the file is not signed; its ratings are stored as kiosk '" << kiosk->id << "' on the operator's word\n";
  if (kiosk->revokedMs) std::cerr << "suara-hub: kiosk '" << kiosk->id << "' is revoked; its file is imported as --include-revoked asks\n";
  return kiosk;
}

int runImport(const ImportArgs& args) {
  // Write even for a dry run: it rehearses the storing in a transaction it rolls back.
  auto storage = openHubStorage(args.db, StorageRole::Write);
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
  auto kiosk = attributedKiosk(*storage, *file, args);
  if (!kiosk) return failWith(kiosk.error());

  // A dry run stores each batch by the same code in one transaction, rolled back at the end,
  // so its counts are the real run's.
  std::unique_ptr<IngestRehearsal> rehearsal;
  if (args.dryRun) {
    auto started = storage->rehearseIngest();
    if (!started) return failWith(started.error());
    rehearsal = std::move(*started);
  }
  IngestService ingest(*storage, *storage, *surveys);
  const std::int64_t now = clockNow().wallMs;
  std::int64_t accepted = 0, duplicates = 0, rejected = 0;
  auto& responses = file->responses;
  for (std::size_t start = 0; start < responses.size(); start += 500) {
    std::vector<Response> items(responses.begin() + static_cast<std::ptrdiff_t>(start),
                                responses.begin() + static_cast<std::ptrdiff_t>(std::min(responses.size(), start + 500)));
    auto outcome = ingest.ingestExported(*kiosk, std::move(items), now, rehearsal.get());
    if (!outcome) return failWith(outcome.error());
    for (const auto& result : outcome->results) {
      if (result.status == wire::ItemStatus::Accepted) ++accepted;
      else if (result.status == wire::ItemStatus::Duplicate) ++duplicates;
      else ++rejected, std::cerr << "suara-hub: " << (args.dryRun ? "would quarantine " : "quarantined ") << printable(result.id) << ": "
                                 << printable(result.reason) << "\n";
    }
  }
  const auto followUps = std::count_if(responses.begin(), responses.end(), [](const Response& r) { return r.isAmendment(); });
  std::cout << (args.dryRun ? "dry run, nothing stored: " : "imported ") << static_cast<std::int64_t>(responses.size()) - followUps
            << " ratings and " << followUps << " follow-ups from kiosk " << kiosk->id << " (unit " << kiosk->unitId << "): " << accepted
            << " new, " << duplicates << " already here, " << rejected << " quarantined\n";
  return 0;
}

}  // namespace

Command addImportCommand(CLI::App& app) {
  auto args = std::make_shared<ImportArgs>();
  auto* cmd = app.add_subcommand("import", "Store ratings exported from a kiosk (suara-kiosk export)");
  addDbOption(cmd, args->db);
  cmd->add_option("--kiosk", args->kiosk, "The kiosk an unsigned file came from (with --unsigned); a signed file names its own");
  cmd->add_flag("--unsigned", args->allowUnsigned,
                "Import a file that is not signed, as the kiosk named with --kiosk: on your word, not the kiosk's signature");
  cmd->add_flag("--include-revoked", args->includeRevoked, "Import a revoked kiosk's file (one exported before the revocation)");
  cmd->add_flag("--dry-run", args->dryRun, "Print what would be stored, skipped and quarantined, exactly; store nothing");
  cmd->add_option("file", args->file, "File written by `suara-kiosk export`")->required()->check(CLI::ExistingFile);
  return {cmd, [args] { return runImport(*args); }};
}

}  // namespace suara::hub
