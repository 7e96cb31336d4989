// The dashboard over real HTTP against a real hub on demo data: its figures are the report
// engine's, every route keeps to the user's units, and sign-in, CSRF and throttling hold.

#include <catch2/catch.hpp>

#include <httplib.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "suara/core/response.hpp"
#include "support/hub_process.hpp"
#include "support/run_process.hpp"
#include "support/scratch_mount.hpp"
#include "support/temp_dir.hpp"

using nlohmann::json;
using namespace suara;

namespace {
const std::string kHub = SUARA_HUB_EXE;

void addUser(const std::filesystem::path& db, const std::string& name, const std::string& role, const std::string& unit,
             const std::string& password) {
  const std::string command = "printf '%s\\n' '" + password + "' | '" + kHub + "' user add --db '" + db.string() + "' --name " + name +
                              " --role " + role + (unit.empty() ? "" : " --unit " + unit);
  const auto run = test::runProcess({"/bin/sh", "-c", command});
  REQUIRE(run.exitCode == 0);
}

struct DemoDashboard {
  test::TempDir dir;
  std::filesystem::path db = dir / "hub.db";
  test::HubProcess hub{db, {"--quiet"}};
  std::string url;

  // `hubTmp`: the hub's temporary directory (TMPDIR), if not the test's.
  explicit DemoDashboard(const std::filesystem::path& hubTmp = {}) {
    REQUIRE(test::runProcess({kHub, "demo-seed", "--db", db.string(), "--count", "1500"}).exitCode == 0);
    addUser(db, "admin", "admin", "", "admin passphrase 1");
    addUser(db, "ani", "manager", "dumai", "ani passphrase 1");
    addUser(db, "tamu", "viewer", "solok", "tamu passphrase 1");
    const char* ownTmp = std::getenv("TMPDIR");
    const std::string restore = ownTmp ? ownTmp : "";
    if (!hubTmp.empty()) ::setenv("TMPDIR", hubTmp.c_str(), 1);
    url = hub.start();
    if (hubTmp.empty()) return;
    if (restore.empty()) ::unsetenv("TMPDIR");
    else ::setenv("TMPDIR", restore.c_str(), 1);
  }
  httplib::Client client() const {
    httplib::Client http("127.0.0.1", hub.port());
    http.set_read_timeout(30, 0);
    return http;
  }
  // The session cookie ("suara_session=…") a right password gets.
  std::string signIn(const std::string& name, const std::string& password) const {
    auto http = client();
    auto res = http.Post("/login", httplib::Params{{"name", name}, {"password", password}, {"next", "/"}});
    REQUIRE(res);
    REQUIRE(res->status == 303);
    const std::string cookie = res->get_header_value("Set-Cookie");
    REQUIRE(cookie.find("HttpOnly") != std::string::npos);
    REQUIRE(cookie.find("SameSite=Strict") != std::string::npos);
    return cookie.substr(0, cookie.find(';'));
  }
  json getJson(const std::string& path, const std::string& cookie, int expected = 200) const {
    auto http = client();
    auto res = http.Get(path.c_str(), {{"Cookie", cookie}});
    REQUIRE(res);
    INFO(path << " → " << res->status << " " << res->body.substr(0, 300));
    REQUIRE(res->status == expected);
    return json::parse(res->body);
  }
};

std::string csrfOf(const std::string& html) {
  const auto at = html.find("name=\"csrf\" value=\"");
  REQUIRE(at != std::string::npos);
  const auto start = at + 19;
  return html.substr(start, html.find('"', start) - start);
}

}  // namespace

