// The dashboard at its edges, over real HTTP against a hub on ratings stored at chosen times:
// a unit in WIT whose ratings sit either side of midnight on New Year's Eve, a unit with only
// quick ratings, and a period with none at all. Every figure is checked against the report
// engine (`suara-hub report --db … --format json`) and against what was stored.

#include <catch2/catch.hpp>

#include <httplib.h>

#include <chrono>

#include <nlohmann/json.hpp>

#include "storage/storage.hpp"
#include "support/hub_process.hpp"
#include "support/responses.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using namespace suara;
using namespace suara::hub;

namespace {

const std::string kHub = SUARA_HUB_EXE;
constexpr std::int64_t kHourMs = 3'600'000;

std::int64_t utcMs(int year, unsigned month, unsigned day) {
  using namespace std::chrono;
  return duration_cast<milliseconds>(sys_days(std::chrono::year{year} / std::chrono::month{month} / std::chrono::day{day}).time_since_epoch())
      .count();
}

// 00:30 WIT on 1 January 2026 is 15:30 UTC on 31 December: still 2025 in WIB.
const std::int64_t kNewYearWit = utcMs(2026, 1, 1) - 9 * kHourMs + 30 * 60'000;
// 23:30 WIT on 31 December 2025: the last hour of 2025 there.
const std::int64_t kOldYearWit = kNewYearWit - kHourMs;

void store(Storage& storage, const std::string& unit, std::vector<Response> ratings, std::int64_t atMs) {
  std::vector<StoredItem> items;
  std::int64_t seq = 0;
  for (auto& r : ratings) {
    r.unitId = unit;
    r.seq = ++seq;
    r.clock.wallMs = atMs;
    items.push_back({r, atMs, 0});
  }
  REQUIRE(storage.ingest({unit + "-kiosk", unit, "kiosk", 0, {}, {}, {}, {}, 0}, items, atMs));
}

// Biak (WIT, SKM): one rating each side of New Year's midnight, local time. Bitung (WITA,
// quick only): five quick ratings in January 2026.
struct EdgeHub {
  test::TempDir dir;
  std::filesystem::path db = dir / "hub.db";
  test::HubProcess hub{db, {"--quiet"}};
  std::string cookie;

  EdgeHub() {
    {
      auto opened = openStorage(db.string(), StorageRole::Create);
      REQUIRE(opened);
      Storage& storage = **opened;
      REQUIRE(storage.createUnit({"biak", "UPT Pelayanan Kabupaten Biak", "skm-2017", 9, {{"ktp", {"KTP", "ID card"}}},
                                  {{"loket-1", "Loket 1"}}, 300, {}}));
      REQUIRE(storage.createUnit({"bitung", "MPP Kota Bitung", "quick-4", 8, {{"ktp", {"KTP", "ID card"}}}, {{"loket-1", "Loket 1"}}, 300, {}}));
      store(storage, "biak", {test::skmAll({4, 4, 3, 3, 2, 2, 1, 1, 4})}, kNewYearWit);
      store(storage, "biak", {test::skmAll({1, 1, 1, 1, 1, 1, 1, 1, 1})}, kOldYearWit);
      store(storage, "bitung",
            {test::quickResponse(1, {"requirements_unclear"}), test::quickResponse(2), test::quickResponse(3), test::quickResponse(4), test::quickResponse(4)},
            utcMs(2026, 1, 15) + 2 * kHourMs);
    }
    const auto added = test::runProcess(
        {"/bin/sh", "-c", "printf 'admin passphrase 1\\n' | '" + kHub + "' user add --db '" + db.string() + "' --name admin --role admin"});
    REQUIRE(added.exitCode == 0);
    hub.start();
    httplib::Client http("127.0.0.1", hub.port());
    auto res = http.Post("/login", httplib::Params{{"name", "admin"}, {"password", "admin passphrase 1"}, {"next", "/"}});
    REQUIRE(res);
    REQUIRE(res->status == 303);
    cookie = res->get_header_value("Set-Cookie").substr(0, res->get_header_value("Set-Cookie").find(';'));
  }

