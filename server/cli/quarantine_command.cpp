// suara-hub quarantine list|readmit: the items the hub could not accept, kept with their
// reasons (out of the reports), and trying them again once the cause is fixed — a counter
// added to the unit (`suara-hub unit extend`), a survey definition installed.

#include <algorithm>
#include <iostream>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/hub_db_option.hpp"
#include "terminal_text.hpp"
#include "services/ingest_service.hpp"

namespace suara::hub {

namespace {

struct QuarantineArgs {
  std::string db;
  QuarantineFilter filter;
  std::vector<std::string> items;
  bool all = false;
  bool dryRun = false;
  std::string format = "text";
};

nlohmann::json itemJson(const QuarantinedItem& item) {
  nlohmann::json j = {{"item_id", item.itemId}, {"kiosk_id", item.kioskId}, {"unit_id", item.unitId},
                      {"reason", item.reason},  {"first_ms", item.firstMs},  {"last_ms", item.receivedMs},
                      {"times", item.times},    {"payload", item.payload}};
  if (item.correctedMs) j["corrected_ms"] = *item.correctedMs;
  return j;
}

int runList(const QuarantineArgs& args) {
  auto storage = openHubStorage(args.db, StorageRole::Read);
  if (!storage) return 1;
  auto items = storage->quarantined(args.filter);
  if (!items) return failWith(items.error());
  if (args.format == "json") {
    nlohmann::json out = nlohmann::json::array();
    for (const auto& item : *items) out.push_back(itemJson(item));
    std::cout << out.dump(2) << "\n";
    return std::cout ? 0 : 1;
  }
  // Ids and reasons quote what kiosks sent, which may be anything.
  for (const auto& item : *items)
    std::cout << printable(item.kioskId) << "\t" << printable(item.unitId) << "\t"
              << (item.itemId.empty() ? "(no id)" : printable(item.itemId)) << "\t" << item.times << "x\t" << printable(item.reason) << "\n";
  std::cout << items->size() << " quarantined item" << (items->size() == 1 ? "" : "s") << "\n";
  return std::cout ? 0 : 1;
}

int runReadmit(const QuarantineArgs& args) {
  // Write even for a dry run: it rehearses the storing in a transaction it rolls back.
  auto storage = openHubStorage(args.db, StorageRole::Write);
  if (!storage) return 1;
  auto surveys = loadSurveyCatalog();
  if (!surveys) return failWith(surveys.error());
  auto items = storage->quarantined(args.filter);
  if (!items) return failWith(items.error());
  // A dry run stores by the same code in one transaction, rolled back at the end: an item
  // re-admitted before another with its id makes that one a conflict, as in the real run.
  std::unique_ptr<IngestRehearsal> rehearsal;
  if (args.dryRun) {
    auto started = storage->rehearseIngest();
    if (!started) return failWith(started.error());
    rehearsal = std::move(*started);
  }
  IngestService ingest(*storage, *storage, *surveys);
  const std::int64_t now = clockNow().wallMs;
  std::int64_t stored = 0, already = 0, kept = 0;
  std::vector<std::string> unknown = args.items;
  for (const auto& item : *items) {
    if (!args.all) {
      const auto wanted = std::find(unknown.begin(), unknown.end(), item.itemId);
      if (wanted == unknown.end()) continue;
      unknown.erase(wanted);
    }
    auto kiosk = storage->kiosk(item.kioskId);
    if (!kiosk) return failWith(kiosk.error());
    auto result = ingest.readmit(*kiosk, item, now, rehearsal.get());
    if (!result) return failWith(result.error());
    if (result->status == wire::ItemStatus::Accepted) ++stored;
    else if (result->status == wire::ItemStatus::Duplicate) ++already;
    else ++kept, std::cerr << "suara-hub: still quarantined " << printable(item.itemId) << ": " << printable(result->reason) << "\n";
  }
  for (const auto& id : unknown) std::cerr << "suara-hub: no quarantined item '" << printable(id) << "' (see suara-hub quarantine list)\n";
  std::cout << (args.dryRun ? "dry run, nothing changed: " : "") << stored << (args.dryRun ? " would be stored, " : " stored, ")
            << already << " already stored, " << kept << " still quarantined\n";
  return unknown.empty() && std::cout ? 0 : 1;
}

}  // namespace

Command addQuarantineCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("quarantine", "List the items the hub could not accept, and re-admit them after a fix");
  cmd->require_subcommand(1);
  auto args = std::make_shared<QuarantineArgs>();
  for (auto* sub : {cmd->add_subcommand("list", "List quarantined items with their reasons"),
                    cmd->add_subcommand("readmit", "Validate quarantined items again; store those that now pass")}) {
    addDbOption(sub, args->db);
    sub->add_option("--kiosk", args->filter.kioskId, "Only this kiosk's items");
    sub->add_option("--unit", args->filter.unitId, "Only this unit's items");
  }
  auto* list = cmd->get_subcommand("list");
  list->add_option("--format", args->format, "Output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  auto* readmit = cmd->get_subcommand("readmit");
  auto* items = readmit->add_option("item", args->items, "Item ids to re-admit");
  auto* all = readmit->add_flag("--all", args->all, "Every quarantined item (of --kiosk / --unit if given)");
  items->excludes(all);
  readmit->add_flag("--dry-run", args->dryRun, "Print what would be stored; change nothing");
  readmit->callback([items, all] {
    if (items->count() == 0 && all->count() == 0) throw CLI::RequiredError("item ids or --all");
  });
  return {cmd, [args, list] { return list->parsed() ? runList(*args) : runReadmit(*args); }};
}

}  // namespace suara::hub
