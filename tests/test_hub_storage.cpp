// What the hub keeps and how reports read it: answers as integer columns (and the in-place
// migration of older databases), each unit's own time zone for periods, implausible kiosk
// clocks counted at receipt, and quarantined items re-admitted once their cause is fixed.

#include <catch2/catch.hpp>

#include <sstream>

#include <SQLiteCpp/SQLiteCpp.h>

#include <fstream>
#include <set>

#include <nlohmann/json.hpp>

#include "clock_correction.hpp"
#include "services/item_validator.hpp"
#include "storage/sqlite/sqlite_schema.hpp"
#include "storage/storage.hpp"
#include "suara/core/compact_codec.hpp"
#include "suara/core/export_file.hpp"
#include "suara/core/grouping.hpp"
#include "support/enrolled_hub.hpp"
#include "support/responses.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace suara;
using namespace suara::hub;
using nlohmann::json;

namespace {

const std::string kHub = SUARA_HUB_EXE;

// A response row as hubs before schema 4 wrote it: answers as encoded text.
void insertOldRow(SQLite::Database& db, const Response& r, const std::string& answers) {
  SQLite::Statement st(db,
                       "INSERT INTO responses (uuid, kiosk_id, seq, unit_id, survey, survey_version, answers, kiosk_wall_ms, "
                       "mono_ms, boot, corrected_ms, received_ms, flags, clock_flags, content_hash) "
                       "VALUES (?, 'k1', ?, 'dumai', ?, 1, ?, ?, ?, 'b', ?, ?, 0, 0, zeroblob(16))");
  const auto uuid = *detail::uuidToBytes(r.uuid);
  st.bind(1, uuid.data(), 16);
  st.bind(2, r.seq);
  st.bind(3, r.surveyId);
  st.bind(4, answers);
  st.bind(5, r.clock.wallMs);
  st.bind(6, r.clock.monoMs);
  st.bind(7, r.clock.wallMs);
  st.bind(8, r.clock.wallMs);
  st.exec();
}

std::set<std::string> columnsOf(const std::filesystem::path& db, const std::string& table) {
  SQLite::Database read(db.string(), SQLite::OPEN_READONLY);
  SQLite::Statement st(read, "SELECT name FROM pragma_table_info(?)");
  st.bind(1, table);
  std::set<std::string> names;
  while (st.executeStep()) names.insert(st.getColumn(0).getString());
  return names;
}

StoredItem itemAt(Response r, std::int64_t correctedMs, std::uint32_t clockFlags = 0) {
  r.clock.wallMs = correctedMs;
  return {std::move(r), correctedMs, clockFlags};
}

json reportJson(const std::filesystem::path& db, const std::vector<std::string>& extra) {
  std::vector<std::string> argv = {kHub, "report", "--db", db.string(), "--format", "json"};
  argv.insert(argv.end(), extra.begin(), extra.end());
  const auto run = test::runProcess(argv);
  INFO(run.err);
  REQUIRE(run.exitCode == 0);
  return json::parse(run.out);
}

}  // namespace

