#include "services/catalog_service.hpp"

#include "suara/core/text_file.hpp"
#include "terminal_text.hpp"

namespace suara::hub {

namespace {

Result<std::string> catalogText(PlanStore& store, const std::filesystem::path& installedFile) {
  auto stored = store.latestCatalog();
  if (!stored) return stored.error();
  if (*stored) return **stored;
  return readTextFile(installedFile, "the training catalog");
}

}  // namespace

Result<TrainingCatalog> hubTrainingCatalog(PlanStore& store, const std::filesystem::path& installedFile) {
  auto text = catalogText(store, installedFile);
  if (!text) return text.error();
  return parseTrainingCatalog(*text, "the training catalog");
}

Result<std::unique_ptr<CatalogService>> CatalogService::open(PlanStore& store, const std::filesystem::path& installedFile) {
  auto text = catalogText(store, installedFile);
  if (!text) return text.error();
  auto parsed = parseTrainingCatalog(*text, "the training catalog");
  if (!parsed) return parsed.error();
  std::unique_ptr<CatalogService> service(new CatalogService(store));
  service->m_catalog = std::make_shared<const TrainingCatalog>(std::move(*parsed));
  service->m_json = nlohmann::json::parse(*text);
  return service;
}

std::shared_ptr<const TrainingCatalog> CatalogService::current() const {
  std::lock_guard lock(m_mutex);
  return m_catalog;
}

nlohmann::json CatalogService::currentJson() const {
  std::lock_guard lock(m_mutex);
  return m_json;
}

Status CatalogService::saveProgramme(const DashboardUser& user, const ProgrammeInput& input, std::int64_t nowMs) {
  if (!user.isAdmin()) return makeError(Errc::Forbidden, "only an admin may edit the training catalog");
  if (input.id.empty() || input.id.size() > 64 ||
      input.id.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") != std::string::npos)
    return makeError(Errc::Invalid, "a programme id is 1 to 64 of a-z, 0-9 and '_'");
  for (const auto& m : input.elements)
    if (m.included && (m.rank < 1 || m.rank > 9)) return makeError(Errc::Invalid, "a rank is a whole number from 1 to 9");
  for (const std::string* text : {&input.nameId, &input.nameEn, &input.descriptionId, &input.descriptionEn})
    if (const std::string why = whyUnfitName(*text, 500); !why.empty()) return makeError(Errc::Invalid, "names and descriptions: " + why);
  nlohmann::json programme = {{"id", input.id},
                              {"action", input.action},
                              {"kind", input.kind},
                              {"level", input.level},
                              {"name", {{"id", input.nameId}, {"en", input.nameEn}}},
                              {"description", {{"id", input.descriptionId}, {"en", input.descriptionEn}}},
                              {"elements", nlohmann::json::array()}};
  for (std::size_t i = 0; i < input.elements.size(); ++i) {
    const auto& m = input.elements[i];
    if (!m.included) continue;
    if (const std::string why = whyUnfitName(m.reasonId, 500) + whyUnfitName(m.reasonEn, 500); !why.empty())
      return makeError(Errc::Invalid, std::string(kSkmElementCodes[i]) + ": every element a programme addresses needs its reason: " + why);
    programme["elements"].push_back({{"code", std::string(kSkmElementCodes[i])}, {"rank", m.rank},
                                     {"reason", {{"id", m.reasonId}, {"en", m.reasonEn}}}});
  }
  std::lock_guard lock(m_mutex);  // one edit at a time: each starts from the one before
  nlohmann::json next = m_json;
  bool replaced = false;
  for (auto& p : next["programmes"])
    if (p.value("id", "") == input.id) p = programme, replaced = true;
  if (!replaced) next["programmes"].push_back(programme);
  const std::string text = next.dump(2, ' ', false, nlohmann::json::error_handler_t::strict);
  auto parsed = parseTrainingCatalog(text, "the edited catalog");
  if (!parsed) return parsed.error();
  if (auto saved = m_store.saveCatalog(text, AuditEntry{nowMs, user.name, replaced ? "catalog.edit" : "catalog.add", input.id, ""}); !saved)
    return saved;
  m_json = std::move(next);
  m_catalog = std::make_shared<const TrainingCatalog>(std::move(*parsed));
  return {};
}

}  // namespace suara::hub
