#include "suara/core/training.hpp"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

#include "file_io.hpp"
#include "json_reader.hpp"

namespace suara {

using nlohmann::json;

namespace {
const std::set<std::string, std::less<>> kKinds = {"training", "seminar", "workshop", "e_learning",
                                                   "internship", "mentoring", "course"};
}

std::vector<const Programme*> TrainingCatalog::programmesFor(std::string_view elementCode, ResponsibleLevel level) const {
  std::vector<const Programme*> found;
  for (const auto& programme : programmes)
    if (std::find(programme.elements.begin(), programme.elements.end(), elementCode) != programme.elements.end())
      found.push_back(&programme);
  std::stable_partition(found.begin(), found.end(), [&](const Programme* p) { return p->level == level; });
  return found;
}

Result<TrainingCatalog> parseTrainingCatalog(std::string_view jsonText, std::string_view origin) {
  const json root = json::parse(jsonText, nullptr, false);
  if (root.is_discarded()) return makeError(Errc::Invalid, std::string(origin) + ": not valid JSON");
  if (!root.is_object()) return makeError(Errc::Invalid, std::string(origin) + ": must be a JSON object");
  ProblemList problems;
  detail::JsonReader reader(std::string(origin), problems);
  TrainingCatalog catalog;
  catalog.version = reader.integer(root, "", "version", 1, 1'000'000);
  const json* list = reader.field(root, "", "programmes", json::value_t::array);
  std::set<std::string, std::less<>> ids;
  for (std::size_t i = 0; list && i < list->size(); ++i) {
    const std::string pointer = "/programmes/" + std::to_string(i);
    const json& item = (*list)[i];
    if (!item.is_object()) {
      reader.problem(pointer, "must be an object");
      continue;
    }
    Programme p;
    p.id = reader.string(item, pointer, "id");
    if (!p.id.empty() && !ids.insert(p.id).second) reader.problem(pointer + "/id", "duplicate programme id '" + p.id + "'");
    p.kind = reader.string(item, pointer, "kind");
    if (!p.kind.empty() && !kKinds.count(p.kind)) reader.problem(pointer + "/kind", "unknown kind '" + p.kind + "'");
    p.name = reader.text(item, pointer, "name");
    p.description = reader.text(item, pointer, "description");
    const std::string level = reader.string(item, pointer, "level");
    if (auto parsed = parseResponsibleLevel(level)) p.level = *parsed;
    else if (!level.empty()) reader.problem(pointer + "/level", "must be \"individual\" or \"unit\", got \"" + level + "\"");
    if (const json* elements = reader.field(item, pointer, "elements", json::value_t::array)) {
      if (elements->empty()) reader.problem(pointer + "/elements", "must name at least one element");
      for (std::size_t e = 0; e < elements->size(); ++e) {
        const json& code = (*elements)[e];
        if (!code.is_string() || !skmElementIndex(code.get<std::string>()))
          reader.problem(pointer + "/elements/" + std::to_string(e), "unknown element code (expected U1 to U9)");
        else p.elements.push_back(code.get<std::string>());
      }
    }
    catalog.programmes.push_back(std::move(p));
  }
  if (!problems.empty()) return problems.toError();
  return catalog;
}

Result<TrainingCatalog> loadTrainingCatalog(const std::filesystem::path& file) {
  return detail::parseFile(file, "training catalog", parseTrainingCatalog);
}

double quickMentionDeficit(int score) {
  return std::max(0.0, static_cast<double>(kThresholdBHundredths) / 100.0 - 25.0 * score);
}

std::vector<RtlItem> rankTrainingPriorities(const IkmSummary& ikm, const QuickSummary& quick, const TrainingCatalog& catalog) {
  std::vector<RtlItem> items;
  for (int i = 0; i < kSkmElementCount; ++i) {
    const auto index = static_cast<std::size_t>(i);
    RtlItem item;
    item.elementIndex = i;
    item.code = std::string(kSkmElementCodes[index]);
    item.level = responsibleLevel(i);
    const ElementTally& tally = ikm.elements[index];
    if (tally.hasAnswers()) {
      const std::int64_t h = tally.konversiHundredths();
      item.konversiHundredths = h;
      item.respondents = tally.answered;
      if (h < kThresholdBHundredths) {
        item.gapHundredths = kThresholdBHundredths - h;
        item.deficit += static_cast<double>(item.gapHundredths) / 100.0 * static_cast<double>(tally.answered);
      }
    }
    item.mentions = quick.mentions[index];
    item.deficit += quick.mentionDeficit[index];
    if (item.deficit <= 0.0) continue;
    item.programmes = catalog.programmesFor(item.code, item.level);
    items.push_back(std::move(item));
  }
  std::stable_sort(items.begin(), items.end(), [](const RtlItem& a, const RtlItem& b) { return a.deficit > b.deficit; });
  return items;
}

}  // namespace suara
