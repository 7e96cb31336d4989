#include "suara/core/config.hpp"

#include <algorithm>
#include <cctype>
#include <initializer_list>
#include <sstream>

#include <toml++/toml.h>

#include "file_io.hpp"
#include "suara/core/problems.hpp"
#include "suara/core/response.hpp"

namespace suara {

namespace {

// Reads one TOML table against a list of known keys, reporting problems as "file:line".
class TomlSection {
 public:
  TomlSection(const toml::table& table, std::string prefix, std::string_view origin, ProblemList& problems,
              std::initializer_list<std::string_view> known)
      : m_table(table), m_prefix(std::move(prefix)), m_origin(origin), m_problems(problems) {
    for (const auto& [key, node] : table)
      if (std::find(known.begin(), known.end(), key.str()) == known.end())
        report(key.source(), "unknown key '" + name(key.str()) + "'");
  }

  void string(std::string_view key, std::string& target) {
    if (const auto* node = find(key)) {
      if (const auto* value = node->as_string()) target = value->get();
      else wrongType(*node, key, "a string");
    }
  }
  void token(std::string_view key, std::string& target) {
    string(key, target);
    const bool valid = !target.empty() && target.size() <= 64 &&
                       std::all_of(target.begin(), target.end(), [](char c) {
                         return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-' || c == '.';
                       });
    if (find(key) && !valid) report(find(key)->source(), "'" + name(key) + "' must be 1 to 64 letters, digits, '_', '-' or '.'");
  }
  template <class Int>
  void integer(std::string_view key, Int& target, std::int64_t min, std::int64_t max) {
    if (const auto* node = find(key)) {
      const auto* value = node->as_integer();
      if (!value) return wrongType(*node, key, "an integer");
      if (value->get() < min || value->get() > max)
        return report(node->source(), "'" + name(key) + "' must be between " + std::to_string(min) + " and " +
                                          std::to_string(max) + ", got " + std::to_string(value->get()));
      target = static_cast<Int>(value->get());
    }
  }
  void boolean(std::string_view key, bool& target) {
    if (const auto* node = find(key)) {
      if (const auto* value = node->as_boolean()) target = value->get();
      else wrongType(*node, key, "true or false");
    }
  }
  // A list of distinct profile questions (flow.profile_fields).
  void profileFields(std::string_view key, std::vector<ProfileField>& target) {
    const auto* node = find(key);
    if (!node) return;
    const auto* array = node->as_array();
    if (!array) return wrongType(*node, key, "a list of \"gender\", \"age\", \"education\", \"occupation\"");
    std::vector<ProfileField> fields;
    for (const auto& item : *array) {
      const auto* text = item.as_string();
      int found = -1;
      for (int f = 0; f < 4 && text; ++f)
        if (profileFieldKey(static_cast<ProfileField>(f)) == text->get()) found = f;
      if (found < 0 || std::find(fields.begin(), fields.end(), static_cast<ProfileField>(found)) != fields.end())
        return report(item.source(), "'" + name(key) + "' must list distinct values of \"gender\", \"age\", \"education\", \"occupation\"");
      fields.push_back(static_cast<ProfileField>(found));
    }
    target = std::move(fields);
  }
  bool isBoolean(std::string_view key) const { return find(key) && find(key)->as_boolean(); }
  // A string restricted to `choices`; returns the index chosen or -1 if absent/invalid.
  int choice(std::string_view key, std::initializer_list<std::string_view> choices) {
    std::string text;
    string(key, text);
    if (text.empty()) return -1;
    const auto it = std::find(choices.begin(), choices.end(), text);
    if (it != choices.end()) return static_cast<int>(it - choices.begin());
    std::string list;
    for (auto c : choices) list += (list.empty() ? "\"" : ", \"") + std::string(c) + "\"";
    report(find(key)->source(), "'" + name(key) + "' must be one of " + list + ", got \"" + text + "\"");
    return -1;
  }
  void report(const toml::source_region& where, std::string what) {
    m_problems.add(std::string(m_origin) + ":" + std::to_string(where.begin.line), std::move(what));
  }

 private:
  const toml::node* find(std::string_view key) const { return m_table.get(key); }
  std::string name(std::string_view key) const { return m_prefix.empty() ? std::string(key) : m_prefix + "." + std::string(key); }
  void wrongType(const toml::node& node, std::string_view key, const char* expected) {
    std::ostringstream got;
    got << node.type();
    report(node.source(), "'" + name(key) + "' must be " + expected + ", got " + got.str());
  }

