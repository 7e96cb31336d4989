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
  const char* skm;
  const char* quick;
  const char* header;
  const char* incomplete;
  const char* sampleOk;
  const char* sampleShort;
  const char* lowest;
  const char* priorities;
  const char* none;
  const char* gap;
  const char* complaints;
  const char* programmes;
  const char* individual;
  const char* unit;
  const char* all;
  const char* perGroup;
  const char* periodsLocal;
  const char* periodsIn;
  const char* timesEstimated;
  const char* timesImplausible;
};

const Words kIndonesian = {"Laporan Indeks Kepuasan Masyarakat (PermenPANRB 14/2017)", "per", "seluruh periode",
                           "responden", "SKM 9 unsur", "penilaian cepat",
                           "Kelompok              Periode   Resp.  IKM   Konversi  Mutu              Cepat",
                           "  (belum semua unsur terjawab)", "sampel memadai", "sampel belum memadai",
                           "Nilai per unsur (semua kelompok)", "Prioritas pembinaan (Rencana Tindak Lanjut)",
                           "Tidak ada unsur di bawah batas mutu B (76,61).", "kesenjangan", "keluhan", "Program",
                           "ASN di loket", "pimpinan unit", "semua",
                           "Tiga prioritas teratas per kelompok",
                           "Periode menurut waktu setempat tiap unit (WIB, WITA, WIT)", "Periode menurut waktu UTC",
                           "penilaian dengan waktu perkiraan (jam kios)",
                           "dengan jam kios tidak masuk akal, dihitung saat diterima hub"};
const Words kEnglish = {"Public Satisfaction Index report (PermenPANRB 14/2017)", "by", "all periods",
                        "respondents", "SKM nine elements", "quick rating",
                        "Group                 Period    Resp.  IKM   Konversi  Grade             Quick",
                        "  (not every element answered)", "sample adequate", "sample too small",
                        "Scores per element (all groups)", "Training priorities (follow-up plan)",
                        "No element is below the B threshold (76,61).", "gap", "complaints", "Programmes",
                        "counter staff (ASN)", "unit leadership", "all",
                        "Top three priorities per group",
                        "Periods in each unit's local time (WIB, WITA, WIT)", "Periods in UTC",
                        "ratings with estimated times (kiosk clock)",
                        "with an impossible kiosk clock, counted when the hub received them"};

std::string pad(std::string text, std::size_t width) {
  // Pad by characters, not bytes, so that Indonesian text with UTF-8 dashes still aligns.
  std::size_t chars = 0;
  for (char c : text) chars += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  if (chars < width) text.append(width - chars, ' ');
  return text;
}

// Wide enough for the longest element name in `language`, so that the scores line up.
std::size_t elementNameWidth(Language language) {
  std::size_t widest = 0;
  for (int i = 0; i < kSkmElementCount; ++i) widest = std::max(widest, skmElementName(i, language).size());
  return widest + 3;
}

std::string quickDisplay(const QuickSummary& quick) {
  if (quick.respondents == 0) return "-";
  return formatHundredths(quick.konversiHundredths());
}

void printGroupRow(std::ostream& out, const ReportGroup& g, Language language, const Words& w) {
  auto label = [&](const std::string& value) { return value == "all" ? std::string(w.all) : value; };
  out << pad(label(g.key.value), 22) << pad(label(g.key.period), 10) << pad(std::to_string(g.responses), 7);
  if (g.ikm.mutu) {
    out << pad(formatDecimal(g.ikm.ikm), 6) << pad(formatHundredths(g.ikm.konversiHundredths), 10)
        << pad(std::string(1, mutuLetter(*g.ikm.mutu)) + " " + std::string(mutuLabel(*g.ikm.mutu, language == Language::English)), 18);
  } else {
    out << pad("-", 6) << pad("-", 10) << pad("-", 18);
  }
  out << quickDisplay(g.quick);
  if (g.ikm.mutu && !g.ikm.complete()) out << w.incomplete;
  if (g.sample) out << "  [" << (g.sample->adequate() ? w.sampleOk : w.sampleShort) << " " << g.responses << "/" << g.sample->required << "]";
  out << "\n";
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
  if (report.options.period != Period::All) {
    const UtcOffsets& offsets = report.options.utcOffsets;
    if (offsets.mixed()) out << w.periodsLocal << "\n";
    else {
      const int hours = offsets.byUnit.empty() ? offsets.fallbackHours : offsets.byUnit.begin()->second;
      out << w.periodsIn << (hours < 0 ? "" : "+") << hours << "\n";
    }
  }
  if (report.timeQuality && (report.timeQuality->estimated > 0 || report.timeQuality->implausible > 0))
    out << report.timeQuality->estimated << " " << w.timesEstimated << "; " << report.timeQuality->implausible << " "
        << w.timesImplausible << "\n";
  out << "\n" << w.header << "\n";
  for (const auto& group : report.groups) printGroupRow(out, group, language, w);
  printGroupRow(out, all, language, w);

  out << "\n" << w.lowest << "\n";
  for (std::size_t i = 0; i < kSkmElementCount; ++i) {
    const ElementTally& t = all.ikm.elements[i];
    out << "  " << kSkmElementCodes[i] << "  " << pad(std::string(skmElementName(static_cast<int>(i), language)), elementNameWidth(language));
    if (t.hasAnswers()) out << "NRR " << formatDecimal(t.nrr()) << "   " << formatHundredths(t.konversiHundredths()) << "\n";
    else out << "-\n";
  }

  out << "\n" << w.priorities << "\n";
  if (all.priorities.empty()) out << "  " << w.none << "\n";
  int rank = 1;
  for (const RtlItem& item : all.priorities) {
    out << "  " << rank++ << ". " << item.code << " " << skmElementName(item.elementIndex, language) << " — "
        << (item.level == ResponsibleLevel::Individual ? w.individual : w.unit) << "\n     ";
    std::string evidence;
    if (item.gapHundredths > 0)
      evidence = formatHundredths(*item.konversiHundredths) + ", " + w.gap + " " + formatHundredths(item.gapHundredths) +
                 " × " + std::to_string(item.respondents) + " " + w.responses;
    if (item.mentions) evidence += (evidence.empty() ? "" : "; ") + std::to_string(item.mentions) + " " + w.complaints;
    out << evidence;
    out << "\n     " << w.programmes << ": ";
    for (std::size_t p = 0; p < item.programmes.size() && p < 3; ++p)
      out << (p ? "; " : "") << item.programmes[p]->name.in(language);
    out << "\n";
  }

  if (report.groups.size() < 2) return;
  out << "\n" << w.perGroup << "\n";
  for (const auto& group : report.groups) {
    out << "  " << pad(group.key.value + (group.key.period == "all" ? "" : " " + group.key.period), 28);
    if (group.priorities.empty()) out << "-";
    for (std::size_t i = 0; i < group.priorities.size() && i < 3; ++i) {
      const RtlItem& item = group.priorities[i];
      out << (i ? ", " : "") << item.code << " (" << (item.level == ResponsibleLevel::Individual ? w.individual : w.unit) << ")";
    }
    out << "\n";
  }
}

}  // namespace suara::hub
