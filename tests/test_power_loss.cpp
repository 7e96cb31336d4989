// Power loss, simulated below SQLite (support/power_cut_vfs.hpp): only what was synced
// survives a cut. A SIGKILL (test_store_crash.cpp) cannot show a missing fsync, because the
// page cache outlives the process; this test can. One store file takes 250 rounds of recording,
// acknowledging and pruning, each ended by a cut at a random write, truncate or sync (some in
// the checkpoint of closing); the next round first checks that the reopened store holds every
// rating record() acknowledged, intact, and that nothing looks damaged.
// With PRAGMA synchronous=NORMAL or OFF in LocalStore this test fails.
// A failure prints its seed; SUARA_POWER_LOSS_SEED=<seed> replays the same operations and cuts.

#include <catch2/catch.hpp>

#include <SQLiteCpp/SQLiteCpp.h>
#include <nlohmann/json.hpp>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <string>

#include "suara/core/local_store.hpp"
#include "support/power_cut_vfs.hpp"
#include "support/responses.hpp"
#include "support/temp_dir.hpp"

using namespace suara;
using namespace std::chrono_literals;

namespace {

// Ratings that use most fields, so that "intact" means something.
Response someRating(std::mt19937& rng) {
  auto pick = [&](int from, int to) { return std::uniform_int_distribution<int>(from, to)(rng); };
  Response r;
  if (pick(0, 1) == 0) {
    r = test::quickResponse(pick(1, 4), {"waiting_time", "procedure_complicated"});
  } else {
    int scores[9];
    for (int& score : scores) score = pick(1, 4);
    r = test::skmAll(scores);
  }
  r.unitId = "pontianak";
  r.serviceId = "kk";
  r.counterId = "loket-" + std::to_string(pick(1, 9));
  r.officerId = "asn-" + std::to_string(pick(1, 99));
  if (pick(0, 2) == 0) r.respondent = {"female", "30_39", "sma", "swasta"};
  if (pick(0, 4) == 0) r.flags = flags::kRapidRepeat;
  return r;
}

std::string describe(const Response& r) { return toJson(r).dump(); }

}  // namespace

