// `suara-hub import` as operators run it on files that arrive on USB sticks: ratings are
// attributed to the kiosk whose signature the file carries, never to the operator's word
// alone unless they say so with --unsigned, and a revoked kiosk's file needs --include-revoked.
// The dry runs of import and of quarantine readmit say exactly what the real runs then do.

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <fstream>
#include <array>
#include <optional>
#include <regex>
#include <sstream>

#include <nlohmann/json.hpp>

#include "suara/core/export_file.hpp"
#include "suara/core/response_file.hpp"
#include "support/enrolled_hub.hpp"
#include "support/responses.hpp"
#include "support/run_process.hpp"

using namespace suara;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::vector<Response> numbered(std::vector<Response> ratings) {
  for (std::size_t i = 0; i < ratings.size(); ++i) ratings[i].seq = static_cast<std::int64_t>(i) + 1;
  return ratings;
}

std::vector<Response> quickRatings(int n) {
  std::vector<Response> ratings;
  for (int i = 0; i < n; ++i) ratings.push_back(test::quickResponse(1 + i % 4));
  return numbered(std::move(ratings));
}

std::string slurp(const fs::path& file) {
  std::ifstream in(file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// `ratings` as the kiosk `kioskId` of unit dumai exports them: signed with its token's key,
// or unsigned when there is no token.
fs::path writeExport(const fs::path& file, const std::string& kioskId, const std::optional<std::string>& token,
                     const std::vector<Response>& ratings) {
  std::ofstream out(file, std::ios::binary);
  writeExportFile(out, {kioskId, "dumai", clockNow().wallMs, token.has_value(), std::nullopt},
                  token ? std::optional<ExportKey>(exportKeyFromToken(*token)) : std::nullopt, ratings);
  return file;
}

// Everything before a file's last line (its trailer).
std::string withoutTrailer(const std::string& text) {
  const auto end = text.rfind('\n', text.size() - 2);
  return text.substr(0, end + 1);
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  for (auto at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size())) text.replace(at, from.size(), to);
  return text;
}

Response atUnknownCounter(Response r, std::int64_t seq) {
  r.counterId = "loket-9";
  r.seq = seq;
  return r;
}

struct Importing : test::EnrolledHub {
  test::ProcessResult import(std::vector<std::string> options, const fs::path& file) const {
    std::vector<std::string> argv = {SUARA_HUB_EXE, "import", "--db", hub.db().string()};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.push_back(file.string());
    return test::runProcess(argv);
  }
  // Another kiosk of unit dumai: its Authorization header.
  httplib::Headers enrolAnother() const {
    const auto enrolled = client().Post("/v1/enroll", json{{"code", newCode()}}.dump(), "application/json");
    REQUIRE(enrolled->status == 200);
    return {{"Authorization", "Bearer " + json::parse(enrolled->body)["token"].get<std::string>()}};
  }
  // The status of each item sent as the kiosk `auth` authenticates.
  std::vector<std::string> send(const httplib::Headers& auth, const std::vector<Response>& items) const {
    const auto sent = client().Post("/v1/responses", auth, batch(items), "application/json");
    REQUIRE(sent->status == 200);
    const json reply = json::parse(sent->body);  // named: a loop over a temporary's member would dangle
    std::vector<std::string> statuses;
    for (const auto& result : reply["results"]) statuses.push_back(result["status"]);
    return statuses;
  }
  std::int64_t quarantined() const {
    SQLite::Database db(hub.db().string(), SQLite::OPEN_READONLY);
    return db.execAndGet("SELECT count(*) FROM quarantine").getInt64();
  }
};

// "N stored, N already stored, N still quarantined", as readmit prints it (dry run or not).
std::array<int, 3> readmitCounts(const std::string& out) {
  std::smatch m;
  REQUIRE(std::regex_search(out, m, std::regex(R"((\d+) (?:would be )?stored, (\d+) already stored, (\d+) still quarantined)")));
  return {std::stoi(m[1]), std::stoi(m[2]), std::stoi(m[3])};
}

}  // namespace

