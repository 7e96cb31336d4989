// The kept follow-up plan: who may change it, what an action must say, the audit, and the
// before/after comparison that tells a manager whether an action worked.

#include <catch2/catch.hpp>

#include "dashboard/effect.hpp"
#include "services/plan_service.hpp"
#include "suara/core/paths.hpp"
#include "support/temp_dir.hpp"

using namespace suara;
using namespace suara::hub;

namespace {

constexpr std::int64_t kDay = 86'400'000;
const std::int64_t kNow = *parseLocalDate("2027-03-01") * kDay + 12 * 3'600'000;  // noon UTC

DashboardUser userOf(const std::string& name, Role role, std::vector<std::string> units) {
  DashboardUser u;
  u.name = name;
  u.role = role;
  u.units = std::move(units);
  return u;
}

struct Plans {
  test::TempDir dir;
  std::unique_ptr<Storage> storage = openStorage((dir / "hub.db").string(), StorageRole::Create).value();
  std::unique_ptr<CatalogService> catalogs = CatalogService::open(*storage, assetsDir() / "training" / "catalog.json").value();
  const TrainingCatalog& catalog = *catalogs->current();
  PlanService plans{*storage, *catalogs};
  Plans() {
    REQUIRE(storage->createUnit({"dumai", "Kota Dumai", "skm-2017", 7, {}, {{"loket-1", "Loket 1"}}, {}, {}}));
    REQUIRE(storage->createUnit({"jayapura", "Kota Jayapura", "skm-2017", 9, {}, {}, {}, {}}));
  }
  std::string programmeFor(const std::string& element) const { return catalog.programmesFor(element).front()->id; }
};

// An admin's new programme: a digital queue, addressing U3 (Waktu Penyelesaian).
ProgrammeInput digitalQueueForU3() {
  ProgrammeInput input;
  input.id = "antrean_digital";
  input.action = "facility";
  input.kind = "facility";
  input.level = "unit";
  input.nameId = "Antrean digital";
  input.nameEn = "Digital queue";
  input.descriptionId = "Nomor antrean lewat ponsel dan layar.";
  input.descriptionEn = "Queue numbers by phone and screen.";
  input.elements[2] = {true, 1, "Warga tidak menunggu di loket.", "Citizens do not wait at the counter."};
  return input;
}

ElementTally answers(int count, int score) {
  ElementTally t;
  for (int i = 0; i < count; ++i) t.add(score);
  return t;
}

ElementTally mixed(int threes, int fours) {
  ElementTally t = answers(threes, 3);
  for (int i = 0; i < fours; ++i) t.add(4);
  return t;
}

}  // namespace

TEST_CASE("a manager plans for their own unit; a viewer and other units are refused", "[dashboard][plans]") {
  Plans p;
  const ActionInput accept{"dumai", "", "U3", p.programmeFor("U3"), "", "", "2027-Q2", "Koordinator Pelayanan", "planned", ""};
  auto id = p.plans.add(userOf("ani", Role::Manager, {"dumai"}), accept, kNow);
  REQUIRE(id);
  const PlanAction stored = p.storage->action(*id).value();
  CHECK(stored.unitId == "dumai");
  CHECK(stored.elementCode == "U3");
  CHECK(stored.quarter == "2027-Q2");
  CHECK(stored.createdBy == "ani");
  CHECK(p.storage->auditLog(1).value().front().action == "plan.add");

  ActionInput other = accept;
  other.unitId = "jayapura";
  CHECK(p.plans.add(userOf("ani", Role::Manager, {"dumai"}), other, kNow).error().code == Errc::NotFound);
  CHECK(p.plans.add(userOf("tamu", Role::Viewer, {"dumai"}), accept, kNow).error().code == Errc::Forbidden);
  CHECK(p.plans.add(userOf("root", Role::Admin, {}), other, kNow));
  // Updating another unit's action through a form naming one's own unit changes nothing.
  const auto jayapuraAction = p.storage->actions({"jayapura"}).value().front();
  CHECK(p.plans.update(userOf("ani", Role::Manager, {"dumai"}), jayapuraAction.id, accept, kNow).error().code == Errc::NotFound);
  CHECK(p.storage->action(jayapuraAction.id).value().unitId == "jayapura");
}

