// Chapter 5 (Rencana Tindak Lanjut and the actions taken), chapter 6 (Kesimpulan) and the
// appendix (respondent profile, results per service and per counter).

#include <algorithm>
#include <cmath>

#include "document.hpp"
#include "table.hpp"

namespace suara::hub::pdf {

namespace {

const TextStyle kCaption{8.5, true, false, colour::kInk};
constexpr const char* kWarnSpan = "<span foreground='#a83d0f'>";

std::string planElement(const Doc& d, const LaporanPlanItem& item) {
  std::string cell = "<b>" + esc(item.code) + "</b> " + esc(item.name);
  if (item.konversiHundredths) {
    cell += "\n<span foreground='#5c636f'>" + esc(d.t("Konversi ", "Converted ")) + d.num(*item.konversiHundredths) +
            "</span>";
  }
  if (item.needsMoreData)
    cell += "\n" + std::string(kWarnSpan) + "<i>" + esc(d.t("perlu data lebih", "needs more data")) + "</i></span>";
  return cell;
}

// A table of names with their response count, konversi and mutu (per service, per counter).
void breakdown(Doc& d, const std::string& caption, const std::string& nameHeader,
               const std::vector<LaporanBreakdownRow>& rows) {
  PageFlow& f = d.flow;
  f.caption(esc(caption), kCaption, 4);
  if (rows.empty()) {
    f.paragraph(esc(d.t("Tidak ada data.", "No data.")));
    return;
  }
  Table table({{nameHeader, 0.52},
               {d.t("Tanggapan", "Responses"), 0.16, PANGO_ALIGN_RIGHT},
               {d.t("Konversi", "Converted"), 0.16, PANGO_ALIGN_RIGHT},
               {d.t("Mutu", "Quality"), 0.16, PANGO_ALIGN_CENTER}});
  for (const auto& row : rows) {
    table.add({esc(row.name), d.count(row.responses), d.num(row.konversiHundredths),
               row.mutuLetter.empty() ? "\u2013" : esc(row.mutuLetter)});
  }
  table.draw(f);
}

// Up to three element names joined as a sentence: "A, B dan C" / "A, B and 2 more".
std::string nameList(const Doc& d, const std::vector<const LaporanElement*>& elements) {
  std::string out;
  const std::size_t shown = std::min<std::size_t>(3, elements.size());
  for (std::size_t i = 0; i < shown; ++i) {
    if (i > 0) out += (i + 1 == shown && shown == elements.size()) ? d.t(" dan ", " and ") : ", ";
    out += Doc::elementTitle(*elements[i]) + " (" + d.num(*elements[i]->konversiHundredths) + ")";
  }
  if (elements.size() > shown) {
    out += esc(d.t(" serta ", " and ") + d.count(static_cast<std::int64_t>(elements.size() - shown)) +
               d.t(" unsur lainnya", " more"));
  }
  return out;
}

}  // namespace

void chapterPlan(Doc& d) {
  PageFlow& f = d.flow;
  const LaporanModel& m = d.m;
  f.heading(d.t("5. Rencana Tindak Lanjut", "5. Follow-up Plan"), 0);
  f.heading(d.t("5.1 Rencana", "5.1 Plan"), 1);
  if (m.plan.empty()) {
    f.paragraph(
        esc(d.t("Belum ada rencana tindak lanjut untuk periode ini.", "There is no follow-up plan for this period.")));
  } else {
    // Kept with the table it introduces.
    f.caption(esc(d.t("Rencana tindak lanjut disusun menurut format PermenPANRB No. 14 Tahun 2017 untuk unsur yang "
                      "perlu diperbaiki. Unsur bertanda \u201cperlu data lebih\u201d belum memiliki cukup jawaban "
                      "untuk memastikan masalahnya.",
                      "The follow-up plan uses the format of PermenPANRB No. 14 of 2017 for the elements that need "
                      "improvement. Elements marked \u201cneeds more data\u201d do not yet have enough answers to "
                      "confirm the problem.")),
              {}, 6);
    Table table({{"No", 0.06, PANGO_ALIGN_RIGHT},
                 {d.t("Unsur", "Element"), 0.24},
                 {d.t("Program/Kegiatan", "Programme/Activity"), 0.34},
                 {d.t("Waktu", "Timing"), 0.14},
                 {d.t("Penanggung Jawab", "Responsible"), 0.22}});
    for (std::size_t i = 0; i < m.plan.size(); ++i) {
      const LaporanPlanItem& item = m.plan[i];
      table.add({std::to_string(i + 1), planElement(d, item), esc(item.programmes), esc(item.waktu),
                 esc(item.penanggungJawab)});
    }
    table.draw(f);
  }

  f.heading(d.t("5.2 Tindakan yang Telah Dilakukan", "5.2 Actions Taken"), 1);
  if (m.actions.empty()) {
    f.paragraph(esc(d.t("Belum ada tindakan yang dicatat.", "No actions have been recorded.")));
    return;
  }
  f.caption(esc(d.t("Setiap tindakan dinilai dengan membandingkan nilai unsurnya sebelum dan sesudah tindakan.",
                    "Each action is judged by comparing its element's score before and after it.")),
            {}, 6);
  Table table({{"No", 0.06, PANGO_ALIGN_RIGHT},
               {d.t("Unsur", "Element"), 0.13},
               {d.t("Tindakan", "Action"), 0.27},
               {d.t("Status", "Status"), 0.17},
               {d.t("Apakah berhasil?", "Did it work?"), 0.37}});
  for (std::size_t i = 0; i < m.actions.size(); ++i) {
    const LaporanAction& a = m.actions[i];
    std::string status = esc(a.status);
    if (!a.doneDate.empty()) status += "\n<span foreground='#5c636f'>" + esc(a.doneDate) + "</span>";
    table.add({std::to_string(i + 1), esc(a.element), esc(a.title), status, esc(a.verdictText)});
  }
  table.draw(f);
}

void chapterConclusion(Doc& d) {
  PageFlow& f = d.flow;
  const LaporanModel& m = d.m;
  f.heading(d.t("6. Kesimpulan", "6. Conclusion"), 0);
  const std::string unit = esc(m.unitName.empty() ? "\u2013" : m.unitName);
  if (!m.konversiHundredths) {
    f.paragraph(esc(d.t("Pada periode ", "In the period ") + m.periodTitle +
                    d.t(" belum ada jawaban SKM di ", " there are no SKM answers for ")) +
                unit +
                esc(d.t(", sehingga IKM dan mutu pelayanan belum dapat ditetapkan. Survei perlu dijalankan "
                        "hingga jumlah responden memenuhi sampel minimum.",
                        ", so no IKM or service quality can be determined. The survey needs to run until the "
                        "number of respondents reaches the minimum sample.")));
    return;
  }
  std::string text = esc(d.t("IKM ", "The IKM of ")) + unit +
                     esc(d.t(" pada periode ", " for ") + m.periodTitle + d.t(" adalah ", " is ")) + "<b>" +
                     d.num(*m.konversiHundredths) + "</b>" +
                     esc(d.t(" dengan mutu pelayanan ", " with service quality ")) + "<b>" +
                     esc(d.overallMutuLetter() + " (" + d.overallMutuLabel() + ")") + "</b>" +
                     esc(d.t(", dihitung dari ", ", computed from ") + d.count(m.skmRespondents) +
                         d.t(" responden SKM.", " SKM respondents."));
  if (m.sampleRequired && m.skmRespondents < *m.sampleRequired) {
    text +=
        esc(d.t(" Jumlah responden belum memenuhi sampel minimum, sehingga hasil ini perlu dibaca dengan hati-hati.",
                " The respondents fall short of the minimum sample, so this result should be read with care."));
  }
  f.paragraph(text);
  const auto weak = d.belowB();
  if (weak.empty()) {
    f.paragraph(esc(d.t("Tidak ada unsur di bawah B; mutu pelayanan perlu dipertahankan.",
                        "No element is below B; the quality of service should be maintained.")));
  } else {
    f.paragraph(
        esc(d.t("Kelemahan utama ada pada ", weak.size() == 1 ? "The main weakness is " : "The main weaknesses are ")) +
        nameList(d, weak) +
        esc(d.t(", yang berada di bawah batas mutu B dan menjadi prioritas perbaikan.",
                ", below the B threshold and first in line for improvement.")));
  }
  const auto moreData = std::count_if(m.plan.begin(), m.plan.end(), [](const auto& p) { return p.needsMoreData; });
  std::string plan = m.plan.empty()
                         ? d.t("Belum ada rencana tindak lanjut.", "There is no follow-up plan yet.")
                         : d.t("Rencana tindak lanjut memuat ", "The follow-up plan holds ") +
                               d.count(static_cast<std::int64_t>(m.plan.size())) + d.t(" kegiatan", " items");
  if (!m.plan.empty()) {
    plan += moreData > 0 ? ", " + d.count(moreData) +
                               d.t(" di antaranya memerlukan data lebih sebelum dapat dipastikan.",
                                   moreData == 1 ? " of which needs more data before it can be confirmed."
                                                 : " of which need more data before they can be confirmed.")
                         : ".";
  }
  if (!m.actions.empty()) {
    plan += d.t(" Sebanyak ", " In all, ") + d.count(static_cast<std::int64_t>(m.actions.size())) +
            d.t(" tindakan telah dicatat beserta penilaian hasilnya (subbab 5.2).",
                m.actions.size() == 1 ? " action has been recorded with a judgement of its effect (section 5.2)."
                                      : " actions have been recorded with a judgement of their effect (section 5.2).");
  }
  f.paragraph(esc(plan));
}

void appendix(Doc& d) {
  PageFlow& f = d.flow;
  const LaporanModel& m = d.m;
  f.newPage();
  f.heading(d.t("Lampiran", "Appendix"), 0);
  f.heading(d.t("A. Profil Responden", "A. Respondent Profile"), 1);
  if (m.profile.empty())
    f.paragraph(esc(d.t("Tidak ada data profil responden.", "There is no respondent profile data.")));
  for (const LaporanProfileGroup& group : m.profile) {
    std::int64_t total = 0;
    for (const auto& entry : group.counts) total += entry.second;
    f.caption(esc(group.title), kCaption, 4);
    Table table({{d.t("Kategori", "Category"), 0.56},
                 {d.t("Jumlah", "Count"), 0.22, PANGO_ALIGN_RIGHT},
                 {d.t("Persentase", "Share"), 0.22, PANGO_ALIGN_RIGHT}});
    auto share = [&](std::int64_t n) {
      // In hundredths of a percent (long double: no overflow for any count); an empty group has no shares.
      if (total <= 0) return std::string("\u2013");
      return d.num(std::llround(static_cast<long double>(n) * 10000.0L / static_cast<long double>(total))) + " %";
    };
    for (const auto& [name, n] : group.counts) table.add({esc(name), d.count(n), share(n)});
    table.add(
        {"<b>" + esc(d.t("Jumlah", "Total")) + "</b>", "<b>" + d.count(total) + "</b>", "<b>" + share(total) + "</b>"});
    table.draw(f);
  }
  f.heading(d.t("B. Hasil per Jenis Layanan", "B. Results per Service"), 1);
  breakdown(d, d.t("Tanggapan dan nilai konversi per jenis layanan", "Responses and converted score per service"),
            d.t("Jenis layanan", "Service"), m.byService);
  f.heading(d.t("C. Hasil per Loket", "C. Results per Counter"), 1);
  breakdown(d, d.t("Tanggapan dan nilai konversi per loket", "Responses and converted score per counter"),
            d.t("Loket", "Counter"), m.byCounter);
}

}  // namespace suara::hub::pdf
