// The USB export file: which kiosk and unit it came from, signed so that the hub can tell when
// a file was changed or did not come from the kiosk it names.

#include <catch2/catch.hpp>

#include <sodium.h>

#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "suara/core/export_file.hpp"
#include "suara/core/response_file.hpp"
#include "support/responses.hpp"
#include "support/temp_dir.hpp"

using namespace suara;

namespace {
const std::string kToken = "token-of-kiosk-7";

// The same responses on every call (fresh UUIDs once), so files written apart compare equal.
const std::vector<Response>& sample() {
  static const std::vector<Response> kSample = [] {
    std::vector<Response> responses{test::quickResponse(1, {"waiting_time"}), test::quickResponse(4),
                                    test::skmAll({4, 3, 4, 2, 4, 4, 3, 4, 1})};
    Response followUp;
    followUp.uuid = newUuid();
    followUp.amends = responses[0].uuid;
    followUp.respondent.ageBand = "30_39";
    followUp.clock = clockNow();
    responses.push_back(followUp);
    for (std::size_t i = 0; i < responses.size(); ++i) responses[i].seq = static_cast<std::int64_t>(i) + 1;
    return responses;
  }();
  return kSample;
}

ExportHeader kiosk7() { return ExportHeader{"k-7", "dumai", 1'767'225'600'000, false, std::nullopt}; }

// The hub's side: it knows kiosk k-7 (and k-8, another kiosk of the same hub) by their token hashes.
std::optional<ExportKey> hubKeys(const ExportHeader& header) {
  if (header.kioskId == "k-7") return exportKeyFromToken(kToken);
  if (header.kioskId == "k-8") return exportKeyFromToken("token-of-kiosk-8");
  return std::nullopt;
}

std::string written(const std::optional<ExportKey>& key, const ExportHeader& header = kiosk7()) {
  std::ostringstream out;
  writeExportFile(out, header, key, sample());
  return out.str();
}

std::vector<std::string> linesOf(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) lines.push_back(line);
  return lines;
}

std::string joined(const std::vector<std::string>& lines) {
  std::string text;
  for (const auto& line : lines) text += line + "\n";
  return text;
}

std::string replaced(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  return text.replace(at, from.size(), to);
}

struct Saved {
  test::TempDir dir;
  std::filesystem::path file = dir / "suara-export.jsonl";
  explicit Saved(const std::string& text) { std::ofstream(file, std::ios::binary) << text; }
  Result<ExportFile> read() const { return readExportFile(file, hubKeys); }
};
}  // namespace

TEST_CASE("a signed export reads back with its kiosk, unit, time and every response", "[export]") {
  const std::string text = written(exportKeyFromToken(kToken));
  const Saved saved(text);
  const auto lines = linesOf(text);
  REQUIRE(lines.size() == 6);  // header, four responses, trailer
  CHECK(lines.front() ==
        R"({"suara_export":1,"kiosk_id":"k-7","unit_id":"dumai","exported_ms":1767225600000,"count":4})");
  const auto trailer = nlohmann::json::parse(lines.back());
  CHECK(trailer["suara_export_end"] == 1);
  CHECK(trailer["hmac"].get<std::string>().size() == 64);

  const auto file = saved.read();
  REQUIRE(file.ok());
  REQUIRE(file->header.has_value());
  CHECK(file->header->kioskId == "k-7");
  CHECK(file->header->unitId == "dumai");
  CHECK(file->header->exportedMs == 1'767'225'600'000);
  CHECK(file->header->isSigned);
  CHECK(file->responses == sample());
}

TEST_CASE("the export signature is HMAC-SHA256 keyed by the token's SHA-256 over every byte before the trailer",
          "[export]") {
  // Pinned so that the hub's reader and this one cannot drift apart.
  const auto key = exportKeyFromToken("abc");
  CHECK(std::string(reinterpret_cast<const char*>(key.data()), key.size()) ==
        std::string("\xba\x78\x16\xbf\x8f\x01\xcf\xea\x41\x41\x40\xde\x5d\xae\x22\x23"
                    "\xb0\x03\x61\xa3\x96\x17\x7a\x9c\xb4\x10\xff\x61\xf2\x00\x15\xad", 32));
  const std::string text = written(key);
  const std::string body = text.substr(0, text.rfind("{\"suara_export_end\""));
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
  crypto_auth_hmacsha256(mac.data(), reinterpret_cast<const unsigned char*>(body.data()), body.size(), key.data());
  char hex[2 * crypto_auth_hmacsha256_BYTES + 1];
  sodium_bin2hex(hex, sizeof hex, mac.data(), mac.size());
  CHECK(linesOf(text).back() == std::string(R"({"suara_export_end":1,"hmac":")") + hex + "\"}");
}

