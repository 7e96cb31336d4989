#pragma once
// Ranking units fairly when their samples differ: a unit's figure is pulled toward the mean of
// all units in proportion to how little its own sample says (empirical Bayes, method of
// moments). A unit with 12 respondents and a konversi of 95 does not outrank one with 900 at
// 90 on luck alone. Shown as a ranking score, never as the unit's IKM.
//
//   sampling variance of unit i   v_i = s² / n_i, s² the pooled within-unit variance of a
//                                 respondent's score (konversi scale: element variance × 25²,
//                                 averaged over elements — an upper bound, since a respondent's
//                                 nine answers agree more than independent ones would)
//   between-unit variance         τ² = max(0, variance of the unit figures − mean of v_i)
//   weight on the unit's own      w_i = τ² / (τ² + v_i)
//   score                         w_i · figure_i + (1 − w_i) · respondent-weighted mean

#include <cstdint>
#include <vector>

namespace suara::hub {

struct ShrinkInput {
  double figure = 0;           // konversi (or quick index), 25–100
  double respondents = 0;
  double withinVariance = 0;   // per respondent, konversi scale
};

struct ShrinkResult {
  std::vector<double> scores;  // one per input, in order
  double mean = 0;
  double betweenVariance = 0;
};

// Fewer than three units: no shrinkage (too few to estimate the spread between units).
ShrinkResult shrinkTowardMean(const std::vector<ShrinkInput>& units);

}  // namespace suara::hub