TEST_CASE("an action must name a real element, counter, programme, quarter and completion date", "[dashboard][plans]") {
  Plans p;
  const DashboardUser ani = userOf("ani", Role::Manager, {"dumai"});
  const ActionInput good{"dumai", "loket-1", "U7", "", "sop", "SOP sapaan dan antrean", "2027-Q2", "Kepala Seksi", "planned", ""};
  REQUIRE(p.plans.add(ani, good, kNow));
  auto refused = [&](auto change) {
    ActionInput input = good;
    change(input);
    auto result = p.plans.add(ani, input, kNow);
    return !result && result.error().code == Errc::Invalid;
  };
  CHECK(refused([](ActionInput& a) { a.elementCode = "U10"; }));
  CHECK(refused([](ActionInput& a) { a.counterId = "loket-9"; }));
  CHECK(refused([](ActionInput& a) { a.programmeId = "no-such-programme"; }));
  CHECK(refused([](ActionInput& a) { a.title = ""; }));
  CHECK(refused([](ActionInput& a) { a.title = "ok\u202Eevil"; }));
  CHECK(refused([](ActionInput& a) { a.actionType = "party"; }));
  CHECK(refused([](ActionInput& a) { a.quarter = "2027-05"; }));
  CHECK(refused([](ActionInput& a) { a.quarter = "1970-Q1"; }));
  CHECK(refused([&](ActionInput& a) { a.elementCode = "U1", a.programmeId = p.programmeFor("U9"), a.title = ""; }));  // not a U1 programme
  CHECK(refused([](ActionInput& a) { a.status = "finished"; }));
  CHECK(refused([](ActionInput& a) { a.status = "done"; }));                                      // no date
  CHECK(refused([](ActionInput& a) { a.status = "done", a.doneDate = "2027-02-30"; }));
  CHECK(refused([](ActionInput& a) { a.status = "done", a.doneDate = "2027-03-02"; }));           // tomorrow in WIB
  CHECK(refused([](ActionInput& a) { a.doneDate = "2027-02-01"; }));                             // planned with a date
  ActionInput done = good;
  done.title = "SOP sapaan, tahap dua";
  done.status = "done";
  done.doneDate = "2027-03-01";
  CHECK(p.plans.add(ani, done, kNow));
}

TEST_CASE("the same action twice is a conflict, and a form older than the action's last save is refused", "[dashboard][plans]") {
  Plans p;
  const DashboardUser ani = userOf("ani", Role::Manager, {"dumai"}), budi = userOf("budi", Role::Manager, {"dumai"});
  const ActionInput accept{"dumai", "", "U3", p.programmeFor("U3"), "", "", "2027-Q2", "", "planned", ""};
  const auto id = p.plans.add(ani, accept, kNow);
  REQUIRE(id);
  // A double tap on Accept, or two managers accepting at once: one action.
  const auto again = p.plans.add(budi, accept, kNow + 1);
  REQUIRE_FALSE(again);
  CHECK(again.error().code == Errc::Conflict);
  CHECK(p.storage->actions({"dumai"}).value().size() == 1);
  // The same programme for another counter is another action.
  ActionInput atCounter = accept;
  atCounter.counterId = "loket-1";
  CHECK(p.plans.add(ani, atCounter, kNow + 2));

  // Both open the page (version = the action's updated_ms); ani saves first.
  const std::int64_t seen = p.storage->action(*id).value().updatedMs;
  ActionInput aniEdit = accept;
  aniEdit.office = "Bagian Organisasi";
  aniEdit.seenVersion = seen;
  REQUIRE(p.plans.update(ani, *id, aniEdit, kNow + 10));
  ActionInput budiEdit = accept;
  budiEdit.status = "dropped";
  budiEdit.seenVersion = seen;
  const auto stale = p.plans.update(budi, *id, budiEdit, kNow + 20);
  REQUIRE_FALSE(stale);
  CHECK(stale.error().code == Errc::Conflict);
  const PlanAction kept = p.storage->action(*id).value();
  CHECK(kept.office == "Bagian Organisasi");  // ani's change is not lost
  CHECK(kept.status == ActionStatus::Planned);
  // Reloaded, budi's change goes through; a dropped action may then be planned again.
  budiEdit.seenVersion = kept.updatedMs;
  CHECK(p.plans.update(budi, *id, budiEdit, kNow + 30));
  CHECK(p.plans.add(ani, accept, kNow + 40));
}

