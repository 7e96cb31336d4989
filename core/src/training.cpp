#include "suara/core/training.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include <nlohmann/json.hpp>

#include "file_io.hpp"
#include "json_reader.hpp"

namespace suara {

using nlohmann::json;

namespace {
const std::set<std::string, std::less<>> kKinds = {"training", "seminar", "workshop", "e_learning", "internship",
                                                   "mentoring", "course",   "sop",      "facility",   "policy"};
constexpr std::string_view kActionNames[] = {"training", "mentoring", "sop", "facility", "policy"};

std::optional<ActionType> parseActionType(std::string_view name) {
  for (std::size_t i = 0; i < std::size(kActionNames); ++i)
    if (kActionNames[i] == name) return static_cast<ActionType>(i);
  return std::nullopt;
}

void readMappings(detail::JsonReader& reader, const json& item, const std::string& pointer, Programme& p) {
  const json* elements = reader.field(item, pointer, "elements", json::value_t::array);
  if (!elements) return;
  if (elements->empty()) reader.problem(pointer + "/elements", "must name at least one element");
  for (std::size_t e = 0; e < elements->size(); ++e) {
    const std::string at = pointer + "/elements/" + std::to_string(e);
    const json& mapping = (*elements)[e];
    if (!mapping.is_object()) {
      reader.problem(at, "must be an object with code, rank and reason");
      continue;
    }
    ElementMapping m;
    m.code = reader.string(mapping, at, "code");
    if (!m.code.empty() && !skmElementIndex(m.code)) reader.problem(at + "/code", "unknown element code (expected U1 to U9)");
    m.rank = reader.integer(mapping, at, "rank", 1, 100);
    m.reason = reader.text(mapping, at, "reason");
    if (p.mappingFor(m.code)) reader.problem(at + "/code", "element '" + m.code + "' is mapped twice");
    p.elements.push_back(std::move(m));
  }
}
}  // namespace

std::string_view actionTypeName(ActionType type) { return kActionNames[static_cast<std::size_t>(type)]; }

const ElementMapping* Programme::mappingFor(std::string_view elementCode) const {
  const auto it = std::find_if(elements.begin(), elements.end(), [&](const ElementMapping& m) { return m.code == elementCode; });
  return it == elements.end() ? nullptr : &*it;
}

std::vector<const Programme*> TrainingCatalog::programmesFor(std::string_view elementCode) const {
  std::vector<const Programme*> found;
  for (const auto& programme : programmes)
    if (programme.mappingFor(elementCode)) found.push_back(&programme);
  std::stable_sort(found.begin(), found.end(), [&](const Programme* a, const Programme* b) {
    return a->mappingFor(elementCode)->rank < b->mappingFor(elementCode)->rank;
  });
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
    const std::string action = reader.string(item, pointer, "action");
    if (auto parsed = parseActionType(action)) p.action = *parsed;
    else if (!action.empty())
      reader.problem(pointer + "/action", "unknown action '" + action + "' (training, mentoring, sop, facility or policy)");
    p.kind = reader.string(item, pointer, "kind");
    if (!p.kind.empty() && !kKinds.count(p.kind)) reader.problem(pointer + "/kind", "unknown kind '" + p.kind + "'");
    p.name = reader.text(item, pointer, "name");
    p.description = reader.text(item, pointer, "description");
    const std::string level = reader.string(item, pointer, "level");
    if (auto parsed = parseResponsibleLevel(level)) p.level = *parsed;
    else if (!level.empty()) reader.problem(pointer + "/level", "must be \"individual\" or \"unit\", got \"" + level + "\"");
    readMappings(reader, item, pointer, p);
    catalog.programmes.push_back(std::move(p));
  }
  if (!problems.empty()) return problems.toError();
  return catalog;
}

Result<TrainingCatalog> loadTrainingCatalog(const std::filesystem::path& file) {
  return detail::parseFile(file, "training catalog", parseTrainingCatalog);
}

