#pragma once
// The kiosk_bench figures measured on the real kiosk UI inside the bench process: taps a
// rating takes, tap-to-record and tap-to-thanks latency, CPU per frame while citizens rate.

#include <filesystem>

namespace suara::bench {

struct TapCounts {
  int quickOneTap = -1;      // quick-4, service not asked first: attract face -> rating stored
  int quickServiceFirst = -1;  // quick-4, service asked first
  int skmFull = -1;          // skm-2017, all nine answered
};
// Taps from the attract screen until the rating is durably stored, walking each path.
TapCounts countTapsToRating(const std::filesystem::path& work);

struct TapLatency {
  double recordP50 = -1, recordP99 = -1;  // tap -> rating durably in the store (ms)
  double thanksP50 = -1, thanksP99 = -1;  // tap -> thank-you drawn (ms)
};
// `ratings` one-tap ratings (faces 3 and 4, which have no follow-up), each timed from the
// finger events to the store and to the thank-you on screen.
TapLatency measureTapLatency(const std::filesystem::path& work, int ratings);

// CPU time per frame drawn while `citizens` rate one after another (ms).
double kioskCpuPerFrame(const std::filesystem::path& work, int citizens);

}  // namespace suara::bench