  httplib::Result get(const std::string& path) const {
    httplib::Client http("127.0.0.1", hub.port());
    http.set_read_timeout(30, 0);
    return http.Get(path.c_str(), {{"Cookie", cookie}});
  }
  json getJson(const std::string& path) const {
    auto res = get(path);
    REQUIRE(res);
    INFO(path << " → " << res->status << " " << res->body.substr(0, 300));
    REQUIRE(res->status == 200);
    return json::parse(res->body);
  }
  json overviewRow(const std::string& period, const std::string& unit) const {
    const json overview = getJson("/api/v1/overview?period=" + period);
    for (const auto& row : overview["units"])
      if (row["id"] == unit) return row;
    FAIL("no overview row for " << unit);
    return {};
  }
  // The report engine's group for a unit and quarter, or null when it has no ratings there.
  json reportGroup(const std::string& unit, const std::string& quarter) const {
    const auto report = test::runProcess({kHub, "report", "--db", db.string(), "--by", "unit", "--period", "quarter", "--format", "json"});
    REQUIRE(report.exitCode == 0);
    const json groups = json::parse(report.out)["groups"];
    for (const auto& group : groups)
      if (group["value"] == unit && group["period"] == quarter) return group;
    return nullptr;
  }
};

}  // namespace

TEST_CASE("a WIT unit's rating at 00:30 on 1 January counts in the new year's quarter on every page", "[dashboard][http][edges]") {
  EdgeHub h;
  for (const char* quarter : {"2026-Q1", "2025-Q4"}) {
    INFO(quarter);
    const json group = h.reportGroup("biak", quarter);
    REQUIRE(group.is_object());
    CHECK(group["responses"] == 1);
    const json row = h.overviewRow(quarter, "biak");
    CHECK(row["responses"] == 1);
    CHECK(row["skm"]["konversi"]["hundredths"] == group["ikm"]["konversi"]["hundredths"]);
    CHECK(row["skm"]["exact"] == group["ikm"]["konversi"]["exact"]);
    const json page = h.getJson("/api/v1/unit?id=biak&period=" + std::string(quarter));
    CHECK(page["responses"] == 1);
    CHECK(page["unit"]["time_zone"] == "WIT");
    for (std::size_t e = 0; e < 9; ++e) CHECK(page["elements"][e]["answered"] == group["ikm"]["elements"][e]["respondents"]);
  }
  // The new year's rating is the good one (U1 = 4); the old year's all 1s.
  CHECK(h.overviewRow("2026-Q1", "biak")["skm"]["konversi"]["hundredths"].get<int>() > h.overviewRow("2025-Q4", "biak")["skm"]["konversi"]["hundredths"].get<int>());
  // The heatmap puts it at Thursday (1 January 2026) 00:00–01:00, in WIT.
  const json january = h.getJson("/api/v1/unit?id=biak&period=2026-01");
  REQUIRE(january["heat"].size() == 1);
  CHECK(january["heat"][0]["weekday"] == 3);
  CHECK(january["heat"][0]["hour"] == 0);
  CHECK(h.getJson("/api/v1/unit?id=biak&period=2025-12")["heat"][0]["hour"] == 23);
}

TEST_CASE("a unit with only quick ratings shows the quick index labelled, no IKM or mutu, and the report's figures", "[dashboard][http][edges]") {
  EdgeHub h;
  const json group = h.reportGroup("bitung", "2026-Q1");
  REQUIRE(group.is_object());
  const json row = h.overviewRow("2026-Q1", "bitung");
  CHECK(row["skm"].is_null());
  REQUIRE(row["quick"].is_object());
  CHECK(row["quick"]["respondents"] == 5);
  CHECK(row["quick"]["index"]["hundredths"] == group["quick"]["konversi_hundredths"]);
  CHECK(row["quick"]["index"]["hundredths"] == 7000);  // (1 + 2 + 3 + 4 + 4) / 5 × 25
  CHECK(row["lead_is_quick"] == true);
  CHECK(row["rank"] == 1);  // ranked apart from the SKM units: it is alone on its scale
  CHECK(h.overviewRow("2026-Q1", "biak")["rank"] == 1);

  const json page = h.getJson("/api/v1/unit?id=bitung&period=2026-Q1");
  CHECK(page["skm"].is_null());
  CHECK(page["sample"].is_null());  // Krejcie–Morgan is for SKM respondents
  const std::vector<int> perScore{1, 1, 1, 2};
  for (std::size_t i = 0; i < 4; ++i) CHECK(page["quick"]["per_score"][i]["count"] == perScore[i]);
  for (const auto& element : page["elements"]) CHECK(element["answered"] == 0);
  REQUIRE(page["reasons"].size() == 1);
  CHECK(page["reasons"][0]["id"] == "requirements_unclear");
  CHECK(page["reasons"][0]["complaints"] == 1);

  auto html = h.get("/?period=2026-Q1");
  REQUIRE(html);
  CHECK(html->status == 200);
  CHECK_THAT(html->body, Catch::Contains("70,00") && Catch::Contains("bukan IKM SKM"));
  auto unitHtml = h.get("/unit?id=bitung&period=2026-Q1");
  REQUIRE(unitHtml);
  CHECK(unitHtml->status == 200);
  CHECK_THAT(unitHtml->body, Catch::Contains("Indeks Kepuasan Cepat") && !Catch::Contains("Sangat Baik"));
}

