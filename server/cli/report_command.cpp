#include <iostream>
#include <optional>

#include <nlohmann/json.hpp>

#include "cli/commands.hpp"
#include "cli/hub_db_option.hpp"
#include "report_text.hpp"
#include "services/catalog_service.hpp"
#include "storage/storage.hpp"
#include "suara/core/amendment.hpp"
#include "suara/core/demo_data.hpp"
#include "suara/core/export_file.hpp"
#include "suara/core/paths.hpp"
#include "suara/core/survey.hpp"

namespace suara::hub {

namespace {

struct ReportArgs {
  std::string file;
  std::string db;
  bool demo = false;
  std::string by = "unit";
  std::string period = "all";
  int utcOffset = 7;
  std::int64_t population = 0;
  std::string format = "text";
  std::string lang = "id";
};

int runReport(const ReportArgs& args) {
  std::vector<Response> responses;
  ReportOptions options;
  options.utcOffsets = UtcOffsets(args.utcOffset);
  std::optional<ReportTimeQuality> timeQuality;
  std::int64_t unmergedFollowUps = 0;
  const auto assets = assetsDir();
  const auto installedCatalog = assets / "training" / "catalog.json";
  auto catalog = loadTrainingCatalog(installedCatalog);
  if (args.demo) {
    responses = generateDemoResponses({});
    for (const auto& unit : demoUnits()) {
      options.utcOffsets.byUnit[unit.id] = unit.utcOffsetHours;
      options.unitProfiles[unit.id] = {unit.monthlyUsers, demoOffices()};
    }
  } else if (!args.db.empty()) {
    auto storage = openHubStorage(args.db, StorageRole::Read);
    if (!storage) return 1;
    auto stored = storage->responses();
    if (!stored) return std::cerr << "suara-hub: " << stored.error().message << "\n", 1;
    responses = std::move(*stored);
    // Periods in each unit's own time zone; --utc-offset only for ratings of unknown units.
    auto units = storage->units();
    if (!units) return std::cerr << "suara-hub: " << units.error().message << "\n", 1;
    for (const auto& unit : *units) {
      options.utcOffsets.byUnit[unit.id] = unit.utcOffsetHours;
      options.units.push_back(unit.id);  // listed by unit even without ratings
      options.unitProfiles[unit.id] = {unit.monthlyUsers, {unit.offices.begin(), unit.offices.end()}};
    }
    auto quality = storage->timeQuality();
    if (!quality) return std::cerr << "suara-hub: " << quality.error().message << "\n", 1;
    timeQuality = ReportTimeQuality{quality->estimated, quality->implausible};
    catalog = hubTrainingCatalog(*storage, installedCatalog);  // as edited on the dashboard
  } else {
    // A kiosk's export (signed or not, or plain JSON Lines from demo-data): counted, not
    // attributed, so its signature is not checked here (`import` checks it).
    auto read = readExportFile(args.file, {});
    if (!read) {
      std::cerr << "suara-hub: " << read.error().message << "\n";
      return 1;
    }
    // The unit's own time zone, when the kiosk that exported knew it; --utc-offset otherwise.
    if (read->header && read->header->utcOffsetHours) options.utcOffsets.byUnit[read->header->unitId] = *read->header->utcOffsetHours;
    // A kiosk's export holds its amendments too: merged as the hub merges them, never counted.
    responses = mergeAmendments(std::move(read->responses), &unmergedFollowUps);
    if (unmergedFollowUps > 0) std::cerr << "suara-hub: " << unmergedFollowUps << " follow-ups could not be added to a rating in the file\n";
  }
  auto surveys = SurveyCatalog::load(assets / "surveys");
  if (!surveys) {
    std::cerr << "suara-hub: " << surveys.error().message << "\n";
    return 1;
  }
  if (!catalog) {
    std::cerr << "suara-hub: " << catalog.error().message << "\n";
    return 1;
  }
  options.by = *parseDimension(args.by);
  options.period = *parsePeriod(args.period);
  options.population = args.population;
  Report report = buildReport(responses, options, *surveys, *catalog);
  report.timeQuality = timeQuality;
  if (unmergedFollowUps > 0) report.excluded.push_back({"a follow-up that could not be added to its rating in the file", unmergedFollowUps});
  const Language language = *parseLanguage(args.lang);
  // Replacing what is not UTF-8 (a name stored by an older hub): one bad byte must not cost the report.
  if (args.format == "json") std::cout << reportToJson(report, language).dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << "\n";
  else printReport(std::cout, report, language);
  return std::cout ? 0 : 1;
}

}  // namespace

Command addReportCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("report", "Print the IKM report and training priorities (of a file, a hub database or demo data)");
  auto args = std::make_shared<ReportArgs>();
  auto* file = cmd->add_option("file", args->file, "Responses: a kiosk export or JSON Lines from demo-data")->check(CLI::ExistingFile);
  auto* demo = cmd->add_flag("--demo", args->demo, "Report on generated demo data instead of a file");
  auto* db = cmd->add_option("--db", args->db, "Report on the responses stored in a hub database");
  file->excludes(demo);
  file->excludes(db);
  db->excludes(demo);
  cmd->add_option("--by", args->by, "Group by")
      ->check(CLI::IsMember({"all", "unit", "service", "counter", "officer", "survey"}))
      ->capture_default_str();
  cmd->add_option("--period", args->period, "Split into periods")
      ->check(CLI::IsMember({"all", "day", "week", "month", "quarter", "year"}))
      ->capture_default_str();
  cmd->add_option("--utc-offset", args->utcOffset,
                  "Hours from UTC for period boundaries (WIB 7, WITA 8, WIT 9) of ratings whose unit's own is not known: a "
                  "database report and a kiosk's export use the unit's own")
      ->check(CLI::Range(-12, 14))
      ->capture_default_str();
  cmd->add_option("--population", args->population,
                  "Service users for every group and period, for sample adequacy (otherwise each unit's monthly users, "
                  "set with unit set --monthly-users)")
      ->check(CLI::Range(std::int64_t{1}, std::int64_t{1'000'000'000}));
  cmd->add_option("--format", args->format, "Output format")->check(CLI::IsMember({"text", "json"}))->capture_default_str();
  cmd->add_option("--lang", args->lang, "Language of labels")->check(CLI::IsMember({"id", "en"}))->capture_default_str();
  cmd->callback([file, demo, db] {
    if (file->count() == 0 && demo->count() == 0 && db->count() == 0) throw CLI::RequiredError("a response FILE, --db or --demo");
  });
  return {cmd, [args] { return runReport(*args); }};
}

}  // namespace suara::hub