TEST_CASE("overview figures equal the report engine's for every unit and quarter", "[dashboard][http]") {
  DemoDashboard d;
  const auto report = test::runProcess({kHub, "report", "--db", d.db.string(), "--by", "unit", "--period", "quarter", "--format", "json"});
  REQUIRE(report.exitCode == 0);
  const json expected = json::parse(report.out);
  const std::string admin = d.signIn("admin", "admin passphrase 1");
  int compared = 0;
  for (const auto& group : expected["groups"]) {
    if (group["period"] == "-") continue;
    const json overview = d.getJson("/api/v1/overview?period=" + group["period"].get<std::string>(), admin);
    const json* unit = nullptr;
    for (const auto& u : overview["units"])
      if (u["id"] == group["value"]) unit = &u;
    REQUIRE(unit);
    INFO(group["value"] << " " << group["period"]);
    CHECK((*unit)["responses"] == group["responses"]);
    if (group["ikm"].contains("konversi")) {
      REQUIRE((*unit)["skm"].is_object());
      CHECK((*unit)["skm"]["konversi"]["hundredths"] == group["ikm"]["konversi"]["hundredths"]);
      CHECK((*unit)["skm"]["exact"] == group["ikm"]["konversi"]["exact"]);
      CHECK((*unit)["skm"]["respondents"] == group["ikm"]["respondents"]);
      CHECK((*unit)["skm"]["mutu"]["letter"] == group["ikm"]["mutu"]);
      // The sample judged against the same population (monthly users × the months rated).
      if (group.contains("sample")) {
        REQUIRE((*unit)["sample"].is_object());
        CHECK((*unit)["sample"]["population"] == group["sample"]["population"]);
        CHECK((*unit)["sample"]["required"] == group["sample"]["required"]);
      }
    } else {
      CHECK((*unit)["skm"].is_null());
    }
    if (group["quick"]["respondents"].get<int>() > 0) {
      REQUIRE((*unit)["quick"].is_object());
      CHECK((*unit)["quick"]["index"]["hundredths"] == group["quick"]["konversi_hundredths"]);
    }
    ++compared;
  }
  CHECK(compared >= 5);
}

TEST_CASE("a unit page's elements and plan equal the report engine's for that unit", "[dashboard][http]") {
  DemoDashboard d;
  const auto report = test::runProcess({kHub, "report", "--db", d.db.string(), "--by", "unit", "--period", "quarter", "--format", "json"});
  REQUIRE(report.exitCode == 0);
  const std::string admin = d.signIn("admin", "admin passphrase 1");
  const json expected = json::parse(report.out);  // kept: a loop over a temporary's member reads freed memory
  for (const auto& group : expected["groups"]) {
    if (group["period"] == "-" || !group["ikm"].contains("konversi")) continue;
    const json page = d.getJson("/api/v1/unit?id=" + group["value"].get<std::string>() + "&period=" + group["period"].get<std::string>(), admin);
    INFO(group["value"] << " " << group["period"]);
    for (std::size_t e = 0; e < 9; ++e) {
      CHECK(page["elements"][e]["answered"] == group["ikm"]["elements"][e]["respondents"]);
      if (group["ikm"]["elements"][e].contains("konversi"))
        CHECK(page["elements"][e]["konversi"]["value"] == group["ikm"]["elements"][e]["konversi"]);
    }
    REQUIRE(page["priorities"].size() == group["priorities"].size());
    for (std::size_t i = 0; i < page["priorities"].size(); ++i) {
      CHECK(page["priorities"][i]["code"] == group["priorities"][i]["code"]);
      CHECK(page["priorities"][i]["needs_more_data"] == group["priorities"][i]["needs_more_data"]);
    }
  }
}

TEST_CASE("every dashboard route keeps a manager to their own units", "[dashboard][http][scope]") {
  DemoDashboard d;
  const std::string ani = d.signIn("ani", "ani passphrase 1");
  const json overview = d.getJson("/api/v1/overview", ani);
  REQUIRE(overview["units"].size() == 1);
  CHECK(overview["units"][0]["id"] == "dumai");
  // Another unit, a unit that does not exist and a malformed id all look the same.
  for (const std::string other : {"jayapura", "solok", "no-such-unit", "dumai%00", "../dumai"}) {
    for (const std::string route : {"/api/v1/unit?id=", "/unit?id="}) {
      auto http = d.client();
      auto res = http.Get((route + other).c_str(), {{"Cookie", ani}});
      REQUIRE(res);
      INFO(route << other);
      CHECK(res->status == 404);
      CHECK(res->body.find("Kota Jayapura") == std::string::npos);
    }
  }
  d.getJson("/api/v1/unit?id=dumai", ani);
}

TEST_CASE("without a session pages redirect to sign-in and the API answers 401", "[dashboard][http]") {
  DemoDashboard d;
  auto http = d.client();
  for (const std::string path : {"/", "/unit?id=dumai"}) {
    auto res = http.Get(path.c_str());
    REQUIRE(res);
    CHECK(res->status == 303);
    CHECK(res->get_header_value("Location").starts_with("/login?next="));
  }
  for (const std::string path : {"/api/v1/overview", "/api/v1/unit?id=dumai"}) {
    auto res = http.Get(path.c_str(), {{"Cookie", "suara_session=forged-value"}});
    REQUIRE(res);
    CHECK(res->status == 401);
  }
}

