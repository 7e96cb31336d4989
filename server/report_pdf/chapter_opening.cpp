// Page 1's title block and key figures, chapter 1 (Pendahuluan) and chapter 2 (Pengumpulan Data).

#include <algorithm>
#include <array>

#include "document.hpp"
#include "suara/core/skm_elements.hpp"
#include "table.hpp"

namespace suara::hub::pdf {

namespace {

constexpr TextStyle kCentred{10, false, false, colour::kInk, PANGO_ALIGN_CENTER};

TextStyle centred(double size, bool bold, Rgb c) {
  TextStyle s = kCentred;
  s.size = size;
  s.bold = bold;
  s.colour = c;
  return s;
}

struct Figure {
  std::string caption, value, note;  // markup
};

// The four figures a reader looks for first, side by side in a tinted band; captions, values
// and notes each on one level across the band, however many lines a caption wraps to.
void keyFigures(Doc& d, const std::vector<Figure>& figures) {
  PageFlow& f = d.flow;
  constexpr double kPad = 9;
  const double cell = f.width() / static_cast<double>(figures.size());
  const double inner = cell - 2 * kPad;
  const std::array<TextStyle, 3> styles = {centred(7.5, true, colour::kMuted), centred(20, true, colour::kAccent),
                                           centred(7.5, false, colour::kMuted)};
  std::vector<std::array<TextBlock, 3>> blocks;
  std::array<double, 3> tiers{};
  for (const Figure& fig : figures) {
    blocks.push_back({f.block(fig.caption, styles[0], inner), f.block(fig.value, styles[1], inner),
                      f.block(fig.note, styles[2], inner)});
    for (std::size_t t = 0; t < 3; ++t) tiers[t] = std::max(tiers[t], blocks.back()[t].height());
  }
  const double height = tiers[0] + tiers[1] + tiers[2] + 2 * kPad;
  f.ensure(height);
  cairo_t* cr = f.cr();
  setColour(cr, colour::kAccentTint);
  cairo_rectangle(cr, f.left(), f.y(), f.width(), height);
  cairo_fill(cr);
  for (std::size_t i = 0; i < blocks.size(); ++i) {
    const double x = f.left() + cell * static_cast<double>(i);
    if (i > 0) {
      setColour(cr, colour::kRule);
      cairo_set_line_width(cr, 0.5);
      cairo_move_to(cr, x, f.y() + kPad);
      cairo_line_to(cr, x, f.y() + height - kPad);
      cairo_stroke(cr);
    }
    // A wrapped caption grows upwards, so that the values still line up.
    blocks[i][0].draw(cr, x + kPad, f.y() + kPad + tiers[0] - blocks[i][0].height());
    blocks[i][1].draw(cr, x + kPad, f.y() + kPad + tiers[0]);
    blocks[i][2].draw(cr, x + kPad, f.y() + kPad + tiers[0] + tiers[1]);
  }
  f.advance(height + 14);
}

std::string elementList(const Doc& d) {
  std::string out;
  for (int i = 0; i < kSkmElementCount; ++i) {
    const auto idx = static_cast<std::size_t>(i);
    // The model's names where it has all nine (a survey may word them), else the regulation's.
    const std::string name =
        d.m.elements.size() == kSkmElementCount
            ? d.m.elements[idx].name
            : std::string(skmElementName(i, d.m.english ? Language::English : Language::Indonesian));
    if (i > 0) out += i + 1 == kSkmElementCount ? d.t("; dan ", "; and ") : "; ";
    out += "U" + std::to_string(i + 1) + " " + esc(name);
  }
  return out;
}

}  // namespace

void titleBlock(Doc& d) {
  PageFlow& f = d.flow;
  const LaporanModel& m = d.m;
  f.advance(6);
  f.paragraph(esc(d.t("LAPORAN HASIL", "REPORT ON THE")), centred(10.5, true, colour::kMuted), 0, 1);
  f.paragraph(esc(d.t("SURVEI KEPUASAN MASYARAKAT", "COMMUNITY SATISFACTION SURVEY")),
              centred(19, true, colour::kAccent), 0, 8);
  f.paragraph(esc(m.unitName.empty() ? "\u2013" : m.unitName), centred(14, true, colour::kInk), 0, 3);
  f.paragraph(esc(d.t("Periode ", "Period ") + m.periodTitle), centred(11, false, colour::kInk), 0, 3);
  std::string made = d.t("Disusun ", "Prepared on ") + m.generatedDate;
  if (!m.timeZone.empty()) made += d.t(" \u00b7 waktu dalam ", " \u00b7 times in ") + m.timeZone;
  f.paragraph(esc(made) + "\n" +
                  esc(d.t("Berdasarkan Peraturan Menteri PANRB No. 14 Tahun 2017",
                          "Under Regulation of the Minister of PANRB No. 14 of 2017")),
              centred(8.5, false, colour::kMuted), 0, 16);

  const bool scored = m.konversiHundredths.has_value();
  std::vector<Figure> figures;
  figures.push_back({esc(d.t("IKM (NILAI KONVERSI)", "IKM (CONVERTED SCORE)")),
                     scored ? d.num(*m.konversiHundredths) : "\u2013",
                     esc(scored ? d.t("skala 25\u2013100", "scale 25\u2013100")
                                : d.t("belum ada jawaban SKM", "no SKM answers yet"))});
  figures.push_back({esc(d.t("MUTU PELAYANAN", "SERVICE QUALITY")), scored ? esc(d.overallMutuLetter()) : "\u2013",
                     scored ? esc(d.overallMutuLabel()) : esc(d.t("belum dapat ditetapkan", "not yet determined"))});
  std::string sample = m.sampleRequired ? d.t("sampel minimum ", "minimum sample ") + d.count(*m.sampleRequired)
                                        : d.t("sampel minimum tidak dihitung", "no minimum sample computed");
  figures.push_back({esc(d.t("RESPONDEN SKM", "SKM RESPONDENTS")), d.count(m.skmRespondents), esc(sample)});
  figures.push_back({esc(d.t("INDEKS KEPUASAN CEPAT", "QUICK SATISFACTION INDEX")), d.num(m.quickIndexHundredths),
                     esc(d.t("bukan IKM SKM \u00b7 ", "not the SKM IKM \u00b7 ") + d.count(m.quickRespondents) +
                         d.t(" penilaian", " ratings"))});
  keyFigures(d, figures);
}

void chapterIntroduction(Doc& d) {
  PageFlow& f = d.flow;
  const LaporanModel& m = d.m;
  f.heading(d.t("1. Pendahuluan", "1. Introduction"), 0);
  f.paragraph(
      esc(d.t("Survei Kepuasan Masyarakat (SKM) dilaksanakan berdasarkan Peraturan Menteri Pendayagunaan Aparatur "
              "Negara dan Reformasi Birokrasi (PermenPANRB) No. 14 Tahun 2017 tentang Pedoman Penyusunan Survei "
              "Kepuasan Masyarakat Unit Penyelenggara Pelayanan Publik. Laporan ini menyajikan hasil SKM pada ",
              "The Community Satisfaction Survey (Survei Kepuasan Masyarakat, SKM) is carried out under Regulation "
              "of the Minister for Administrative and Bureaucratic Reform (PermenPANRB) No. 14 of 2017 on the "
              "guidelines for community satisfaction surveys of public service units. This report presents the "
              "SKM results of ")) +
      "<b>" + esc(m.unitName.empty() ? "\u2013" : m.unitName) + "</b>" +
      esc(d.t(" untuk periode ", " for the period ")) + "<b>" + esc(m.periodTitle) + "</b>.");
  f.paragraph(esc(d.t("Kepuasan diukur melalui sembilan unsur pelayanan (U1\u2013U9): ",
                      "Satisfaction is measured on nine service elements (U1\u2013U9): ")) +
              elementList(d) + ".");
  f.paragraph(
      esc(d.t("Setiap unsur dinilai pada skala 1\u20134. Nilai rata-rata (NRR) tiap unsur digabung dengan bobot "
              "yang sama menjadi Indeks Kepuasan Masyarakat (IKM), yang dikonversi ke skala 25\u2013100 "
              "(IKM \u00d7 25) dan dikelompokkan ke dalam mutu pelayanan: ",
              "Each element is rated on a scale of 1\u20134. The mean score (NRR) of each element is combined "
              "with equal weights into the Community Satisfaction Index (IKM), converted to a 25\u2013100 scale "
              "(IKM \u00d7 25) and graded into a service quality: ")) +
      "A " + d.num(8831) + "\u2013" + d.num(10000) + " (" + esc(d.t("Sangat Baik", "Very good")) + "), B " +
      d.num(7661) + "\u2013" + d.num(8830) + " (" + esc(d.t("Baik", "Good")) + "), C " + d.num(6500) + "\u2013" +
      d.num(7660) + " (" + esc(d.t("Kurang Baik", "Poor")) + esc(d.t(") dan D ", ") and D ")) + d.num(2500) + "\u2013" +
      d.num(6499) + " (" + esc(d.t("Tidak Baik", "Very poor")) + ").");
}

void chapterDataCollection(Doc& d) {
  PageFlow& f = d.flow;
  const LaporanModel& m = d.m;
  f.heading(d.t("2. Pengumpulan Data", "2. Data Collection"), 0);
  if (m.responses == 0) {
    f.paragraph(esc(d.t("Pada periode ini belum ada tanggapan yang tercatat, sehingga IKM belum dapat dihitung.",
                        "No responses were recorded in this period, so no IKM can be computed.")));
  } else {
    f.paragraph(esc(d.t("Pada periode ini tercatat ", "In this period ") + d.count(m.responses) +
                    d.t(" tanggapan; ", " responses were recorded; ") + d.count(m.skmRespondents) +
                    d.t(" di antaranya berasal dari responden SKM yang menjawab sekurang-kurangnya satu unsur.",
                        " of them come from SKM respondents who answered at least one element.")));
  }
  if (m.sampleRequired) {
    const std::int64_t required = *m.sampleRequired;
    std::string text = m.population ? d.t("Dengan populasi ", "With a population of ") + d.count(*m.population) +
                                          d.t(" penerima layanan, sampel minimum", " service users, the minimum sample")
                                    : d.t("Sampel minimum", "The minimum sample");
    text += d.t(" menurut tabel Krejcie dan Morgan (tingkat kepercayaan 95 %, galat 5 %) adalah ",
                " by the Krejcie and Morgan table (95 % confidence, 5 % margin of error) is ") +
            d.count(required) + d.t(" responden; diperoleh ", " respondents; ") + d.count(m.skmRespondents) +
            d.t(" responden SKM, sehingga sampel ", " SKM respondents were obtained, so the sample is ");
    text = esc(text);
    if (m.skmRespondents >= required) {
      text += "<b>" + esc(d.t("memadai", "adequate")) + "</b>.";
    } else {
      text += "<b>" + esc(d.t("belum memadai", "not yet adequate")) + "</b> (" + esc(d.t("kurang ", "short by ")) +
              d.count(required - m.skmRespondents) + esc(d.t(" responden).", " respondents)."));
    }
    f.paragraph(text);
  } else {
    f.paragraph(
        esc(d.t("Sampel minimum tidak dihitung untuk periode ini karena populasi penerima layanan tidak "
                "diketahui atau SKM tidak dijalankan.",
                "No minimum sample is computed for this period: the population of service users is unknown "
                "or the SKM was not run.")));
  }
  std::string quick = m.quickRespondents > 0
                          ? d.t("Selain itu tercatat ", "Besides, ") + d.count(m.quickRespondents) +
                                d.t(" penilaian cepat (satu pertanyaan kepuasan umum) dengan Indeks Kepuasan Cepat ",
                                    " quick ratings (one overall satisfaction question) were recorded, with a quick "
                                    "satisfaction index of ") +
                                d.num(m.quickIndexHundredths) +
                                d.t(" \u2014 bukan IKM SKM. ", " \u2014 not the SKM IKM. ")
                          : std::string();
  quick += d.t("Penilaian cepat dihitung terpisah dan tidak pernah dicampurkan ke dalam IKM.",
               "Quick ratings are counted apart and never mixed into the IKM.");
  f.paragraph(esc(quick), {}, 0, 8);

  Table table({{d.t("Uraian", "Item"), 0.72}, {d.t("Jumlah", "Count"), 0.28, PANGO_ALIGN_RIGHT}});
  table.add({esc(d.t("Tanggapan tercatat", "Responses recorded")), d.count(m.responses)});
  table.add({esc(d.t("Populasi penerima layanan", "Population of service users")),
             m.population ? d.count(*m.population) : esc(d.t("tidak diketahui", "unknown"))});
  table.add({esc(d.t("Sampel minimum (Krejcie\u2013Morgan)", "Minimum sample (Krejcie\u2013Morgan)")),
             m.sampleRequired ? d.count(*m.sampleRequired) : "\u2013"});
  std::string obtained = d.count(m.skmRespondents);
  if (m.sampleRequired) {
    obtained += m.skmRespondents >= *m.sampleRequired ? d.t(" (memadai)", " (adequate)")
                                                      : d.t(" (belum memadai)", " (not yet adequate)");
  }
  table.add({esc(d.t("Sampel diperoleh (responden SKM)", "Sample obtained (SKM respondents)")), esc(obtained)});
  table.add({esc(d.t("Penilaian cepat (dihitung terpisah dari IKM)", "Quick ratings (counted apart from the IKM)")),
             d.count(m.quickRespondents)});
  table.add({esc(d.t("Indeks Kepuasan Cepat \u2014 bukan IKM SKM", "Quick satisfaction index \u2014 not the SKM IKM")),
             d.num(m.quickIndexHundredths)});
  table.draw(f);
}

}  // namespace suara::hub::pdf