TEST_CASE("an action keeps its programme when the catalog stops mapping it to the element; choosing it anew is checked", "[dashboard][plans]") {
  Plans p;
  const DashboardUser ani = userOf("ani", Role::Manager, {"dumai"}), root = userOf("root", Role::Admin, {});
  ProgrammeInput programme = digitalQueueForU3();
  REQUIRE(p.catalogs->saveProgramme(root, programme, kNow));
  const ActionInput accept{"dumai", "", "U3", "antrean_digital", "", "", "2027-Q2", "", "planned", ""};
  const auto id = p.plans.add(ani, accept, kNow);
  REQUIRE(id);
  // The admin now maps it to U4 instead of U3.
  programme.elements[2] = {};
  programme.elements[3] = {true, 1, "Biaya jelas di layar.", "Fees shown on the screen."};
  REQUIRE(p.catalogs->saveProgramme(root, programme, kNow + 1));
  // The action made under the old catalog can still be completed and dropped.
  ActionInput done = accept;
  done.status = "done";
  done.doneDate = "2027-03-01";
  REQUIRE(p.plans.update(ani, *id, done, kNow + 2));
  CHECK(p.storage->action(*id).value().programmeId == "antrean_digital");
  // A new action, or moving this one to another element, meets today's catalog.
  ActionInput fresh = accept;
  fresh.counterId = "loket-1";
  CHECK(p.plans.add(ani, fresh, kNow + 3).error().code == Errc::Invalid);
  ActionInput moved = done;
  moved.elementCode = "U5";
  CHECK(p.plans.update(ani, *id, moved, kNow + 4).error().code == Errc::Invalid);
}

TEST_CASE("an admin's catalog edit is checked whole, kept as a version and used at once", "[dashboard][catalog]") {
  Plans p;
  ProgrammeInput input = digitalQueueForU3();
  CHECK(p.catalogs->saveProgramme(userOf("ani", Role::Manager, {"dumai"}), input, kNow).error().code == Errc::Forbidden);
  const DashboardUser root = userOf("root", Role::Admin, {});
  REQUIRE(p.catalogs->saveProgramme(root, input, kNow));
  auto offers = [](const TrainingCatalog& catalog, const std::string& id) {
    for (const Programme* programme : catalog.programmesFor("U3"))
      if (programme->id == id) return true;
    return false;
  };
  CHECK(offers(*p.catalogs->current(), "antrean_digital"));
  CHECK(p.storage->latestCatalog().value().has_value());
  CHECK(p.storage->auditLog(1).value().front().action == "catalog.add");
  // Used by the plan at once, and by a hub started again.
  CHECK(p.plans.add(userOf("ani", Role::Manager, {"dumai"}), {"dumai", "", "U3", "antrean_digital", "", "", "", "", "planned", ""}, kNow));
  auto reopened = CatalogService::open(*p.storage, assetsDir() / "training" / "catalog.json").value();
  CHECK(offers(*reopened->current(), "antrean_digital"));

  for (const std::string& badId : {std::string("X Y"), std::string("nul\0id", 6), std::string("\xff\xfe"), std::string(65, 'a'), std::string("../x")}) {
    ProgrammeInput odd = input;
    odd.id = badId;
    CHECK(p.catalogs->saveProgramme(root, odd, kNow + 1).error().code == Errc::Invalid);
  }
  ProgrammeInput badRank = input;
  badRank.elements[2].rank = 0;
  CHECK(p.catalogs->saveProgramme(root, badRank, kNow + 1).error().code == Errc::Invalid);
  ProgrammeInput broken = input;
  broken.action = "party";
  CHECK_FALSE(p.catalogs->saveProgramme(root, broken, kNow + 1));
  broken = input;
  broken.elements[4] = {true, 1, "", ""};  // an element without its reason
  CHECK_FALSE(p.catalogs->saveProgramme(root, broken, kNow + 1));
  CHECK(p.catalogs->current()->programmes.size() == reopened->current()->programmes.size());  // unchanged
}