TEST_CASE("a change needs the session's CSRF token and a same-site origin", "[dashboard][http][csrf]") {
  DemoDashboard d;
  const std::string ani = d.signIn("ani", "ani passphrase 1");
  auto http = d.client();
  auto page = http.Get("/", {{"Cookie", ani}});
  REQUIRE(page);
  REQUIRE(page->status == 200);
  const std::string csrf = csrfOf(page->body);
  CHECK(page->get_header_value("Content-Security-Policy").find("script-src 'self'") != std::string::npos);

  auto missing = http.Post("/logout", {{"Cookie", ani}}, "", "application/x-www-form-urlencoded");
  REQUIRE(missing);
  CHECK(missing->status == 403);
  auto wrong = http.Post("/logout", {{"Cookie", ani}}, "csrf=" + std::string(csrf.size(), 'A'), "application/x-www-form-urlencoded");
  REQUIRE(wrong);
  CHECK(wrong->status == 403);
  auto crossSite = http.Post("/logout", {{"Cookie", ani}, {"Origin", "http://evil.example"}}, "csrf=" + csrf, "application/x-www-form-urlencoded");
  REQUIRE(crossSite);
  CHECK(crossSite->status == 403);
  d.getJson("/api/v1/overview", ani);  // still signed in: nothing changed

  auto right = http.Post("/logout", {{"Cookie", ani}}, "csrf=" + csrf, "application/x-www-form-urlencoded");
  REQUIRE(right);
  CHECK(right->status == 303);
  d.getJson("/api/v1/overview", ani, 401);
}

TEST_CASE("wrong passwords are refused, then the account is locked with Retry-After", "[dashboard][http][throttle]") {
  DemoDashboard d;
  auto http = d.client();
  for (int i = 0; i < 5; ++i) {
    auto res = http.Post("/login", "name=tamu&password=wrong" + std::to_string(i), "application/x-www-form-urlencoded");
    REQUIRE(res);
    CHECK(res->status == 401);
    CHECK(res->get_header_value("Set-Cookie").empty());
  }
  auto locked = http.Post("/login", "name=tamu&password=tamu+passphrase+1", "application/x-www-form-urlencoded");
  REQUIRE(locked);
  CHECK(locked->status == 429);
  CHECK(std::stoi(locked->get_header_value("Retry-After")) > 800);
  CHECK(locked->get_header_value("Set-Cookie").empty());
  // Another account from the same address still signs in.
  d.signIn("ani", "ani passphrase 1");
  const auto audit = test::runProcess({kHub, "audit", "--db", d.db.string()});
  CHECK(audit.out.find("login.locked") != std::string::npos);
}

TEST_CASE("after sign-in the browser goes only to a path on this hub", "[dashboard][http]") {
  DemoDashboard d;
  auto http = d.client();
  for (const std::string next : {"%2F%2Fevil.example", "https%3A%2F%2Fevil.example", "%2F%5Cevil.example", "evil"}) {
    auto res = http.Post("/login", "name=ani&password=ani+passphrase+1&next=" + next, "application/x-www-form-urlencoded");
    REQUIRE(res);
    INFO(next);
    CHECK(res->status == 303);
    CHECK(res->get_header_value("Location") == "/");
  }
  auto res = http.Post("/login", "name=ani&password=ani+passphrase+1&next=%2Funit%3Fid%3Ddumai", "application/x-www-form-urlencoded");
  REQUIRE(res);
  CHECK(res->get_header_value("Location") == "/unit?id=dumai");
}

TEST_CASE("a service or counter the unit does not have is refused, not shown as zero ratings", "[dashboard][http]") {
  DemoDashboard d;
  const std::string ani = d.signIn("ani", "ani passphrase 1");
  d.getJson("/api/v1/unit?id=dumai&service=ktp", ani);
  for (const std::string query : {"service=KTP", "service=nosuch", "counter=loket-9", "counter=%ff%fe"}) {
    INFO(query);
    const json refused = d.getJson("/api/v1/unit?id=dumai&" + query, ani, 400);
    CHECK(refused["error"].get<std::string>().find("has no") != std::string::npos);
    auto http = d.client();
    auto csv = http.Get(("/export/responses.csv?id=dumai&" + query).c_str(), {{"Cookie", ani}});
    REQUIRE(csv);
    CHECK(csv->status == 400);
  }
}

