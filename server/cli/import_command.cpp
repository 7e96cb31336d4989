// suara-hub import --db PATH --kiosk ID FILE: ratings carried from a kiosk on a USB stick
// (`suara-kiosk export`), stored through the same ingest path as synced ones, so a rating
// that later also arrives by sync is a duplicate, not counted twice.

#include <algorithm>
#include <iostream>

#include "cli/commands.hpp"
#include "cli/hub_db_option.hpp"
#include "clock_correction.hpp"
#include "suara/core/response_file.hpp"

namespace suara::hub {

Command addImportCommand(CLI::App& app) {
  struct Args {
    std::string db, kiosk, file;
  };
  auto args = std::make_shared<Args>();
  auto* cmd = app.add_subcommand("import", "Store ratings exported from a kiosk (JSON Lines)");
  addDbOption(cmd, args->db);
  cmd->add_option("--kiosk", args->kiosk, "The enrolled kiosk the file came from (suara-kiosk status)")->required();
  cmd->add_option("file", args->file, "File written by `suara-kiosk export`")->required()->check(CLI::ExistingFile);
  return {cmd, [args] {
            auto responses = readResponsesJsonl(args->file);
            if (!responses) return failWith(responses.error());  // a bad line stops the import before anything is stored
            auto storage = openStorage(args->db);
            if (!storage) return 1;
            auto kiosks = storage->kiosks();
            if (!kiosks) return failWith(kiosks.error());
            const KioskRecord* kiosk = nullptr;
            for (const auto& k : *kiosks)
              if (k.id == args->kiosk) kiosk = &k;
            if (!kiosk) return failWith(makeError(Errc::NotFound, "no kiosk '" + args->kiosk + "' (see suara-hub kiosk list)"));
            const std::int64_t now = clockNow().wallMs;
            std::int64_t accepted = 0, duplicates = 0, rejected = 0;
            for (std::size_t start = 0; start < responses->size(); start += 500) {
              std::vector<StoredItem> items;
              for (std::size_t i = start; i < std::min(responses->size(), start + 500); ++i) {
                Response& r = (*responses)[i];
                // No sending stamp: the kiosk's wall time is all there is (flagged estimated).
                StoredItem item{r, r.clock.wallMs, clockflags::kEstimated};
                if (item.correctedMs > now + kClockSlackMs) item.clockFlags |= clockflags::kFuture;
                if (item.correctedMs < kiosk->enrolledMs - kClockSlackMs) item.clockFlags |= clockflags::kBeforeEnrolment;
                items.push_back(std::move(item));
              }
              auto results = storage->ingest(*kiosk, items, now);
              if (!results) return failWith(results.error());
              for (const auto& result : *results) {
                if (result.status == wire::ItemStatus::Accepted) ++accepted;
                else if (result.status == wire::ItemStatus::Duplicate) ++duplicates;
                else ++rejected, std::cerr << "suara-hub: rejected " << result.id << ": " << result.reason << "\n";
              }
            }
            const auto followUps =
                std::count_if(responses->begin(), responses->end(), [](const Response& r) { return r.isAmendment(); });
            std::cout << "imported " << static_cast<std::int64_t>(responses->size()) - followUps << " ratings and " << followUps
                      << " follow-ups: " << accepted << " new, " << duplicates
                      << " already here, " << rejected << " rejected\n";
            return 0;
          }};
}

}  // namespace suara::hub