std::pair<std::int64_t, std::int64_t> konversiInterval(const ElementTally& t) {
  if (t.answered < 2) return {2500, 10000};
  const double n = static_cast<double>(t.answered);
  const double mean = static_cast<double>(t.sum) / n;
  // The spread is estimated with one more answer at each end of the scale (a 1 and a 4), so
  // that a few identical answers do not look certain: two 3s are not proof that every
  // citizen would answer 3. With many answers the extra two change next to nothing.
  const double m = n + 2, sum = static_cast<double>(t.sum) + 5, squares = static_cast<double>(t.sumSquares) + 17;
  const double variance = std::max(0.0, (squares - sum * sum / m) / (m - 1));
  const double half = 1.96 * std::sqrt(variance / n);
  const auto hundredths = [](double nrr) { return std::clamp<std::int64_t>(std::llround(nrr * 2500.0), 2500, 10000); };
  return {hundredths(mean - half), hundredths(mean + half)};
}

std::string addQuarters(const std::string& quarter, int n) {
  int year = 0, q = 0;
  if (quarter.empty() || std::sscanf(quarter.c_str(), "%d-Q%d", &year, &q) != 2 || q < 1 || q > 4) return {};
  const int index = year * 4 + (q - 1) + n;
  return std::to_string(index / 4) + "-Q" + std::to_string(index % 4 + 1);
}

namespace {

std::string officeFor(const RtlItem& item, const RtlOptions& options) {
  for (const std::string_view key : {std::string_view(item.code), responsibleLevelName(item.level)})
    if (const auto it = options.offices.find(key); it != options.offices.end()) return it->second;
  return {};
}

}  // namespace

std::vector<RtlItem> rankTrainingPriorities(const IkmSummary& ikm, const QuickSummary& quick, const TrainingCatalog& catalog,
                                            const RtlOptions& options) {
  // Quick complaints rank only a group that has no SKM answers at all and whose quick index
  // is below B: a few complaints among many satisfied citizens are no priority.
  const bool quickOnly = ikm.respondents == 0 && quick.respondents > 0 && quick.konversiHundredths() < kThresholdBHundredths;
  std::vector<RtlItem> items;
  for (int i = 0; i < kSkmElementCount; ++i) {
    const auto index = static_cast<std::size_t>(i);
    RtlItem item;
    item.elementIndex = i;
    item.code = std::string(kSkmElementCodes[index]);
    item.level = responsibleLevel(i);
    item.complaints = quick.mentions[index];
    item.satisfiedMentions = quick.mentionsWhenSatisfied[index];
    const ElementTally& tally = ikm.elements[index];
    if (tally.hasAnswers()) {
      const std::int64_t h = tally.konversiHundredths();
      if (h >= kThresholdBHundredths) continue;
      item.konversiHundredths = h;
      item.respondents = tally.answered;
      item.gapHundredths = kThresholdBHundredths - h;
      item.score = item.gapHundredths * tally.answered;
      std::tie(item.ciLowHundredths, item.ciHighHundredths) = konversiInterval(tally);
      item.needsMoreData = item.ciHighHundredths >= kThresholdBHundredths;
    } else if (quickOnly && item.complaints > 0) {
      item.basis = RtlBasis::QuickOnly;
      item.score = item.complaints;
    } else {
      continue;
    }
    item.office = officeFor(item, options);
    item.programmes = catalog.programmesFor(item.code);
    items.push_back(std::move(item));
  }
  std::stable_sort(items.begin(), items.end(), [](const RtlItem& a, const RtlItem& b) {
    if (a.needsMoreData != b.needsMoreData) return b.needsMoreData;
    return a.score > b.score;
  });
  int scheduled = 0;
  for (auto& item : items)
    if (!item.needsMoreData) item.quarter = addQuarters(options.firstQuarter, scheduled++ / 2);
  return items;
}

}  // namespace suara
