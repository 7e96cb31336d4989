// Dashboard sign-in rules without a browser: sessions end when they should, wrong passwords
// lock an account and throttle an address, forms and cookies are read as browsers send them.

#include <catch2/catch.hpp>

#include <condition_variable>
#include <latch>
#include <mutex>
#include <thread>

#include "auth/login_throttle.hpp"
#include "auth/sessions.hpp"
#include "http/router.hpp"
#include "services/login_service.hpp"
#include "services/user_service.hpp"
#include "support/temp_dir.hpp"
#include "terminal_text.hpp"

using namespace suara;
using namespace suara::hub;

namespace {
constexpr std::int64_t kMinute = 60'000;
constexpr const char* kPassword = "kopi tubruk pagi hari";

// A hub database with unit "dumai", a manager "ani" and a viewer "budi", and the sign-in service.
struct SignIn {
  test::TempDir dir;
  std::unique_ptr<Storage> storage = openStorage((dir / "hub.db").string(), StorageRole::Create).value();
  PasswordHasher hasher{2};
  UserService users{*storage, hasher};
  SessionStore sessions;
  LoginThrottle throttle;
  LoginService login{*storage, hasher, sessions, throttle};
  SignIn() {
    REQUIRE(storage->createUnit({"dumai", "Kota Dumai", "quick-4", 7, {}, {}, {}, {}}));
    REQUIRE(users.add({"ani", Role::Manager, {"dumai"}, kPassword}, "cli:root", 1));
    REQUIRE(users.add({"budi", Role::Viewer, {"dumai"}, kPassword}, "cli:root", 1));
  }
};
}  // namespace

TEST_CASE("a session ends after 30 idle minutes, 12 hours after sign-in, or when ended", "[dashboard][sessions]") {
  SessionStore sessions;
  const auto made = sessions.create("ani", "hash-1", 0);
  REQUIRE(made.cookieValue.size() >= 40);
  CHECK(made.session.id.find(made.cookieValue) == std::string::npos);  // the handle is not the secret
  CHECK(sessions.find(made.cookieValue, 29 * kMinute));
  CHECK(sessions.find(made.cookieValue, 58 * kMinute));  // each request moves the idle limit on
  CHECK_FALSE(sessions.find(made.cookieValue, 89 * kMinute));

  const auto busy = sessions.create("ani", "hash-1", 0);
  for (std::int64_t t = 0; t < 12 * 60 * kMinute; t += 20 * kMinute) REQUIRE(sessions.find(busy.cookieValue, t));
  CHECK_FALSE(sessions.find(busy.cookieValue, 12 * 60 * kMinute));

  const auto ended = sessions.create("ani", "hash-1", 0);
  sessions.end(ended.session.id);
  CHECK_FALSE(sessions.find(ended.cookieValue, 1));
  CHECK_FALSE(sessions.find("not-a-session", 1));
  CHECK_FALSE(sessions.find(std::string(4096, 'a'), 1));
}

TEST_CASE("ending a user's sessions ends them all and no one else's", "[dashboard][sessions]") {
  SessionStore sessions;
  const auto a1 = sessions.create("ani", "h", 0), a2 = sessions.create("ani", "h", 0), b = sessions.create("budi", "h", 0);
  sessions.endAllOf("ani");
  CHECK_FALSE(sessions.find(a1.cookieValue, 1));
  CHECK_FALSE(sessions.find(a2.cookieValue, 1));
  CHECK(sessions.find(b.cookieValue, 1));
}

TEST_CASE("the session store holds at most its limit, dropping the least recently used", "[dashboard][sessions]") {
  SessionStore sessions(SessionLimits{std::chrono::minutes(30), std::chrono::hours(12), 3});
  const auto first = sessions.create("a", "h", 0);
  const auto second = sessions.create("b", "h", 1);
  REQUIRE(sessions.find(first.cookieValue, 2));  // first is now the more recently used
  sessions.create("c", "h", 3);
  sessions.create("d", "h", 4);
  CHECK(sessions.size() <= 3);
  CHECK_FALSE(sessions.find(second.cookieValue, 5));
}

TEST_CASE("the session cookie is HttpOnly and SameSite=Strict, Secure behind TLS", "[dashboard][sessions]") {
  CHECK(sessionCookieHeader("abc", false) == "suara_session=abc; Path=/; HttpOnly; SameSite=Strict");
  CHECK(sessionCookieHeader("abc", true).ends_with("; Secure"));
  CHECK(clearedSessionCookieHeader(false).find("Max-Age=0") != std::string::npos);
  CHECK(cookieValue("a=1; suara_session=xyz; b=2", "suara_session") == "xyz");
  CHECK(cookieValue("xsuara_session=no; suara_session=yes", "suara_session") == "yes");
  CHECK(cookieValue("", "suara_session").empty());
}

