#pragma once
// The file `suara-kiosk export` writes for carrying ratings to the hub on a USB stick. It says
// which kiosk and unit it came from and, when the kiosk is enrolled, is signed with a key only
// that kiosk and its hub know, so the hub attributes ratings to the kiosk that took them
// rather than to whatever a technician types. Format: docs/protocol.md, "USB export file".

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "suara/core/response.hpp"
#include "suara/core/result.hpp"

namespace suara {

struct ExportHeader {
  std::string kioskId;    // empty when the kiosk was not enrolled when exporting
  std::string unitId;     // likewise
  std::int64_t exportedMs = 0;
  bool isSigned = false;  // true when a signature trailer was written/verified
  std::optional<int> utcOffsetHours;  // the unit's, when the kiosk knows it: a report's periods follow it
};

// SHA-256 of the kiosk's bearer token: the hub stores exactly this hash, so it can check a
// file without keeping the token, and the file reveals nothing that would let anyone sync.
using ExportKey = std::array<unsigned char, 32>;
ExportKey exportKeyFromToken(std::string_view token);

// Line 1 the header, then one response per line (responseLine), then the trailer: with a key
// {"suara_export_end":1,"hmac":"<hex HMAC-SHA256 of every byte before the trailer>"}, without
// one {"suara_export_end":1}. header.isSigned is ignored: the key decides. The caller checks
// the stream's state.
void writeExportFile(std::ostream& out, const ExportHeader& header, const std::optional<ExportKey>& key,
                     const std::vector<Response>& responses);

struct ExportFile {
  std::optional<ExportHeader> header;  // nullopt for an old headerless file (plain JSON Lines, still readable)
  std::vector<Response> responses;
};

// Reads an export file, or an older plain JSON Lines one (header nullopt: it names no kiosk).
// With a header, keyFor(header) is asked once for the key of the kiosk the header names
// (isSigned is not known yet then; nullopt: not a known kiosk). Errors name the file:
//   Errc::Invalid   a bad line (with its number), no trailer (truncated), anything but blank
//                   lines after the trailer, a count or a signature that does not match
//   Errc::NotFound  a signed file from a kiosk keyFor does not know
// An unsigned file with a header reads with isSigned=false: its ids are a claim, not proof.
// An empty keyFor reads without checking any signature (isSigned=false): for counting the
// ratings of a file (a report), never for attributing them (import).
Result<ExportFile> readExportFile(const std::filesystem::path& file,
                                  const std::function<std::optional<ExportKey>(const ExportHeader&)>& keyFor);

}  // namespace suara
