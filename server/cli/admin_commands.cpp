// Hub administration: units with their services, enrolment codes, kiosks.

#include <iostream>
#include <optional>

#include "cli/commands.hpp"
#include "cli/hub_db_option.hpp"
#include "terminal_text.hpp"
#include "services/enrolment_service.hpp"
#include "suara/core/response.hpp"
#include "suara/core/skm_elements.hpp"

namespace suara::hub {

namespace {
std::int64_t nowMs() { return clockNow().wallMs; }

struct UnitArgs {
  std::string db, id, name, survey = "quick-4";
  int utcOffset = 7;
  std::vector<std::string> services;  // id=Name or id=Name|English name
  std::vector<std::string> counters;  // id or id=Name
  std::optional<std::int64_t> monthlyUsers;
  std::vector<std::string> offices;   // KEY=Office, KEY an element code (U1..U9) or a level
};

bool validId(const std::string& v) {
  return !v.empty() && v.size() <= 64 &&
         v.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.") == std::string::npos;
}

// False after printing why, when `text` cannot be a name people are shown (whyUnfitName).
bool fitName(const std::string& what, const std::string& text) {
  const std::string why = whyUnfitName(text);
  if (why.empty()) return true;
  std::cerr << "suara-hub: " << what << " '" << printable(text) << "' " << why << "\n";
  return false;
}

// The offices given as KEY=Office, or nullopt after printing why not. An empty office
// removes one (unit set).
std::optional<std::map<std::string, std::string>> officesFromArgs(const std::vector<std::string>& specs) {
  std::map<std::string, std::string> offices;
  for (const auto& spec : specs) {
    const auto eq = spec.find('=');
    const std::string key = spec.substr(0, eq);
    const bool element = key.size() == 2 && key[0] == 'U' && key[1] >= '1' && key[1] <= '9';
    if (eq == std::string::npos || (!element && !parseResponsibleLevel(key))) {
      std::cerr << "suara-hub: --office must be KEY=Office with KEY an element code (U1 to U9), 'individual' or 'unit', got '"
                << printable(spec) << "'\n";
      return std::nullopt;
    }
    const std::string office = spec.substr(eq + 1);
    if (!office.empty() && !fitName("--office", office)) return std::nullopt;  // empty: remove it
    offices[key] = office;
  }
  return offices;
}

// The services and counters given as options, or nullopt after printing why not.
std::optional<Unit> unitFromArgs(const UnitArgs& args, bool nameRequired) {
  Unit unit{args.id, args.name, args.survey, args.utcOffset, {}, {}, args.monthlyUsers, {}};
  if ((nameRequired || !args.name.empty()) && !fitName("--name", args.name)) return std::nullopt;
  auto offices = officesFromArgs(args.offices);
  if (!offices) return std::nullopt;
  std::erase_if(*offices, [](const auto& office) { return office.second.empty(); });
  unit.offices = std::move(*offices);
  for (const auto& spec : args.services) {
    const auto eq = spec.find('='), bar = spec.find('|');
    if (eq == std::string::npos || eq == 0 || eq + 1 == spec.size()) {
      std::cerr << "suara-hub: --service must be ID=Name or ID=Name|English name, got '" << spec << "'\n";
      return std::nullopt;
    }
    if (!fitName("--service", spec)) return std::nullopt;
    const std::string name = spec.substr(eq + 1, bar == std::string::npos ? std::string::npos : bar - eq - 1);
    unit.services.push_back({spec.substr(0, eq), {name, bar == std::string::npos ? name : spec.substr(bar + 1)}});
    if (!validId(unit.services.back().id)) {
      std::cerr << "suara-hub: service id '" << unit.services.back().id << "' must be 1 to 64 letters, digits, '_', '-' or '.'\n";
      return std::nullopt;
    }
  }
  for (const auto& spec : args.counters) {
    if (!fitName("--counter", spec)) return std::nullopt;
    const auto eq = spec.find('=');
    Counter counter{spec.substr(0, eq), eq == std::string::npos ? std::string() : spec.substr(eq + 1)};
    if (!validId(counter.id)) {
      std::cerr << "suara-hub: counter id '" << counter.id << "' must be 1 to 64 letters, digits, '_', '-' or '.'\n";
      return std::nullopt;
    }
    unit.counters.push_back(std::move(counter));
  }
  return unit;
}

int runUnitAdd(const UnitArgs& args) {
  auto unit = unitFromArgs(args, true);
  if (!unit) return 1;
  auto storage = openHubStorage(args.db, StorageRole::Create);  // the first unit may be the hub's first step
  if (!storage) return 1;
  if (auto created = storage->createUnit(*unit); !created) return failWith(created.error());
  std::cout << "unit " << unit->id << " created with " << unit->services.size() << " services and " << unit->counters.size()
            << " counters\n";
  return 0;
}

int runUnitExtend(const UnitArgs& args) {
  auto unit = unitFromArgs(args, false);
  if (!unit) return 1;
  if (unit->services.empty() && unit->counters.empty()) return failWith(makeError(Errc::Invalid, "give at least one --service or --counter to add"));
  auto storage = openHubStorage(args.db, StorageRole::Write);
  if (!storage) return 1;
  if (auto extended = storage->extendUnit(*unit); !extended) return failWith(extended.error());
  std::cout << "unit " << unit->id << ": added " << unit->services.size() << " services and " << unit->counters.size()
            << " counters (quarantined ratings that named them can now be re-admitted: suara-hub quarantine readmit)\n";
  return 0;
}

int runUnitSet(const UnitArgs& args, bool utcOffsetGiven) {
  auto offices = officesFromArgs(args.offices);
  if (!offices) return 1;
  const UnitSettings settings{utcOffsetGiven ? std::optional<int>(args.utcOffset) : std::nullopt, args.monthlyUsers, std::move(*offices)};
  if (!settings.utcOffsetHours && !settings.monthlyUsers && settings.offices.empty())
    return failWith(makeError(Errc::Invalid, "give at least one of --utc-offset, --monthly-users or --office to change"));
  auto storage = openHubStorage(args.db, StorageRole::Write);
  if (!storage) return 1;
  if (auto changed = storage->configureUnit(args.id, settings); !changed) return failWith(changed.error());
  std::cout << "unit " << args.id << " updated\n";
  return 0;
}

int runUnitList(const std::string& db) {
  auto storage = openHubStorage(db, StorageRole::Read);
  if (!storage) return 1;
  auto units = storage->units();
  if (!units) return failWith(units.error());
  for (const auto& u : *units) {  // printable: names stored by older hubs were not checked
    std::cout << printable(u.id) << "\t" << printable(u.name) << "\t" << printable(u.survey) << "\tUTC+" << u.utcOffsetHours << "\t";
    for (std::size_t i = 0; i < u.services.size(); ++i) std::cout << (i ? "," : "") << printable(u.services[i].id);
    std::cout << "\t";
    for (std::size_t i = 0; i < u.counters.size(); ++i) std::cout << (i ? "," : "") << printable(u.counters[i].id);
    std::cout << "\t" << (u.monthlyUsers ? std::to_string(*u.monthlyUsers) + " users/month" : std::string("users/month not set"));
    for (const auto& [key, office] : u.offices) std::cout << "\t" << key << "=" << printable(office);
    std::cout << "\n";
  }
  return 0;
}
}  // namespace

Command addUnitCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("unit", "Create, change and list service units");
  cmd->require_subcommand(1);
  auto add = std::make_shared<UnitArgs>();
  auto* addCmd = cmd->add_subcommand("add", "Create a unit with its services");
  addDbOption(addCmd, add->db);
  addCmd->add_option("--id", add->id, "Unit id (letters, digits, '_', '-', '.')")->required()->check([](const std::string& v) {
    if (v == "all" || v == "-") return "'" + v + "' is what reports call every unit or none: choose another id";
    return validId(v) ? std::string() : std::string("must be 1 to 64 letters, digits, '_', '-' or '.'");
  });
  addCmd->add_option("--name", add->name, "Unit name shown on kiosks")->required();
  addCmd->add_option("--survey", add->survey, "Survey its kiosks run")->check(CLI::IsMember({"quick-4", "skm-2017"}))->capture_default_str();
  addCmd->add_option("--utc-offset", add->utcOffset, "Hours from UTC (WIB 7, WITA 8, WIT 9)")->check(CLI::Range(7, 9))->capture_default_str();
  addCmd->add_option("--service", add->services, "A service: ID=Name or ID=Name|English name (repeatable)");
  addCmd->add_option("--counter", add->counters, "A counter: ID or ID=Name (repeatable)");
  const auto reportOptions = [](CLI::App* sub, UnitArgs& args) {
    sub->add_option("--monthly-users", args.monthlyUsers,
                    "Service users a month, rated or not: the population its sample is judged against (0: not known)")
        ->check(CLI::Range(std::int64_t{0}, std::int64_t{1'000'000'000}));
    sub->add_option("--office", args.offices,
                    "Who answers for its follow-up plan: KEY=Office, KEY an element code (U1..U9), 'individual' or 'unit' "
                    "(repeatable; an empty Office removes one)");
  };
  reportOptions(addCmd, *add);
  auto extend = std::make_shared<UnitArgs>();
  auto* extendCmd = cmd->add_subcommand("extend", "Add services or counters to a unit (none is ever removed)");
  addDbOption(extendCmd, extend->db);
  extendCmd->add_option("--id", extend->id, "Unit id")->required();
  extendCmd->add_option("--service", extend->services, "A service to add: ID=Name or ID=Name|English name (repeatable)");
  extendCmd->add_option("--counter", extend->counters, "A counter to add: ID or ID=Name (repeatable)");
  auto set = std::make_shared<UnitArgs>();
  auto* setCmd = cmd->add_subcommand("set", "Change a unit's time zone, monthly users or offices");
  addDbOption(setCmd, set->db);
  setCmd->add_option("--id", set->id, "Unit id")->required();
  auto* setOffset = setCmd->add_option("--utc-offset", set->utcOffset, "Hours from UTC (WIB 7, WITA 8, WIT 9)")->check(CLI::Range(7, 9));
  reportOptions(setCmd, *set);
  auto listDb = std::make_shared<std::string>();
  auto* listCmd = cmd->add_subcommand("list", "List units");
  addDbOption(listCmd, *listDb);
  return {cmd, [add, addCmd, extend, extendCmd, set, setCmd, setOffset, listDb] {
            if (addCmd->parsed()) return runUnitAdd(*add);
            if (extendCmd->parsed()) return runUnitExtend(*extend);
            if (setCmd->parsed()) return runUnitSet(*set, setOffset->count() > 0);
            return runUnitList(*listDb);
          }};
}

Command addEnrollCodeCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("enroll-code", "Issue a one-time code for enrolling one kiosk into a unit");
  auto db = std::make_shared<std::string>();
  auto unit = std::make_shared<std::string>();
  auto hours = std::make_shared<int>(72);
  addDbOption(cmd, *db);
  cmd->add_option("--unit", *unit, "Unit id")->required();
  cmd->add_option("--ttl-hours", *hours, "Hours the code stays valid")->check(CLI::Range(1, 24 * 30))->capture_default_str();
  return {cmd, [db, unit, hours] {
            auto storage = openHubStorage(*db, StorageRole::Write);
            if (!storage) return 1;
            EnrolmentService enrolment(*storage, *storage, storage->codeKey());
            auto code = enrolment.issueCode(*unit, nowMs(), std::int64_t{*hours} * 3'600'000);
            if (!code) return failWith(code.error());
            std::cout << *code << "\n";
            return 0;
          }};
}

Command addKioskCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("kiosk", "List and revoke enrolled kiosks");
  cmd->require_subcommand(1);
  auto db = std::make_shared<std::string>();
  auto id = std::make_shared<std::string>();
  auto* list = cmd->add_subcommand("list", "List kiosks with their last contact");
  addDbOption(list, *db);
  auto* revoke = cmd->add_subcommand("revoke", "Revoke a kiosk's token (its data stays)");
  addDbOption(revoke, *db);
  revoke->add_option("--id", *id, "Kiosk id")->required();
  return {cmd, [db, id, revoke] {
            auto storage = openHubStorage(*db, revoke->parsed() ? StorageRole::Write : StorageRole::Read);
            if (!storage) return 1;
            if (revoke->parsed()) {
              if (auto revoked = storage->revokeKiosk(*id, nowMs()); !revoked) return failWith(revoked.error());
              std::cout << "kiosk " << *id << " revoked\n";
              return 0;
            }
            auto kiosks = storage->kiosks();
            if (!kiosks) return failWith(kiosks.error());
            const std::int64_t now = nowMs();
            for (const auto& k : *kiosks) {
              // A kiosk names itself when it enrols: its name is whatever it sent.
              std::cout << printable(k.id) << "\t" << printable(k.unitId) << "\t" << printable(k.name) << "\t" << k.responses << " responses\t"
                        << (k.revokedMs ? "REVOKED" : "active") << "\t";
              if (k.lastSeenMs) std::cout << "seen " << (now - *k.lastSeenMs) / 60000 << " min ago";
              else std::cout << "never seen";
              if (k.clockOffsetMs) std::cout << "\tclock offset " << *k.clockOffsetMs / 1000 << " s";
              std::cout << "\n";
            }
            return 0;
          }};
}

}  // namespace suara::hub
