#pragma once
// Compact column encodings shared by the kiosk's LocalStore and the hub's SQLite storage.
// Keeping rows small keeps files small and scans fast (see docs/storage.md).

#include <array>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "suara/core/response.hpp"

namespace suara::detail {

// "3f2a…" canonical UUID <-> its 16 raw bytes.
std::optional<std::array<unsigned char, 16>> uuidToBytes(std::string_view uuid);
std::string uuidFromBytes(const void* bytes, int size);

// answers {"U1":4,"U2":3} <-> "U1:4,U2:3"
std::string encodeAnswers(const Response& response);
bool decodeAnswers(std::string_view text, Response& response);

// list of ids <-> "a,b"; empty list <-> empty text (stored as NULL)
std::string joinIds(const std::vector<std::string>& ids);
std::vector<std::string> splitIds(std::string_view text);

// respondent <-> "gender|age|education|occupation"; empty respondent <-> empty text
std::string encodeRespondent(const Respondent& respondent);
bool decodeRespondent(std::string_view text, Respondent& respondent);

}  // namespace suara::detail
