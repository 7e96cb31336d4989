#include "suara/core/export_file.hpp"

#include <sodium.h>

#include <cerrno>
#include <cstring>
#include <fstream>

#include <nlohmann/json.hpp>

#include "suara/core/response_file.hpp"

namespace suara {

namespace {

constexpr int kFormat = 1;

void ensureSodium() {
  // Idempotent and thread-safe; it picks the fastest implementations. Its one failure, no
  // source of randomness, does not matter here: hashing needs none.
  static const bool ready = sodium_init() >= 0;
  (void)ready;
}

// HMAC-SHA256 over whole lines, newline included, so the reader covers exactly the bytes the
// writer wrote. Without a key it does nothing: an unsigned file goes through the same code.
class LineMac {
 public:
  explicit LineMac(const std::optional<ExportKey>& key) : m_active(key.has_value()) {
    ensureSodium();
    if (m_active) crypto_auth_hmacsha256_init(&m_state, key->data(), key->size());
  }
  void add(std::string_view line) {
    if (!m_active) return;
    crypto_auth_hmacsha256_update(&m_state, reinterpret_cast<const unsigned char*>(line.data()), line.size());
    crypto_auth_hmacsha256_update(&m_state, reinterpret_cast<const unsigned char*>("\n"), 1);
  }
  std::array<unsigned char, crypto_auth_hmacsha256_BYTES> finish() {
    std::array<unsigned char, crypto_auth_hmacsha256_BYTES> mac{};
    crypto_auth_hmacsha256_final(&m_state, mac.data());
    return mac;
  }

