#pragma once
// The report's two vector charts, drawn with cairo at the cursor of the page flow.

#include "document.hpp"

namespace suara::hub::pdf {

// Konversi per element as horizontal bars on the 25–100 scale, with 95 % interval whiskers and
// a dashed line at the B threshold. Bars below B are hatched and say "di bawah B" in words, so
// the chart reads the same in black and white or to a reader who cannot tell the colours apart.
void elementChart(Doc& d);

// Monthly konversi as a line, broken where a month has no SKM answers.
void trendChart(Doc& d);

}  // namespace suara::hub::pdf
