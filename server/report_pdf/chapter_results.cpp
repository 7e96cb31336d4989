// Chapter 3 (Hasil per Unsur: table, bar chart, the overall IKM) and chapter 4 (Analisis:
// strengths, weaknesses, the monthly trend).

#include <algorithm>

#include "charts.hpp"
#include "document.hpp"
#include "table.hpp"

namespace suara::hub::pdf {

namespace {

const TextStyle kCaption{8.5, true, false, colour::kInk};
const TextStyle kNote{8, false, true, colour::kMuted};

// The overall IKM in large type, in a band of its own.
void overallIkm(Doc& d) {
  PageFlow& f = d.flow;
  const LaporanModel& m = d.m;
  constexpr double kPad = 10;
  if (!m.konversiHundredths) {
    f.paragraph("<b>" +
                esc(d.t("IKM belum dapat dihitung: belum ada jawaban SKM pada periode ini.",
                        "No IKM can be computed: there are no SKM answers in this period.")) +
                "</b>");
    return;
  }
  const double half = f.width() / 2;
  const TextBlock caption = f.block(esc(d.t("IKM UNIT LAYANAN (NILAI KONVERSI)", "IKM OF THE UNIT (CONVERTED SCORE)")),
                                    {7.5, true, false, colour::kMuted}, half - 2 * kPad);
  const TextBlock value = f.block(d.num(*m.konversiHundredths), {30, true, false, colour::kAccent}, half - 2 * kPad);
  const TextBlock mutuCaption =
      f.block(esc(d.t("MUTU PELAYANAN", "SERVICE QUALITY")), {7.5, true, false, colour::kMuted}, half - 2 * kPad);
  const TextBlock mutu =
      f.block("<b>" + esc(d.overallMutuLetter()) + "</b>  <span size='60%'>" + esc(d.overallMutuLabel()) + "</span>",
              {30, false, false, colour::kAccent}, half - 2 * kPad);
  const double height = std::max(caption.height() + value.height(), mutuCaption.height() + mutu.height()) + 2 * kPad;
  f.ensure(height + 30);
  cairo_t* cr = f.cr();
  setColour(cr, colour::kAccentTint);
  cairo_rectangle(cr, f.left(), f.y(), f.width(), height);
  cairo_fill(cr);
  setColour(cr, colour::kAccent);
  cairo_rectangle(cr, f.left(), f.y(), 4, height);
  cairo_fill(cr);
  caption.draw(cr, f.left() + kPad + 4, f.y() + kPad);
  value.draw(cr, f.left() + kPad + 4, f.y() + kPad + caption.height());
  mutuCaption.draw(cr, f.left() + half + kPad, f.y() + kPad);
  mutu.draw(cr, f.left() + half + kPad, f.y() + kPad + mutuCaption.height());
  f.advance(height + 6);
  f.paragraph(
      esc(d.t("Berdasarkan ", "Based on ") + d.count(m.skmRespondents) + d.t(" responden SKM.", " SKM respondents.")),
      kNote);
}

// "<b>B</b> Baik": the letter stands out in the column.
std::string mutuCell(const Doc& d, std::int64_t konversiHundredths) {
  const Mutu mutu = mutuForHundredths(konversiHundredths);
  return "<b>" + std::string(1, mutuLetter(mutu)) + "</b> " + esc(std::string(mutuLabel(mutu, d.m.english)));
}

std::string interval(const Doc& d, const LaporanElement& e) {
  if (!e.ciLowHundredths || !e.ciHighHundredths) return "\u2013";
  return d.num(*e.ciLowHundredths) + "\u2013" + d.num(*e.ciHighHundredths);
}

// "U8 Sarana dan prasarana — 72,10 (C Kurang Baik)", the name in bold.
std::string scored(const Doc& d, const LaporanElement& e) {
  return "<b>" + Doc::elementTitle(e) + "</b> \u2014 " + d.num(*e.konversiHundredths) + " (" +
         esc(d.mutuText(*e.konversiHundredths)) + ")";
}

}  // namespace

void chapterResults(Doc& d) {
  PageFlow& f = d.flow;
  f.heading(d.t("3. Hasil per Unsur", "3. Results per Element"), 0);
  if (d.m.elements.empty()) {
    f.paragraph(esc(d.t("Belum ada data unsur untuk periode ini.", "There are no element figures for this period.")));
  } else {
    f.paragraph(
        esc(d.t("Tabel 1 dan Gambar 1 menyajikan nilai tiap unsur. Interval 95 % menunjukkan rentang nilai "
                "konversi yang wajar bila survei diulang; unsur dengan sedikit responden memiliki interval lebar.",
                "Table 1 and Figure 1 give the score of each element. The 95 % interval is the range the "
                "converted score would plausibly take if the survey were repeated; elements with few "
                "respondents have wide intervals.")));
    f.caption(esc(d.t("Tabel 1. Nilai per unsur pelayanan", "Table 1. Score per service element")), kCaption, 4);
    Table table({{d.t("Kode", "Code"), 0.07},
                 {d.t("Unsur", "Element"), 0.29},
                 {d.t("Responden", "Respondents"), 0.14, PANGO_ALIGN_RIGHT},
                 {"NRR", 0.08, PANGO_ALIGN_RIGHT},
                 {d.t("Konversi", "Converted"), 0.12, PANGO_ALIGN_RIGHT},
                 {d.t("Mutu", "Quality"), 0.15},
                 {d.t("Interval 95 %", "95 % interval"), 0.15, PANGO_ALIGN_RIGHT}});
    for (const LaporanElement& e : d.m.elements) {
      const std::string mutu = e.konversiHundredths ? mutuCell(d, *e.konversiHundredths)
                                                    : "<i>" + esc(d.t("tidak ada jawaban", "no answers")) + "</i>";
      table.add({"<b>" + esc(e.code) + "</b>", esc(e.name), d.count(e.answered), d.num(e.nrrHundredths),
                 d.num(e.konversiHundredths), mutu, interval(d, e)});
    }
    table.draw(f);
    f.caption(esc(d.t("Gambar 1. Nilai konversi per unsur (skala 25\u2013100) dengan interval 95 %",
                      "Figure 1. Converted score per element (scale 25\u2013100) with 95 % intervals")),
              kCaption, 2);
    elementChart(d);
  }
  if (d.m.konversiHundredths &&
      std::any_of(d.m.elements.begin(), d.m.elements.end(), [](const auto& e) { return !e.konversiHundredths; })) {
    f.paragraph(esc(d.t("Unsur tanpa jawaban tidak ikut dihitung; bobotnya dibagi rata di antara unsur yang dijawab.",
                        "Elements without answers are left out; the weights are shared among the answered ones.")),
                kNote);
  }
  overallIkm(d);
}

void chapterAnalysis(Doc& d) {
  PageFlow& f = d.flow;
  f.heading(d.t("4. Analisis", "4. Analysis"), 0);

  f.heading(d.t("4.1 Kekuatan", "4.1 Strengths"), 1);
  const auto ranked = d.rankedHighFirst();
  if (ranked.empty()) {
    f.paragraph(esc(d.t("Belum ada jawaban SKM, sehingga kekuatan dan kelemahan belum dapat ditentukan.",
                        "There are no SKM answers yet, so no strengths or weaknesses can be named.")));
  } else {
    f.paragraph(esc(d.t("Unsur dengan nilai tertinggi:", "The highest-scoring elements:")), {}, 0, 3);
    for (std::size_t i = 0; i < std::min<std::size_t>(3, ranked.size()); ++i) f.bullet(scored(d, *ranked[i]));
  }

  f.heading(d.t("4.2 Kelemahan", "4.2 Weaknesses"), 1);
  const auto weak = d.belowB();
  if (ranked.empty()) {
    f.paragraph(esc(d.t("Tidak ada unsur yang dapat dinilai.", "No element can be assessed.")));
  } else if (weak.empty()) {
    f.paragraph(esc(d.t("Tidak ada unsur di bawah B (", "No element is below B (") + d.num(kThresholdBHundredths) +
                    d.t("): semua unsur yang dinilai mencapai mutu B atau lebih.",
                        "): every assessed element reaches quality B or better.")));
  } else {
    f.paragraph(esc(d.t("Unsur di bawah batas mutu B (", "Elements below the B threshold (") +
                    d.num(kThresholdBHundredths) + d.t("), mulai dari yang terendah:", "), lowest first:")),
                {}, 0, 3);
    for (const LaporanElement* e : weak) {
      f.bullet(scored(d, *e) + esc(", " + d.num(kThresholdBHundredths - *e->konversiHundredths) +
                                   d.t(" poin di bawah B", " points below B")));
    }
  }

  f.heading(d.t("4.3 Tren Bulanan", "4.3 Monthly Trend"), 1);
  const auto& trend = d.m.trend;
  const auto first =
      std::find_if(trend.begin(), trend.end(), [](const auto& p) { return p.konversiHundredths.has_value(); });
  const auto last =
      std::find_if(trend.rbegin(), trend.rend(), [](const auto& p) { return p.konversiHundredths.has_value(); });
  if (first == trend.end()) {
    f.paragraph(esc(d.t("Belum ada nilai bulanan untuk digambarkan.", "There are no monthly scores to plot yet.")));
    return;
  }
  f.caption(esc(d.t("Gambar 2. Nilai konversi bulanan", "Figure 2. Monthly converted score")), kCaption, 2);
  trendChart(d);
  if (std::any_of(trend.begin(), trend.end(), [](const auto& p) { return !p.konversiHundredths; })) {
    f.paragraph(esc(d.t("Bulan tanpa jawaban SKM tampil sebagai celah pada garis.",
                        "Months without SKM answers show as gaps in the line.")),
                kNote);
  }
  if (&*first == &*last) {
    f.paragraph(esc(d.t("Baru satu bulan yang memiliki nilai (", "Only one month has a score (") + first->title + ", " +
                    d.num(*first->konversiHundredths) +
                    d.t("), sehingga tren belum dapat dinilai.", "), so no trend can be read yet.")));
    return;
  }
  const std::int64_t change = *last->konversiHundredths - *first->konversiHundredths;
  std::string text = d.t("Dari ", "From ") + first->title + d.t(" ke ", " to ") + last->title +
                     d.t(" nilai konversi ", " the converted score ");
  if (change == 0) {
    text += d.t("tetap pada ", "stayed at ") + d.num(*first->konversiHundredths) + ".";
  } else {
    text += (change > 0 ? d.t("naik ", "rose by ") : d.t("turun ", "fell by ")) + d.num(change > 0 ? change : -change) +
            d.t(" poin, dari ", " points, from ") + d.num(*first->konversiHundredths) + d.t(" menjadi ", " to ") +
            d.num(*last->konversiHundredths) + ".";
  }
  f.paragraph(esc(text));
}

}  // namespace suara::hub::pdf