TEST_CASE("an export stripped of its signature is refused unless --unsigned names the kiosk it names", "[hub][import]") {
  Importing h;
  const fs::path file = h.dir / "stripped.jsonl";
  writeExport(file, h.kioskId, h.token, quickRatings(4));
  const std::string signedText = slurp(file);
  std::ofstream(file, std::ios::binary) << withoutTrailer(signedText) << "{\"suara_export_end\":1}\n";

  for (const auto& options : {std::vector<std::string>{}, {"--kiosk", h.kioskId}}) {
    const auto refused = h.import(options, file);
    CHECK(refused.exitCode != 0);
    CHECK_THAT(refused.err, Catch::Contains("not signed") && Catch::Contains("--unsigned"));
  }
  const auto noKiosk = h.import({"--unsigned"}, file);
  CHECK(noKiosk.exitCode != 0);
  CHECK_THAT(noKiosk.err, Catch::Contains("--kiosk"));
  const std::string other =
      json::parse(h.client().Post("/v1/enroll", json{{"code", h.newCode()}}.dump(), "application/json")->body)["kiosk_id"];
  const auto otherKiosk = h.import({"--unsigned", "--kiosk", other}, file);
  CHECK(otherKiosk.exitCode != 0);
  CHECK_THAT(otherKiosk.err, Catch::Contains("names kiosk '" + h.kioskId + "'"));
  CHECK(h.stored() == 0);

  const auto taken = h.import({"--unsigned", "--kiosk", h.kioskId}, file);
  INFO(taken.err);
  CHECK(taken.exitCode == 0);
  CHECK_THAT(taken.err, Catch::Contains("not signed"));
  CHECK(h.stored() == 4);
}

TEST_CASE("an old headerless export is imported only with --unsigned and --kiosk", "[hub][import]") {
  Importing h;
  const fs::path file = h.dir / "old.jsonl";
  {
    std::ofstream out(file);
    writeResponsesJsonl(out, quickRatings(3));
  }
  const auto refused = h.import({"--kiosk", h.kioskId}, file);
  CHECK(refused.exitCode != 0);
  CHECK_THAT(refused.err, Catch::Contains("--unsigned"));
  CHECK(h.stored() == 0);
  CHECK(h.import({"--unsigned", "--kiosk", h.kioskId}, file).exitCode == 0);
  CHECK(h.stored() == 3);
}

TEST_CASE("a signed export whose signature does not verify is refused, --unsigned or not", "[hub][import]") {
  Importing h;
  auto ratings = quickRatings(3);
  const fs::path genuine = writeExport(h.dir / "genuine.jsonl", h.kioskId, h.token, ratings);
  ratings[1].answers["overall"] = 4;
  const fs::path changed = writeExport(h.dir / "changed.jsonl", h.kioskId, std::nullopt, ratings);
  const std::string signedText = slurp(genuine), changedText = slurp(changed);
  std::ofstream(changed, std::ios::binary) << withoutTrailer(changedText) << signedText.substr(withoutTrailer(signedText).size());
  for (const auto& options : {std::vector<std::string>{}, {"--unsigned", "--kiosk", h.kioskId}, {"--dry-run"}}) {
    const auto refused = h.import(options, changed);
    CHECK(refused.exitCode != 0);
    CHECK_THAT(refused.err, Catch::Contains("signature does not match"));
  }
  CHECK(h.stored() == 0);
}

TEST_CASE("a revoked kiosk's export is refused unless --include-revoked, and says so", "[hub][import]") {
  Importing h;
  const fs::path file = writeExport(h.dir / "export.jsonl", h.kioskId, h.token, quickRatings(5));
  h.hub.admin({"kiosk", "revoke", "--id", h.kioskId});
  for (const auto& options : {std::vector<std::string>{}, {"--dry-run"}}) {
    const auto refused = h.import(options, file);
    CHECK(refused.exitCode != 0);
    CHECK_THAT(refused.err, Catch::Contains("revoked") && Catch::Contains("--include-revoked"));
  }
  CHECK(h.stored() == 0);
  const auto imported = h.import({"--include-revoked"}, file);
  INFO(imported.err);
  CHECK(imported.exitCode == 0);
  CHECK_THAT(imported.err, Catch::Contains("revoked"));
  CHECK(h.stored() == 5);
}

