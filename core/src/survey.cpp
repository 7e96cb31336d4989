#include "suara/core/survey.hpp"

#include <set>

#include <nlohmann/json.hpp>

#include "file_io.hpp"
#include "json_reader.hpp"
#include "suara/core/skm_elements.hpp"

namespace suara {

using nlohmann::json;

namespace {

ScaleLabels readLabels(detail::JsonReader& reader, const json& object, const std::string& pointer, const char* key) {
  ScaleLabels labels;
  const json* array = reader.field(object, pointer, key, json::value_t::array);
  if (!array) return labels;
  const std::string where = pointer + "/" + key;
  if (array->size() != labels.size()) {
    reader.problem(where, "must list exactly 4 labels (scores 1 to 4), got " + std::to_string(array->size()));
    return labels;
  }
  for (std::size_t i = 0; i < labels.size(); ++i) labels[i] = reader.text((*array)[i], where + "/" + std::to_string(i));
  return labels;
}

void readSkmElements(detail::JsonReader& reader, const json& root, SurveyDefinition& survey) {
  const json* elements = reader.field(root, "", "elements", json::value_t::array);
  if (!elements) return;
  if (elements->empty()) reader.problem("/elements", "must list at least one element");
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < elements->size(); ++i) {
    const std::string pointer = "/elements/" + std::to_string(i);
    const json& item = (*elements)[i];
    if (!item.is_object()) {
      reader.problem(pointer, std::string("must be an object, got ") + item.type_name());
      continue;
    }
    SurveyElement element;
    element.code = reader.string(item, pointer, "code");
    if (!element.code.empty()) {
      if (!skmElementIndex(element.code))
        reader.problem(pointer + "/code", "unknown element code '" + element.code + "' (expected U1 to U9)");
      else if (!seen.insert(element.code).second)
        reader.problem(pointer + "/code", "duplicate element code '" + element.code + "'");
    }
    element.name = reader.text(item, pointer, "name");
    element.question = reader.text(item, pointer, "question");
    element.labels = readLabels(reader, item, pointer, "labels");
    survey.elements.push_back(std::move(element));
  }
}

void readQuick(detail::JsonReader& reader, const json& root, SurveyDefinition& survey) {
  const json* quick = reader.field(root, "", "quick", json::value_t::object);
  if (!quick) return;
  const std::string pointer = "/quick";
  QuickQuestion& q = survey.quick;
  q.prompt = reader.text(*quick, pointer, "prompt");
  q.faces = readLabels(reader, *quick, pointer, "faces");
  q.followUpAtOrBelow = reader.integer(*quick, pointer, "follow_up_at_or_below", 0, kMaxScore - 1);
  q.followUpPrompt = reader.text(*quick, pointer, "follow_up_prompt");
  const json* reasons = reader.field(*quick, pointer, "reasons", json::value_t::array);
  if (!reasons) return;
  std::set<std::string, std::less<>> seen;
  for (std::size_t i = 0; i < reasons->size(); ++i) {
    const std::string where = pointer + "/reasons/" + std::to_string(i);
    const json& item = (*reasons)[i];
    if (!item.is_object()) {
      reader.problem(where, std::string("must be an object, got ") + item.type_name());
      continue;
    }
    QuickReason reason;
    reason.id = reader.string(item, where, "id");
    if (!reason.id.empty() && !seen.insert(reason.id).second)
      reader.problem(where + "/id", "duplicate reason id '" + reason.id + "'");
    reason.element = reader.string(item, where, "element");
    if (!reason.element.empty() && !skmElementIndex(reason.element))
      reader.problem(where + "/element", "unknown element code '" + reason.element + "' (expected U1 to U9)");
    reason.label = reader.text(item, where, "label");
    q.reasons.push_back(std::move(reason));
  }
}

}  // namespace

const SurveyElement* SurveyDefinition::findElement(std::string_view code) const {
  for (const auto& element : elements)
    if (element.code == code) return &element;
  return nullptr;
}

const QuickReason* SurveyDefinition::findReason(std::string_view reasonId) const {
  for (const auto& reason : quick.reasons)
    if (reason.id == reasonId) return &reason;
  return nullptr;
}

Result<SurveyDefinition> parseSurvey(std::string_view jsonText, std::string_view origin) {
  const json root = json::parse(jsonText, nullptr, /*allow_exceptions=*/false);
  if (root.is_discarded()) return makeError(Errc::Invalid, std::string(origin) + ": not valid JSON");
  ProblemList problems;
  detail::JsonReader reader(std::string(origin), problems);
  if (!root.is_object()) return makeError(Errc::Invalid, std::string(origin) + ": must be a JSON object");

  SurveyDefinition survey;
  survey.id = reader.string(root, "", "id");
  survey.version = reader.integer(root, "", "version", 1, 1'000'000);
  survey.title = reader.text(root, "", "title");
  const std::string mode = reader.string(root, "", "mode");
  if (mode == "skm") {
    survey.mode = SurveyMode::Skm;
    readSkmElements(reader, root, survey);
  } else if (mode == "quick") {
    survey.mode = SurveyMode::Quick;
    readQuick(reader, root, survey);
  } else if (!mode.empty()) {
    reader.problem("/mode", "must be \"skm\" or \"quick\", got \"" + mode + "\"");
  }
  if (!problems.empty()) return problems.toError();
  return survey;
}

Result<SurveyDefinition> loadSurvey(const std::filesystem::path& file) {
  return detail::parseFile(file, "survey definition", parseSurvey);
}

Result<SurveyDefinition> loadSurveyById(const std::filesystem::path& surveysDir, std::string_view id) {
  auto survey = loadSurvey(surveysDir / (std::string(id) + ".json"));
  if (survey && survey->id != id)
    return makeError(Errc::Invalid, std::string(id) + ".json: declares id '" + survey->id + "', expected '" + std::string(id) + "'");
  return survey;
}

void addReasons(const SurveyDefinition& survey, ReasonMap& map) {
  for (const auto& reason : survey.quick.reasons)
    if (auto index = skmElementIndex(reason.element)) map.emplace(reason.id, *index);
}

}  // namespace suara