TEST_CASE("a form posted after its session ended goes to sign-in; publishing takes yes or no only", "[dashboard][http]") {
  DemoDashboard d;
  auto http = d.client();
  auto stale = http.Post("/plan/add", {{"Cookie", "suara_session=ended-long-ago"}}, "csrf=x&unit=dumai", "application/x-www-form-urlencoded");
  REQUIRE(stale);
  CHECK(stale->status == 303);
  CHECK(stale->get_header_value("Location").starts_with("/login"));
  auto download = http.Get("/export/unit.csv?id=dumai");
  REQUIRE(download);
  CHECK(download->status == 303);

  const std::string ani = d.signIn("ani", "ani passphrase 1");
  auto page = http.Get("/", {{"Cookie", ani}});
  const std::string csrf = csrfOf(page->body);
  auto publish = [&](const std::string& value) {
    auto res = http.Post("/unit/publish", {{"Cookie", ani}}, "csrf=" + csrf + "&unit=dumai&published=" + value,
                         "application/x-www-form-urlencoded");
    REQUIRE(res);
    return res->status;
  };
  CHECK(publish("yes") == 303);
  d.getJson("/api/v1/public?unit=dumai", "");
  for (const std::string odd : {"YES", "1", ""}) CHECK(publish(odd) == 400);
  d.getJson("/api/v1/public?unit=dumai", "");  // still published
  CHECK(publish("no") == 303);
  d.getJson("/api/v1/public?unit=dumai", "", 404);
}

TEST_CASE("the respondent profile is in the kiosk's words and in its order", "[dashboard][http]") {
  DemoDashboard d;
  const std::string ani = d.signIn("ani", "ani passphrase 1");
  // The demo spans the last 60 days: the current year, or the one before early in January.
  json page;
  for (const std::string year : {"2026", "2027", "2025"}) {
    page = d.getJson("/api/v1/unit?id=dumai&period=" + year, ani);
    if (page["responses"].get<int>() > 0) break;
  }
  REQUIRE(page["profile"].contains("age"));
  std::vector<std::string> ages;
  for (const auto& row : page["profile"]["age"])
    if (row["given"].get<bool>()) ages.push_back(row["value"]);
  std::vector<std::string> expected;
  for (const auto band : respondentAgeBands())
    if (std::find(ages.begin(), ages.end(), band) != ages.end()) expected.emplace_back(band);
  CHECK(ages == expected);  // under 20 first, as the kiosk offers them
  for (const auto& row : page["profile"]["gender"]) {
    if (row["value"] == "female") CHECK(row["label"] == "Perempuan");
    if (row["value"] == "male") CHECK(row["label"] == "Laki-laki");
  }
}

namespace {
// A member of an .xlsx file (a zip), by `unzip -p`.
std::string xlsxPart(const std::filesystem::path& file, const std::string& part) {
  const auto run = test::runProcess({"/usr/bin/unzip", "-p", file.string(), part});
  REQUIRE(run.exitCode == 0);
  return run.out;
}
std::size_t occurrences(const std::string& text, const std::string& what) {
  std::size_t n = 0;
  for (auto at = text.find(what); at != std::string::npos; at = text.find(what, at + what.size())) ++n;
  return n;
}
}  // namespace