TEST_CASE("a signed export with a changed response is Invalid, naming the file", "[export]") {
  const std::string text = written(exportKeyFromToken(kToken));
  const Saved saved(replaced(text, R"("overall":4)", R"("overall":1)"));  // still a valid response
  const auto file = saved.read();
  REQUIRE_FALSE(file.ok());
  CHECK(file.error().code == Errc::Invalid);
  CHECK(file.error().message == saved.file.string() +
                                    ": signature does not match kiosk 'k-7' (unit 'dumai'): the file was changed or is "
                                    "not from that kiosk");
}

TEST_CASE("a signed export whose header names another kiosk or unit is Invalid", "[export]") {
  const std::string text = written(exportKeyFromToken(kToken));
  SECTION("another kiosk the hub knows") {
    const auto file = Saved(replaced(text, R"("kiosk_id":"k-7")", R"("kiosk_id":"k-8")")).read();
    REQUIRE_FALSE(file.ok());
    CHECK(file.error().code == Errc::Invalid);
    CHECK_THAT(file.error().message, Catch::Contains("signature does not match kiosk 'k-8'"));
  }
  SECTION("another unit, same kiosk") {
    const auto file = Saved(replaced(text, R"("unit_id":"dumai")", R"("unit_id":"solok")")).read();
    REQUIRE_FALSE(file.ok());
    CHECK(file.error().code == Errc::Invalid);
    CHECK_THAT(file.error().message, Catch::Contains("signature does not match kiosk 'k-7' (unit 'solok')"));
  }
}

TEST_CASE("a signed export cut short is Invalid, never read as a smaller file", "[export]") {
  auto lines = linesOf(written(exportKeyFromToken(kToken)));
  lines.pop_back();  // the trailer
  SECTION("at a line boundary, trailer gone") {
    const Saved saved(joined(lines));
    const auto file = saved.read();
    REQUIRE_FALSE(file.ok());
    CHECK(file.error().code == Errc::Invalid);
    CHECK(file.error().message ==
          saved.file.string() + ": ends without its end-of-export line after 4 of 4 responses (truncated file?)");
  }
  SECTION("mid-line") {
    const std::string text = joined(lines);
    const Saved saved(text.substr(0, text.size() - 20));
    const auto file = saved.read();
    REQUIRE_FALSE(file.ok());
    CHECK(file.error().code == Errc::Invalid);
    CHECK(file.error().message == saved.file.string() + ":5: cut off mid-line (truncated file?)");
  }
}

TEST_CASE("a signed export checked with the wrong kiosk key is Invalid", "[export]") {
  const Saved saved(written(exportKeyFromToken("a token the hub never issued to k-7")));
  const auto file = saved.read();
  REQUIRE_FALSE(file.ok());
  CHECK(file.error().code == Errc::Invalid);
  CHECK_THAT(file.error().message, Catch::Contains("signature does not match kiosk 'k-7'"));
}

TEST_CASE("a signed export from a kiosk the hub does not know is NotFound", "[export]") {
  const Saved saved(written(exportKeyFromToken(kToken), ExportHeader{"k-99", "dumai", 1, false, std::nullopt}));
  const auto file = saved.read();
  REQUIRE_FALSE(file.ok());
  CHECK(file.error().code == Errc::NotFound);
  CHECK(file.error().message == saved.file.string() + ": signed by unknown kiosk 'k-99' (unit 'dumai'); it cannot be checked");

  // Whatever the header holds, the message stays one line.
  const auto oneLine = Saved(written(exportKeyFromToken(kToken), ExportHeader{"k-99\nimported 0", "u", 1, false, std::nullopt})).read();
  REQUIRE_FALSE(oneLine.ok());
  CHECK_THAT(oneLine.error().message, Catch::Contains(R"(unknown kiosk 'k-99\nimported 0')"));
  CHECK(oneLine.error().message.find('\n') == std::string::npos);
}

TEST_CASE("an old headerless JSON Lines export still reads, naming no kiosk", "[export]") {
  std::ostringstream legacy;
  writeResponsesJsonl(legacy, sample());
  const Saved saved(legacy.str());
  bool asked = false;
  const auto file = readExportFile(saved.file, [&](const ExportHeader&) {
    asked = true;
    return std::optional<ExportKey>();
  });
  REQUIRE(file.ok());
  CHECK_FALSE(file->header.has_value());
  CHECK(file->responses == sample());
  CHECK_FALSE(asked);  // no header, no kiosk to ask about
}

