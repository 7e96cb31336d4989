// suara-hub restore --db HUB --from BACKUP [--yes]: puts a backup back in place of the hub's
// database while no hub serves it. Never a plain file copy: the backup's pages are written
// through SQLite, which supersedes whatever a WAL beside the database still holds. The
// database it replaces is kept beside it first.

#include <iostream>

#include "cli/commands.hpp"
#include "cli/hub_db_option.hpp"

namespace suara::hub {

namespace {

struct RestoreArgs {
  std::string db, from;
  bool yes = false;
};

int runRestore(const RestoreArgs& args) {
  StorageOptions options;
  options.notice = printNotice;
  auto restore = prepareRestore(args.db, args.from, options);  // the backup checked, the serve lock held
  if (!restore) return failWith(restore.error());
  if ((*restore)->replacesExisting() && !args.yes)
    return failWith(makeError(Errc::Invalid, "this replaces " + args.db + " with " + args.from + " (" +
                                                 std::to_string((*restore)->backupRatings()) +
                                                 " ratings; the current database is kept beside it): add --yes to go ahead"));
  auto kept = (*restore)->run();
  if (!kept) return failWith(kept.error());
  std::cout << "restored " << args.db << " from " << args.from << " (" << (*restore)->backupRatings() << " ratings)";
  if (!kept->empty()) std::cout << "; the database it replaced is kept as " << *kept;
  std::cout << "\n";
  return 0;
}

}  // namespace

Command addRestoreCommand(CLI::App& app) {
  auto* cmd = app.add_subcommand("restore", "Replace the database with a backup (refused while a hub serves it)");
  auto args = std::make_shared<RestoreArgs>();
  addDbOption(cmd, args->db);
  cmd->add_option("--from", args->from, "A backup written by `suara-hub backup`")->required();
  cmd->add_flag("--yes", args->yes, "Replace an existing database (it is kept as HUB.before-restore-<UTC time>)");
  return {cmd, [args] { return runRestore(*args); }};
}

}  // namespace suara::hub