TEST_CASE("import --dry-run counts new, duplicate, conflicting and invalid items exactly as the import then does", "[hub][import]") {
  Importing h;
  const auto other = h.enrolAnother();
  auto ratings = quickRatings(604);
  ratings[550] = ratings[0];  // the same item twice, in different batches of 500
  Response changed = ratings[601];
  changed.answers["overall"] = changed.answers["overall"] % 4 + 1;
  REQUIRE(h.send(h.auth(), {ratings[600], changed}) == std::vector<std::string>{"accepted", "accepted"});  // synced before
  REQUIRE(h.send(other, {ratings[602]}) == std::vector<std::string>{"accepted"});  // the id taken by another kiosk
  ratings[603] = atUnknownCounter(ratings[603], ratings[603].seq);
  const fs::path file = writeExport(h.dir / "export.jsonl", h.kioskId, h.token, ratings);

  const auto dry = h.import({"--dry-run"}, file);
  INFO(dry.err);
  REQUIRE(dry.exitCode == 0);
  CHECK(h.stored() == 3);
  CHECK(h.quarantined() == 0);
  const auto real = h.import({}, file);
  REQUIRE(real.exitCode == 0);
  CHECK_THAT(real.out, Catch::EndsWith(": 599 new, 2 already here, 3 quarantined\n"));
  CHECK(replaced(dry.out, "dry run, nothing stored: ", "imported ") == real.out);
  CHECK(replaced(dry.err, "would quarantine ", "quarantined ") == real.err);
  CHECK(h.stored() == 3 + 599);
  CHECK(h.quarantined() == 3);
}

TEST_CASE("quarantine readmit --dry-run counts exactly what readmit then does, conflicts included", "[hub][import]") {
  Importing h;
  const auto other = h.enrolAnother();
  const Response fresh = atUnknownCounter(test::quickResponse(4), 1), resent = atUnknownCounter(test::quickResponse(3), 2),
                 changed = atUnknownCounter(test::quickResponse(2), 3), twice = atUnknownCounter(test::quickResponse(4), 4),
                 taken = atUnknownCounter(test::quickResponse(1), 1);
  const std::vector<std::string> fourRejected(4, "rejected"), twoRejected(2, "rejected");
  REQUIRE(h.send(h.auth(), {fresh, resent, changed, twice}) == fourRejected);
  REQUIRE(h.send(other, {taken, twice}) == twoRejected);  // `twice`: both kiosks quarantined the same item
  h.hub.admin({"unit", "extend", "--id", "dumai", "--counter", "loket-9=Loket 9"});
  Response changedSince = changed, takenSince = taken;
  changedSince.counterId = takenSince.counterId = "loket-1";
  takenSince.seq = 5;
  REQUIRE(h.send(h.auth(), {resent, changedSince, takenSince}) == std::vector<std::string>(3, "accepted"));

  const auto dry = test::runProcess({SUARA_HUB_EXE, "quarantine", "readmit", "--db", h.hub.db().string(), "--all", "--dry-run"});
  INFO(dry.out << dry.err);
  REQUIRE(dry.exitCode == 0);
  CHECK(h.stored() == 3);
  CHECK(h.quarantined() == 6);
  const auto real = test::runProcess({SUARA_HUB_EXE, "quarantine", "readmit", "--db", h.hub.db().string(), "--all"});
  REQUIRE(real.exitCode == 0);
  // fresh and one `twice` stored; resent already; changed, taken and the other `twice` conflict.
  CHECK(readmitCounts(real.out) == std::array<int, 3>{2, 1, 3});
  CHECK(readmitCounts(dry.out) == readmitCounts(real.out));
  CHECK(dry.err == real.err);
  CHECK(h.stored() == 5);
  CHECK(h.quarantined() == 3);
}
