#pragma once
// The printable "Laporan Hasil Survei Kepuasan Masyarakat" of one unit and period
// (PermenPANRB No. 14 Tahun 2017): an A4 PDF drawn with cairo and pango.
//
// The model holds figures that are already computed (hundredths, counts, mutu letters) so the
// PDF shows exactly what the other reports show; the renderer only words, lays out and draws.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "suara/core/result.hpp"

namespace suara::hub {

struct LaporanElement {
  std::string code, name;
  std::int64_t answered = 0;
  std::optional<std::int64_t> nrrHundredths, konversiHundredths, ciLowHundredths, ciHighHundredths;
};

struct LaporanTrendPoint {
  std::string title;                               // "Jan 2026"
  std::optional<std::int64_t> konversiHundredths;  // none: a month without SKM answers (a gap)
  std::int64_t respondents = 0;
};

struct LaporanBreakdownRow {
  std::string name;
  std::int64_t responses = 0;
  std::optional<std::int64_t> konversiHundredths;
  std::string mutuLetter;
};

struct LaporanPlanItem {
  std::string code, name, programmes /* joined */, waktu, penanggungJawab;
  std::optional<std::int64_t> konversiHundredths;
  bool needsMoreData = false;
};

struct LaporanAction {
  std::string element, title, status, doneDate, verdictText;
};

struct LaporanProfileGroup {
  std::string title;
  std::vector<std::pair<std::string, std::int64_t>> counts;
};

struct LaporanModel {
  std::string unitName, periodTitle /* "Triwulan IV 2026" */, generatedDate /* "23 November 2026" */,
      timeZone /* "WIB" */;
  std::int64_t responses = 0, skmRespondents = 0;
  std::optional<std::int64_t> konversiHundredths;  // absent when no SKM answers
  std::string mutuLetter, mutuLabel;
  std::optional<std::int64_t> quickIndexHundredths;  // "Indeks Kepuasan Cepat — bukan IKM SKM"
  std::int64_t quickRespondents = 0;
  std::optional<std::int64_t> sampleRequired, population;  // Krejcie–Morgan
  std::vector<LaporanElement> elements;                    // U1..U9
  std::vector<LaporanTrendPoint> trend;                    // months, oldest first
  std::vector<LaporanBreakdownRow> byService, byCounter;
  std::vector<LaporanPlanItem> plan;         // Rencana Tindak Lanjut
  std::vector<LaporanAction> actions;        // actions taken and whether they worked
  std::vector<LaporanProfileGroup> profile;  // respondent profile (appendix)
  bool english = false;                      // labels in English instead of Bahasa Indonesia
};

// A4 PDF bytes. Never throws; an error only when cairo fails (or memory runs out).
Result<std::string> renderLaporanPdf(const LaporanModel& model);

}  // namespace suara::hub
