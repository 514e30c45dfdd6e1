// firn maintain NS.TABLE ACTION [flags]: table maintenance, one action per file
// (maintain_actions.h). This file finds the action, parses its flags with the catalog
// flags, opens the table and runs it.
#include <fmt/format.h>

#include <chrono>
#include <ctime>
#include <vector>

#include "cli/catalog_flags.h"
#include "cli/command_args.h"
#include "cli/maintain_actions.h"
#include "firn/catalog/catalog_table_operations.h"
#include "firn/ingest/timestamp_text.h"

namespace firn::cli {

std::span<const MaintainAction* const> MaintainActions() {
  static const MaintainAction* const kAll[] = {&kCompactAction, &kRewriteManifestsAction,
                                                &kExpireSnapshotsAction, &kRemoveOrphanFilesAction};
  return kAll;
}

Result<int64_t> ParseDurationMs(std::string_view flag, std::string_view text) {
  int64_t total = 0;
  size_t i = 0;
  if (text.empty()) return InvalidArgument("{}: empty duration", flag);
  while (i < text.size()) {
    int64_t n = 0;
    const size_t start = i;
    while (i < text.size() && text[i] >= '0' && text[i] <= '9' && n < (int64_t{1} << 40)) {
      n = n * 10 + (text[i++] - '0');
    }
    if (i == start || i == text.size()) {
      return InvalidArgument("{} '{}': expected a duration such as 3d, 12h, 30m or 45s", flag, text);
    }
    int64_t unit = 0;
    switch (text[i++]) {
      case 'd': unit = 86'400'000; break;
      case 'h': unit = 3'600'000; break;
      case 'm': unit = 60'000; break;
      case 's': unit = 1'000; break;
      default:
        return InvalidArgument("{} '{}': unknown unit '{}' (use d, h, m or s)", flag, text, text[i - 1]);
    }
    total += n * unit;
  }
  return total;
}

Result<int64_t> ParseInstantOrAgo(std::string_view flag, std::string_view text, int64_t now_ms) {
  if (text.find('-') != std::string_view::npos && text.find(':') != std::string_view::npos) {
    auto micros = ingest::ParseTimestampMicros(text);
    if (!micros) return InvalidArgument("{} '{}': not an RFC 3339 timestamp ({})", flag, text, micros.error().message());
    return *micros / 1000;
  }
  auto ago = ParseDurationMs(flag, text);
  if (!ago) return InvalidArgument("{}, or an RFC 3339 timestamp", ago.error().message());
  return now_ms - *ago;
}

Result<bool> ParseJsonFormat(const ParsedArgs& args) {
  const std::string_view f = args.Get("--format").value_or("text");
  if (f != "text" && f != "json") return InvalidArgument("--format must be text or json, got '{}'", f);
  return f == "json";
}

std::string FormatInstant(int64_t ms) {
  const std::time_t secs = static_cast<std::time_t>(ms >= 0 ? ms / 1000 : (ms - 999) / 1000);
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

int64_t WallClockMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

namespace {

// The action named among the positional-looking arguments, if any.
const MaintainAction* FindAction(std::span<const std::string_view> args) {
  for (std::string_view a : args) {
    for (const MaintainAction* action : MaintainActions()) {
      if (a == action->name) return action;
    }
  }
  return nullptr;
}

int RunMaintain(const Command& self, std::span<const std::string_view> args) {
  const MaintainAction* action = FindAction(args);
  if (action == nullptr) {
    int code = 0;
    // Only --help or a usage error can come of this: there is no action to run.
    auto flags = WithCatalogFlags({});
    auto p = ParseOrExit(self, args, flags, 2, 2, &code);
    if (!p) return code;
    return UsageError(self, Error(ErrorKind::kInvalidArgument,
                                  fmt::format("unknown action '{}'", p->positional()[1])));
  }
  // The action's own synopsis and help for --help and usage errors.
  const Command as_command{self.name, action->synopsis, action->summary, action->help, self.run};
  int code = 0;
  const std::vector<FlagSpec> flags = WithCatalogFlags(action->flags);
  auto p = ParseOrExit(as_command, args, flags, 2, 2, &code);
  if (!p) return code;
  if (p->positional()[1] != action->name) {
    return UsageError(as_command, Error(ErrorKind::kInvalidArgument, "expected NS.TABLE before the action"));
  }
  auto ident = ParseTableArg(p->positional()[0]);
  if (!ident) return UsageError(as_command, ident.error());
  if (action->check_flags != nullptr) {
    if (auto st = action->check_flags(*p); !st) return UsageError(as_command, st.error());
  }
  auto c = OpenCatalogFromFlags(*p);
  if (!c) return Failure(as_command, c.error());
  catalog::CatalogTableOperations ops(*c->catalog, *c->io, *ident);
  // A missing table fails here, before any work, with the catalog's message.
  if (auto state = ops.Refresh(); !state) return Failure(as_command, state.error());
  return action->run(MaintainTarget{as_command, *ident, ops}, *p);
}

std::string MaintainHelp() {
  std::string out =
      "Maintenance of one table: each action commits through the catalog like any writer, so it\n"
      "can run beside `firn run`; ingest commits are never lost.\n\nActions:\n";
  for (const MaintainAction* a : MaintainActions()) {
    out += fmt::format("  {:<20} {}\n", a->name, a->summary);
  }
  out += "\nRun 'firn maintain NS.TABLE ACTION --help' for an action's flags.\n\n" FIRN_CATALOG_FLAGS_HELP;
  return out;
}

}  // namespace

const Command kMaintainCommand{
    .name = "maintain",
    .synopsis = "firn maintain NS.TABLE ACTION [flags] [catalog flags]",
    .summary = "maintain a table: compact, rewrite-manifests, expire-snapshots, remove-orphan-files",
    .help = [] {
      static const std::string help = MaintainHelp();
      return std::string_view(help);
    }(),
    .run = RunMaintain,
};

}  // namespace firn::cli
