#pragma once
// The training catalog the hub plans with: the installed one (assets/training/catalog.json)
// until an admin edits it on the dashboard, then the latest edited version (every version is
// kept in the database). Each edit is checked as a whole catalog before it is stored, and
// takes effect at once: readers hold the catalog they started with (a shared pointer) while
// an edit swaps in the next one. Thread-safe.

#include <memory>
#include <mutex>
#include <string>

#include <nlohmann/json.hpp>

#include "auth/principal.hpp"
#include "storage/storage.hpp"
#include "suara/core/training.hpp"

namespace suara::hub {

// A programme as the editor's form sends it.
struct ProgrammeInput {
  std::string id;  // existing: edited; new: added
  std::string action, kind, level;
  std::string nameId, nameEn, descriptionId, descriptionEn;
  struct Mapping {
    bool included = false;
    int rank = 1;
    std::string reasonId, reasonEn;
  };
  std::array<Mapping, kSkmElementCount> elements;  // U1..U9
};

class CatalogService {
 public:
  // The stored catalog when there is one, else `installedFile`.
  static Result<std::unique_ptr<CatalogService>> open(PlanStore& store, const std::filesystem::path& installedFile);
  std::shared_ptr<const TrainingCatalog> current() const;
  // The catalog as JSON, for the editor.
  nlohmann::json currentJson() const;
  // Adds or replaces one programme (admins only); the whole catalog must still be valid.
  Status saveProgramme(const DashboardUser& user, const ProgrammeInput& input, std::int64_t nowMs);

 private:
  CatalogService(PlanStore& store) : m_store(store) {}
  PlanStore& m_store;
  mutable std::mutex m_mutex;
  std::shared_ptr<const TrainingCatalog> m_catalog;
  nlohmann::json m_json;
};

// The catalog a hub database plans with (the stored one, else the installed one): for the CLI.
Result<TrainingCatalog> hubTrainingCatalog(PlanStore& store, const std::filesystem::path& installedFile);

}  // namespace suara::hub