TEST_CASE("an unsigned export reads with the ids it claims and isSigned false", "[export]") {
  const std::string text = written(std::nullopt);
  CHECK(linesOf(text).back() == R"({"suara_export_end":1})");
  const auto file = Saved(text).read();  // even though the hub knows k-7's key
  REQUIRE(file.ok());
  REQUIRE(file->header.has_value());
  CHECK_FALSE(file->header->isSigned);
  CHECK(file->header->kioskId == "k-7");
  CHECK(file->header->unitId == "dumai");
  CHECK(file->responses == sample());

  std::ostringstream anonymous;  // what a kiosk that is not enrolled writes
  writeExportFile(anonymous, ExportHeader{}, std::nullopt, sample());
  const auto unenrolled = Saved(anonymous.str()).read();
  REQUIRE(unenrolled.ok());
  CHECK(unenrolled->header->kioskId.empty());
  CHECK_FALSE(unenrolled->header->isSigned);
}

TEST_CASE("an export with a line after its trailer is Invalid", "[export]") {
  auto lines = linesOf(written(exportKeyFromToken(kToken)));
  lines.push_back(responseLine(test::quickResponse(1)));
  const Saved saved(joined(lines));
  const auto file = saved.read();
  REQUIRE_FALSE(file.ok());
  CHECK(file.error().code == Errc::Invalid);
  CHECK(file.error().message == saved.file.string() + ":7: a line after the end-of-export line");
}

TEST_CASE("an unsigned export missing a response its header counted is Invalid", "[export]") {
  auto lines = linesOf(written(std::nullopt));
  lines.erase(lines.begin() + 2);
  const Saved saved(joined(lines));
  const auto file = saved.read();
  REQUIRE_FALSE(file.ok());
  CHECK(file.error().code == Errc::Invalid);
  CHECK(file.error().message == saved.file.string() + ": header says 4 responses, the file holds 3");
}

TEST_CASE("a bad line or header in an export names the file and line", "[export]") {
  auto lines = linesOf(written(std::nullopt));
  lines[2] = "{not json";
  const Saved bad(joined(lines));
  CHECK(bad.read().error().message == bad.file.string() + ":3: not valid JSON");

  lines = linesOf(written(std::nullopt));
  lines[2] = R"({"id":"x"})";
  const Saved invalid(joined(lines));
  CHECK_THAT(invalid.read().error().message, Catch::StartsWith(invalid.file.string() + ":3: "));

  lines = linesOf(written(std::nullopt));
  lines[0] = R"({"suara_export":2,"kiosk_id":"k-7","unit_id":"dumai","exported_ms":1,"count":4})";
  const Saved newer(joined(lines));
  CHECK(newer.read().error().message == newer.file.string() + ":1: export format 2 is not one this program reads");

  lines[0] = R"({"suara_export":1,"kiosk_id":7,"unit_id":"dumai","exported_ms":1,"count":4})";
  const Saved wrongType(joined(lines));
  CHECK(wrongType.read().error().message == wrongType.file.string() + ":1: header: 'kiosk_id' must be text");
}

TEST_CASE("an export's unit time zone is signed with the rest of the header and must be a real offset", "[export]") {
  ExportHeader header = kiosk7();
  header.utcOffsetHours = 9;
  const std::string text = written(exportKeyFromToken(kToken), header);
  CHECK_THAT(text, Catch::Contains(R"("unit_id":"dumai","utc_offset_hours":9,)"));
  const auto read = Saved(text).read();
  REQUIRE(read.ok());
  CHECK(read->header->utcOffsetHours == std::optional<int>(9));
  // Changed after signing: the signature no longer matches.
  const auto moved = Saved(replaced(text, R"("utc_offset_hours":9)", R"("utc_offset_hours":7)")).read();
  REQUIRE_FALSE(moved.ok());
  CHECK_THAT(moved.error().message, Catch::Contains("signature does not match"));
  for (const char* bad : {R"("utc_offset_hours":15)", R"("utc_offset_hours":"9")", R"("utc_offset_hours":9.5)"}) {
    const auto refused = Saved(replaced(written(std::nullopt, header), R"("utc_offset_hours":9)", bad)).read();
    REQUIRE_FALSE(refused.ok());
    CHECK_THAT(refused.error().message, Catch::Contains("'utc_offset_hours' must be an integer from -12 to 14"));
  }
}
