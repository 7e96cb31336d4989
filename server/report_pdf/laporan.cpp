#include "laporan.hpp"

#include <cairo-pdf.h>

#include <cstdio>
#include <exception>
#include <new>

#include "document.hpp"

namespace suara::hub {

namespace {

using namespace pdf;

cairo_status_t appendTo(void* closure, const unsigned char* data, unsigned int length) {
  try {
    static_cast<std::string*>(closure)->append(reinterpret_cast<const char*>(data), length);
    return CAIRO_STATUS_SUCCESS;
  } catch (const std::bad_alloc&) {
    return CAIRO_STATUS_NO_MEMORY;
  }
}

Error cairoError(cairo_status_t status) {
  return makeError(Errc::Internal, std::string("cairo could not draw the report: ") + cairo_status_to_string(status));
}

// "Laporan Hasil SKM · period · unit" on the left, "Halaman n dari N" on the right.
void footer(cairo_t* cr, const PageFlow& flow, const LaporanModel& m, int page, int pages) {
  const double y = kPageHeight - kMarginBottom + 24;
  setColour(cr, colour::kRule);
  cairo_set_line_width(cr, 0.5);
  cairo_move_to(cr, flow.left(), y);
  cairo_line_to(cr, flow.right(), y);
  cairo_stroke(cr);
  const TextStyle left{7.5, false, false, colour::kMuted, PANGO_ALIGN_LEFT, 1};
  const TextStyle right{7.5, false, false, colour::kMuted, PANGO_ALIGN_RIGHT, 1};
  // The unit name last: if anything is cut for length, it is the end of a long name.
  const std::string title = (m.english ? "SKM results report \u00b7 " : "Laporan Hasil SKM \u00b7 ") + m.periodTitle +
                            " \u00b7 " + m.unitName;
  flow.block(esc(title), left, flow.width() * 0.75).draw(cr, flow.left(), y + 5);
  const std::string number = (m.english ? "Page " : "Halaman ") + std::to_string(page) +
                             (m.english ? " of " : " dari ") + std::to_string(pages);
  flow.block(number, right, flow.width() * 0.25).draw(cr, flow.right() - flow.width() * 0.25, y + 5);
}

// Copies the recorded pages into a PDF, now that their number is known, with footers and an
// outline (bookmarks) of the chapters.
Result<std::string> writePdf(const PageFlow& flow, const LaporanModel& m) {
  std::string out;
  cairo_surface_t* surface = cairo_pdf_surface_create_for_stream(appendTo, &out, kPageWidth, kPageHeight);
  const std::string title =
      (m.english ? "SKM results report: " : "Laporan Hasil SKM: ") + m.unitName + ", " + m.periodTitle;
  gchar* validTitle = g_utf8_make_valid(title.c_str(), -1);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_TITLE, validTitle);
  g_free(validTitle);
  cairo_pdf_surface_set_metadata(surface, CAIRO_PDF_METADATA_CREATOR, "Suara");
  cairo_t* cr = cairo_create(surface);
  const int pages = static_cast<int>(flow.pages().size());
  for (int i = 0; i < pages; ++i) {
    cairo_set_source_surface(cr, flow.pages()[static_cast<std::size_t>(i)], 0, 0);
    cairo_paint(cr);
    footer(cr, flow, m, i + 1, pages);
    cairo_show_page(cr);
  }
  int chapter = CAIRO_PDF_OUTLINE_ROOT;
  for (const OutlineEntry& entry : flow.outline()) {
    char link[64];
    std::snprintf(link, sizeof link, "page=%d pos=[%.0f %.0f]", entry.page, flow.left(), entry.y);
    gchar* name = g_utf8_make_valid(entry.title.c_str(), -1);
    const int id = cairo_pdf_surface_add_outline(surface, entry.level == 0 ? CAIRO_PDF_OUTLINE_ROOT : chapter, name,
                                                 link, static_cast<cairo_pdf_outline_flags_t>(0));
    g_free(name);
    if (entry.level == 0) chapter = id;
  }
  cairo_destroy(cr);
  cairo_surface_finish(surface);
  const cairo_status_t status = cairo_surface_status(surface);
  cairo_surface_destroy(surface);
  if (status != CAIRO_STATUS_SUCCESS) return cairoError(status);
  return out;
}

}  // namespace

Result<std::string> renderLaporanPdf(const LaporanModel& model) {
  try {
    PageFlow flow;
    Doc doc{model, flow};
    titleBlock(doc);
    chapterIntroduction(doc);
    chapterDataCollection(doc);
    chapterResults(doc);
    chapterAnalysis(doc);
    chapterPlan(doc);
    chapterConclusion(doc);
    appendix(doc);
    flow.finish();
    if (const cairo_status_t status = flow.status(); status != CAIRO_STATUS_SUCCESS) return cairoError(status);
    return writePdf(flow, model);
  } catch (const std::exception& e) {
    // Only allocation can throw here; the report is not worth taking the hub down for.
    return makeError(Errc::Internal, std::string("the report could not be drawn: ") + e.what());
  }
}

}  // namespace suara::hub