  const toml::table& m_table;
  std::string m_prefix;
  std::string_view m_origin;
  ProblemList& m_problems;
};

// A sub-table that must be a table if present.
const toml::table* subTable(const toml::table& root, std::string_view key, TomlSection& rootSection) {
  const toml::node* node = root.get(key);
  if (!node) return nullptr;
  if (const auto* table = node->as_table()) return table;
  rootSection.report(node->source(), "'" + std::string(key) + "' must be a table ([" + std::string(key) + "])");
  return nullptr;
}

}  // namespace

std::string_view profileFieldKey(ProfileField field) {
  static constexpr std::string_view kKeys[] = {"gender", "age", "education", "occupation"};
  return kKeys[static_cast<std::size_t>(field)];
}

Result<KioskConfig> parseKioskConfig(std::string_view tomlText, std::string_view origin) {
  toml::table root;
  try {
    root = toml::parse(tomlText, origin);
  } catch (const toml::parse_error& error) {
    return makeError(Errc::Invalid, std::string(origin) + ":" + std::to_string(error.source().begin.line) + ": " +
                                        std::string(error.description()));
  }
  KioskConfig config;
  ProblemList problems;
  TomlSection top(root, "", origin, problems, {"kiosk", "flow", "services", "sync", "store"});

  if (const auto* table = subTable(root, "kiosk", top)) {
    TomlSection s(*table, "kiosk", origin, problems, {"unit_id", "unit_name", "counter_id", "officer_id", "survey", "language"});
    s.token("unit_id", config.kiosk.unitId);
    s.string("unit_name", config.kiosk.unitName);
    if (table->get("counter_id")) s.token("counter_id", config.kiosk.counterId);
    if (table->get("officer_id")) s.token("officer_id", config.kiosk.officerId);
    s.token("survey", config.kiosk.survey);
    if (const int language = s.choice("language", {"id", "en"}); language >= 0)
      config.kiosk.language = language == 0 ? Language::Indonesian : Language::English;
  }
  if (const auto* table = subTable(root, "flow", top)) {
    TomlSection s(*table, "flow", origin, problems,
                  {"idle_timeout_seconds", "follow_up_timeout_seconds", "thank_you_seconds", "cooldown_seconds",
                   "rapid_repeat_seconds", "input_guard_ms", "partial", "ask_service", "ask_profile", "profile_fields"});
    auto& f = config.flow;
    s.integer("idle_timeout_seconds", f.idleTimeoutSeconds, 10, 600);
    s.integer("follow_up_timeout_seconds", f.followUpTimeoutSeconds, 5, 600);
    s.integer("thank_you_seconds", f.thankYouSeconds, 1, 30);
    s.integer("cooldown_seconds", f.cooldownSeconds, 0, 60);
    s.integer("rapid_repeat_seconds", f.rapidRepeatSeconds, 0, 3600);
    s.integer("input_guard_ms", f.inputGuardMs, 0, 2000);
    if (const int partial = s.choice("partial", {"keep", "discard"}); partial >= 0)
      f.partial = partial == 0 ? PartialPolicy::Keep : PartialPolicy::Discard;
    if (s.isBoolean("ask_service")) {  // the 0.1 spelling: true asked before the rating
      bool before = true;
      s.boolean("ask_service", before);
      f.askService = before ? ServiceQuestion::Before : ServiceQuestion::Never;
    } else if (const int ask = s.choice("ask_service", {"before", "after", "never"}); ask >= 0) {
      f.askService = static_cast<ServiceQuestion>(ask);
    }
    s.boolean("ask_profile", f.askProfile);
    s.profileFields("profile_fields", f.profileFields);
  }
  if (const toml::node* node = root.get("services")) {
    const auto* array = node->as_array();
    if (!array || !array->is_array_of_tables()) {
      top.report(node->source(), "'services' must be a list of tables ([[services]])");
    } else {
      for (std::size_t i = 0; i < array->size(); ++i) {
        const auto& table = *array->get(i)->as_table();
        const std::string prefix = "services[" + std::to_string(i) + "]";
        TomlSection s(table, prefix, origin, problems, {"id", "name", "name_en"});
        ServiceOption service;
        s.token("id", service.id);
        s.string("name", service.name.id);
        s.string("name_en", service.name.en);
        if (service.name.id.empty()) s.report(table.source(), "'" + prefix + ".name' is missing");
        if (service.name.en.empty()) service.name.en = service.name.id;
        const bool duplicate = std::any_of(config.services.begin(), config.services.end(),
                                           [&](const ServiceOption& o) { return o.id == service.id; });
        if (duplicate) s.report(table.source(), "duplicate service id '" + service.id + "'");
        config.services.push_back(std::move(service));
      }
    }
  }
  if (const auto* table = subTable(root, "sync", top)) {
    TomlSection s(*table, "sync", origin, problems, {"hub_url", "interval_seconds", "batch_size", "pinned_public_key"});
    s.string("hub_url", config.sync.hubUrl);
    const auto& url = config.sync.hubUrl;
    if (!url.empty() && url.rfind("http://", 0) != 0 && url.rfind("https://", 0) != 0)
      s.report(table->get("hub_url")->source(), "'sync.hub_url' must start with http:// or https://");
    s.integer("interval_seconds", config.sync.intervalSeconds, 5, 86'400);
    s.integer("batch_size", config.sync.batchSize, 1, 5000);
    s.string("pinned_public_key", config.sync.pinnedPublicKey);
  }
  if (const auto* table = subTable(root, "store", top)) {
    TomlSection s(*table, "store", origin, problems, {"retention_days", "max_size_mb", "reserve_mb"});
    s.integer("retention_days", config.store.retentionDays, 0, 3650);
    s.integer("max_size_mb", config.store.maxSizeMb, 0, 1'000'000);
    s.integer("reserve_mb", config.store.reserveMb, 0, 1024);
  }
  if (!problems.empty()) return problems.toError();
  return config;
}

Result<KioskConfig> loadKioskConfig(const std::filesystem::path& file) {
  auto text = detail::readTextFile(file, "config file");
  if (!text) return text.error();
  return parseKioskConfig(*text, file.string());
}

}  // namespace suara
