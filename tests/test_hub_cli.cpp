// suara-hub as operators use it: a real process, its output and exit codes.

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <sstream>

#include <nlohmann/json.hpp>

#include "suara/core/demo_data.hpp"
#include "suara/core/export_file.hpp"
#include "suara/core/report.hpp"
#include "suara/core/response_file.hpp"
#include "suara/core/survey.hpp"
#include "support/enrolled_hub.hpp"
#include "support/hub_process.hpp"
#include "support/responses.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace suara;

namespace {
const std::string kHub = SUARA_HUB_EXE;
const auto kSample = test::assets() / "samples" / "demo-responses.jsonl";
}  // namespace

TEST_CASE("the bundled sample is exactly what demo-data generates", "[hub][cli]") {
  std::ostringstream generated;
  writeResponsesJsonl(generated, generateDemoResponses({}));
  std::ifstream bundled(kSample);
  std::stringstream text;
  text << bundled.rdbuf();
  CHECK(text.str() == generated.str());
}

TEST_CASE("report --format json agrees with the library computed in-process", "[hub][cli]") {
  const auto run = test::runProcess({kHub, "report", kSample.string(), "--by", "unit", "--format", "json"});
  REQUIRE(run.exitCode == 0);
  CHECK(run.err.empty());
  const auto printed = nlohmann::json::parse(run.out);

  auto responses = readResponsesJsonl(kSample);
  REQUIRE(responses.ok());
  const auto surveys = SurveyCatalog::load(test::assets() / "surveys");
  REQUIRE(surveys.ok());
  const auto catalog = loadTrainingCatalog(test::assets() / "training" / "catalog.json");
  const Report expected = buildReport(*responses, {}, *surveys, *catalog);

  REQUIRE(printed["groups"].size() == expected.groups.size());
  CHECK(printed["groups"].size() == 5);
  for (std::size_t i = 0; i < expected.groups.size(); ++i) {
    const auto& group = expected.groups[i];
    INFO(group.key.value);
    CHECK(printed["groups"][i]["value"] == group.key.value);
    CHECK(printed["groups"][i]["ikm"]["konversi"]["display"] == formatHundredths(group.ikm.konversiHundredths));
    CHECK(printed["groups"][i]["ikm"]["konversi"]["exact"] == group.ikm.konversi.text());
    CHECK(printed["groups"][i]["ikm"]["mutu"] == std::string(1, mutuLetter(*group.ikm.mutu)));
    CHECK(printed["groups"][i]["priorities"].size() == group.priorities.size());
  }
  CHECK(printed["overall"]["responses"] == 1000);
}

TEST_CASE("the text report names mutu and priorities in Indonesian", "[hub][cli]") {
  const auto run = test::runProcess({kHub, "report", kSample.string()});
  REQUIRE(run.exitCode == 0);
  CHECK_THAT(run.out, Catch::Contains("Laporan Indeks Kepuasan Masyarakat"));
  CHECK_THAT(run.out, Catch::Contains("Rencana Tindak Lanjut"));
  CHECK_THAT(run.out, Catch::Contains("No   Prioritas Unsur"));
  CHECK_THAT(run.out, Catch::Contains("Penanggung Jawab"));
  CHECK_THAT(run.out, Catch::Contains("pematangsiantar"));
  const auto english = test::runProcess({kHub, "report", kSample.string(), "--lang", "en"});
  CHECK_THAT(english.out, Catch::Contains("Follow-up plan"));
}

TEST_CASE("report --lang en names the SKM elements in English, in text and JSON", "[hub][cli]") {
  const auto text = test::runProcess({kHub, "report", kSample.string(), "--lang", "en"});
  REQUIRE(text.exitCode == 0);
  CHECK_THAT(text.out, Catch::Contains("U1  Requirements") && Catch::Contains("U7  Staff behaviour"));
  CHECK_THAT(text.out, !Catch::Contains("Persyaratan") && !Catch::Contains("Pelaksana"));
  const auto json = test::runProcess({kHub, "report", kSample.string(), "--lang", "en", "--format", "json"});
  REQUIRE(json.exitCode == 0);
  const auto printed = nlohmann::json::parse(json.out);
  CHECK(printed["overall"]["ikm"]["elements"][8]["name"] == "Facilities and infrastructure");
  std::map<std::string, std::string> names;  // code → name, from the element list
  for (const auto& element : printed["overall"]["ikm"]["elements"]) names[element["code"]] = element["name"];
  REQUIRE_FALSE(printed["overall"]["priorities"].empty());
  for (const auto& priority : printed["overall"]["priorities"]) CHECK(priority["name"] == names[priority["code"]]);
  const auto indonesian = test::runProcess({kHub, "report", kSample.string(), "--format", "json"});
  CHECK(nlohmann::json::parse(indonesian.out)["overall"]["ikm"]["elements"][0]["name"] == "Persyaratan");
}

