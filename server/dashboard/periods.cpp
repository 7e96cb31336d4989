#include "dashboard/periods.hpp"

#include <array>
#include <charconv>

#include "suara/core/grouping.hpp"

namespace suara::hub {

namespace {

std::optional<int> parseNumber(std::string_view text) {
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (text.empty() || error != std::errc() || end != text.data() + text.size()) return std::nullopt;
  return value;
}

constexpr std::array<std::string_view, 12> kMonthsId = {"Jan", "Feb", "Mar", "Apr", "Mei", "Jun",
                                                         "Jul", "Agu", "Sep", "Okt", "Nov", "Des"};
constexpr std::array<std::string_view, 12> kMonthsEn = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
constexpr std::array<std::string_view, 4> kRoman = {"I", "II", "III", "IV"};

}  // namespace

std::optional<MonthRange> parseMonthRange(std::string_view text) {
  if (text.size() < 4) return std::nullopt;
  const auto year = parseNumber(text.substr(0, 4));
  if (!year || *year < 1970 || *year > 9999) return std::nullopt;
  const std::int64_t first = std::int64_t{*year} * 12;
  if (text.size() == 4) return MonthRange{MonthRange::Kind::Year, first, first + 12};
  if (text[4] != '-') return std::nullopt;
  const std::string_view rest = text.substr(5);
  if (rest.size() == 2 && rest[0] == 'Q') {
    const auto quarter = parseNumber(rest.substr(1));
    if (!quarter || *quarter < 1 || *quarter > 4) return std::nullopt;
    return MonthRange{MonthRange::Kind::Quarter, first + (*quarter - 1) * 3, first + *quarter * 3};
  }
  const auto month = parseNumber(rest);
  if (rest.size() != 2 || !month || *month < 1 || *month > 12) return std::nullopt;
  return MonthRange{MonthRange::Kind::Month, first + *month - 1, first + *month};
}

MonthRange currentQuarter(std::int64_t unixMs) {
  const std::int64_t month = localMonth(unixMs, 7);
  const std::int64_t first = month - month % 3;
  return {MonthRange::Kind::Quarter, first, first + 3};
}

std::string monthLabel(std::int64_t month) {
  const std::int64_t m = month % 12 + 1;
  return std::to_string(month / 12) + (m < 10 ? "-0" : "-") + std::to_string(m);
}

std::string monthShortTitle(std::int64_t month, Language language) {
  const auto& names = language == Language::English ? kMonthsEn : kMonthsId;
  return std::string(names[static_cast<std::size_t>(month % 12)]) + " " + std::to_string(month / 12);
}

std::string MonthRange::label() const {
  const std::string year = std::to_string(from / 12);
  switch (kind) {
    case Kind::Month: return monthLabel(from);
    case Kind::Quarter: return year + "-Q" + std::to_string(from % 12 / 3 + 1);
    case Kind::Year: return year;
  }
  return year;
}

std::string MonthRange::title(Language language) const {
  const bool en = language == Language::English;
  const std::string year = std::to_string(from / 12);
  const auto quarter = static_cast<std::size_t>(from % 12 / 3);
  switch (kind) {
    case Kind::Month: return monthShortTitle(from, language);
    case Kind::Quarter: return en ? "Q" + std::to_string(quarter + 1) + " " + year : "Triwulan " + std::string(kRoman[quarter]) + " " + year;
    case Kind::Year: return (en ? "Year " : "Tahun ") + year;
  }
  return year;
}

}  // namespace suara::hub
