// The "Laporan Hasil SKM" PDF, read back the way a reader's tools read it: pdftotext (poppler)
// for the words and their positions on the page.

#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>
#include <string>

#include "laporan.hpp"
#include "support/laporan_sample.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace suara;

namespace {

constexpr double kPageHeight = 841.89;
constexpr double kLeft = 62, kRight = 595.276 - 62, kTop = 58, kBottom = kPageHeight - 72;
constexpr double kSlack = 1.0;  // pdftotext's boxes come from font-wide ascent and descent

struct PdfText {
  std::string flat;  // every run of white space (and page break) as one space
  int pages = 0;
  std::string bboxHtml;
};

// runProcess execs a path, not a name: pdftotext as the shell would find it on PATH.
std::string pdftotext() {
  const char* path = std::getenv("PATH");
  std::stringstream dirs(path ? path : "/usr/bin");
  for (std::string dir; std::getline(dirs, dir, ':');) {
    const auto candidate = std::filesystem::path(dir) / "pdftotext";
    if (!dir.empty() && access(candidate.c_str(), X_OK) == 0) return candidate.string();
  }
  return "/usr/bin/pdftotext";
}

std::string rendered(const hub::LaporanModel& model) {
  auto pdf = hub::renderLaporanPdf(model);
  REQUIRE(pdf.ok());
  REQUIRE(pdf->rfind("%PDF-", 0) == 0);
  return std::move(pdf).value();
}

PdfText readBack(const std::string& pdf) {
  test::TempDir dir;
  const std::string path = (dir / "laporan.pdf").string();
  std::ofstream(path, std::ios::binary) << pdf;
  const auto text = test::runProcess({pdftotext(), "-enc", "UTF-8", path, "-"});
  INFO("pdftotext comes with poppler-utils (scripts/install-deps.sh --test): " << text.err);
  REQUIRE(text.exitCode == 0);
  PdfText out;
  for (char c : text.out) out.pages += c == '\f' ? 1 : 0;  // pdftotext ends every page with a form feed
  out.flat = std::regex_replace(text.out, std::regex("\\s+"), " ");
  const auto bbox = test::runProcess({pdftotext(), "-bbox", "-enc", "UTF-8", path, "-"});
  REQUIRE(bbox.exitCode == 0);
  out.bboxHtml = bbox.out;
  return out;
}

std::size_t occurrences(const std::string& haystack, const std::string& needle) {
  std::size_t n = 0;
  for (auto at = haystack.find(needle); at != std::string::npos; at = haystack.find(needle, at + needle.size())) ++n;
  return n;
}

// Every word lies inside the margins, or in the footer band under the text area.
void requireWithinMargins(const PdfText& text) {
  const std::regex word(
      R"re(<word xMin="([0-9.]+)" yMin="([0-9.]+)" xMax="([0-9.]+)" yMax="([0-9.]+)">([^<]*)</word>)re");
  std::size_t words = 0;
  std::string outside;
  for (auto it = std::sregex_iterator(text.bboxHtml.begin(), text.bboxHtml.end(), word); it != std::sregex_iterator();
       ++it) {
    const double x0 = std::stod((*it)[1]), y0 = std::stod((*it)[2]), x1 = std::stod((*it)[3]), y1 = std::stod((*it)[4]);
    const bool inBody = y0 >= kTop - kSlack && y1 <= kBottom + kSlack;
    const bool inFooter = y0 >= kBottom + 20 && y1 <= kPageHeight - 30;
    if (x0 < kLeft - kSlack || x1 > kRight + kSlack || !(inBody || inFooter)) {
      outside += "'" + (*it)[5].str() + "' at x " + std::to_string(x0) + "-" + std::to_string(x1) + ", y " +
                 std::to_string(y0) + "-" + std::to_string(y1) + "\n";
    }
    ++words;
  }
  CHECK(words > 50);
  INFO(outside);
  CHECK(outside.empty());
}

}  // namespace

TEST_CASE("Laporan PDF: a full report has every chapter, the IKM and page n of N", "[report_pdf]") {
  hub::LaporanModel model = test::sampleLaporan();
  model.konversiHundredths = 7661;  // exactly the lowest B
  const PdfText text = readBack(rendered(model));

  for (const char* title : {"1. Pendahuluan", "2. Pengumpulan Data", "3. Hasil per Unsur", "4. Analisis",
                            "5. Rencana Tindak Lanjut", "6. Kesimpulan", "Lampiran"}) {
    INFO(title);
    CHECK(text.flat.find(title) != std::string::npos);
  }
  CHECK(text.flat.find("Dinas Kependudukan dan Pencatatan Sipil Kabupaten Banyumas") != std::string::npos);
  CHECK(text.flat.find("adalah 76,61 dengan mutu pelayanan B (Baik)") != std::string::npos);
  CHECK(text.flat.find("PermenPANRB No. 14 Tahun 2017") != std::string::npos);
  CHECK(text.flat.find("bukan IKM SKM") != std::string::npos);
  CHECK(text.flat.find("di bawah B") != std::string::npos);
  CHECK(text.flat.find("perlu data lebih") != std::string::npos);
  CHECK(text.flat.find("2.950") != std::string::npos);  // the population, Indonesian grouping
  // Weaknesses lowest first: U9 (72,15) before U3 (74,80).
  const auto weak = text.flat.find("mulai dari yang terendah");
  REQUIRE(weak != std::string::npos);
  CHECK(text.flat.find("U9", weak) < text.flat.find("U3", weak));

  REQUIRE(text.pages >= 5);
  for (int page = 1; page <= text.pages; ++page) {
    const std::string line = "Halaman " + std::to_string(page) + " dari " + std::to_string(text.pages);
    INFO(line);
    CHECK(occurrences(text.flat, line) == 1);
  }
  requireWithinMargins(text);
}