TEST_CASE("five wrong passwords in a row lock the name for 15 minutes, whoever tries it", "[dashboard][throttle]") {
  LoginThrottle throttle;
  for (int i = 0; i < 4; ++i) {
    REQUIRE_FALSE(throttle.admit("ani", "10.0.0.1", i));
    CHECK_FALSE(throttle.failed("ani", "10.0.0.1", i));
  }
  CHECK(throttle.failed("ani", "10.0.0.1", 4));
  const auto refused = throttle.admit("ani", "10.0.0.2", 5);  // another address too
  REQUIRE(refused);
  CHECK(refused->accountLocked);
  CHECK(refused->retryAfterMs == 15 * kMinute - 1);
  CHECK_FALSE(throttle.admit("budi", "10.0.0.2", 5));
  CHECK_FALSE(throttle.admit("ani", "10.0.0.2", 4 + 15 * kMinute));
}

TEST_CASE("a success clears a name's count, and failures far apart never add up to a lock", "[dashboard][throttle]") {
  LoginThrottle throttle;
  for (int i = 0; i < 4; ++i) throttle.failed("ani", "a", i);
  throttle.succeeded("ani");
  for (int i = 0; i < 4; ++i) CHECK_FALSE(throttle.failed("ani", "a", 10 + i));
  LoginThrottle slow;
  for (int i = 0; i < 10; ++i) CHECK_FALSE(slow.failed("budi", "b", i * 16 * kMinute));
}

TEST_CASE("twenty wrong passwords from one address stop it for the rest of its window", "[dashboard][throttle]") {
  LoginThrottle throttle;
  for (int i = 0; i < 20; ++i) throttle.failed("user" + std::to_string(i), "10.9.9.9", i);
  const auto refused = throttle.admit("someone-new", "10.9.9.9", 30);
  REQUIRE(refused);
  CHECK_FALSE(refused->accountLocked);
  CHECK_FALSE(throttle.admit("someone-new", "10.9.9.8", 30));
  CHECK_FALSE(throttle.admit("someone-new", "10.9.9.9", 15 * kMinute));
}

TEST_CASE("signing in: wrong, unknown and disabled are one refusal; a lock-out is audited", "[dashboard][sessions]") {
  SignIn s;
  auto& login = s.login;
  REQUIRE(s.users.disable("budi", "cli:root", 2));

  const auto ok = login.signIn("ani", kPassword, "10.0.0.1", 10);
  REQUIRE(ok.kind == SignInOutcome::Kind::SignedIn);
  const auto who = login.resume(ok.session.cookieValue, 11);
  REQUIRE(who);
  CHECK(who->name == "ani");
  CHECK(who->role == Role::Manager);
  CHECK(who->units == std::vector<std::string>{"dumai"});
  CHECK(who->csrfToken.size() >= 40);

  // Names are lower case: a phone's capital and trailing space still sign in.
  CHECK(login.signIn(" Ani ", kPassword, "10.0.0.1", 11).kind == SignInOutcome::Kind::SignedIn);
  CHECK(login.signIn("ani", "wrong password here", "10.0.0.1", 12).kind == SignInOutcome::Kind::Refused);
  CHECK(login.signIn("nobody", kPassword, "10.0.0.1", 13).kind == SignInOutcome::Kind::Refused);
  CHECK(login.signIn("budi", kPassword, "10.0.0.1", 14).kind == SignInOutcome::Kind::Refused);

  for (int i = 0; i < 4; ++i) login.signIn("ani", "wrong password here", "10.0.0.3", 20 + i);
  CHECK(login.signIn("ani", kPassword, "10.0.0.4", 30).kind == SignInOutcome::Kind::AccountLocked);
  const auto audit = s.storage->auditLog(10).value();
  REQUIRE_FALSE(audit.empty());
  CHECK(audit.front().action == "login.locked");
  CHECK(audit.front().target == "ani");
}

