// `suara-hub import` as operators run it on files that arrive on USB sticks: ratings are
// attributed to the kiosk whose signature the file carries, never to the operator's word
// alone unless they say so with --unsigned, and a revoked kiosk's file needs --include-revoked.

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>

#include <fstream>
#include <optional>
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
  writeExportFile(out, {kioskId, "dumai", clockNow().wallMs, token.has_value()},
                  token ? std::optional<ExportKey>(exportKeyFromToken(*token)) : std::nullopt, ratings);
  return file;
}

// Everything before a file's last line (its trailer).
std::string withoutTrailer(const std::string& text) {
  const auto end = text.rfind('\n', text.size() - 2);
  return text.substr(0, end + 1);
}

struct Importing : test::EnrolledHub {
  test::ProcessResult import(std::vector<std::string> options, const fs::path& file) const {
    std::vector<std::string> argv = {SUARA_HUB_EXE, "import", "--db", hub.db().string()};
    argv.insert(argv.end(), options.begin(), options.end());
    argv.push_back(file.string());
    return test::runProcess(argv);
  }
};

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