TEST_CASE("the spreadsheet download holds the page's figures and one row per rating with numbers as numbers", "[dashboard][http][export]") {
  DemoDashboard d;
  const std::string ani = d.signIn("ani", "ani passphrase 1");
  std::string view;
  json page;
  for (const std::string year : {"2026", "2027", "2025"}) {
    view = "id=dumai&period=" + year + "&service=ktp";
    page = d.getJson("/api/v1/unit?" + view, ani);
    if (page["responses"].get<int>() > 0) break;
  }
  REQUIRE(page["responses"].get<int>() > 0);
  auto res = d.client().Get(("/export/unit.xlsx?" + view).c_str(), {{"Cookie", ani}});
  REQUIRE(res);
  REQUIRE(res->status == 200);
  CHECK(res->get_header_value("Content-Type") == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet");
  CHECK_THAT(res->get_header_value("Content-Disposition"), Catch::Contains("attachment") && Catch::Contains(".xlsx"));
  const auto file = d.dir / "download.xlsx";
  {
    std::ofstream out(file, std::ios::binary);
    out << res->body;
  }
  const std::string workbook = xlsxPart(file, "xl/workbook.xml");
  CHECK_THAT(workbook, Catch::Contains("name=\"Angka\"") && Catch::Contains("name=\"Penilaian\""));

  // Figures: a header, the unit, the quick index if any, nine elements, the breakdowns.
  const std::string figures = xlsxPart(file, "xl/worksheets/sheet1.xml");
  const std::size_t figureRows = 1 + 1 + (page["quick"].is_object() ? 1 : 0) + 9 + page["by_service"].size() + page["by_counter"].size() +
                                 page["by_officer"].size();
  CHECK(occurrences(figures, "<row ") == figureRows);
  CHECK_THAT(figures, Catch::Contains("<v>" + std::to_string(page["responses"].get<int>()) + "</v>"));  // a number, not text

  // Ratings: a header and one row each, as many as the page counts and the CSV holds.
  const std::string ratings = xlsxPart(file, "xl/worksheets/sheet2.xml");
  CHECK(occurrences(ratings, "<row ") == 1 + page["responses"].get<std::size_t>());
  auto csv = d.client().Get(("/export/responses.csv?" + view).c_str(), {{"Cookie", ani}});
  REQUIRE(csv);
  CHECK(static_cast<std::size_t>(std::count(csv->body.begin(), csv->body.end(), '\n')) == 1 + page["responses"].get<std::size_t>());
  // The service column holds text; the utc_offset column (D) the number 7.
  CHECK(occurrences(ratings, "<t>ktp</t>") == page["responses"].get<std::size_t>());
  CHECK(occurrences(ratings, "\"><v>7</v></c>") >= page["responses"].get<std::size_t>());

  // Scope as for every download: another unit's is 404, signed out goes to sign-in.
  auto other = d.client().Get("/export/unit.xlsx?id=jayapura", {{"Cookie", ani}});
  REQUIRE(other);
  CHECK(other->status == 404);
  auto anonymous = d.client().Get("/export/unit.xlsx?id=dumai");
  REQUIRE(anonymous);
  CHECK(anonymous->status == 303);
}

TEST_CASE("a spreadsheet the temporary space cannot hold is refused whole, never sent cut short, and leaves no files", "[dashboard][http][export]") {
  // libxlsxwriter ignores write errors on its temporary files: on a full /tmp the hub sent a
  // valid-looking workbook whose ratings sheet stopped part-way, as a success.
  test::ScratchMount tmp(256 * 1024);
  DemoDashboard d(tmp.path());
  const std::string admin = d.signIn("admin", "admin passphrase 1");
  auto res = d.client().Get("/export/unit.xlsx?id=dumai&period=2026", {{"Cookie", admin}});
  REQUIRE(res);
  CHECK(res->status == 503);
  CHECK_THAT(res->body, Catch::Contains("not enough temporary space"));
  CHECK(std::filesystem::is_empty(tmp.path()));
  // The figures and the CSV do not need it.
  auto csv = d.client().Get("/export/responses.csv?id=dumai&period=2026", {{"Cookie", admin}});
  REQUIRE(csv);
  CHECK(csv->status == 200);
}

TEST_CASE("text a spreadsheet cannot hold (U+FFFE, control characters) is left out of the cell, keeping the file whole", "[dashboard][http][export]") {
  DemoDashboard d;
  d.hub.admin({"unit", "add", "--id", "odd", "--name", "Kantor\xEF\xBF\xBE Odd", "--service", "a=A"});
  const std::string admin = d.signIn("admin", "admin passphrase 1");
  auto res = d.client().Get("/export/unit.xlsx?id=odd", {{"Cookie", admin}});
  REQUIRE(res);
  REQUIRE(res->status == 200);
  const auto file = d.dir / "odd.xlsx";
  {
    std::ofstream out(file, std::ios::binary);
    out << res->body;
  }
  const std::string figures = xlsxPart(file, "xl/worksheets/sheet1.xml");
  CHECK_THAT(figures, Catch::Contains("Kantor Odd") && !Catch::Contains("\xEF\xBF\xBE"));
}
