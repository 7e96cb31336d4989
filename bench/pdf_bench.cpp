// pdf_bench: how long the "Laporan Hasil SKM" PDF takes to draw for a realistic model (one
// quarter of a civil registry office, two years of monthly trend, plan, actions, appendix).
//
// Goal: <= 500 ms per report, mean and p95. Printed, never asserted: timing depends on the
// machine. The first report is timed apart because it pays for font discovery once per process.
//
//   pdf_bench [--runs 50] [--english] [--out report.pdf]

#include <cstdio>
#include <fstream>
#include <numeric>
#include <string>

#include <CLI/CLI.hpp>

#include "bench_stats.hpp"
#include "laporan.hpp"
#include "support/laporan_sample.hpp"

using namespace suara;
using namespace suara::bench;

int main(int argc, char** argv) {
  CLI::App app{"Time the Laporan Hasil SKM PDF renderer"};
  int runs = 50;
  bool english = false;
  std::string out;
  app.add_option("--runs", runs, "reports to render")->check(CLI::PositiveNumber);
  app.add_flag("--english", english, "English labels");
  app.add_option("--out", out, "also write the report to this file");
  CLI11_PARSE(app, argc, argv);

  const hub::LaporanModel model = test::sampleLaporan(english);
  auto start = Clock::now();
  auto first = hub::renderLaporanPdf(model);
  const double firstMs = microsSince(start) / 1000.0;
  if (!first) {
    std::fprintf(stderr, "pdf_bench: %s\n", first.error().message.c_str());
    return 1;
  }
  std::vector<double> ms;
  for (int i = 0; i < runs; ++i) {
    start = Clock::now();
    const auto pdf = hub::renderLaporanPdf(model);
    ms.push_back(microsSince(start) / 1000.0);
    if (!pdf) {
      std::fprintf(stderr, "pdf_bench: %s\n", pdf.error().message.c_str());
      return 1;
    }
  }
  const double mean = std::accumulate(ms.begin(), ms.end(), 0.0) / static_cast<double>(ms.size());
  std::printf("laporan pdf: %zu bytes; first report %.1f ms (font discovery included)\n", first->size(), firstMs);
  std::printf("per report over %d runs: mean %.1f ms, p50 %.1f ms, p95 %.1f ms, max %.1f ms (goal <= 500 ms)\n", runs,
              mean, percentile(ms, 50), percentile(ms, 95), percentile(ms, 100));
  if (!out.empty()) {
    std::ofstream file(out, std::ios::binary);
    file << *first;
    if (!file) {
      std::fprintf(stderr, "pdf_bench: cannot write %s\n", out.c_str());
      return 1;
    }
    std::printf("wrote %s\n", out.c_str());
  }
  return 0;
}
