#include <catch2/catch.hpp>

#include "suara/core/i18n.hpp"
#include "suara/core/response.hpp"
#include "support/temp_dir.hpp"

using namespace suara;

TEST_CASE("every string exists in both Indonesian and English", "[i18n]") {
  auto translations = Translations::load(test::assets() / "i18n");
  REQUIRE(translations.ok());
  const auto& id = translations->catalog(Language::Indonesian);
  const auto& en = translations->catalog(Language::English);
  CHECK(missingKeys(id, en) == std::vector<std::string>{});
  CHECK(missingKeys(en, id) == std::vector<std::string>{});
  CHECK(id.keys().size() > 20);
}

TEST_CASE("every respondent choice has a label in both languages", "[i18n]") {
  auto translations = Translations::load(test::assets() / "i18n");
  REQUIRE(translations.ok());
  const std::pair<const char*, const std::vector<std::string_view>*> groups[] = {
      {"gender.", &respondentGenders()}, {"age.", &respondentAgeBands()},
      {"education.", &respondentEducations()}, {"occupation.", &respondentOccupations()}};
  for (const auto& [prefix, values] : groups)
    for (auto value : *values) {
      const std::string key = prefix + std::string(value);
      INFO(key);
      CHECK(translations->catalog(Language::Indonesian).contains(key));
      CHECK(translations->catalog(Language::English).contains(key));
    }
}

TEST_CASE("a missing key shows itself rather than nothing", "[i18n]") {
  auto catalog = StringCatalog::parse(R"({"a":"A"})", "x.json");
  REQUIRE(catalog.ok());
  CHECK(catalog->tr("a") == "A");
  CHECK(catalog->tr("b.c") == "b.c");
}

TEST_CASE("a catalog with a non-text value is rejected", "[i18n]") {
  auto catalog = StringCatalog::parse(R"({"a":"A","b":3,"c":""})", "x.json");
  REQUIRE_FALSE(catalog.ok());
  CHECK_THAT(catalog.error().message, Catch::Contains("x.json: /b: must be non-empty text"));
  CHECK_THAT(catalog.error().message, Catch::Contains("x.json: /c: must be non-empty text"));
}
