#include "suara/core/demo_data.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <random>

#include "suara/core/skm_elements.hpp"

namespace suara {

namespace {

// Mean score (1..4) per element U1..U9 for each unit; counter 2's officer differs on U6/U7.
struct Profile {
  std::array<double, kSkmElementCount> mean;
  double officerTwoAttitudeShift;
};
const std::array<Profile, 5> kProfiles = {{
    {{3.6, 3.5, 3.5, 3.9, 3.6, 3.6, 3.7, 3.4, 3.5}, 0.0},    // Dumai: very good everywhere
    {{3.3, 3.1, 2.9, 3.8, 3.2, 3.3, 3.4, 2.9, 3.1}, -0.3},   // Pontianak: good, slowish
    {{3.2, 3.2, 3.1, 3.7, 3.3, 3.0, 3.1, 3.0, 2.6}, 0.0},    // Solok: facilities lag
    {{2.9, 2.7, 2.6, 3.5, 2.9, 2.8, 2.6, 2.5, 2.9}, -0.6},   // Pematangsiantar: staff attitude
    {{3.0, 2.8, 2.2, 3.6, 3.0, 3.1, 3.2, 2.8, 2.9}, 0.0},    // Jayapura: long waits
}};

const std::array<const char*, 4> kServices = {"ktp", "kk", "akta", "pindah"};
const std::array<const char*, 9> kReasonForElement = {
    "requirements_unclear", "procedure_complicated", "waiting_time", "unexpected_fees", "result_not_as_promised",
    "staff_unskilled", "staff_attitude", "complaint_ignored", "facilities_poor"};

// Our own sampling from raw mt19937 output (which the standard fixes), not std::*_distribution
// (whose algorithms vary between standard libraries), so the data set is reproducible.
class Dice {
 public:
  explicit Dice(std::uint32_t seed) : m_rng(seed) {}
  std::uint32_t next() { return static_cast<std::uint32_t>(m_rng()); }
  double unit() { return static_cast<double>(next()) / 4294967296.0; }
  std::size_t below(std::size_t n) { return static_cast<std::size_t>(unit() * static_cast<double>(n)); }
  bool chance(double p) { return unit() < p; }
  // A 1..4 score centred on `mean`.
  int score(double mean) {
    std::array<double, 4> weight{};
    double total = 0;
    for (int s = 1; s <= 4; ++s) total += weight[static_cast<std::size_t>(s - 1)] = std::exp(-(s - mean) * (s - mean) / 0.45);
    double pick = unit() * total;
    for (int s = 1; s <= 4; ++s)
      if ((pick -= weight[static_cast<std::size_t>(s - 1)]) < 0) return s;
    return 4;
  }
  std::string uuid() {
    char text[37];
    const std::uint32_t a = next(), b = next(), c = next(), d = next();
    std::snprintf(text, sizeof text, "%08x-%04x-4%03x-%04x-%04x%08x", a, b >> 16, b & 0xfff, 0x8000 | (c >> 18),
                  c & 0xffff, d);
    return text;
  }

 private:
  std::mt19937 m_rng;
};

template <class List>
std::string pick(Dice& dice, const List& list) {
  return std::string(list[dice.below(list.size())]);
}

}  // namespace

const std::vector<DemoUnit>& demoUnits() {
  static const std::vector<DemoUnit> units = {
      {"dumai", "Kota Dumai", 7, 1200},
      {"pontianak", "Kota Pontianak", 7, 2500},
      {"solok", "Kota Solok", 7, 600},
      {"pematangsiantar", "Kota Pematangsiantar", 7, 900},
      {"jayapura", "Kota Jayapura", 9, 1500},
  };
  return units;
}

const std::map<std::string, std::string, std::less<>>& demoOffices() {
  static const std::map<std::string, std::string, std::less<>> offices = {
      {"individual", "Koordinator Pelayanan"},
      {"unit", "Kepala Mal Pelayanan Publik"},
      {"U9", "Subbagian Umum (sarana dan prasarana)"},
  };
  return offices;
}

std::vector<Response> generateDemoResponses(const DemoOptions& options) {
  Dice dice(options.seed);
  std::vector<Response> responses;
  responses.reserve(static_cast<std::size_t>(std::max(options.count, 0)));
  const std::string bootId = "00000000-0000-4000-8000-00000000b007";
  const std::int64_t spanMs = std::int64_t{options.days} * 86'400'000;
  for (int i = 0; i < options.count; ++i) {
    const std::size_t unit = dice.below(demoUnits().size());
    const Profile& profile = kProfiles[unit];
    const int counter = 1 + static_cast<int>(dice.below(2));
    Response r;
    r.uuid = dice.uuid();
    r.seq = i + 1;
    r.unitId = demoUnits()[unit].id;
    r.counterId = "loket-" + std::to_string(counter);
    r.officerId = r.unitId.substr(0, 3) + "-asn-" + std::to_string(counter);
    r.serviceId = pick(dice, kServices);
    r.clock = {options.startMs + static_cast<std::int64_t>(dice.unit() * static_cast<double>(spanMs)),
               static_cast<std::int64_t>(i) * 60'000, bootId};
    auto mean = profile.mean;
    if (counter == 2) {
      mean[5] += profile.officerTwoAttitudeShift;
      mean[6] += profile.officerTwoAttitudeShift;
    }
    if (options.trainingDoneMs && r.unitId == DemoTraining{}.unitId && r.clock.wallMs >= *options.trainingDoneMs) {
      mean[5] += 0.4;
      mean[6] += 0.6;
    }
    if (dice.chance(0.4)) {
      r.surveyId = "skm-2017";
      for (std::size_t e = 0; e < kSkmElementCount; ++e)
        if (!dice.chance(0.03)) r.answers.emplace(std::string(kSkmElementCodes[e]), dice.score(mean[e]));
    } else {
      r.surveyId = "quick-4";
      double overall = 0;
      for (double m : mean) overall += m / kSkmElementCount;
      const int score = dice.score(overall);
      r.answers.emplace(std::string(kOverallCode), score);
      if (score <= 2 && dice.chance(0.7)) {
        // The weakest element is the likeliest reason, another one sometimes too.
        std::size_t worst = 0;
        for (std::size_t e = 1; e < kSkmElementCount; ++e)
          if (mean[e] < mean[worst]) worst = e;
        r.reasons.emplace_back(kReasonForElement[dice.chance(0.7) ? worst : dice.below(kSkmElementCount)]);
      }
    }
    if (dice.chance(0.5)) {
      r.respondent = {pick(dice, respondentGenders()), pick(dice, respondentAgeBands()),
                      pick(dice, respondentEducations()), pick(dice, respondentOccupations())};
    }
    if (dice.chance(0.02)) r.flags |= flags::kPartial;
    responses.push_back(std::move(r));
  }
  return responses;
}

}  // namespace suara