 private:
  bool m_active;
  crypto_auth_hmacsha256_state m_state{};
};

// A text from the file as a message shows it: quoted, control characters escaped, so that an
// error stays one line whatever the file holds.
std::string shown(const std::string& text) {
  const std::string json = nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  return "'" + json.substr(1, json.size() - 2) + "'";
}

bool blank(const std::string& line) { return line.find_first_not_of(" \t\r") == std::string::npos; }

bool isIntegerEqual(const nlohmann::json& j, const char* key, std::int64_t value) {
  const auto found = j.find(key);
  return found != j.end() && found->is_number_integer() && found->get<std::int64_t>() == value;
}

// The header's fields, each checked for its type before it is read (never an exception).
Result<ExportHeader> parseHeader(const nlohmann::json& j, std::int64_t& count) {
  if (!isIntegerEqual(j, "suara_export", kFormat))
    return makeError(Errc::Invalid, "export format " + j.at("suara_export").dump() + " is not one this program reads");
  ExportHeader header;
  for (auto [key, target] : {std::pair{"kiosk_id", &header.kioskId}, std::pair{"unit_id", &header.unitId}}) {
    const auto found = j.find(key);
    if (found == j.end() || !found->is_string()) return makeError(Errc::Invalid, std::string("header: '") + key + "' must be text");
    *target = found->get<std::string>();
  }
  for (auto [key, target] : {std::pair{"exported_ms", &header.exportedMs}, std::pair{"count", &count}}) {
    const auto found = j.find(key);
    if (found == j.end() || !found->is_number_integer())
      return makeError(Errc::Invalid, std::string("header: '") + key + "' must be an integer");
    *target = found->get<std::int64_t>();
  }
  if (const auto found = j.find("utc_offset_hours"); found != j.end()) {
    if (!found->is_number_integer() || found->get<std::int64_t>() < -12 || found->get<std::int64_t>() > 14)
      return makeError(Errc::Invalid, "header: 'utc_offset_hours' must be an integer from -12 to 14");
    header.utcOffsetHours = static_cast<int>(found->get<std::int64_t>());
  }
  return header;
}

// The trailer's signature: nullopt when unsigned; an empty vector when it is damaged.
std::optional<std::vector<unsigned char>> trailerMac(const nlohmann::json& j) {
  const auto found = j.find("hmac");
  if (found == j.end()) return std::nullopt;
  std::vector<unsigned char> mac(crypto_auth_hmacsha256_BYTES);
  std::size_t length = 0;
  if (!found->is_string()) return std::vector<unsigned char>{};
  const auto& hex = found->get_ref<const std::string&>();
  if (hex.size() != 2 * mac.size() ||
      sodium_hex2bin(mac.data(), mac.size(), hex.data(), hex.size(), nullptr, &length, nullptr) != 0 || length != mac.size())
    return std::vector<unsigned char>{};
  return mac;
}

}  // namespace

ExportKey exportKeyFromToken(std::string_view token) {
  ensureSodium();
  ExportKey key{};
  crypto_hash_sha256(key.data(), reinterpret_cast<const unsigned char*>(token.data()), token.size());
  return key;
}

void writeExportFile(std::ostream& out, const ExportHeader& header, const std::optional<ExportKey>& key,
                     const std::vector<Response>& responses) {
  LineMac mac(key);
  auto emit = [&](const std::string& line) {
    out << line << '\n';
    mac.add(line);
  };
  // ordered_json: "suara_export" comes first, so a person (or `head -1`) sees what the file is.
  nlohmann::ordered_json first{{"suara_export", kFormat}, {"kiosk_id", header.kioskId}, {"unit_id", header.unitId}};
  if (header.utcOffsetHours) first["utc_offset_hours"] = *header.utcOffsetHours;
  first["exported_ms"] = header.exportedMs;
  first["count"] = responses.size();
  emit(first.dump());
  for (const auto& response : responses) emit(responseLine(response));
  nlohmann::ordered_json trailer{{"suara_export_end", kFormat}};
  if (key) {
    const auto digest = mac.finish();
    std::string hex(2 * digest.size() + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
    hex.pop_back();
    trailer["hmac"] = hex;
  }
  out << trailer.dump() << '\n';
}

Result<ExportFile> readExportFile(const std::filesystem::path& file,
                                  const std::function<std::optional<ExportKey>(const ExportHeader&)>& keyFor) {
  std::ifstream in(file, std::ios::binary);  // binary: the signature covers the bytes as written
  if (!in) return makeError(errno == ENOENT ? Errc::NotFound : Errc::Io, "cannot read '" + file.string() + "': " + std::strerror(errno));
  const std::string name = file.string();
  auto invalid = [&](int number, const std::string& why) {
    return makeError(Errc::Invalid, name + (number > 0 ? ":" + std::to_string(number) : std::string()) + ": " + why);
  };
  std::string line;
  std::getline(in, line);
  const auto first = nlohmann::json::parse(line, nullptr, false);
  if (!first.is_object() || !first.contains("suara_export")) {
    // An export from before the header: plain JSON Lines, read exactly as it always was.
    auto responses = readResponsesJsonl(file);
    if (!responses) return responses.error();
    return ExportFile{std::nullopt, std::move(*responses)};
  }
  std::int64_t count = 0;
  auto header = parseHeader(first, count);
  if (!header) return invalid(1, header.error().message);
  const std::optional<ExportKey> key = keyFor ? keyFor(*header) : std::nullopt;
  LineMac mac(key);
  mac.add(line);

  ExportFile result;
  bool ended = false;                                // the trailer has been read
  std::optional<std::vector<unsigned char>> signature;  // the trailer's, when signed
  for (int number = 2; std::getline(in, line); ++number) {
    // Ratings appended after the trailer would be outside the signature: refused.
    if (ended && !blank(line)) return invalid(number, "a line after the end-of-export line");
    if (ended) continue;
    // Only the trailer needs a document tree; ratings go straight to the response decoder.
    if (line.find("suara_export_end") != std::string::npos) {
      const auto json = nlohmann::json::parse(line, nullptr, false);
      if (json.is_object() && json.contains("suara_export_end")) {
        ended = true;
        signature = trailerMac(json);
        if (!isIntegerEqual(json, "suara_export_end", kFormat) || (signature && signature->empty()))
          return invalid(number, "damaged end-of-export line");
        continue;
      }
    }
    mac.add(line);
    if (blank(line)) continue;
    auto response = responseFromJsonText(line);
    if (!response && !nlohmann::json::accept(line))
      return invalid(number, in.eof() ? "cut off mid-line (truncated file?)" : "not valid JSON");
    if (!response) return invalid(number, response.error().message);
    result.responses.push_back(std::move(*response));
  }
  if (in.bad()) return makeError(Errc::Io, "error reading '" + name + "'");
  if (!ended)
    return invalid(0, "ends without its end-of-export line after " + std::to_string(result.responses.size()) + " of " +
                          std::to_string(count) + " responses (truncated file?)");
  if (signature && keyFor) {  // without keyFor the caller asked not to check
    const std::string who = "kiosk " + shown(header->kioskId) + " (unit " + shown(header->unitId) + ")";
    if (!key) return makeError(Errc::NotFound, name + ": signed by unknown " + who + "; it cannot be checked");
    const auto expected = mac.finish();
    if (sodium_memcmp(expected.data(), signature->data(), expected.size()) != 0)
      return invalid(0, "signature does not match " + who + ": the file was changed or is not from that kiosk");
    header->isSigned = true;
  }
  if (static_cast<std::int64_t>(result.responses.size()) != count)
    return invalid(0, "header says " + std::to_string(count) + " responses, the file holds " + std::to_string(result.responses.size()));
  result.header = std::move(*header);
  return result;
}

}  // namespace suara