TEST_CASE("a period without ratings shows zeros and no data, not an error or last period's figures", "[dashboard][http][edges]") {
  EdgeHub h;
  CHECK(h.reportGroup("biak", "2024-Q1").is_null());
  const json overview = h.getJson("/api/v1/overview?period=2024-Q1");
  CHECK(overview["all"]["responses"] == 0);
  CHECK(overview["all"]["skm"].is_null());
  REQUIRE(overview["units"].size() == 2);
  for (const auto& row : overview["units"]) {
    CHECK(row["responses"] == 0);
    CHECK(row["skm"].is_null());
    CHECK(row["quick"].is_null());
    CHECK(row["change"].is_null());
    CHECK_FALSE(row.contains("rank"));
  }
  // The quarter after the last rating: its "change" must not compare with nothing.
  CHECK(h.overviewRow("2026-Q2", "bitung")["change"].is_null());

  const json page = h.getJson("/api/v1/unit?id=biak&period=2024-Q1");
  CHECK(page["responses"] == 0);
  CHECK(page["skm"].is_null());
  CHECK(page["priorities"].empty());
  CHECK(page["heat"].empty());
  CHECK(page["by_service"].empty());
  for (const auto& element : page["elements"]) CHECK(element["answered"] == 0);
  for (const char* path : {"/?period=2024-Q1", "/unit?id=biak&period=2024-Q1", "/unit?id=bitung&period=2024-01"}) {
    auto html = h.get(path);
    REQUIRE(html);
    INFO(path);
    CHECK(html->status == 200);
    CHECK_THAT(html->body, Catch::Contains("Belum ada penilaian pada periode ini."));
  }
  auto pdf = h.get("/export/laporan.pdf?id=biak&period=2024-Q1");
  REQUIRE(pdf);
  CHECK(pdf->status == 200);
  CHECK(pdf->body.rfind("%PDF-", 0) == 0);
  auto csv = h.get("/export/responses.csv?id=biak&period=2024-Q1");
  REQUIRE(csv);
  CHECK(csv->status == 200);
  CHECK(std::count(csv->body.begin(), csv->body.end(), '\n') == 1);  // the header alone
}

TEST_CASE("the overview links only to periods that can be asked for and have begun", "[dashboard][http][edges]") {
  EdgeHub h;
  const json first = h.getJson("/api/v1/overview?period=1970-01");
  CHECK(first["period"]["previous"].is_null());  // 1969-12 would be refused
  CHECK(first["period"]["next"] == "1970-02");
  const json far = h.getJson("/api/v1/overview?period=9999-12");
  CHECK(far["period"]["next"].is_null());  // the future, and 10000-01 would be refused
  const json past = h.getJson("/api/v1/overview?period=2026-Q1");
  CHECK(past["period"]["previous"] == "2025-Q4");
  CHECK(past["period"]["next"] == "2026-Q2");
  auto html = h.get("/?period=1970-01");
  REQUIRE(html);
  CHECK_THAT(html->body, !Catch::Contains("period=1969-12"));
  for (const std::string link : {"1970-02"}) {
    auto followed = h.get("/?period=" + link);
    REQUIRE(followed);
    CHECK(followed->status == 200);
  }
}
