// firn health NS.TABLE: the four numbers a streaming table is watched by, with verdicts
// and recommendations (src/firn/observe/health).
#include <fmt/format.h>

#include <charconv>
#include <cstdio>

#include "cli/catalog_flags.h"
#include "cli/command_args.h"
#include "firn/catalog/catalog_table_operations.h"
#include "firn/iceberg/types/temporal.h"
#include "firn/observe/health/health_json.h"
#include "firn/observe/health/health_text.h"
#include "firn/observe/health/health_verdicts.h"
#include "firn/observe/health/table_health.h"

namespace firn::cli {
namespace {

// Milliseconds since the epoch, or an ISO timestamp (UTC unless it has a zone).
Result<int64_t> ParseNow(std::string_view text) {
  int64_t ms = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), ms);
  if (ec == std::errc() && end == text.data() + text.size()) return ms;
  auto micros = iceberg::ParseTimestamp(text, false, false, false);
  if (!micros) {
    return InvalidArgument(
        "--now: expected milliseconds since the epoch or a timestamp such as "
        "2026-12-01T06:00:00Z, got '{}'",
        text);
  }
  return *micros / 1000;
}

int RunHealth(const Command& self, std::span<const std::string_view> args) {
  int code = 0;
  constexpr FlagSpec kFlags[] = {{"--format"}, {"--now"}};
  auto flags = WithCatalogFlags(kFlags);
  auto p = ParseOrExit(self, args, flags, 1, 1, &code);
  if (!p) return code;
  auto ident = ParseTableArg(p->positional()[0]);
  if (!ident) return UsageError(self, ident.error());
  const std::string_view format = p->Get("--format").value_or("text");
  if (format != "text" && format != "json") {
    return UsageError(self,
                      Error(ErrorKind::kInvalidArgument,
                            fmt::format("--format: expected text or json, got '{}'", format)));
  }
  observe::HealthOptions options;
  if (auto now = p->Get("--now")) {
    auto ms = ParseNow(*now);
    if (!ms) return UsageError(self, ms.error());
    options.now_ms = *ms;
  }
  auto c = OpenCatalogFromFlags(*p);
  if (!c) return Failure(self, c.error());
  catalog::CatalogTableOperations ops(*c->catalog, *c->io, *ident);
  auto state = ops.Refresh();
  if (!state) return Failure(self, state.error());
  const std::string name(p->positional()[0]);
  auto health = observe::AnalyzeTableHealth(*c->io, *state->metadata, options);
  if (!health) return Failure(self, std::move(health.error()).WithContext(name));
  const observe::HealthVerdicts verdicts = observe::JudgeHealth(*health, name);
  if (format == "json") {
    fmt::print("{}\n", observe::HealthJson(name, *health, verdicts));
  } else {
    fmt::print("{}", observe::HealthText(name, *health, verdicts));
  }
  std::fflush(stdout);
  return kExitOk;
}

}  // namespace

const Command kHealthCommand{
    .name = "health",
    .synopsis = "firn health NS.TABLE [--format text|json] [--now TIME] [catalog flags]",
    .summary = "judge a streaming table: commits, file sizes, compaction lag, latency",
    .help =
        "Reports the four numbers a streaming table is watched by, each with a verdict\n"
        "(ok, warn, bad) and what to do about it:\n"
        "  1. commit frequency  ingest commits per hour over the last 24 h, median interval\n"
        "  2. file sizes        average size, share of files under min-file-size (75% of\n"
        "                       write.target-file-size-bytes, else of 256 MiB), distribution\n"
        "  3. compaction lag    small files compaction would rewrite now, and the oldest's age\n"
        "  4. latency           p50/p99 from event time (or Kafka timestamp) to commit, from\n"
        "                       the watermarks firn's ingest writes into snapshot summaries\n"
        "and the number of snapshots, manifests and delete files, and the delete ratio.\n"
        "Maintenance (replace) snapshots are counted apart from ingest commits.\n\n"
        "  --format F          text (default) or json (one object; see\n"
        "                      src/firn/observe/health/health_json.h for the fields)\n"
        "  --now TIME          judge as of TIME: milliseconds since the epoch or an ISO\n"
        "                      timestamp (default: now)\n\n" FIRN_CATALOG_FLAGS_HELP,
    .run = RunHealth,
};

}  // namespace firn::cli
