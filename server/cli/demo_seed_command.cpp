// suara-hub demo-seed --db PATH: the five demo units, a kiosk each, and their demo ratings
// (so reports and dashboards have data). Checked by the same validator as real items, then
// stored at their generated times: they predate the demo kiosks' enrolment, which the ingest
// service would rightly flag as implausible.

#include <iostream>
#include <map>

#include "cli/commands.hpp"
#include "cli/hub_db_option.hpp"
#include "services/enrolment_service.hpp"
#include "suara/core/demo_data.hpp"
#include "suara/core/grouping.hpp"

namespace suara::hub {

Command addDemoSeedCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("demo-seed", "Fill a hub database with the five demo units and their ratings");
  auto db = std::make_shared<std::string>();
  auto count = std::make_shared<int>(2000);
  auto days = std::make_shared<int>(60);
  auto trainingDaysAgo = std::make_shared<int>(0);
  addDbOption(cmd, *db);
  cmd->add_option("--count", *count, "How many ratings")->check(CLI::Range(1, 1'000'000))->capture_default_str();
  cmd->add_option("--days", *days, "Over how many days up to now")->check(CLI::Range(1, 3660))->capture_default_str();
  cmd->add_option("--training-days-ago", *trainingDaysAgo,
                  "Record a staff-attitude training in Kota Pematangsiantar completed this many days ago, after which its "
                  "ratings improve (0: none)")
      ->check(CLI::Range(0, 3660))
      ->capture_default_str();
  return {cmd, [db, count, days, trainingDaysAgo] {
            auto storage = openHubStorage(*db, StorageRole::Create);
            if (!storage) return 1;
            auto surveys = loadSurveyCatalog();
            if (!surveys) return failWith(surveys.error());
            const std::int64_t now = clockNow().wallMs;
            std::map<std::string, KioskRecord> kiosks;
            std::map<std::string, Unit> units;
            for (const auto& unit : demoUnits()) {
              Unit u{unit.id, "Mal Pelayanan Publik " + unit.name, "quick-4", unit.utcOffsetHours,
                     {{"ktp", {"KTP Elektronik", "Electronic ID card"}}, {"kk", {"Kartu Keluarga", "Family card"}},
                      {"akta", {"Akta Kelahiran", "Birth certificate"}}, {"pindah", {"Surat Pindah", "Change of address"}}},
                     {{"loket-1", "Loket 1"}, {"loket-2", "Loket 2"}},
                     unit.monthlyUsers,
                     {demoOffices().begin(), demoOffices().end()}};
              if (auto created = storage->createUnit(u); !created) return failWith(created.error());
              auto kiosk = EnrolmentService(*storage, *storage, storage->codeKey()).enrolDirectly(unit.id, "demo-" + unit.id, now);
              if (!kiosk) return failWith(kiosk.error());
              kiosks.emplace(unit.id, std::move(*kiosk));
              units.emplace(unit.id, std::move(u));
            }
            // Demo times run over 60 days up to now; each unit's kiosk sends its own ratings.
            DemoOptions options;
            options.count = *count;
            options.days = *days;
            options.startMs = now - std::int64_t{options.days} * 86'400'000;
            if (*trainingDaysAgo > 0) options.trainingDoneMs = now - std::int64_t{*trainingDaysAgo} * 86'400'000;
            std::map<std::string, std::vector<StoredItem>> byUnit;
            for (auto& r : generateDemoResponses(options)) {
              std::string why = validateResponse(r) ? whyInvalid(r, units.at(r.unitId), *surveys) : "malformed";
              if (!why.empty()) return failWith(makeError(Errc::Internal, "generated demo rating " + r.uuid + " is invalid: " + why));
              const std::int64_t when = r.clock.wallMs;
              byUnit[r.unitId].push_back({std::move(r), when, 0});
            }
            for (auto& [unit, items] : byUnit)
              if (auto stored = storage->ingest(kiosks.at(unit), items, now); !stored) return failWith(stored.error());
            if (options.trainingDoneMs) {
              const DemoTraining training;
              const int offset = units.at(training.unitId).utcOffsetHours;
              PlanAction action;
              action.unitId = training.unitId;
              action.elementCode = training.element;
              action.actionType = "training";
              action.title = "Pelatihan pelayanan prima dan etika melayani untuk petugas loket";
              action.quarter = periodLabel(*options.trainingDoneMs, Period::Quarter, offset);
              action.office = demoOffices().at("individual");
              action.status = ActionStatus::Done;
              action.doneDay = localDay(*options.trainingDoneMs, offset);
              action.createdBy = "demo-seed";
              action.createdMs = action.updatedMs = now;
              auto added = storage->addAction(action, AuditEntry{now, "demo-seed", "plan.add", "", training.unitId + " demo training"});
              if (!added) return failWith(added.error());
            }
            std::cout << "seeded " << demoUnits().size() << " units and " << *count << " ratings into " << *db << "\n";
            return 0;
          }};
}

}  // namespace suara::hub