TEST_CASE("Laporan PDF: English labels and number style", "[report_pdf]") {
  const PdfText text = readBack(rendered(test::sampleLaporan(true)));
  for (const char* title : {"1. Introduction", "2. Data Collection", "3. Results per Element", "4. Analysis",
                            "5. Follow-up Plan", "6. Conclusion", "Appendix"}) {
    INFO(title);
    CHECK(text.flat.find(title) != std::string::npos);
  }
  CHECK(text.flat.find("is 81.86 with service quality B (Good)") != std::string::npos);
  CHECK(text.flat.find("2,950") != std::string::npos);
  CHECK(text.flat.find("Page 1 of " + std::to_string(text.pages)) != std::string::npos);
  CHECK(text.flat.find("Halaman") == std::string::npos);
  requireWithinMargins(text);
}

TEST_CASE("Laporan PDF: a period without ratings says so, with no NaN or division by zero", "[report_pdf]") {
  hub::LaporanModel model;
  model.unitName = "UPT Puskesmas Kembaran I";
  model.periodTitle = "Triwulan I 2027";
  model.generatedDate = "2 Januari 2027";
  model.timeZone = "WIB";
  const PdfText text = readBack(rendered(model));
  for (const char* title : {"1. Pendahuluan", "2. Pengumpulan Data", "3. Hasil per Unsur", "4. Analisis",
                            "5. Rencana Tindak Lanjut", "6. Kesimpulan", "Lampiran"}) {
    INFO(title);
    CHECK(text.flat.find(title) != std::string::npos);
  }
  CHECK(text.flat.find("belum ada tanggapan yang tercatat") != std::string::npos);
  CHECK(text.flat.find("IKM belum dapat dihitung") != std::string::npos);
  CHECK(text.flat.find("belum dapat ditetapkan") != std::string::npos);
  CHECK(text.flat.find("Belum ada rencana tindak lanjut") != std::string::npos);
  CHECK_FALSE(std::regex_search(text.flat, std::regex(R"(\b(nan|inf)\b)", std::regex::icase)));
  CHECK(text.flat.find("Halaman 1 dari " + std::to_string(text.pages)) != std::string::npos);
  requireWithinMargins(text);
}

TEST_CASE("Laporan PDF: 200 plan rows break across pages with the header repeated and no text lost", "[report_pdf]") {
  hub::LaporanModel model = test::sampleLaporan();
  model.plan.clear();
  for (int i = 1; i <= 200; ++i) {
    char marker[16];
    std::snprintf(marker, sizeof marker, "KEG-%03d", i);
    model.plan.push_back(
        {"U" + std::to_string(1 + i % 9), "Unsur pelayanan",
         std::string(marker) + " Sosialisasi standar pelayanan kepada petugas loket" +
             (i % 3 == 0 ? " dan pemantauan bulanan oleh atasan langsung serta evaluasi triwulanan" : ""),
         "Triwulan I 2027", "Kepala Bidang Pelayanan", 7000 + i, i % 7 == 0});
  }
  const PdfText text = readBack(rendered(model));
  for (int i = 1; i <= 200; ++i) {
    char marker[16];
    std::snprintf(marker, sizeof marker, "KEG-%03d", i);
    INFO(marker);
    CHECK(occurrences(text.flat, marker) == 1);
  }
  // The header row is repeated on every page the table continues onto.
  CHECK(occurrences(text.flat, "Program/Kegiatan") >= 4);
  requireWithinMargins(text);
}

TEST_CASE("Laporan PDF: hostile and oversized text stays inside the margins and is not lost", "[report_pdf]") {
  hub::LaporanModel model = test::sampleLaporan();
  model.unitName = "Unit <b>&amp; \"Tes\"</span> \x01\xff akhir";
  std::string huge;
  for (int i = 0; i < 900; ++i) huge += "kalimat panjang nomor " + std::to_string(i) + " ";
  // Two cells each taller than a page: one of words, one a single 2500-letter word.
  model.plan.push_back(
      {"U1", "Persyaratan", huge + "AKHIR-TEKS", "2027", std::string(2500, 'w') + " UJUNG-KATA", std::nullopt, true});
  model.trend = {{"Jan 2027", std::nullopt, 0}, {"Feb 2027", std::nullopt, 0}};
  model.profile.push_back({"Kelompok kosong", {{"Tidak ada", 0}}});
  const PdfText text = readBack(rendered(model));
  CHECK(text.flat.find("Unit <b>&amp; \"Tes\"</span>") != std::string::npos);
  CHECK(text.flat.find("kalimat panjang nomor 899 AKHIR-TEKS") != std::string::npos);
  CHECK(text.flat.find("UJUNG-KATA") != std::string::npos);
  CHECK_FALSE(std::regex_search(text.flat, std::regex(R"(\b(nan|inf)\b)", std::regex::icase)));
  requireWithinMargins(text);
}
