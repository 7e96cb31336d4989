#include "suara/core/compact_codec.hpp"

#include <uuid/uuid.h>

#include <algorithm>
#include <charconv>

namespace suara::detail {

std::optional<std::array<unsigned char, 16>> uuidToBytes(std::string_view uuid) {
  if (!isCanonicalUuid(uuid)) return std::nullopt;
  std::string text(uuid);
  uuid_t raw;
  if (uuid_parse(text.c_str(), raw) != 0) return std::nullopt;
  std::array<unsigned char, 16> bytes{};
  std::copy(std::begin(raw), std::end(raw), bytes.begin());
  return bytes;
}

std::string uuidFromBytes(const void* bytes, int size) {
  if (size != 16) return {};
  uuid_t raw;
  std::copy_n(static_cast<const unsigned char*>(bytes), 16, raw);
  char text[37];
  uuid_unparse_lower(raw, text);
  return text;
}

std::string encodeAnswers(const Response& response) {
  std::string text;
  text.reserve(response.answers.size() * 5);
  for (const auto& [code, score] : response.answers) {
    if (!text.empty()) text += ',';
    text += code;
    text += ':';
    text += static_cast<char>('0' + score);
  }
  return text;
}

bool decodeAnswers(std::string_view text, Response& response) {
  while (!text.empty()) {
    const auto comma = text.find(',');
    const std::string_view item = text.substr(0, comma);
    const auto colon = item.find(':');
    if (colon == std::string_view::npos || colon == 0) return false;
    int score = 0;
    const auto digits = item.substr(colon + 1);
    if (std::from_chars(digits.data(), digits.data() + digits.size(), score).ec != std::errc{}) return false;
    response.answers.emplace(std::string(item.substr(0, colon)), score);
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return true;
}

std::string joinIds(const std::vector<std::string>& ids) {
  std::string text;
  for (const auto& id : ids) {
    if (!text.empty()) text += ',';
    text += id;
  }
  return text;
}

std::vector<std::string> splitIds(std::string_view text) {
  std::vector<std::string> ids;
  while (!text.empty()) {
    const auto comma = text.find(',');
    ids.emplace_back(text.substr(0, comma));
    if (comma == std::string_view::npos) break;
    text.remove_prefix(comma + 1);
  }
  return ids;
}

std::string encodeRespondent(const Respondent& r) {
  if (r.empty()) return {};
  return r.gender + '|' + r.ageBand + '|' + r.education + '|' + r.occupation;
}

bool decodeRespondent(std::string_view text, Respondent& r) {
  if (text.empty()) return true;
  std::string* fields[] = {&r.gender, &r.ageBand, &r.education, &r.occupation};
  for (std::size_t i = 0; i < 4; ++i) {
    const auto bar = text.find('|');
    if ((bar == std::string_view::npos) != (i == 3)) return false;
    *fields[i] = std::string(text.substr(0, bar));
    if (bar != std::string_view::npos) text.remove_prefix(bar + 1);
  }
  return true;
}

}  // namespace suara::detail
