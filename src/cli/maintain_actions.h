// The actions of `firn maintain NS.TABLE ACTION [flags]` (maintain_command.cc dispatches).
// Each action lives in its own file (maintain_<action>.cc) and is one row of the table in
// MaintainActions(); adding an action is adding a row there.
//
// Thread-safety: actions run on the main thread.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "cli/args.h"
#include "cli/command.h"
#include "firn/catalog/identifier.h"
#include "firn/iceberg/commit/table_operations.h"

namespace firn::cli {

// What every action gets: the table, opened through the catalog flags.
struct MaintainTarget {
  const Command& command;  // for UsageError and Failure (synopsis and help of the action)
  const catalog::TableIdentifier& ident;
  iceberg::TableOperations& ops;  // the table's operations; outlives the action
};

struct MaintainAction {
  std::string_view name;              // "expire-snapshots"
  std::string_view synopsis;          // "firn maintain NS.TABLE expire-snapshots [...]"
  std::string_view summary;           // one line, for `firn maintain --help`
  std::string_view help;              // the rest of its --help, after the synopsis
  std::span<const FlagSpec> flags;    // its own flags; catalog flags are added
  // Validates flags that need no table before the catalog is opened: a usage error is
  // returned as InvalidArgument (exit 2). May be null.
  Status (*check_flags)(const ParsedArgs& args);
  // Runs; returns the exit code.
  int (*run)(const MaintainTarget& target, const ParsedArgs& args);
};

extern const MaintainAction kCompactAction;            // maintain_compact.cc
extern const MaintainAction kRewriteManifestsAction;   // maintain_rewrite_manifests.cc
extern const MaintainAction kExpireSnapshotsAction;    // maintain_expire.cc
extern const MaintainAction kRemoveOrphanFilesAction;  // maintain_orphans.cc

// Every action, in the order --help lists them.
std::span<const MaintainAction* const> MaintainActions();

// "3d", "12h", "30m", "45s", or combined ("1d12h"): milliseconds. InvalidArgument naming
// `flag` otherwise.
Result<int64_t> ParseDurationMs(std::string_view flag, std::string_view text);
// A duration before `now_ms`, or an RFC 3339 timestamp ("2026-11-24T00:00:00Z"): the
// instant in milliseconds since 1970.
Result<int64_t> ParseInstantOrAgo(std::string_view flag, std::string_view text, int64_t now_ms);
// "--format text|json": true for json.
Result<bool> ParseJsonFormat(const ParsedArgs& args);
// Milliseconds since 1970 as "2026-11-24T10:00:00Z".
std::string FormatInstant(int64_t ms);
int64_t WallClockMs();

}  // namespace firn::cli
