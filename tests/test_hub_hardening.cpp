// The hub tried as attackers and operators try it: hostile bodies on every route, slow and
// idle connections, brute-forced enrolment, CLI writes while serving, a second hub, absurd
// times. Each case once broke the hub; each checks the hub still serves afterwards.

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <httplib.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <fstream>
#include <limits>
#include <regex>
#include <thread>

#include <nlohmann/json.hpp>

#include "http_transport.hpp"
#include "suara/core/export_file.hpp"
#include "suara/core/response_file.hpp"
#include "suara/core/wire.hpp"
#include "support/enrolled_hub.hpp"
#include "support/hub_process.hpp"
#include "support/raw_http.hpp"
#include "support/responses.hpp"
#include "support/run_process.hpp"
#include "support/scratch_mount.hpp"
#include "support/temp_dir.hpp"

using namespace suara;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

using Hub = test::EnrolledHub;

std::vector<Response> quickBatch(int n) {
  std::vector<Response> items;
  for (int i = 0; i < n; ++i) items.push_back(test::quickResponse(1 + i % 4));
  return items;
}

std::string deeplyNested(std::size_t depth) { return std::string(depth, '[') + std::string(depth, ']'); }

struct Route {
  const char* path;
  bool needsToken;
};
const Route kPostRoutes[] = {{"/v1/enroll", false}, {"/v1/heartbeat", true}, {"/v1/responses", true}, {"/v1/no-such-route", true}};

}  // namespace

TEST_CASE("CLI writes while serving never wedge the hub: ingest, heartbeat, enrolment and revocation keep working", "[hub][hardening]") {
  Hub h;
  auto synced = quickBatch(3);
  for (std::size_t i = 0; i < synced.size(); ++i) synced[i].seq = 1 + static_cast<std::int64_t>(i);
  REQUIRE(h.ingest(synced) == 200);
  // A USB export of everything the kiosk holds (some of it synced already), imported while the
  // hub serves: another process writing the database.
  const fs::path file = h.dir / "usb.jsonl";
  auto exported = synced;
  for (auto& r : quickBatch(5)) exported.push_back(r), exported.back().seq = static_cast<std::int64_t>(exported.size());
  {
    std::ofstream out(file);
    writeResponsesJsonl(out, exported);
  }
  h.hub.admin({"import", "--unsigned", "--kiosk", h.kioskId, file.string()});
  auto resent = exported;  // the next sync resends what the import already stored
  for (auto& r : quickBatch(3)) resent.push_back(r), resent.back().seq = static_cast<std::int64_t>(resent.size());
  REQUIRE(h.ingest(resent) == 200);
  const std::string second = h.newCode();  // a CLI write
  CHECK(h.ingest(quickBatch(3)) == 200);
  CHECK(h.heartbeat() == 200);
  const auto enrolled = h.client().Post("/v1/enroll", json{{"code", second}, {"name", "second"}}.dump(), "application/json");
  REQUIRE(enrolled);
  CHECK(enrolled->status == 200);
  h.hub.admin({"kiosk", "revoke", "--id", h.kioskId});
  const auto config = h.client().Get("/v1/config", h.auth());
  REQUIRE(config);
  CHECK(config->status == 403);
  CHECK(h.stored() == 14);
}

