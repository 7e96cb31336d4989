#include "web/templates.hpp"

#include <kainjow/mustache.hpp>

#include "suara/core/text_file.hpp"

namespace suara::hub {

namespace mustache = kainjow::mustache;

namespace {

mustache::data toData(const nlohmann::json& value) {
  switch (value.type()) {
    case nlohmann::json::value_t::object: {
      mustache::data out{mustache::data::type::object};
      for (const auto& [key, item] : value.items()) out.set(key, toData(item));
      return out;
    }
    case nlohmann::json::value_t::array: {
      mustache::data out{mustache::data::type::list};
      for (const auto& item : value) out.push_back(toData(item));
      return out;
    }
    case nlohmann::json::value_t::string: return mustache::data(value.get<std::string>());
    case nlohmann::json::value_t::boolean: return value.get<bool>() ? mustache::data::type::bool_true : mustache::data::type::bool_false;
    case nlohmann::json::value_t::null: return mustache::data::type::bool_false;  // a missing figure: sections skip it
    default: return mustache::data(value.dump());
  }
}

}  // namespace

Result<PageTemplates> PageTemplates::load(const std::filesystem::path& dir) {
  PageTemplates templates;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(dir / "templates", ec)) {
    if (entry.path().extension() != ".mustache") continue;
    auto text = readTextFile(entry.path(), "a dashboard template");
    if (!text) return text.error();
    mustache::mustache parsed(*text);
    if (!parsed.is_valid()) return makeError(Errc::Invalid, entry.path().filename().string() + ": " + parsed.error_message());
    templates.m_sources[entry.path().stem().string()] = std::move(*text);
  }
  if (ec) return makeError(Errc::NotFound, "cannot read the dashboard's templates in " + (dir / "templates").string() + ": " + ec.message());
  if (!templates.m_sources.count("layout")) return makeError(Errc::NotFound, "no layout.mustache in " + (dir / "templates").string());
  auto strings = readTextFile(dir / "strings.json", "the dashboard's strings");
  if (!strings) return strings.error();
  templates.m_strings = nlohmann::json::parse(*strings, nullptr, false);
  if (!templates.m_strings.is_object() || !templates.m_strings.contains("id") || !templates.m_strings.contains("en"))
    return makeError(Errc::Invalid, (dir / "strings.json").string() + " must hold an object with \"id\" and \"en\"");
  return templates;
}

const nlohmann::json& PageTemplates::strings(const std::string& languageCode) const {
  return m_strings.contains(languageCode) ? m_strings.at(languageCode) : m_strings.at("id");
}

std::string PageTemplates::render(const std::string& page, const nlohmann::json& model) const {
  mustache::mustache layout(m_sources.at("layout"));
  mustache::data data = toData(model);
  const std::string* content = &m_sources.at(page);
  data.set("content", mustache::partial([content] { return *content; }));
  // Partials shared by pages ({{>figure}}): every template is one.
  for (const auto& [name, source] : m_sources) {
    if (name == "layout") continue;
    const std::string* text = &source;
    data.set(name, mustache::partial([text] { return *text; }));
  }
  return layout.render(data);
}

}  // namespace suara::hub