TEST_CASE("completion dates are real calendar days", "[dashboard][plans]") {
  CHECK(parseLocalDate("1970-01-01") == std::nullopt);  // before 2000
  CHECK(parseLocalDate("2000-01-01") == 10957);
  CHECK(parseLocalDate("2028-02-29"));
  CHECK_FALSE(parseLocalDate("2027-02-29"));
  CHECK_FALSE(parseLocalDate("2027-2-01"));
  CHECK_FALSE(parseLocalDate("2027-02-01x"));
  CHECK(localDateText(*parseLocalDate("2026-11-23")) == "2026-11-23");
}

TEST_CASE("did it work: a clear rise, a clear fall, and noise are told apart", "[dashboard][effect]") {
  const EffectWindows w = effectWindows(1000, 1200);
  CHECK(w.days == 90);
  CHECK(w.beforeFrom == 910);
  CHECK(w.afterTo == 1090);
  const Effect better = compareWindows(w, mixed(80, 20), mixed(20, 80));
  CHECK(better.verdict == Effect::Verdict::Improved);
  CHECK(*better.difference == 1500);  // 77,50 → 92,50
  CHECK(*better.low > 0);
  CHECK(compareWindows(w, mixed(20, 80), mixed(80, 20)).verdict == Effect::Verdict::Worsened);
  const Effect same = compareWindows(w, mixed(50, 50), mixed(48, 52));
  CHECK(same.verdict == Effect::Verdict::NoClearChange);
  CHECK(*same.low < 0);
  CHECK(*same.high > 0);
}

TEST_CASE("did it work: too early, or too few answers, says so instead of guessing", "[dashboard][effect]") {
  CHECK(compareWindows(effectWindows(1000, 1010), mixed(80, 20), mixed(20, 80)).verdict == Effect::Verdict::TooEarly);
  const EffectWindows w = effectWindows(1000, 1030);
  CHECK(w.days == 30);
  CHECK(w.beforeFrom == 970);
  CHECK(compareWindows(w, mixed(20, 9), mixed(0, 29)).verdict == Effect::Verdict::NotEnoughData);
  CHECK(compareWindows(w, mixed(20, 10), mixed(0, 30)).verdict == Effect::Verdict::Improved);
  // Every answer the same on both sides: no spread, and a real difference is still clear.
  CHECK(compareWindows(w, answers(40, 3), answers(40, 4)).verdict == Effect::Verdict::Improved);
  CHECK(compareWindows(w, answers(40, 3), answers(40, 3)).verdict == Effect::Verdict::NoClearChange);
}

TEST_CASE("publishing a unit's results is for its manager: a viewer is told so, another unit's manager finds no unit", "[dashboard][plans]") {
  Plans p;
  const auto viewer = p.plans.setPublished(userOf("tamu", Role::Viewer, {"dumai"}), "dumai", true, kNow);
  REQUIRE_FALSE(viewer);
  CHECK(viewer.error().code == Errc::Forbidden);
  CHECK_THAT(viewer.error().message, Catch::Contains("publish"));
  CHECK(p.plans.setPublished(userOf("joko", Role::Manager, {"jayapura"}), "dumai", true, kNow).error().code == Errc::NotFound);
  CHECK(p.plans.setPublished(userOf("ani", Role::Manager, {"dumai"}), "dumai", true, kNow));
  CHECK(p.storage->auditLog(1).value().front().action == "unit.publish");
}