TEST_CASE("the WAL stays bounded under sustained ingest and hub.db alone holds the data", "[hub][hardening]") {
  Hub h;
  constexpr int kBatches = 200, kPerBatch = 500;  // 100,000 ratings
  for (int b = 0; b < kBatches; ++b) REQUIRE(h.ingest(quickBatch(kPerBatch)) == 200);
  const fs::path wal = h.hub.db().string() + "-wal";
  const auto walBytes = fs::exists(wal) ? fs::file_size(wal) : 0;
  INFO("WAL is " << walBytes << " bytes");
  CHECK(walBytes <= 80u << 20);  // the journal size limit (64 MiB) and one checkpoint interval of slack
  // A copy of hub.db alone (as a naive backup would take) holds most of what was acknowledged.
  const fs::path copy = h.dir / "copy.db";
  fs::copy_file(h.hub.db(), copy);
  SQLite::Database db(copy.string(), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT count(*) FROM responses").getInt64() >= kBatches * kPerBatch / 2);
}

TEST_CASE("a body nested 100,000 deep is refused on every JSON route and the hub keeps serving", "[hub][hardening]") {
  Hub h;
  for (const Route& route : kPostRoutes) {
    INFO(route.path);
    const auto reply = test::rawRequest(h.hub.port(), test::postRequest(route.path, deeplyNested(100'000), h.authLine()));
    CHECK(reply.status >= 400);
    CHECK(reply.status < 500);
    CHECK(h.health() == 200);
  }
  const auto nestedObject = test::rawRequest(
      h.hub.port(), test::postRequest("/v1/heartbeat", R"({"wall_ms":1,"x":)" + deeplyNested(5'000) + "}", h.authLine()));
  CHECK(nestedObject.status == 400);
  CHECK_THAT(nestedObject.body, Catch::Contains("nested"));
  CHECK(h.health() == 200);
}

TEST_CASE("compressed bombs and chunked floods are refused on every route with the hub's memory bounded", "[hub][hardening]") {
  Hub h;
  // What the hub holds before the attack (its dashboard's templates and libraries, and under
  // AddressSanitizer its shadow memory): the bound is on what the bombs add.
  const std::size_t before = h.hub.rssBytes();
  const std::string bomb = test::gzipBomb(std::size_t{512} << 20);  // 512 MiB inflated, ~500 KiB sent
  REQUIRE(bomb.size() < (1u << 20));
  for (const Route& route : kPostRoutes) {
    INFO(route.path);
    const auto reply = test::rawRequest(
        h.hub.port(), test::postRequest(route.path, bomb, (route.needsToken ? h.authLine() : "") + "Content-Encoding: gzip\r\n"));
    CHECK(((reply.status == 413) || (reply.status == 404 && std::string(route.path) == "/v1/no-such-route")));

    // A chunked body with no declared length, twelve mebibytes and still coming.
    test::RawConnection flood(h.hub.port());
    flood.send(std::string("POST ") + route.path + " HTTP/1.1\r\nHost: hub\r\nContent-Type: application/json\r\n" +
               (route.needsToken ? h.authLine() : "") + "Transfer-Encoding: chunked\r\n\r\n");
    const std::string chunk = "100000\r\n" + std::string(1 << 20, 'x') + "\r\n";
    for (int i = 0; i < 12 && flood.send(chunk); ++i) {
    }
    const auto floodReply = flood.read();
    CHECK(((floodReply.status == 413) || (floodReply.status == 404 && std::string(route.path) == "/v1/no-such-route")));
  }
  CHECK(h.health() == 200);
  INFO("peak RSS " << (h.hub.peakRssBytes() >> 20) << " MiB, " << (before >> 20) << " MiB before");
  CHECK(h.hub.peakRssBytes() - before < (std::size_t{160} << 20));
  CHECK(h.stored() == 0);
}

TEST_CASE("a stream of compressed bombs does not leave the hub holding the memory it inflated them into", "[hub][hardening]") {
  Hub h;
  const std::string bomb = test::gzipBomb(std::size_t{512} << 20);  // inflated up to the route's 8 MiB, then refused
  const std::string request = test::postRequest("/v1/responses", bomb, h.authLine() + "Content-Encoding: gzip\r\n");
  REQUIRE(test::rawRequest(h.hub.port(), request).status == 413);
  const std::size_t before = h.hub.rssBytes();
  std::atomic<int> refused{0};
  for (int round = 0; round < 8; ++round) {  // four at a time: as many as one kiosk may send at once
    std::vector<std::thread> senders;
    for (int i = 0; i < 4; ++i) senders.emplace_back([&] { refused += test::rawRequest(h.hub.port(), request).status == 413; });
    for (auto& sender : senders) sender.join();
  }
  const std::size_t after = h.hub.rssBytes();
  INFO("the hub held " << (before >> 20) << " MiB before 32 bombs, 4 at a time, and " << (after >> 20) << " MiB after");
  CHECK(refused == 32);
#ifndef __SANITIZE_ADDRESS__  // ASan's allocator keeps freed blocks in quarantine: it would measure ASan, not glibc
  CHECK(after < before + (std::size_t{64} << 20));
#endif
  CHECK(h.health() == 200);
}

TEST_CASE("a second hub on the same port or the same database refuses to start with one clear line", "[hub][hardening]") {
  Hub h;
  test::HubProcess samePort(h.dir / "other.db");
  try {
    samePort.start(h.hub.port());
    FAIL("a second hub started on a port already served");
  } catch (const std::runtime_error& e) {
    CHECK_THAT(e.what(), Catch::Contains("already in use"));
  }
  test::HubProcess sameDb(h.hub.db());
  try {
    sameDb.start();
    FAIL("a second hub started on a database already served");
  } catch (const std::runtime_error& e) {
    CHECK_THAT(e.what(), Catch::Contains("another suara-hub"));
  }
  CHECK(h.ingest(quickBatch(2)) == 200);
}

TEST_CASE("enrolment guesses are throttled per address; a locked-out address does not stop the others", "[hub][hardening]") {
  Hub h;
  const std::string good = h.newCode();
  int throttled = 0, lastStatus = 0;
  for (int i = 0; i < 30; ++i) {
    const auto reply = test::rawRequest(h.hub.port(), test::postRequest("/v1/enroll", json{{"code", "AAAA-BBBB-CCCC"}}.dump()), "127.0.0.3");
    lastStatus = reply.status;
    if (reply.status == 429) {
      ++throttled;
      CHECK_THAT(reply.headers, Catch::Contains("Retry-After"));
    }
  }
  CHECK(throttled >= 15);
  CHECK(lastStatus == 429);
  // Locked out: even the right code from that address waits.
  CHECK(test::rawRequest(h.hub.port(), test::postRequest("/v1/enroll", json{{"code", good}}.dump()), "127.0.0.3").status == 429);
  // Another address is not locked out by this one.
  const auto other = test::rawRequest(h.hub.port(), test::postRequest("/v1/enroll", json{{"code", good}, {"name", "x"}}.dump()), "127.0.0.4");
  CHECK(other.status == 200);
}

TEST_CASE("new enrolment codes carry at least 50 bits in groups and expire after 72 hours by default", "[hub][hardening]") {
  Hub h;
  const std::string code = h.newCode();
  CHECK(std::regex_match(code, std::regex("[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}")));  // 12 of 32 symbols: 60 bits
  SQLite::Database db(h.hub.db().string(), SQLite::OPEN_READONLY);
  const auto expires = db.execAndGet("SELECT max(expires_ms) FROM enrolment_codes").getInt64();
  const double hours = static_cast<double>(expires - clockNow().wallMs) / 3'600'000.0;
  CHECK(hours > 71.9);
  CHECK(hours <= 72.0);
}

TEST_CASE("INT64 extremes in item and sending times are refused with a reason, never stored as absurd years", "[hub][hardening]") {
  Hub h;
  constexpr auto kMax = std::numeric_limits<std::int64_t>::max(), kMin = std::numeric_limits<std::int64_t>::min();
  for (const auto& [field, value] : std::vector<std::pair<std::string, std::int64_t>>{
           {"wall_ms", kMax}, {"wall_ms", kMin}, {"mono_ms", kMin}, {"mono_ms", kMax}}) {
    INFO(field << " = " << value);
    Response r = test::quickResponse(3);
    r.seq = 1;
    json request = json::parse(Hub::batch({r}));
    request["items"][0]["clock"][field] = value;
    request["items"][0]["clock"]["boot"] = "another-boot";  // an earlier boot: the wall time is used
    const auto res = h.client().Post("/v1/responses", h.auth(), request.dump(), "application/json");
    REQUIRE(res);
    REQUIRE(res->status == 200);
    CHECK(json::parse(res->body)["results"][0]["status"] == "rejected");
  }
  for (const std::int64_t sentWall : {kMax, kMin}) {
    json request = json::parse(Hub::batch({test::quickResponse(2)}));
    request["items"][0]["clock"]["boot"] = "another-boot";
    request["sent"]["wall_ms"] = sentWall;
    const auto res = h.client().Post("/v1/responses", h.auth(), request.dump(), "application/json");
    REQUIRE(res);
    CHECK(res->status == 400);
  }
  const auto beat = h.client().Post("/v1/heartbeat", h.auth(), json{{"wall_ms", kMin}}.dump(), "application/json");
  CHECK(beat->status == 400);
  CHECK(h.stored() == 0);
  SQLite::Database db(h.hub.db().string(), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT count(*) FROM quarantine").getInt64() == 4);
}

TEST_CASE("70 slow and 500 idle connections do not stop a kiosk's ingest or the health check", "[hub][hardening]") {
  Hub h;
  std::vector<test::RawConnection> idle, slow;
  for (int i = 0; i < 500; ++i) {
    try {
      idle.emplace_back(h.hub.port(), "127.0.0.5");
    } catch (const std::runtime_error&) {
      break;  // refused at accept: also fine
    }
  }
  for (int i = 0; i < 70; ++i) {
    slow.emplace_back(h.hub.port(), "127.0.0.6");
    slow.back().send("POST /v1/responses HTTP/1.1\r\nHost: hub\r\n");
  }
  for (int round = 0; round < 5; ++round) {
    for (auto& s : slow) s.send("X-Slow: 1\r\n");  // a header line now and then, never finishing
    CHECK(h.health() == 200);
    CHECK(h.ingest(quickBatch(100)) == 200);
  }
  CHECK(h.stored() == 500);
}

TEST_CASE("health answers at once while more batches than worker threads wait for a commit", "[hub][hardening][concurrency]") {
  Hub h({"--threads", "2"});
  REQUIRE(h.heartbeat() == 200);
  SQLite::Database other(h.hub.db().string(), SQLite::OPEN_READWRITE);
  other.exec("BEGIN IMMEDIATE");  // another process writing: the next commit waits for it
  std::atomic<int> stored{0};
  std::vector<std::thread> kiosks;
  for (int k = 0; k < 4; ++k) kiosks.emplace_back([&] { stored += h.ingest(quickBatch(10)) == 200; });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // both workers taken, two batches queued for them
  const auto start = std::chrono::steady_clock::now();
  const int health = h.health();
  const auto waited = std::chrono::steady_clock::now() - start;
  other.exec("ROLLBACK");
  for (auto& k : kiosks) k.join();
  CHECK(health == 200);
  CHECK(waited < std::chrono::seconds(1));
  CHECK(stored == 4);
}

TEST_CASE("requests the HTTP layer refuses get a 4xx that says why", "[hub][hardening]") {
  Hub h;
  const int port = h.hub.port();
  const auto nonStringName = test::rawRequest(port, test::postRequest("/v1/enroll", json{{"code", h.newCode()}, {"name", 42}}.dump()));
  CHECK(nonStringName.status == 400);
  CHECK_THAT(nonStringName.body, Catch::Contains("name"));

  std::string truncated = sync::gzipCompress(json{{"wall_ms", clockNow().wallMs}}.dump());
  truncated.resize(truncated.size() - 8);  // no CRC and length trailer
  const auto noTrailer = test::rawRequest(port, test::postRequest("/v1/heartbeat", truncated, h.authLine() + "Content-Encoding: gzip\r\n"));
  CHECK(noTrailer.status == 400);

  const auto brotli = test::rawRequest(port, test::postRequest("/v1/heartbeat", "{}", h.authLine() + "Content-Encoding: br\r\n"));
  CHECK(brotli.status == 415);
  const std::string beat = json{{"wall_ms", clockNow().wallMs}}.dump();
  const auto form = test::rawRequest(
      port, "POST /v1/heartbeat HTTP/1.1\r\nHost: hub\r\nContent-Type: application/x-www-form-urlencoded\r\n" + h.authLine() +
                "Content-Length: " + std::to_string(beat.size()) + "\r\n\r\n" + beat);
  CHECK(form.status == 415);

  std::string headers;
  for (int i = 0; i < 200; ++i) headers += "X-Many-" + std::to_string(i) + ": x\r\n";
  CHECK(test::rawRequest(port, "GET /v1/health HTTP/1.1\r\nHost: hub\r\n" + headers + "\r\n").status == 431);
  CHECK(test::rawRequest(port, "GET /v1/health HTTP/1.1\r\nHost: hub\r\nX-Big: " + std::string(64 * 1024, 'x') + "\r\n\r\n").status == 431);

  const auto garbage = test::rawRequest(port, "BLAH\r\n\r\n");
  CHECK(garbage.status == 400);
  CHECK_THAT(garbage.body, !Catch::Contains("no such endpoint"));

  const auto lower = test::rawRequest(port, "GET /v1/config HTTP/1.1\r\nHost: hub\r\nAuthorization: bearer " + h.token + "\r\n\r\n");
  CHECK(lower.status == 200);
  CHECK(h.health() == 200);
}

TEST_CASE("a full disk is a 503 with Retry-After, health says writes fail, and the hub recovers when space returns", "[hub][hardening]") {
  test::ScratchMount disk(16 << 20);
  test::TempDir dir;
  test::HubProcess hub(disk / "hub.db");
  hub.start();
  const std::string code = hub.createUnitAndCode();
  httplib::Client client("127.0.0.1", hub.port());
  const auto enrolled = client.Post("/v1/enroll", json{{"code", code}}.dump(), "application/json");
  REQUIRE(enrolled->status == 200);
  const httplib::Headers auth = {{"Authorization", "Bearer " + json::parse(enrolled->body)["token"].get<std::string>()}};
  REQUIRE(client.Post("/v1/responses", auth, Hub::batch(quickBatch(10)), "application/json")->status == 200);

  const fs::path filler = disk.fill();
  const auto full = client.Post("/v1/responses", auth, Hub::batch(quickBatch(500)), "application/json");
  REQUIRE(full);
  CHECK(full->status == 503);
  CHECK(full->has_header("Retry-After"));
  const auto health = client.Get("/v1/health");
  REQUIRE(health);
  CHECK(health->status == 503);
  CHECK(json::parse(health->body)["database"]["writable"] == false);

  fs::remove(filler);
  CHECK(client.Post("/v1/responses", auth, Hub::batch(quickBatch(500)), "application/json")->status == 200);
  CHECK(client.Get("/v1/health")->status == 200);
}

TEST_CASE("health says the database is writable while another process holds its write lock", "[hub][hardening]") {
  Hub h;
  SQLite::Database other(h.hub.db().string(), SQLite::OPEN_READWRITE);
  SQLite::Transaction writing(other, SQLite::TransactionBehavior::IMMEDIATE);  // as a CLI command mid-write
  const auto health = h.client().Get("/v1/health");
  REQUIRE(health);
  CHECK(health->status == 200);
  CHECK(json::parse(health->body)["database"]["writable"] == true);
}

TEST_CASE("an export is stored under the kiosk that signed it: another kiosk, a forged header or a dry run store nothing", "[hub][hardening]") {
  Hub h;  // h.kioskId belongs to unit dumai
  h.hub.admin({"unit", "add", "--id", "solok", "--name", "Kota Solok"});
  const auto solok = h.client().Post("/v1/enroll", json{{"code", h.hub.enrolmentCode("solok")}}.dump(), "application/json");
  REQUIRE(solok->status == 200);
  const std::string solokKiosk = json::parse(solok->body)["kiosk_id"];

  auto ratings = quickBatch(4);
  for (std::size_t i = 0; i < ratings.size(); ++i) ratings[i].seq = 1 + static_cast<std::int64_t>(i);
  const auto write = [&](const fs::path& file, const ExportHeader& header) {
    std::ofstream out(file);
    writeExportFile(out, header, exportKeyFromToken(h.token), ratings);
  };
  const fs::path genuine = h.dir / "dumai.jsonl", forged = h.dir / "forged.jsonl";
  write(genuine, {h.kioskId, "dumai", clockNow().wallMs, true, std::nullopt});
  write(forged, {solokKiosk, "solok", clockNow().wallMs, true, std::nullopt});  // Dumai's key, Solok's name

  const auto hubExe = std::string(SUARA_HUB_EXE), db = h.hub.db().string();
  const auto misattributed = test::runProcess({hubExe, "import", "--db", db, "--kiosk", solokKiosk, genuine.string()});
  CHECK(misattributed.exitCode != 0);
  CHECK_THAT(misattributed.err, Catch::Contains("exported by kiosk '" + h.kioskId + "'"));
  const auto forgery = test::runProcess({hubExe, "import", "--db", db, forged.string()});
  CHECK(forgery.exitCode != 0);
  const auto dryRun = test::runProcess({hubExe, "import", "--db", db, "--dry-run", genuine.string()});
  CHECK(dryRun.exitCode == 0);
  CHECK_THAT(dryRun.out, Catch::StartsWith("dry run, nothing stored"));
  CHECK(h.stored() == 0);

  const auto imported = test::runProcess({hubExe, "import", "--db", db, genuine.string()});
  CHECK(imported.exitCode == 0);
  CHECK(h.stored() == 4);
  SQLite::Database check(db, SQLite::OPEN_READONLY);
  CHECK(check.execAndGet("SELECT count(*) FROM responses WHERE kiosk_id = '" + h.kioskId + "' AND unit_id = 'dumai'").getInt64() == 4);
}

TEST_CASE("backup copies a consistent database while the hub serves, and check finds it whole", "[hub][hardening]") {
  Hub h;
  REQUIRE(h.ingest(quickBatch(50)) == 200);
  const fs::path copy = h.dir / "backup.db";
  h.hub.admin({"backup", "--out", copy.string()});
  CHECK(h.ingest(quickBatch(5)) == 200);
  SQLite::Database db(copy.string(), SQLite::OPEN_READONLY);
  CHECK(db.execAndGet("SELECT count(*) FROM responses").getInt64() == 50);
  CHECK_FALSE(fs::exists(copy.string() + "-wal"));
  const auto checked = test::runProcess({SUARA_HUB_EXE, "check", "--db", copy.string()});
  CHECK(checked.exitCode == 0);
  CHECK(checked.out == "ok\n");
}
