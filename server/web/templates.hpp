#pragma once
// Server-rendered pages: Mustache templates (assets/web/templates, installed with the hub)
// filled from the same JSON the API returns. {{x}} escapes HTML; {{{x}}} is used only for
// markup the hub draws itself (SVG charts). Loaded once at start: a missing or broken
// template stops `serve` with its name, never a page at run time.

#include <filesystem>
#include <map>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "suara/core/result.hpp"

namespace suara::hub {

class PageTemplates {
 public:
  static Result<PageTemplates> load(const std::filesystem::path& dir);
  // `page` inside the layout (layout.mustache's {{>content}}); `model` is the page's data,
  // with the layout's fields (title, user, language, strings) beside it.
  std::string render(const std::string& page, const nlohmann::json& model) const;
  const nlohmann::json& strings(const std::string& languageCode) const;

 private:
  std::map<std::string, std::string> m_sources;  // by name, without ".mustache"
  nlohmann::json m_strings;                      // {"id": {...}, "en": {...}}
};

}  // namespace suara::hub
