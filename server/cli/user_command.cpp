// Dashboard accounts from the hub's machine: `suara-hub user add|passwd|disable|enable|list`
// and `suara-hub audit`. Passwords are read from the terminal without echo (twice), or as the
// first line of standard input when it is not a terminal (scripts): never from an argument,
// which other users could read in the process list.

#include <pwd.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <optional>

#include "cli/commands.hpp"
#include "cli/hub_db_option.hpp"
#include "services/user_service.hpp"
#include "suara/core/response.hpp"
#include "terminal_text.hpp"

namespace suara::hub {

namespace {

std::int64_t nowMs() { return clockNow().wallMs; }

// "cli:<login>": who made a change from the command line, for the audit log.
std::string cliActor() {
  const passwd* entry = ::getpwuid(::geteuid());
  return "cli:" + (entry && entry->pw_name ? std::string(entry->pw_name) : std::to_string(::geteuid()));
}

std::optional<std::string> promptHidden(const char* prompt) {
  std::cerr << prompt << std::flush;
  termios saved{};
  ::tcgetattr(STDIN_FILENO, &saved);
  termios quiet = saved;
  quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
  ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  std::string line;
  const bool read = static_cast<bool>(std::getline(std::cin, line));
  ::tcsetattr(STDIN_FILENO, TCSANOW, &saved);
  std::cerr << "\n";
  return read ? std::optional(line) : std::nullopt;
}

// The new password, or nullopt after printing why not.
std::optional<std::string> readNewPassword() {
  if (!::isatty(STDIN_FILENO)) {
    std::string line;
    if (!std::getline(std::cin, line)) {
      std::cerr << "suara-hub: no password on standard input (its first line is the password)\n";
      return std::nullopt;
    }
    return line;
  }
  auto first = promptHidden("New password: ");
  auto second = first ? promptHidden("Again: ") : std::nullopt;
  if (!first || !second || *first != *second) {
    std::cerr << "suara-hub: the passwords differ; nothing changed\n";
    return std::nullopt;
  }
  return first;
}

struct UserArgs {
  std::string db, name, role = "viewer";
  std::vector<std::string> units;
};

int withUsers(const std::string& db, const std::function<Status(UserService&)>& change, const std::string& done) {
  auto storage = openHubStorage(db, StorageRole::Write);
  if (!storage) return 1;
  PasswordHasher hasher(1);
  UserService users(*storage, hasher);
  if (Status changed = change(users); !changed) return failWith(changed.error());
  std::cout << done << "\n";
  return 0;
}

int listUsers(const std::string& db) {
  auto storage = openHubStorage(db, StorageRole::Read);
  if (!storage) return 1;
  auto users = storage->users();
  if (!users) return failWith(users.error());
  for (const auto& u : *users) {
    std::cout << u.name << "\t" << roleName(u.role) << "\t";
    if (u.role == Role::Admin) std::cout << "(every unit)";
    for (std::size_t i = 0; i < u.units.size(); ++i) std::cout << (i ? "," : "") << printable(u.units[i]);
    std::cout << "\t" << (u.disabledMs ? "DISABLED" : "active") << "\n";
  }
  return 0;
}

}  // namespace

Command addUserCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("user", "Dashboard accounts: add, change a password, disable, enable, list");
  cmd->require_subcommand(1);
  auto args = std::make_shared<UserArgs>();
  auto* add = cmd->add_subcommand("add", "Add an account (the password is read without echo, or from standard input)");
  addDbOption(add, args->db);
  add->add_option("--name", args->name, "User name (a-z, 0-9, '.', '_', '-', '@')")->required();
  add->add_option("--role", args->role, "admin (everything), manager (own units: read, plan, actions) or viewer (own units, read)")
      ->check(CLI::IsMember({"admin", "manager", "viewer"}))
      ->capture_default_str();
  add->add_option("--unit", args->units, "A unit the user may see (repeatable; not for admins)");
  std::vector<CLI::App*> byName;
  for (const char* name : {"passwd", "disable", "enable"}) {
    auto* sub = cmd->add_subcommand(name, std::string(name) == "passwd" ? "Set a new password" :
                                          std::string(name) == "disable" ? "Stop an account from logging in (its history stays)"
                                                                          : "Let a disabled account log in again");
    addDbOption(sub, args->db);
    sub->add_option("--name", args->name, "User name")->required();
    byName.push_back(sub);
  }
  auto* list = cmd->add_subcommand("list", "List accounts with their role, units and state");
  addDbOption(list, args->db);
  return {cmd, [args, add, byName] {
            const std::string actor = cliActor();
            if (add->parsed()) {
              auto password = readNewPassword();
              if (!password) return 1;
              const NewUser user{args->name, *parseRole(args->role), args->units, *password};
              return withUsers(args->db, [&](UserService& users) { return users.add(user, actor, nowMs()); },
                               "user " + args->name + " added");
            }
            if (byName[0]->parsed()) {
              auto password = readNewPassword();
              if (!password) return 1;
              return withUsers(args->db, [&](UserService& users) { return users.changePassword(args->name, *password, actor, nowMs()); },
                               "password of " + args->name + " changed");
            }
            if (byName[1]->parsed())
              return withUsers(args->db, [&](UserService& users) { return users.disable(args->name, actor, nowMs()); },
                               "user " + args->name + " disabled");
            if (byName[2]->parsed())
              return withUsers(args->db, [&](UserService& users) { return users.enable(args->name, actor, nowMs()); },
                               "user " + args->name + " enabled");
            return listUsers(args->db);
          }};
}

Command addAuditCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("audit", "Print the audit log: every change to accounts (and, with the dashboard, plans), newest first");
  auto db = std::make_shared<std::string>();
  auto limit = std::make_shared<std::int64_t>(100);
  addDbOption(cmd, *db);
  cmd->add_option("--limit", *limit, "At most this many entries")->check(CLI::Range(std::int64_t{1}, std::int64_t{1'000'000}))->capture_default_str();
  return {cmd, [db, limit] {
            auto storage = openHubStorage(*db, StorageRole::Read);
            if (!storage) return 1;
            auto entries = storage->auditLog(*limit);
            if (!entries) return failWith(entries.error());
            for (const auto& e : *entries)
              std::cout << e.atMs << "\t" << printable(e.actor) << "\t" << e.action << "\t" << printable(e.target) << "\t"
                        << printable(e.detail) << "\n";
            return 0;
          }};
}

}  // namespace suara::hub