TEST_CASE("a power cut at any write or sync loses no rating record() acknowledged and damages nothing",
          "[store][power-loss]") {
  auto& power = test::PowerCutVfs::install();
  power.revive();
  test::TempDir dir;
  const auto file = dir / "suara.db";
  // No disk reserve: it is written beside SQLite, not through it.
  const StoreOptions options{.maxBytes = 0, .reserveBytes = 0, .vfs = test::PowerCutVfs::kName};

  std::uint32_t seed = std::random_device{}();
  if (const char* replay = std::getenv("SUARA_POWER_LOSS_SEED")) seed = static_cast<std::uint32_t>(std::stoul(replay));
  INFO("seed " << seed << " (replay: SUARA_POWER_LOSS_SEED=" << seed << ")");
  std::mt19937 rng(seed);
  auto pick = [&](int from, int to) { return std::uniform_int_distribution<int>(from, to)(rng); };

  std::map<std::string, Response> acknowledged;  // record() succeeded: must survive as recorded
  std::map<std::string, Response> unconfirmed;   // record() failed at the cut: absent or intact
  std::set<std::string> hubHas;                  // markAcked() succeeded: may be pruned, never pending again
  std::map<std::string, int> cutsAt;             // what the cuts interrupted
  int recorded = 0;

  constexpr int kRounds = 250;
  for (int round = 0; round <= kRounds; ++round) {  // the last round only checks
    INFO("round " << round << (round > 0 ? ", after a cut at: " + power.lastCut() : std::string()));
    auto opened = LocalStore::open(file, options);
    INFO((opened ? std::string() : opened.error().message));
    REQUIRE(opened);
    auto store = std::move(*opened);

    // Nothing looks damaged: nothing set aside, and SQLite's own check agrees.
    CHECK(store->movedAside().empty());
    for (const auto& entry : std::filesystem::directory_iterator(dir.path())) {
      const std::string name = entry.path().filename().string();
      INFO("found " << name);
      CHECK(name.find(".unreadable-") == std::string::npos);
      CHECK(name.find(".damaged-") == std::string::npos);
    }
    {
      SQLite::Database check(file.string(), SQLite::OPEN_READONLY, 0, test::PowerCutVfs::kName);
      CHECK(check.execAndGet("PRAGMA integrity_check").getString() == "ok");
    }

    const auto all = store->all();
    INFO((all ? std::string() : all.error().message));
    REQUIRE(all);
    std::map<std::string, const Response*> stored;
    for (const auto& r : *all) stored.emplace(r.uuid, &r);
    for (auto it = acknowledged.begin(); it != acknowledged.end();) {
      const auto found = stored.find(it->first);
      if (found == stored.end()) {
        // Only pruning may remove it, and only once the hub has it.
        if (!hubHas.count(it->first)) FAIL_CHECK("acknowledged rating lost: " << describe(it->second));
        it = acknowledged.erase(it);
        continue;
      }
      if (*found->second != it->second)
        FAIL_CHECK("acknowledged rating changed:\nrecorded " << describe(it->second) << "\nstored   " << describe(*found->second));
      ++it;
    }
    for (auto& [uuid, given] : unconfirmed) {
      const auto found = stored.find(uuid);
      if (found == stored.end()) continue;
      given.seq = found->second->seq;  // assigned by the commit that record() did not see finish
      if (*found->second != given)
        FAIL_CHECK("unconfirmed rating stored half:\ngiven  " << describe(given) << "\nstored " << describe(*found->second));
      acknowledged.emplace(uuid, given);  // on disk now: from here on it must stay
    }
    unconfirmed.clear();
    const auto pending = store->pending(1 << 30);
    REQUIRE(pending);
    for (const auto& r : *pending)
      if (hubHas.count(r.uuid)) FAIL_CHECK("acknowledged by the hub, pending again: " << describe(r));
    if (round == kRounds) break;

    // Every round ends in a cut. In 9 of 10 it comes at a random write, truncate or sync while
    // working; in the other it comes while closing (in the checkpoint) or just after. Every
    // tenth round starts with a clean close and reopen (the WAL checkpointed and deleted).
    const int kind = round % 10;
    if (kind == 9) {
      store.reset();
      auto again = LocalStore::open(file, options);
      REQUIRE(again);
      store = std::move(*again);
    }
    if (kind != 8) power.cutAfter(pick(1, 60));
    for (int op = 0; op < 40 && !power.isCut(); ++op) {
      const int what = pick(0, 9);
      if (what < 8) {
        Response r = someRating(rng);
        const Response given = r;
        if (const auto seq = store->record(r)) {
          acknowledged.emplace(r.uuid, r);
          ++recorded;
        } else {
          INFO(seq.error().message);
          CHECK(power.isCut());  // the only reason to fail
          unconfirmed.emplace(given.uuid, given);
        }
      } else if (what == 8) {
        const auto some = store->pending(pick(1, 5));
        REQUIRE(some);
        std::vector<std::int64_t> seqs;
        for (const auto& r : *some) seqs.push_back(r.seq);
        if (const auto acked = store->markAcked(seqs)) {
          for (const auto& r : *some) hubHas.insert(r.uuid);
        } else {
          INFO(acked.error().message);
          CHECK(power.isCut());
        }
      } else if (const auto pruned = store->prune(0ms, clockNow().wallMs + 1000); !pruned) {
        INFO(pruned.error().message);
        CHECK(power.isCut());
      }
    }
    if (kind != 8 && !power.isCut()) power.cutNow();  // the countdown outlasted the work
    if (kind == 8) power.cutAfter(pick(1, 12));
    store.reset();  // after a cut: the abandoned connection, which cannot write anything now
    if (!power.isCut()) power.cutNow();  // closed before the countdown ran out
    ++cutsAt[power.lastCut()];
    power.revive();
  }

  // The test did what it claims: most cuts inside an operation, in commits (the WAL) and in
  // checkpoints (the database file).
  std::string where;
  for (const auto& [at, n] : cutsAt) where += "\n  " + std::to_string(n) + "x " + at;
  INFO("cuts at:" << where);
  CHECK(kRounds - cutsAt["between operations"] >= 200);
  CHECK(recorded >= 1000);
  CHECK(cutsAt["sync of -wal"] > 0);
  CHECK(cutsAt["write of -wal"] > 0);
  CHECK(cutsAt["write of main db"] + cutsAt["sync of main db"] > 0);
}