TEST_CASE("a hub database from before answer columns converts in place: scores kept, unconvertible rows quarantined with why", "[hub][storage]") {
  test::TempDir dir;
  const auto file = dir / "hub.db";
  Response skm = test::skmAll({4, 3, 2, 1, 4, 3, 2, 1, 4});
  skm.seq = 1;
  Response quick = test::quickResponse(2);
  quick.seq = 2;
  Response foreign = test::quickResponse(3);
  foreign.seq = 3;
  {
    SQLite::Database old(file.string(), SQLite::OPEN_READWRITE | SQLite::OPEN_CREATE);
    REQUIRE(migrateHubSchemaTo(old, file.string(), 3));
    insertOldRow(old, skm, detail::encodeAnswers(skm));
    insertOldRow(old, quick, "overall:2");
    insertOldRow(old, foreign, "overall:3,X7:4");  // older hubs accepted any code
  }

  auto storage = openStorage(file.string(), StorageRole::Write);
  REQUIRE(storage);
  auto stored = (*storage)->responses();
  REQUIRE(stored);
  REQUIRE(stored->size() == 2);
  for (const auto& r : *stored) CHECK(r.answers == (r.uuid == skm.uuid ? skm.answers : quick.answers));
  auto kept = (*storage)->quarantined();
  REQUIRE(kept);
  REQUIRE(kept->size() == 1);
  CHECK(kept->front().itemId == foreign.uuid);
  CHECK(kept->front().reason.find("'X7'") != std::string::npos);
  CHECK(json::parse(kept->front().payload)["answers"] == json{{"X7", 4}, {"overall", 3}});
  storage->reset();

  const auto columns = columnsOf(file, "responses");
  CHECK(columns.count("answers") == 0);
  for (const char* column : {"u1", "u5", "u9", "overall"}) CHECK(columns.count(column) == 1);
  SQLite::Database db(file.string(), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT sum(u1) + sum(u4) FROM responses").getInt() == 5);
  CHECK(db.execAndGet("SELECT typeof(overall) FROM responses WHERE survey = 'quick-4'").getString() == "integer");
}

TEST_CASE("a unit change that is refused says why and leaves the units as they were", "[hub][storage]") {
  test::TempDir dir;
  auto opened = openStorage((dir / "hub.db").string(), StorageRole::Create);
  REQUIRE(opened);
  Storage& storage = **opened;
  REQUIRE(storage.createUnit({"dumai", "Kota Dumai", "quick-4", 7, {{"ktp", {"KTP", "ID card"}}}, {{"loket-1", "Loket 1"}}, {}, {}}));
  const auto refused = [](const Status& status, Errc code, const std::string& why) {
    REQUIRE_FALSE(status);
    CHECK(status.error().code == code);
    CHECK(status.error().message == why);
  };
  refused(storage.createUnit({"dumai", "Dumai", "quick-4", 7, {}, {}, {}, {}}), Errc::Invalid, "unit 'dumai' already exists");
  refused(storage.createUnit({"solok", "Kota Solok", "quick-4", 7, {{"ktp", {"KTP", ""}}, {"ktp", {"KTP", ""}}}, {}, {}, {}}), Errc::Invalid,
          "service 'ktp' already exists in unit 'solok'");
  refused(storage.extendUnit({"nowhere", "", "", 7, {}, {{"loket-2", ""}}, {}, {}}), Errc::NotFound, "no unit 'nowhere'");
  refused(storage.extendUnit({"dumai", "", "", 7, {}, {{"loket-2", ""}, {"loket-1", ""}}, {}, {}}), Errc::Invalid,
          "counter 'loket-1' already exists in unit 'dumai'");
  CHECK(storage.units()->size() == 1);  // nothing of solok
  CHECK(storage.unit("dumai")->counters.size() == 1);  // nor loket-2
  REQUIRE(storage.extendUnit({"dumai", "", "", 7, {{"kk", {"Kartu Keluarga", ""}}}, {{"loket-2", ""}}, {}, {}}));
  const Unit dumai = storage.unit("dumai").value();
  CHECK(dumai.services.back().id == "kk");
  CHECK(dumai.services.back().name.en == "Kartu Keluarga");  // the English name falls back to the Indonesian
  CHECK(dumai.counters.back().id == "loket-2");
  CHECK(dumai.counters.back().name == "loket-2");  // a counter without a name is called by its id
  CHECK(dumai.name == "Kota Dumai");  // extending changes nothing else
}

TEST_CASE("a unit's monthly users and offices are stored, replaced, cleared and survive reopening", "[hub][storage]") {
  test::TempDir dir;
  const auto file = (dir / "hub.db").string();
  {
    auto opened = openStorage(file, StorageRole::Create);
    REQUIRE(opened);
    Storage& storage = **opened;
    REQUIRE(storage.createUnit({"dumai", "Kota Dumai", "quick-4", 7, {}, {}, 1200, {{"U9", "Subbagian Umum"}}}));
    REQUIRE(storage.configureUnit("dumai", {9, 1500, {{"unit", "Kepala UPT"}, {"U9", ""}}}));
    const Status missing = storage.configureUnit("nowhere", {std::nullopt, 5, {}});
    REQUIRE_FALSE(missing);
    CHECK(missing.error().code == Errc::NotFound);
  }
  auto reopened = openStorage(file, StorageRole::Read);
  REQUIRE(reopened);
  const Unit dumai = (*reopened)->unit("dumai").value();
  CHECK(dumai.utcOffsetHours == 9);
  CHECK(dumai.monthlyUsers == std::optional<std::int64_t>(1500));
  CHECK(dumai.offices == std::map<std::string, std::string>{{"unit", "Kepala UPT"}});  // U9 removed by an empty name
  auto writable = openStorage(file, StorageRole::Write);
  REQUIRE(writable);
  REQUIRE((*writable)->configureUnit("dumai", {std::nullopt, 0, {}}));  // 0: not known any more
  CHECK_FALSE((*writable)->unit("dumai")->monthlyUsers);
  CHECK((*writable)->unit("dumai")->utcOffsetHours == 9);  // a setting not given stays
}

TEST_CASE("ratings synced to the hub keep each answer in its own integer column", "[hub][storage]") {
  test::EnrolledHub h;
  Response skm = test::skmAll({4, 4, 3, 3, 2, 2, 1, 1, 4});
  skm.surveyVersion = 1;
  REQUIRE(h.ingest({skm, test::quickResponse(3), test::quickResponse(1)}) == 200);
  SQLite::Database db(h.hub.db().string(), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT sum(overall) FROM responses").getInt() == 4);
  CHECK(db.execAndGet("SELECT u1 * 1000 + u5 * 100 + u7 * 10 + u9 FROM responses WHERE survey = 'skm-2017'").getInt() == 4214);
  CHECK(db.execAndGet("SELECT count(*) FROM responses WHERE u1 IS NULL").getInt() == 2);
}

TEST_CASE("report periods follow each unit's own UTC offset, and an impossible kiosk clock counts at receipt", "[hub][storage]") {
  test::TempDir dir;
  const auto file = dir / "hub.db";
  constexpr std::int64_t kNewYear2026Utc = 1767225600000;     // 2026-01-01T00:00Z
  constexpr std::int64_t kHalfPast = kNewYear2026Utc - 8 * 3'600'000 - 1'800'000;  // 15:30Z on 31 December
  {
    auto storage = openStorage(file.string(), StorageRole::Create);
    REQUIRE(storage);
    REQUIRE((*storage)->createUnit({"dumai", "Kota Dumai", "quick-4", 7, {}, {}, {}, {}}));
    REQUIRE((*storage)->createUnit({"jayapura", "Kota Jayapura", "quick-4", 9, {}, {}, {}, {}}));
    const std::int64_t now = clockNow().wallMs;
    KioskRecord dumai{"k-dumai", "dumai", "d", 0, {}, {}, {}, {}, 0};
    KioskRecord jayapura{"k-jayapura", "jayapura", "j", 0, {}, {}, {}, {}, 0};
    // 22:30 WIB on 31 December 2025 in Dumai; 00:30 WIT on 1 January 2026 in Jayapura.
    REQUIRE((*storage)->ingest(dumai, {itemAt(test::quickResponse(4), kHalfPast)}, now));
    REQUIRE((*storage)->ingest(jayapura, {itemAt(test::quickResponse(4), kHalfPast)}, now));
    // A clock years ahead that the hub could not correct: counted when it arrived, now.
    REQUIRE((*storage)->ingest(jayapura, {itemAt(test::quickResponse(1), kNewYear2026Utc + 5 * 365LL * 86'400'000,
                                                 clockflags::kFuture | clockflags::kEstimated)}, now));
  }
  const json report = reportJson(file, {"--by", "unit", "--period", "year"});
  std::map<std::string, std::set<std::string>> periods;
  for (const auto& group : report["groups"]) periods[group["value"]].insert(group["period"].get<std::string>());
  CHECK(periods["dumai"] == std::set<std::string>{"2025"});
  // The impossible one lands in the year of its receipt, not five years ahead.
  CHECK(periods["jayapura"] == std::set<std::string>{"2026", periodLabel(clockNow().wallMs, Period::Year, 9)});
  CHECK(report["unit_utc_offset_hours"] == json{{"dumai", 7}, {"jayapura", 9}});
  CHECK(report["time_quality"] == json{{"estimated", 1}, {"implausible_counted_at_receipt", 1}});

  const auto text = test::runProcess({kHub, "report", "--db", file.string(), "--period", "month"});
  CHECK(text.out.find("Periode menurut waktu setempat tiap unit") != std::string::npos);
  CHECK(text.out.find("1 dengan jam kios tidak masuk akal, dihitung saat diterima hub") != std::string::npos);
}

TEST_CASE("a database report by unit lists a unit without ratings, with zero respondents", "[hub][storage]") {
  test::TempDir dir;
  const auto file = dir / "hub.db";
  {
    auto storage = openStorage(file.string(), StorageRole::Create);
    REQUIRE(storage);
    REQUIRE((*storage)->createUnit({"dumai", "Kota Dumai", "quick-4", 7, {}, {}, {}, {}}));
    REQUIRE((*storage)->createUnit({"solok", "Kota Solok", "quick-4", 7, {}, {}, {}, {}}));
    const KioskRecord dumai{"k-dumai", "dumai", "d", 0, {}, {}, {}, {}, 0};
    const std::int64_t now = clockNow().wallMs;
    REQUIRE((*storage)->ingest(dumai, {itemAt(test::quickResponse(4), now - 60'000)}, now));
  }
  for (const char* period : {"all", "month"}) {
    INFO(period);
    const json report = reportJson(file, {"--by", "unit", "--period", period});
    REQUIRE(report["groups"].size() == 2);
    const json& solok = report["groups"][1];
    CHECK(solok["value"] == "solok");
    CHECK(solok["period"] == (std::string(period) == "all" ? "all" : "-"));
    CHECK(solok["responses"] == 0);
    CHECK(solok["quick"]["respondents"] == 0);
    CHECK(report["overall"]["responses"] == 1);
  }
  const auto text = test::runProcess({kHub, "report", "--db", file.string()});
  const auto row = text.out.find("\nsolok ");
  REQUIRE(row != std::string::npos);
  std::istringstream columns(text.out.substr(row + 1, text.out.find('\n', row + 1) - row - 1));
  std::string unit, period, skmRespondents, ikm;
  columns >> unit >> period >> skmRespondents >> ikm;
  CHECK(period == "semua");
  CHECK(skmRespondents == "0");
  CHECK(ikm == "-");
  CHECK(reportJson(file, {"--by", "service"})["groups"].size() == 1);  // units are listed only by unit
}

TEST_CASE("an item quarantined for an unknown counter is listed, and stored once at its own time after the counter is added", "[hub][storage]") {
  test::EnrolledHub h;
  Response r = test::quickResponse(2);
  r.counterId = "loket-9";
  r.seq = 1;
  const std::string batch = test::EnrolledHub::batch({r});
  auto sent = h.client().Post("/v1/responses", h.auth(), batch, "application/json");
  REQUIRE(sent);
  REQUIRE(json::parse(sent->body)["results"][0]["status"] == "rejected");
  const auto db = h.hub.db().string();

  const auto listed = test::runProcess({kHub, "quarantine", "list", "--db", db, "--format", "json"});
  REQUIRE(listed.exitCode == 0);
  const json items = json::parse(listed.out);
  REQUIRE(items.size() == 1);
  CHECK(items[0]["item_id"] == r.uuid);
  CHECK(items[0]["reason"].get<std::string>().find("loket-9") != std::string::npos);
  const std::int64_t estimated = items[0]["corrected_ms"];

  const auto early = test::runProcess({kHub, "quarantine", "readmit", "--db", db, "--all"});
  CHECK(early.out.find("0 stored, 0 already stored, 1 still quarantined") != std::string::npos);
  REQUIRE(test::runProcess({kHub, "unit", "extend", "--db", db, "--id", "dumai", "--counter", "loket-9=Loket 9"}).exitCode == 0);
  const auto dry = test::runProcess({kHub, "quarantine", "readmit", "--db", db, "--all", "--dry-run"});
  CHECK(dry.out.find("1 would be stored") != std::string::npos);
  CHECK(h.stored() == 0);

  const auto readmitted = test::runProcess({kHub, "quarantine", "readmit", "--db", db, r.uuid});
  CHECK(readmitted.exitCode == 0);
  CHECK(readmitted.out.find("1 stored") != std::string::npos);
  CHECK(h.stored() == 1);
  {
    SQLite::Database read(db, SQLite::OPEN_READONLY);
    CHECK(read.execAndGet("SELECT corrected_ms FROM responses").getInt64() == estimated);
  }
  CHECK(test::runProcess({kHub, "quarantine", "list", "--db", db}).out.find("0 quarantined items") != std::string::npos);
  // The kiosk never heard of the fix and sends it again: the same rating, not a second one.
  auto resent = h.client().Post("/v1/responses", h.auth(), batch, "application/json");
  REQUIRE(resent);
  CHECK(json::parse(resent->body)["results"][0]["status"] == "duplicate");
  CHECK(h.stored() == 1);
  const auto unknown = test::runProcess({kHub, "quarantine", "readmit", "--db", db, "no-such-item"});
  CHECK(unknown.exitCode == 1);
  CHECK(unknown.err.find("no quarantined item 'no-such-item'") != std::string::npos);
}

TEST_CASE("report reads a kiosk's signed export file", "[hub][storage]") {
  test::TempDir dir;
  const auto file = dir / "export.jsonl";
  std::vector<Response> ratings = {test::quickResponse(4), test::quickResponse(3), test::quickResponse(1)};
  for (std::size_t i = 0; i < ratings.size(); ++i) ratings[i].seq = static_cast<std::int64_t>(i) + 1;
  {
    std::ofstream out(file);
    writeExportFile(out, {"k1", "dumai", clockNow().wallMs, true, std::nullopt}, exportKeyFromToken("token"), ratings);
  }
  const auto run = test::runProcess({kHub, "report", file.string(), "--format", "json"});
  INFO(run.err);
  REQUIRE(run.exitCode == 0);
  CHECK(json::parse(run.out)["overall"]["responses"] == 3);
}

TEST_CASE("a survey definition with an element the hub has no column for is refused at start", "[hub][storage]") {
  test::TempDir dir;
  std::ifstream in(test::assets() / "surveys" / "skm-2017.json");
  json survey = json::parse(in);
  survey["elements"][8]["code"] = "U10";
  std::ofstream(dir / "skm-2017.json") << survey.dump();
  auto catalog = SurveyCatalog::load(dir.path());
  REQUIRE_FALSE(catalog);
  CHECK(catalog.error().message.find("'U10'") != std::string::npos);
}

TEST_CASE("a rating refused as a conflict is kept in the quarantine, and junk items only as a short prefix", "[hub][storage]") {
  test::EnrolledHub h;
  Response first = test::quickResponse(4);
  first.seq = 1;
  REQUIRE(h.ingest({first}) == 200);
  Response clash = first;  // the same id with other content
  clash.answers["overall"] = 1;
  json request = json::parse(test::EnrolledHub::batch({clash}));
  json junk = request["items"][0];
  junk.erase("seq");
  junk["id"] = newUuid();
  junk["junk"] = std::string(200'000, 'x');
  request["items"].push_back(junk);
  auto sent = h.client().Post("/v1/responses", h.auth(), request.dump(), "application/json");
  REQUIRE(sent);
  REQUIRE(sent->status == 200);
  CHECK(json::parse(sent->body)["results"][0]["status"] == "rejected");
  CHECK(json::parse(sent->body)["results"][1]["status"] == "rejected");

  SQLite::Database db(h.hub.db().string(), SQLite::OPEN_READONLY);
  SQLite::Statement kept(db, "SELECT reason, payload FROM quarantine WHERE item_id = ?");
  kept.bind(1, first.uuid);
  REQUIRE(kept.executeStep());
  CHECK(kept.getColumn(0).getString().find("conflict") != std::string::npos);
  CHECK(json::parse(kept.getColumn(1).getString())["answers"]["overall"] == 1);
  CHECK(db.execAndGet("SELECT max(length(payload)) FROM quarantine").getInt() < 2048);
  CHECK(db.execAndGet("SELECT count(*) FROM quarantine").getInt() == 2);
}

TEST_CASE("a new hub database is readable by its owner only, and backup refuses to overwrite it", "[hub][storage]") {
  test::EnrolledHub h;
  REQUIRE(h.ingest({test::quickResponse(3)}) == 200);
  CHECK((std::filesystem::status(h.hub.db()).permissions() & std::filesystem::perms::all) ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  const auto db = h.hub.db().string();
  for (const std::string& target : {db, db + "-wal", db + ".key"}) {
    const auto run = test::runProcess({kHub, "backup", "--db", db, "--out", target});
    CHECK(run.exitCode == 1);
    CHECK(run.err.find("would overwrite the database it copies") != std::string::npos);
  }
  const auto backup = h.dir / "backup.db";
  REQUIRE(test::runProcess({kHub, "backup", "--db", db, "--out", backup.string()}).exitCode == 0);
  CHECK((std::filesystem::status(backup).permissions() & std::filesystem::perms::all) ==
        (std::filesystem::perms::owner_read | std::filesystem::perms::owner_write));
  CHECK(h.ingest({test::quickResponse(2)}) == 200);
  CHECK(h.stored() == 2);
  CHECK(test::runProcess({kHub, "check", "--db", db}).exitCode == 0);
}
