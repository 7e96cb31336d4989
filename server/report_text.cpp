#include "report_text.hpp"

#include <algorithm>
#include <cstdio>
#include <string>

namespace suara::hub {

namespace {

struct Words {
  const char* title;
  const char* by;
  const char* allPeriods;
  const char* responses;
  const char* respondents;
  const char* skm;
  const char* quick;
  const char* group;
  const char* period;
  const char* skmRespondents;
  const char* grade;
  const char* quickRespondents;
  const char* quickIndex;
  const char* quickNote;
  const char* incomplete;
  const char* sampleOk;
  const char* sampleShort;
  const char* elements;
  const char* plan;
  const char* none;
  const char* gap;
  const char* complaints;
  const char* satisfiedMentions;
  const char* quickOnly;
  const char* moreData;
  const char* interval;
  const char* planHeader[5];
  const char* quarterPrefix;
  const char* individual;
  const char* unit;
  const char* all;
  const char* perGroup;
  const char* periodsLocal;
  const char* periodsIn;
  const char* timesEstimated;
  const char* timesImplausible;
  const char* duplicates;
  const char* excluded;
  const char* population;
  const char* sampleRule;
  const char* populationOption;
  const char* populationMonths;
  const char* populationDays;
  const char* complaintOne;
  const char* respondentOne;
  const char* satisfiedMentionOne;
  const char* noSkm;
};

const Words kIndonesian = {"Laporan Indeks Kepuasan Masyarakat (PermenPANRB 14/2017)", "per", "seluruh periode",
                           "tanggapan", "responden SKM", "SKM 9 unsur", "survei cepat",
                           "Kelompok", "Periode", "Resp. SKM", "Mutu", "Resp. cepat", "Ind. cepat*",
                           "* Indeks Kepuasan Cepat dari survei cepat — bukan IKM SKM, tanpa mutu",
                           "  (belum semua unsur terjawab)", "sampel memadai", "sampel belum memadai",
                           "Nilai per unsur (semua kelompok)", "Rencana Tindak Lanjut",
                           "Tidak ada unsur di bawah batas mutu B (76,61).", "kesenjangan", "keluhan",
                           "penyebutan oleh warga yang puas", "berdasarkan keluhan survei cepat saja, bukan IKM SKM",
                           "perlu data lebih", "selang 95 %",
                           {"No", "Prioritas Unsur", "Program/Kegiatan", "Waktu", "Penanggung Jawab"}, "Triwulan ",
                           "ASN pelaksana layanan", "pimpinan unit", "semua",
                           "Tiga prioritas teratas per kelompok",
                           "Periode menurut waktu setempat tiap unit (WIB, WITA, WIT)", "Periode menurut waktu UTC",
                           "penilaian dengan waktu perkiraan (jam kios)",
                           "dengan jam kios tidak masuk akal, dihitung saat diterima hub",
                           "tanggapan berulang (id sama) dihitung sekali", "tidak dihitung", "populasi",
                           "Sampel minimal: Krejcie & Morgan (1970), tingkat keyakinan 95 %, galat 5 %.",
                           "Populasi: angka --population untuk setiap kelompok dan periode.",
                           "Populasi: pengguna layanan per bulan (setelan unit) × bulan kalender yang tercakup penilaian.",
                           "Populasi: pengguna layanan per bulan (setelan unit) × hari yang tercakup / 30, dibulatkan ke atas.",
                           "keluhan", "responden SKM", "penyebutan oleh warga yang puas",
                           "Belum ada jawaban SKM (dan keluhan survei cepat tidak cukup): rencana belum dapat disusun."};
const Words kEnglish = {"Public Satisfaction Index report (PermenPANRB 14/2017)", "by", "all periods",
                        "responses", "SKM respondents", "SKM nine elements", "quick survey",
                        "Group", "Period", "SKM resp.", "Grade", "Quick resp.", "Quick idx*",
                        "* Quick satisfaction index from the quick survey — not the SKM IKM, no grade",
                        "  (not every element answered)", "sample adequate", "sample too small",
                        "Scores per element (all groups)", "Follow-up plan (Rencana Tindak Lanjut)",
                        "No element is below the B threshold (76,61).", "gap", "complaints",
                        "mentions by satisfied citizens", "from quick-survey complaints alone, not the SKM IKM",
                        "more data needed", "95 % interval",
                        {"No", "Element", "Programme/activity", "When", "Responsible"}, "Q",
                        "service staff (ASN)", "unit leadership", "all",
                        "Top three priorities per group",
                        "Periods in each unit's local time (WIB, WITA, WIT)", "Periods in UTC",
                        "ratings with estimated times (kiosk clock)",
                        "with an impossible kiosk clock, counted when the hub received them",
                        "repeated responses (same id) counted once", "not counted", "population",
                        "Minimum sample: Krejcie & Morgan (1970), 95 % confidence, 5 % margin.",
                        "Population: the --population figure for every group and period.",
                        "Population: service users a month (unit setting) × calendar months the ratings span.",
                        "Population: service users a month (unit setting) × days the ratings span / 30, rounded up.",
                        "complaint", "SKM respondent", "mention by a satisfied citizen",
                        "No SKM answers yet (and quick-survey complaints are not enough): no plan can be drawn up."};

// 1234567 as "1.234.567" (Indonesian) or "1,234,567".
std::string grouped(std::int64_t n, Language language) {
  std::string digits = std::to_string(n < 0 ? -n : n), out;
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += language == Language::English ? ',' : '.';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

std::size_t width(const std::string& text) {
  // Characters, not bytes, so that text with UTF-8 dashes still aligns.
  std::size_t chars = 0;
  for (char c : text) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return chars;
}

std::string pad(std::string text, std::size_t columns) {
  const std::size_t chars = width(text);
  text.append(chars < columns ? columns - chars : 1, ' ');  // at least one space: columns never run together
  return text;
}

std::string label(const std::string& value, const Words& w) { return value == "all" ? std::string(w.all) : value; }

// "2027-Q1" as "Triwulan I 2027" / "Q1 2027".
std::string quarterText(const std::string& quarter, Language language, const Words& w) {
  if (quarter.size() != 7) return quarter;
  static const char* const kRoman[] = {"I", "II", "III", "IV"};
  const int q = quarter[6] - '1';
  if (q < 0 || q > 3) return quarter;
  return language == Language::English ? std::string(w.quarterPrefix) + quarter[6] + " " + quarter.substr(0, 4)
                                       : std::string(w.quarterPrefix) + kRoman[q] + " " + quarter.substr(0, 4);
}

std::string officeText(const RtlItem& item, const Words& w) {
  if (!item.office.empty()) return item.office;
  return item.level == ResponsibleLevel::Individual ? w.individual : w.unit;
}

struct Columns {
  std::size_t group = 0, period = 0;
};

void printGroupRow(std::ostream& out, const ReportGroup& g, const Columns& c, Language language, const Words& w) {
  out << pad(label(g.key.value, w), c.group) << pad(label(g.key.period, w), c.period) << pad(std::to_string(g.ikm.respondents), 10);
  if (g.ikm.mutu) {
    out << pad(formatHundredths(g.ikm.ikmHundredths), 6) << pad(formatHundredths(g.ikm.konversiHundredths), 10)
        << pad(std::string(1, mutuLetter(*g.ikm.mutu)) + " " + std::string(mutuLabel(*g.ikm.mutu, language == Language::English)), 18);
  } else {
    out << pad("-", 6) << pad("-", 10) << pad("-", 18);
  }
  out << pad(std::to_string(g.quick.respondents), 12) << (g.quick.respondents ? formatHundredths(g.quick.konversiHundredths()) : "-");
  if (g.ikm.mutu && !g.ikm.complete()) out << w.incomplete;
  if (g.sample)
    out << "  [" << (g.sample->adequate() ? w.sampleOk : w.sampleShort) << " " << grouped(g.sample->respondents, language) << "/"
        << grouped(g.sample->required, language) << ", " << w.population << " " << grouped(g.sample->population, language) << "]";
  out << "\n";
}

// The rule behind the sample figures, and the population's source, once under the table.
void printSampleRule(std::ostream& out, const Report& report, const Words& w) {
  bool option = false, months = false, days = false;
  const auto note = [&](const ReportGroup& g) {
    if (!g.population) return;
    option = option || g.population->source == PopulationBasis::Source::Option;
    days = days || g.population->days > 0;
    months = months || (g.population->source == PopulationBasis::Source::UnitSetting && g.population->days == 0);
  };
  note(report.overall);
  for (const auto& group : report.groups) note(group);
  if (!option && !months && !days) return;
  out << w.sampleRule << "\n";
  if (option) out << w.populationOption << "\n";
  if (months) out << w.populationMonths << "\n";
  if (days) out << w.populationDays << "\n";
}

void printPlan(std::ostream& out, const ReportGroup& all, Language language, const Words& w) {
  out << "\n" << w.plan << "\n";
  if (all.priorities.empty()) {
    out << "  " << (all.ikm.respondents == 0 ? w.noSkm : w.none) << "\n";
    return;
  }
  constexpr std::size_t kNo = 5, kProgramme = 58, kWhen = 18;
  std::size_t kElement = width(w.planHeader[1]) + 2;
  for (const RtlItem& item : all.priorities)
    kElement = std::max(kElement, width(item.code + " " + std::string(skmElementName(item.elementIndex, language))) + 2);
  out << "  " << pad(w.planHeader[0], kNo) << pad(w.planHeader[1], kElement) << pad(w.planHeader[2], kProgramme)
      << pad(w.planHeader[3], kWhen) << w.planHeader[4] << "\n";
  int number = 1;
  for (const RtlItem& item : all.priorities) {
    const std::string first = item.programmes.empty() ? "-" : item.programmes[0]->name.in(language);
    const std::string when = item.needsMoreData ? w.moreData : item.quarter.empty() ? "-" : quarterText(item.quarter, language, w);
    out << "  " << pad(std::to_string(number++), kNo) << pad(item.code + " " + std::string(skmElementName(item.elementIndex, language)), kElement)
        << pad(first, kProgramme) << pad(when, kWhen) << officeText(item, w) << "\n";
    for (std::size_t p = 1; p < item.programmes.size() && p < 3; ++p)
      out << "  " << pad("", kNo + kElement) << item.programmes[p]->name.in(language) << "\n";
    std::string evidence;
    if (item.konversiHundredths)
      evidence = formatHundredths(*item.konversiHundredths) + " (" + w.interval + " " + formatHundredths(item.ciLowHundredths) + "–" +
                 formatHundredths(item.ciHighHundredths) + "), " + w.gap + " " + formatHundredths(item.gapHundredths) + " × " +
                 std::to_string(item.respondents) + " " + (item.respondents == 1 ? w.respondentOne : w.respondents);
    if (item.basis == RtlBasis::QuickOnly) evidence = w.quickOnly;
    if (item.complaints) evidence += "; " + std::to_string(item.complaints) + " " + (item.complaints == 1 ? w.complaintOne : w.complaints);
    if (item.satisfiedMentions)
      evidence += "; " + std::to_string(item.satisfiedMentions) + " " + (item.satisfiedMentions == 1 ? w.satisfiedMentionOne : w.satisfiedMentions);
    out << "  " << pad("", kNo) << evidence << "\n";
  }
}

}  // namespace

void printReport(std::ostream& out, const Report& report, Language language) {
  const Words& w = language == Language::English ? kEnglish : kIndonesian;
  const ReportGroup& all = report.overall;
  out << w.title << "\n"
      << w.by << " " << dimensionName(report.options.by) << ", "
      << (report.options.period == Period::All ? std::string(w.allPeriods) : std::string(periodName(report.options.period)))
      << "\n"
      << all.responses << " " << w.responses << " (" << w.skm << ": " << all.ikm.respondents << ", " << w.quick << ": "
      << all.quick.respondents << ")\n";
  if (report.duplicatesIgnored > 0) out << report.duplicatesIgnored << " " << w.duplicates << "\n";
  for (const auto& e : report.excluded) out << e.count << " " << w.excluded << ": " << e.reason << "\n";
  if (report.options.period != Period::All && !report.utcOffsetsUsed.empty()) {
    if (report.utcOffsetsUsed.size() > 1) out << w.periodsLocal << "\n";
    else {
      const int hours = *report.utcOffsetsUsed.begin();
      out << w.periodsIn << (hours < 0 ? "" : "+") << hours << "\n";
    }
  }
  if (report.timeQuality && (report.timeQuality->estimated > 0 || report.timeQuality->implausible > 0))
    out << report.timeQuality->estimated << " " << w.timesEstimated << "; " << report.timeQuality->implausible << " "
        << w.timesImplausible << "\n";

  Columns c{width(w.group) + 2, width(w.period) + 2};
  for (const auto& g : report.groups) {
    c.group = std::max(c.group, width(label(g.key.value, w)) + 2);
    c.period = std::max(c.period, width(label(g.key.period, w)) + 2);
  }
  out << "\n" << pad(w.group, c.group) << pad(w.period, c.period) << pad(w.skmRespondents, 10) << pad("IKM", 6) << pad("Konversi", 10)
      << pad(w.grade, 18) << pad(w.quickRespondents, 12) << w.quickIndex << "\n";
  for (const auto& group : report.groups) printGroupRow(out, group, c, language, w);
  printGroupRow(out, all, c, language, w);
  out << w.quickNote << "\n";
  printSampleRule(out, report, w);

  out << "\n" << w.elements << "\n";
  const std::size_t nameWidth = [&] {
    std::size_t widest = 0;
    for (int i = 0; i < kSkmElementCount; ++i) widest = std::max(widest, width(std::string(skmElementName(i, language))));
    return widest + 3;
  }();
  for (std::size_t i = 0; i < kSkmElementCount; ++i) {
    const ElementTally& t = all.ikm.elements[i];
    out << "  " << kSkmElementCodes[i] << "  " << pad(std::string(skmElementName(static_cast<int>(i), language)), nameWidth);
    if (t.hasAnswers()) out << "NRR " << formatHundredths(t.nrrHundredths()) << "   " << formatHundredths(t.konversiHundredths()) << "\n";
    else out << "-\n";
  }

  printPlan(out, all, language, w);

  if (report.groups.size() < 2) return;
  out << "\n" << w.perGroup << "\n";
  for (const auto& group : report.groups) {
    out << "  " << pad(group.key.value + (group.key.period == "all" ? "" : " " + group.key.period), 28);
    if (group.priorities.empty()) out << "-";
    for (std::size_t i = 0; i < group.priorities.size() && i < 3; ++i) {
      const RtlItem& item = group.priorities[i];
      out << (i ? ", " : "") << item.code << (item.needsMoreData ? " (" + std::string(w.moreData) + ")" : "");
    }
    out << "\n";
  }
}

}  // namespace suara::hub