TEST_CASE("bad input is one clear line on stderr and a non-zero exit", "[hub][cli]") {
  test::TempDir dir;
  const auto bad = dir / "bad.jsonl";
  std::ifstream sample(kSample);
  std::string first;
  std::getline(sample, first);
  std::ofstream(bad) << first << "\n{\"id\": 12}\n";

  const auto run = test::runProcess({kHub, "report", bad.string()});
  CHECK(run.exitCode != 0);
  CHECK(run.out.empty());
  CHECK(run.err == "suara-hub: " + bad.string() + ":2: 'id' must be a string\n");

  const auto missing = test::runProcess({kHub, "report", (dir / "none.jsonl").string()});
  CHECK(missing.exitCode != 0);
  CHECK(std::count(missing.err.begin(), missing.err.end(), '\n') == 1);

  const auto option = test::runProcess({kHub, "report", "--demo", "--period", "fortnight"});
  CHECK(option.exitCode != 0);
  CHECK_THAT(option.err, Catch::StartsWith("suara-hub: --period: fortnight not in"));

  const auto none = test::runProcess({kHub});
  CHECK(none.exitCode != 0);
}

namespace {
// GET /v1/health over IPv6 loopback; the status line's code, 0 if none.
int healthOverIpv6(int port) {
  const int fd = ::socket(AF_INET6, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in6 hub{};
  hub.sin6_family = AF_INET6;
  hub.sin6_port = htons(static_cast<std::uint16_t>(port));
  hub.sin6_addr = in6addr_loopback;
  std::string reply;
  if (::connect(fd, reinterpret_cast<sockaddr*>(&hub), sizeof hub) == 0) {
    const std::string request = "GET /v1/health HTTP/1.1\r\nHost: [::1]\r\nConnection: close\r\n\r\n";
    if (::send(fd, request.data(), request.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(request.size())) {
      char buffer[4096];
      for (ssize_t n; (n = ::recv(fd, buffer, sizeof buffer, 0)) > 0;) reply.append(buffer, static_cast<std::size_t>(n));
    }
  }
  ::close(fd);
  return reply.starts_with("HTTP/1.1 ") ? std::atoi(reply.c_str() + 9) : 0;
}
}  // namespace

TEST_CASE("serve refuses a --listen port above 65535 with one line, and listens on a bracketed IPv6 address", "[hub][cli]") {
  test::TempDir dir;
  const auto db = dir / "hub.db";
  for (const std::string listen : {"127.0.0.1:65536", "127.0.0.1:70000", "[::1]:99999"}) {
    INFO(listen);
    const auto run = test::runProcess({kHub, "serve", "--db", db.string(), "--listen", listen});
    CHECK(run.exitCode != 0);
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    CHECK_THAT(run.err, Catch::Contains("65535"));
  }
  CHECK_FALSE(std::filesystem::exists(db));

  test::HubProcess hub(db);
  hub.setListenHost("[::1]");
  CHECK_THAT(hub.start(), Catch::StartsWith("http://[::1]:"));
  CHECK(healthOverIpv6(hub.port()) == 200);
}

TEST_CASE("control characters in unit names and ids are refused at creation, and list commands print stored ones escaped", "[hub][cli]") {
  test::TempDir dir;
  const std::string db = (dir / "hub.db").string();
  const std::vector<std::vector<std::string>> refused = {
      {"unit", "add", "--db", db, "--id", "dumai", "--name", "Kota\tDumai"},
      {"unit", "add", "--db", db, "--id", "dumai", "--name", "Kota Dumai\n"},
      {"unit", "add", "--db", db, "--id", "dumai", "--name", "Kota \x1b[31mDumai"},
      {"unit", "add", "--db", db, "--id", "dumai", "--name", "Kota\xC2\x85" "Dumai"},  // U+0085, a C1 line break
      {"unit", "add", "--db", db, "--id", "dumai", "--name", "Kota Dumai", "--service", "ktp=KTP\nElektronik"},
      {"unit", "add", "--db", db, "--id", "dumai", "--name", "Kota Dumai", "--service", "ktp=KTP|Electronic\tID"},
      {"unit", "add", "--db", db, "--id", "dumai", "--name", "Kota Dumai", "--counter", "loket-1=Loket\r1"},
  };
  for (auto args : refused) {
    args.insert(args.begin(), kHub);
    INFO(args.back());
    const auto run = test::runProcess(args);
    CHECK(run.exitCode != 0);
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
    CHECK_THAT(run.err, Catch::Contains("control character"));
  }
  REQUIRE(test::runProcess({kHub, "unit", "add", "--db", db, "--id", "dumai", "--name", "Kota Dumai"}).exitCode == 0);
  const auto extend = test::runProcess({kHub, "unit", "extend", "--db", db, "--id", "dumai", "--counter", "loket-2=Loket\n2"});
  CHECK(extend.exitCode != 0);
  CHECK_THAT(extend.err, Catch::Contains("control character"));

  // A name an older hub stored: one line per unit all the same, its characters visible.
  SQLite::Database(db, SQLite::OPEN_READWRITE).exec("UPDATE units SET name = 'Kota' || char(9) || 'Dumai' || char(10) || 'x' || char(27)");
  const auto listed = test::runProcess({kHub, "unit", "list", "--db", db});
  REQUIRE(listed.exitCode == 0);
  CHECK(std::count(listed.out.begin(), listed.out.end(), '\n') == 1);
  CHECK(std::count(listed.out.begin(), listed.out.end(), '\t') == 6);
  CHECK_THAT(listed.out, Catch::Contains("Kota\\tDumai\\nx\\x1b"));
}

TEST_CASE("kiosk and quarantine lists print names and item ids a kiosk sent on one line each, control characters escaped", "[hub][cli]") {
  test::EnrolledHub h;
  const auto enrolled =
      h.client().Post("/v1/enroll", nlohmann::json{{"code", h.newCode()}, {"name", "evil\tkiosk\n\x1b[2J"}}.dump(), "application/json");
  REQUIRE(enrolled);
  REQUIRE(enrolled->status == 200);
  auto request = nlohmann::json::parse(test::EnrolledHub::batch({test::quickResponse(3)}));
  request["items"][0]["id"] = "not\ta\nuuid";
  const auto sent = h.client().Post("/v1/responses", h.auth(), request.dump(), "application/json");
  REQUIRE(sent);
  REQUIRE(sent->status == 200);

  const std::string kiosks = h.hub.admin({"kiosk", "list"});
  CHECK(std::count(kiosks.begin(), kiosks.end(), '\n') == 2);
  CHECK_THAT(kiosks, Catch::Contains("evil\\tkiosk\\n\\x1b[2J"));
  const std::string quarantined = h.hub.admin({"quarantine", "list"});
  CHECK(std::count(quarantined.begin(), quarantined.end(), '\n') == 2);  // the item and the count
  CHECK_THAT(quarantined, Catch::Contains("not\\ta\\nuuid"));
}

TEST_CASE("a unit's monthly users and offices, set from the CLI, decide its sample and Penanggung Jawab in a database report", "[hub][cli]") {
  test::TempDir dir;
  const std::string db = (dir / "hub.db").string();
  REQUIRE(test::runProcess({kHub, "demo-seed", "--db", db, "--count", "600"}).exitCode == 0);
  const auto report = [&] {
    const auto run = test::runProcess({kHub, "report", "--db", db, "--format", "json"});
    REQUIRE(run.exitCode == 0);
    return nlohmann::json::parse(run.out);
  };
  const auto groupOf = [](const nlohmann::json& j, const std::string& unit) {
    for (const auto& g : j["groups"])
      if (g["value"] == unit) return g;
    FAIL("no group " << unit);
    return nlohmann::json();
  };
  nlohmann::json before = groupOf(report(), "jayapura");
  REQUIRE(before.contains("sample"));
  CHECK(before["sample"]["population_basis"]["monthly_users"] == 1500);  // the demo unit's setting
  REQUIRE(test::runProcess({kHub, "unit", "set", "--db", db, "--id", "jayapura", "--monthly-users", "0", "--office",
                            "unit=Kepala UPT Jayapura", "--office", "individual=Koordinator Loket Jayapura"})
              .exitCode == 0);
  const nlohmann::json after = groupOf(report(), "jayapura");
  CHECK_FALSE(after.contains("sample"));  // not known any more: nothing guessed
  REQUIRE_FALSE(after["priorities"].empty());
  for (const auto& item : after["priorities"])
    CHECK(item["penanggung_jawab"] == (item["code"] == "U9" ? "Subbagian Umum (sarana dan prasarana)"
                                       : item["level"] == "unit" ? "Kepala UPT Jayapura"
                                                                 : "Koordinator Loket Jayapura"));
  const auto listed = test::runProcess({kHub, "unit", "list", "--db", db});
  CHECK_THAT(listed.out, Catch::Contains("unit=Kepala UPT Jayapura") && Catch::Contains("users/month not set"));

  for (const std::vector<std::string>& args :
       {std::vector<std::string>{"--office", "U10=Bagian Umum"}, {"--office", "Bagian Umum"}, {"--monthly-users", "-5"}, {}}) {
    std::vector<std::string> argv = {kHub, "unit", "set", "--db", db, "--id", "jayapura"};
    argv.insert(argv.end(), args.begin(), args.end());
    const auto refused = test::runProcess(argv);
    CHECK(refused.exitCode != 0);
    CHECK_FALSE(refused.err.empty());
  }
  CHECK(test::runProcess({kHub, "unit", "set", "--db", db, "--id", "nowhere", "--monthly-users", "5"}).exitCode != 0);
}

TEST_CASE("a report on a kiosk's export counts periods in the unit's time zone the file names", "[hub][cli]") {
  test::TempDir dir;
  // 2026-12-31 15:30 UTC: 00:30 WIT on 1 January 2027 in Jayapura, still 2026 in WIB.
  Response r = test::skmAll({4, 4, 4, 4, 4, 4, 4, 4, 4});
  r.unitId = "jayapura";
  r.seq = 1;
  r.clock.wallMs = 1'798'731'000'000;
  const auto file = dir / "export.suara";
  {
    std::ofstream out(file);
    writeExportFile(out, {"kiosk-1", "jayapura", 1'798'731'000'000, false, 9}, std::nullopt, {r});
  }
  const auto run = test::runProcess({kHub, "report", file.string(), "--period", "year", "--format", "json"});
  INFO(run.err);
  REQUIRE(run.exitCode == 0);
  const auto printed = nlohmann::json::parse(run.out);
  CHECK(printed["groups"][0]["period"] == "2027");
  CHECK(printed["unit_utc_offset_hours"]["jayapura"] == 9);
}

TEST_CASE("office and unit names that would mislead or break a report are refused, and a stored one never breaks JSON", "[hub][cli]") {
  test::TempDir dir;
  const std::string db = (dir / "hub.db").string();
  REQUIRE(test::runProcess({kHub, "demo-seed", "--db", db, "--count", "200"}).exitCode == 0);
  for (const std::string& office : {std::string("U9=\xff\xfe bad"), std::string("U9=\xe2\x80\xae" "RTL"), std::string("U3=   "),
                                    "unit=" + std::string(201, 'x')}) {
    const auto run = test::runProcess({kHub, "unit", "set", "--db", db, "--id", "solok", "--office", office});
    INFO(run.err);
    CHECK(run.exitCode != 0);
    CHECK(std::count(run.err.begin(), run.err.end(), '\n') == 1);
  }
  for (const char* id : {"all", "-"}) CHECK(test::runProcess({kHub, "unit", "add", "--db", db, "--id", id, "--name", "X"}).exitCode != 0);
  // An office an older hub stored with a bad byte: the JSON report still comes, the byte replaced.
  SQLite::Database(db, SQLite::OPEN_READWRITE)
      .exec("UPDATE unit_offices SET office = CAST(X'4B6570616C6120FF' AS TEXT) WHERE unit_id = 'solok' AND key = 'unit'");
  const auto json = test::runProcess({kHub, "report", "--db", db, "--format", "json"});
  CHECK(json.exitCode == 0);
  CHECK_NOTHROW(nlohmann::json::parse(json.out));
}

TEST_CASE("a report with no SKM answers says no plan can be drawn up yet, and English counts one in the singular", "[hub][cli]") {
  test::TempDir dir;
  const std::string db = (dir / "hub.db").string();
  REQUIRE(test::runProcess({kHub, "unit", "add", "--db", db, "--id", "dumai", "--name", "Kota Dumai"}).exitCode == 0);
  const auto empty = test::runProcess({kHub, "report", "--db", db});
  REQUIRE(empty.exitCode == 0);
  CHECK_THAT(empty.out, Catch::Contains("Belum ada jawaban SKM") && !Catch::Contains("Tidak ada unsur di bawah"));

  const auto file = dir / "one.jsonl";
  {
    std::ofstream out(file);
    Response r = test::skmAll({2, 2, 2, 2, 2, 2, 2, 2, 2});
    r.seq = 1;
    writeResponsesJsonl(out, {r});
  }
  const auto one = test::runProcess({kHub, "report", file.string(), "--lang", "en"});
  REQUIRE(one.exitCode == 0);
  CHECK_THAT(one.out, Catch::Contains("× 1 SKM respondent") && !Catch::Contains("1 SKM respondents"));
}