namespace {
// A hasher whose first `held` checks wait inside verify until released, as argon2id holds
// sign-ins in the field; checks beyond them pass straight through (so a missing cap shows as a
// wrong outcome, not a hang).
class HeldHasher : public PasswordHasher {
 public:
  explicit HeldHasher(int held) : m_held(held), m_arrived(held) {}
  bool verify(const std::string& hash, std::string_view password) override {
    if (m_entered.fetch_add(1) < m_held) {
      m_arrived.count_down();
      std::unique_lock lock(m_mutex);
      m_released.wait(lock, [this] { return m_open; });
    }
    return PasswordHasher::verify(hash, password);
  }
  void waitUntilAllHeld() { m_arrived.wait(); }
  void release() {
    {
      std::lock_guard lock(m_mutex);
      m_open = true;
    }
    m_released.notify_all();
  }

 private:
  const int m_held;
  std::atomic<int> m_entered{0};
  std::latch m_arrived;
  std::mutex m_mutex;
  std::condition_variable m_released;
  bool m_open = false;
};
}  // namespace

TEST_CASE("with eight sign-ins being checked a ninth is turned away at once, and admitted once they finish", "[dashboard][sessions][concurrency]") {
  test::TempDir dir;
  auto storage = openStorage((dir / "hub.db").string(), StorageRole::Create).value();
  HeldHasher hasher(kMaxSignInsInProgress);
  UserService users{*storage, hasher};
  SessionStore sessions;
  LoginThrottle throttle;
  LoginService login{*storage, hasher, sessions, throttle};
  REQUIRE(storage->createUnit({"dumai", "Kota Dumai", "quick-4", 7, {}, {}, {}, {}}));
  REQUIRE(users.add({"ani", Role::Manager, {"dumai"}, kPassword}, "cli:root", 1));

  std::vector<SignInOutcome::Kind> held(kMaxSignInsInProgress);
  std::vector<std::thread> threads;
  for (int i = 0; i < kMaxSignInsInProgress; ++i)  // from eight addresses: no address throttle in play
    threads.emplace_back([&, i] { held[static_cast<std::size_t>(i)] = login.signIn("ani", kPassword, "10.0.1." + std::to_string(i), 10).kind; });
  hasher.waitUntilAllHeld();
  const auto ninth = login.signIn("ani", kPassword, "10.0.2.1", 11);
  CHECK(ninth.kind == SignInOutcome::Kind::Busy);
  CHECK(ninth.retryAfterMs > 0);
  hasher.release();
  for (auto& t : threads) t.join();
  for (const auto kind : held) CHECK(kind == SignInOutcome::Kind::SignedIn);
  CHECK(login.signIn("ani", kPassword, "10.0.2.1", 12).kind == SignInOutcome::Kind::SignedIn);
}

TEST_CASE("a disabled account or a changed password ends sessions at their next request", "[dashboard][sessions]") {
  SignIn s;
  auto& login = s.login;
  auto& users = s.users;
  const auto ani = login.signIn("ani", kPassword, "a", 10);
  const auto budi = login.signIn("budi", kPassword, "a", 10);
  REQUIRE(login.resume(ani.session.cookieValue, 11));
  REQUIRE(users.changePassword("ani", "a brand new passphrase", "cli:root", 12));
  CHECK_FALSE(login.resume(ani.session.cookieValue, 13));
  REQUIRE(users.disable("budi", "cli:root", 12));
  CHECK_FALSE(login.resume(budi.session.cookieValue, 13));
}

TEST_CASE("text-direction controls are escaped in what the hub prints to a terminal", "[dashboard][forms]") {
  CHECK(printable("zz\u202Egnp") == "zz\\u202egnp");
  CHECK(printable("a\u2066b\u200Fc\u061Cd") == "a\\u2066b\\u200fc\\u061cd");
  CHECK(printable("Pelayanan – “baik”") == "Pelayanan – “baik”");  // other punctuation of the same block stays
  CHECK(whyUnfitName("ok\u202Eevil").find("text-direction") != std::string::npos);
}

TEST_CASE("form bodies and query strings are percent-decoded as browsers encode them", "[dashboard][forms]") {
  CHECK(formValue("name=ani&password=kopi+tubruk%21", "password") == "kopi tubruk!");
  CHECK(formValue("a=1&b=2", "c").empty());
  CHECK(formValue("next=%2Funit%3Fid%3Ddumai%26period%3D2026-Q4", "next") == "/unit?id=dumai&period=2026-Q4");
  CHECK(formValue("x=%zz%4", "x") == "%zz%4");  // malformed escapes stay as sent
  CHECK(percentEncode("/unit?id=a b") == "/unit%3Fid%3Da%20b");
}
