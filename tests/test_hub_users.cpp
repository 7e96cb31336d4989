// Dashboard accounts: the rules of UserService on a real hub database, argon2id hashes, the
// audit of every change, and `suara-hub user` as an operator runs it.

#include <catch2/catch.hpp>

#include "auth/passwords.hpp"
#include "services/user_service.hpp"
#include "support/run_process.hpp"
#include "support/temp_dir.hpp"

using namespace suara;
using namespace suara::hub;

namespace {
const std::string kHub = SUARA_HUB_EXE;
constexpr const char* kPassword = "kopi tubruk pagi hari";

std::unique_ptr<Storage> hubWithDumai(const test::TempDir& dir) {
  auto opened = openStorage((dir / "hub.db").string(), StorageRole::Create);
  if (!opened || !(*opened)->createUnit({"dumai", "Kota Dumai", "quick-4", 7, {}, {}, {}, {}})) return nullptr;
  return std::move(*opened);
}

struct Accounts {
  test::TempDir dir;
  std::unique_ptr<Storage> storage = hubWithDumai(dir);
  PasswordHasher hasher{2};
  UserService users{*storage, hasher};
};
}  // namespace

TEST_CASE("an account keeps only an argon2id hash that verifies its password and no other", "[hub][users]") {
  Accounts a;
  REQUIRE(a.users.add({"ani", Role::Manager, {"dumai"}, kPassword}, "cli:root", 1000));
  const UserRecord ani = a.storage->user("ani").value();
  CHECK(ani.role == Role::Manager);
  CHECK(ani.units == std::vector<std::string>{"dumai"});
  CHECK(ani.passwordHash.starts_with("$argon2id$"));
  CHECK(ani.passwordHash.find(kPassword) == std::string::npos);
  CHECK(a.hasher.verify(ani.passwordHash, kPassword));
  CHECK_FALSE(a.hasher.verify(ani.passwordHash, "kopi tubruk pagi har"));
  CHECK_FALSE(a.hasher.verify("not a hash", kPassword));
  CHECK_FALSE(PasswordHasher::needsRehash(ani.passwordHash));

  REQUIRE(a.users.changePassword("ani", "teh manis sore hari", "cli:root", 2000));
  const std::string changed = a.storage->user("ani")->passwordHash;
  CHECK(a.hasher.verify(changed, "teh manis sore hari"));
  CHECK_FALSE(a.hasher.verify(changed, kPassword));
}

TEST_CASE("accounts that do not fit their role, name or password rules are refused and nothing is stored", "[hub][users]") {
  Accounts a;
  const auto refused = [&](const NewUser& user, Errc code, const std::string& why) {
    const Status status = a.users.add(user, "cli:root", 1000);
    REQUIRE_FALSE(status);
    CHECK(status.error().code == code);
    CHECK_THAT(status.error().message, Catch::Contains(why));
  };
  refused({"ani", Role::Manager, {"dumai"}, "short"}, Errc::Invalid, "at least 10 characters");
  refused({"ani", Role::Manager, {"dumai"}, "ani"}, Errc::Invalid, "at least 10 characters");
  refused({"ani.manager", Role::Manager, {"dumai"}, "ani.manager"}, Errc::Invalid, "not be the user's name");
  refused({"ani", Role::Manager, {"dumai"}, "kopi\ttubruk pagi"}, Errc::Invalid, "control characters");
  refused({"Ani", Role::Manager, {"dumai"}, kPassword}, Errc::Invalid, "lower case");
  refused({"", Role::Manager, {"dumai"}, kPassword}, Errc::Invalid, "1 to 64");
  refused({"ani", Role::Manager, {}, kPassword}, Errc::Invalid, "needs at least one --unit");
  refused({"root", Role::Admin, {"dumai"}, kPassword}, Errc::Invalid, "admin sees every unit");
  refused({"ani", Role::Viewer, {"dumai", "nowhere"}, kPassword}, Errc::NotFound, "no unit 'nowhere'");
  CHECK(a.storage->users()->empty());
  CHECK(a.storage->auditLog(10)->empty());  // a refused change is no change
  REQUIRE(a.users.add({"ani", Role::Viewer, {"dumai"}, kPassword}, "cli:root", 1000));
  refused({"ani", Role::Admin, {}, kPassword}, Errc::Invalid, "already exists");
  CHECK(a.users.disable("nobody", "cli:root", 3000).error().code == Errc::NotFound);
}

TEST_CASE("every change to an account is in the audit log with who and when, never the password", "[hub][users]") {
  Accounts a;
  REQUIRE(a.users.add({"ani", Role::Manager, {"dumai", "dumai"}, kPassword}, "cli:root", 1000));
  REQUIRE(a.users.changePassword("ani", "teh manis sore hari", "cli:root", 2000));
  REQUIRE(a.users.disable("ani", "cli:operator", 3000));
  CHECK(a.storage->user("ani")->disabledMs == std::optional<std::int64_t>(3000));
  REQUIRE(a.users.enable("ani", "cli:operator", 4000));
  CHECK_FALSE(a.storage->user("ani")->disabledMs);
  const auto log = a.storage->auditLog(10).value();
  REQUIRE(log.size() == 4);
  CHECK(log[3].action == "user.add");
  CHECK(log[3].detail == "role=manager units=dumai");
  CHECK(log[2].action == "user.passwd");
  CHECK(log[1].action == "user.disable");
  CHECK(log[1].actor == "cli:operator");
  CHECK(log[1].atMs == 3000);
  CHECK(log[0].action == "user.enable");
  for (const auto& e : log) {
    CHECK(e.target == "ani");
    CHECK(e.detail.find("kopi") == std::string::npos);
    CHECK(e.detail.find("teh") == std::string::npos);
  }
}

TEST_CASE("suara-hub user reads the password from standard input, never from an argument, and lists accounts", "[hub][users][cli]") {
  test::TempDir dir;
  const std::string db = (dir / "hub.db").string();
  REQUIRE(test::runProcess({kHub, "unit", "add", "--db", db, "--id", "dumai", "--name", "Kota Dumai"}).exitCode == 0);
  const auto add = test::runProcess(
      {"/bin/sh", "-c", "printf '%s\\n' '" + std::string(kPassword) + "' | \"$0\" user add --db \"$1\" --name ani --role manager --unit dumai",
       kHub, db});
  INFO(add.err);
  REQUIRE(add.exitCode == 0);
  const auto weak = test::runProcess({"/bin/sh", "-c", "printf 'short\\n' | \"$0\" user add --db \"$1\" --name budi --unit dumai", kHub, db});
  CHECK(weak.exitCode != 0);
  CHECK_THAT(weak.err, Catch::Contains("at least 10 characters"));
  const auto none = test::runProcess({"/bin/sh", "-c", "\"$0\" user add --db \"$1\" --name budi --unit dumai < /dev/null", kHub, db});
  CHECK(none.exitCode != 0);
  CHECK(test::runProcess({kHub, "user", "add", "--db", db, "--name", "budi", "--password", kPassword}).exitCode != 0);
  REQUIRE(test::runProcess({kHub, "user", "disable", "--db", db, "--name", "ani"}).exitCode == 0);
  const auto listed = test::runProcess({kHub, "user", "list", "--db", db});
  CHECK(listed.out == "ani\tmanager\tdumai\tDISABLED\n");
  const auto audit = test::runProcess({kHub, "audit", "--db", db});
  CHECK_THAT(audit.out, Catch::Contains("\tuser.add\tani\trole=manager units=dumai") && Catch::Contains("\tuser.disable\tani\t"));
  CHECK_THAT(audit.out, Catch::Contains("cli:"));
}
