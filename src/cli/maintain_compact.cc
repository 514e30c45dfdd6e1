// firn maintain NS.TABLE compact: maintain/compact/compactor.h.
#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <chrono>

#include "cli/args.h"
#include "cli/catalog_flags.h"
#include "cli/command_args.h"
#include "cli/maintain_actions.h"
#include "cli/number_text.h"
#include "firn/common/json_writer.h"
#include "firn/common/macros.h"
#include "firn/iceberg/expressions/parser.h"
#include "firn/iceberg/sort/sort_order_parser.h"
#include "firn/ingest/config/size_text.h"
#include "firn/maintain/compact/compactor.h"

namespace firn::cli {
namespace {

using maintain::CompactionOptions;
using maintain::CompactionResult;

constexpr FlagSpec kFlags[] = {{"--target-file-size"}, {"--min-file-size"}, {"--max-file-size"},
                               {"--min-input-files"},  {"--max-file-group-size"},
                               {"--delete-file-threshold"}, {"--delete-ratio-threshold"},
                               {"--where"}, {"--generation"},
                               {"--partial-progress", {}, false}, {"--max-commits"},
                               {"--strategy"}, {"--sort-order"}, {"--rewrite-all", {}, false},
                               {"--spill-dir"}, {"--memory"},
                               {"--dry-run", {}, false}, {"--format"}};

Result<CompactionOptions> OptionsFrom(const ParsedArgs& p) {
  CompactionOptions o;
  auto size = [&](std::string_view flag, std::optional<int64_t>* out) -> Status {
    if (auto v = p.Get(flag)) {
      auto n = ingest::ParseByteSize(*v);
      if (!n) return InvalidArgument("{} '{}': {}", flag, *v, n.error().message());
      *out = *n;
    }
    return OkStatus();
  };
  FIRN_RETURN_NOT_OK(size("--target-file-size", &o.target_file_size_bytes));
  FIRN_RETURN_NOT_OK(size("--min-file-size", &o.min_file_size_bytes));
  FIRN_RETURN_NOT_OK(size("--max-file-size", &o.max_file_size_bytes));
  std::optional<int64_t> group;
  FIRN_RETURN_NOT_OK(size("--max-file-group-size", &group));
  if (group) o.max_file_group_size_bytes = *group;
  auto count = [&](std::string_view flag, int lo) -> Result<std::optional<int>> {
    auto v = p.Get(flag);
    if (!v) return std::optional<int>();
    FIRN_ASSIGN_OR_RETURN(int64_t n, ParseCount(flag, *v));
    if (n < lo || n > INT32_MAX) return InvalidArgument("{} must be at least {}, got {}", flag, lo, *v);
    return std::optional<int>(static_cast<int>(n));
  };
  FIRN_ASSIGN_OR_RETURN(auto min_input, count("--min-input-files", 1));
  if (min_input) o.min_input_files = *min_input;
  FIRN_ASSIGN_OR_RETURN(o.delete_file_threshold, count("--delete-file-threshold", 1));
  if (auto v = p.Get("--delete-ratio-threshold")) {
    double r = 0;
    const auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), r);
    if (ec != std::errc() || end != v->data() + v->size() || !(r >= 0 && r <= 1)) {
      return InvalidArgument("--delete-ratio-threshold must be a number from 0 to 1 (0: off), got '{}'", *v);
    }
    o.delete_ratio_threshold = r == 0 ? std::nullopt : std::optional<double>(r);
  }
  FIRN_ASSIGN_OR_RETURN(auto commits, count("--max-commits", 1));
  if (commits) o.max_commits = *commits;
  o.partial_progress = p.Has("--partial-progress");
  if (auto g = p.Get("--generation")) {
    if (*g == "minor") o.generation = maintain::CompactionGeneration::kMinor;
    else if (*g == "major") o.generation = maintain::CompactionGeneration::kMajor;
    else return InvalidArgument("--generation must be minor or major, got '{}'", *g);
  }
  if (auto w = p.Get("--where")) {
    auto e = iceberg::ParseWhere(*w);
    if (!e) return InvalidArgument("--where: {}", e.error().message());
    o.filter = *e;
  }
  if (auto st = p.Get("--strategy")) {
    if (*st == "binpack") o.strategy = maintain::CompactionStrategy::kBinPack;
    else if (*st == "sort") o.strategy = maintain::CompactionStrategy::kSort;
    else return InvalidArgument("--strategy must be binpack or sort, got '{}'", *st);
  }
  if (auto so = p.Get("--sort-order")) {
    if (o.strategy == maintain::CompactionStrategy::kBinPack) {
      return InvalidArgument("--sort-order needs --strategy sort (or no --strategy)");
    }
    o.sort_order = std::string(*so);
  }
  o.rewrite_all = p.Has("--rewrite-all");
  if (auto json = ParseJsonFormat(p); !json) return std::unexpected(json.error());
  return o;
}

Result<maintain::CompactionRun> RunFrom(const ParsedArgs& p) {
  maintain::CompactionRun run;
  if (auto d = p.Get("--spill-dir")) run.spill_directory = std::string(*d);
  if (auto m = p.Get("--memory")) {
    auto n = ingest::ParseByteSize(*m);
    if (!n) return InvalidArgument("--memory '{}': {}", *m, n.error().message());
    if (*n < (int64_t{8} << 20)) return InvalidArgument("--memory must be at least 8MB, got '{}'", *m);
    run.memory_budget_bytes = *n;
  }
  return run;
}

Status CheckFlags(const ParsedArgs& p) {
  if (auto o = OptionsFrom(p); !o) return std::unexpected(o.error());
  if (auto r = RunFrom(p); !r) return std::unexpected(r.error());
  return OkStatus();
}

// A progress bar on stderr while groups are rewritten, when stderr is a terminal.
class Progress {
 public:
  Progress() : tty_(::isatty(STDERR_FILENO) == 1) {}
  ~Progress() { Clear(); }
  void Update(const maintain::FileGroup& g, int done, int total) {
    bytes_ += g.input_bytes;
    if (!tty_) return;
    const int width = 30, filled = total > 0 ? width * done / total : width;
    const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
    fmt::print(stderr, "\r\033[K[{:=<{}}{:<{}}] {}/{} groups, {} read, {:.1f} MB/s", "", filled, "",
               width - filled, done, total, HumanBytes(bytes_),
               secs > 0 ? static_cast<double>(bytes_) / 1e6 / secs : 0.0);
    drawn_ = true;
  }
  void Clear() {
    if (tty_ && drawn_) fmt::print(stderr, "\r\033[K");
    drawn_ = false;
  }

 private:
  bool tty_, drawn_ = false;
  int64_t bytes_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
};

std::string Avg(int64_t bytes, int64_t files) { return files > 0 ? HumanBytes(bytes / files) : "-"; }

void PrintText(const CompactionResult& r, const catalog::TableIdentifier& ident, bool dry_run) {
  const maintain::CompactionPlan& p = r.plan;
  fmt::print("{}compaction of {} (target {}, files under {} are candidates)\n", dry_run ? "dry run: " : "",
             ident.ToString(), HumanBytes(p.sizes.target), HumanBytes(p.sizes.min));
  fmt::print("  strategy: {}\n", r.sort_order.empty() ? std::string("binpack") : "sort by " + r.sort_order);
  int64_t files = 0, bytes = 0;
  for (const auto& g : p.groups) {
    files += static_cast<int64_t>(g.files.size());
    bytes += g.input_bytes;
  }
  fmt::print("  plan: {} groups, {} of {} data files ({}), {} small files left alone (too few per partition)\n",
             Grouped(static_cast<int64_t>(p.groups.size())), Grouped(files), Grouped(p.data_files), HumanBytes(bytes),
             Grouped(p.candidate_files - files));
  if (dry_run) {
    for (const auto& g : p.groups) {
      fmt::print("  {:<40} {:>6} files {:>10} -> {} file{}\n", g.partition_path.empty() ? "(unpartitioned)" : g.partition_path,
                 g.files.size(), HumanBytes(g.input_bytes), g.expected_output_files, g.expected_output_files == 1 ? "" : "s");
    }
    return;
  }
  const int64_t after_files = p.data_files - r.files_removed + r.files_added;
  const int64_t after_bytes = p.data_bytes - r.bytes_removed + r.bytes_added;
  fmt::print("  {:<10} {:>12} {:>12} {:>12}\n", "", "data files", "bytes", "avg size");
  fmt::print("  {:<10} {:>12} {:>12} {:>12}\n", "before", Grouped(p.data_files), HumanBytes(p.data_bytes), Avg(p.data_bytes, p.data_files));
  fmt::print("  {:<10} {:>12} {:>12} {:>12}\n", "after", Grouped(after_files), HumanBytes(after_bytes), Avg(after_bytes, after_files));
  fmt::print("  rewrote {} files ({}) into {} ({}), {} rows{}; {} commit{}, {} group{} skipped, {:.1f} s\n",
             Grouped(r.files_removed), HumanBytes(r.bytes_removed), Grouped(r.files_added), HumanBytes(r.bytes_added),
             Grouped(r.records_written),
             r.records_read != r.records_written ? fmt::format(" ({} deleted rows dropped)", Grouped(r.records_read - r.records_written)) : "",
             r.commits, r.commits == 1 ? "" : "s", r.groups_skipped, r.groups_skipped == 1 ? "" : "s",
             static_cast<double>(r.duration_ms) / 1000.0);
  if (r.delete_files_removed > 0) fmt::print("  removed {} delete files that no longer apply\n", r.delete_files_removed);
  if (r.bytes_spilled > 0) fmt::print("  the sort spilled {} to disk\n", HumanBytes(r.bytes_spilled));
  if (r.abandoned_spill_files_removed > 0) {
    fmt::print("  removed {} sort runs that a killed process left in the spill directory\n",
               r.abandoned_spill_files_removed);
  }
  for (const std::string& s : r.skipped) fmt::print(stderr, "warning: a commit was skipped: {}\n", s);
}

std::string Json(const CompactionResult& r, bool dry_run) {
  JsonWriter w;
  w.BeginObject();
  w.Key("dry_run"); w.Bool(dry_run);
  w.Key("target_file_size_bytes"); w.Int(r.plan.sizes.target);
  w.Key("min_file_size_bytes"); w.Int(r.plan.sizes.min);
  w.Key("strategy"); w.String(r.sort_order.empty() ? "binpack" : "sort");
  if (!r.sort_order.empty()) {
    w.Key("sort_order"); w.String(r.sort_order);
  }
  w.Key("data_files_before"); w.Int(r.plan.data_files);
  w.Key("data_bytes_before"); w.Int(r.plan.data_bytes);
  w.Key("candidate_files"); w.Int(r.plan.candidate_files);
  w.Key("groups"); w.BeginArray();
  for (const auto& g : r.plan.groups) {
    w.BeginObject();
    w.Key("partition"); w.String(g.partition_path);
    w.Key("files"); w.Int(static_cast<int64_t>(g.files.size()));
    w.Key("bytes"); w.Int(g.input_bytes);
    w.Key("expected_output_files"); w.Int(g.expected_output_files);
    w.EndObject();
  }
  w.EndArray();
  w.Key("groups_rewritten"); w.Int(r.groups_rewritten);
  w.Key("groups_skipped"); w.Int(r.groups_skipped);
  w.Key("commits"); w.Int(r.commits);
  w.Key("files_removed"); w.Int(r.files_removed);
  w.Key("bytes_removed"); w.Int(r.bytes_removed);
  w.Key("files_added"); w.Int(r.files_added);
  w.Key("bytes_added"); w.Int(r.bytes_added);
  w.Key("delete_files_removed"); w.Int(r.delete_files_removed);
  w.Key("records_read"); w.Int(r.records_read);
  w.Key("records_written"); w.Int(r.records_written);
  w.Key("bytes_spilled"); w.Int(r.bytes_spilled);
  w.Key("abandoned_spill_files_removed"); w.Int(r.abandoned_spill_files_removed);
  w.Key("snapshot_ids"); w.BeginArray();
  for (SnapshotId id : r.snapshots) w.Int(id.value());
  w.EndArray();
  w.Key("skipped"); w.BeginArray();
  for (const std::string& s : r.skipped) w.String(s);
  w.EndArray();
  w.Key("duration_ms"); w.Int(r.duration_ms);
  w.EndObject();
  return std::move(w).Take();
}

int Run(const MaintainTarget& t, const ParsedArgs& p) {
  auto options = OptionsFrom(p);
  if (!options) return UsageError(t.command, options.error());
  auto run = RunFrom(p);
  if (!run) return UsageError(t.command, run.error());
  const bool json = *ParseJsonFormat(p), dry_run = p.Has("--dry-run");
  Result<CompactionResult> r;
  if (dry_run) {
    auto state = t.ops.Refresh();
    if (!state) return Failure(t.command, state.error());
    auto order = maintain::ResolveSortOrder(*options, *state->metadata);
    if (!order) return Failure(t.command, std::move(order.error()).WithContext(t.ident.ToString()));
    auto plan = maintain::PlanCompaction(t.ops.io(), *state->metadata, *options);
    if (!plan) return Failure(t.command, std::move(plan.error()).WithContext(t.ident.ToString()));
    r = CompactionResult{.plan = std::move(*plan)};
    if (!order->order.IsUnsorted()) {
      r->sort_order = iceberg::SortOrderToString(order->order, state->metadata->CurrentSchema());
    }
  } else {
    Progress progress;
    maintain::CompactionProgress callbacks{.on_group = [&](const maintain::FileGroup& g, int done, int total) {
      progress.Update(g, done, total);
    }};
    r = maintain::Compact(t.ops, *options, *run, callbacks);
    progress.Clear();
    if (!r) return Failure(t.command, std::move(r.error()).WithContext(t.ident.ToString()));
  }
  if (json) fmt::print("{}\n", Json(*r, dry_run));
  else PrintText(*r, t.ident, dry_run);
  return kExitOk;
}

}  // namespace

const MaintainAction kCompactAction{
    .name = "compact",
    .synopsis = "firn maintain NS.TABLE compact [--target-file-size SIZE] [--min-file-size SIZE] "
                "[--min-input-files N] [--where EXPR] [--generation minor|major] [--partial-progress "
                "[--max-commits N]] [--strategy binpack|sort] [--sort-order ORDER] [--rewrite-all] "
                "[--spill-dir DIR] [--memory SIZE] [--dry-run] [--format text|json] [catalog flags]",
    .summary = "rewrite small data files into files of the target size",
    .help =
        "Packs the small data files of each partition into files of about the target size and\n"
        "commits the rewrite as a replace snapshot: the rows are the same (deletes applied), readers\n"
        "of older snapshots are unaffected, and concurrent appends (firn run) are kept. A rewrite\n"
        "that loses a race with another writer's change to the same files is skipped, not retried.\n\n"
        "  --target-file-size SIZE     output file size (default: the table's\n"
        "                              write.target-file-size-bytes if set, else 256MB)\n"
        "  --min-file-size SIZE        files below it are candidates (default 75% of the target)\n"
        "  --max-file-size SIZE        no output file above it (default 180% of the target)\n"
        "  --min-input-files N         a partition is rewritten with at least N candidates, or more\n"
        "                              than one target's worth of bytes (default 5)\n"
        "  --max-file-group-size SIZE  bytes rewritten as one group (default 100GB)\n"
        "  --delete-file-threshold N   also rewrite files with at least N delete files\n"
        "  --delete-ratio-threshold R  also rewrite files whose delete files hold at least R\n"
        "                              rows per row of the file (default 0.3; 0: off)\n"
        "  --where EXPR                only files that may hold matching rows (whole files are\n"
        "                              rewritten: rows are never filtered out)\n"
        "  --generation minor|major    minor: only fragments (under target/8), cheap; major: every\n"
        "                              file under --min-file-size (default)\n"
        "  --partial-progress          commit groups in up to --max-commits commits (default 10)\n"
        "  --strategy binpack|sort     sort: each group's rows are sorted before they are written, so\n"
        "                              every output file is sorted (default: sort when the table has a\n"
        "                              sort order, else binpack)\n"
        "  --sort-order ORDER          sort by ORDER instead of the table's, e.g.\n"
        "                              \"event_type, day(ts) desc, id asc nulls last\"\n"
        "  --rewrite-all               rewrite every selected file, whatever its size (re-sorting)\n"
        "  --spill-dir DIR             where the sort spills runs beyond memory (default $TMPDIR or /tmp)\n"
        "  --memory SIZE               memory for writers and the sort (default 256MB)\n"
        "  --dry-run                   show the plan, rewrite nothing\n"
        "  --format text|json          output (default text)\n\n" FIRN_CATALOG_FLAGS_HELP,
    .flags = kFlags,
    .check_flags = CheckFlags,
    .run = Run,
};

}  // namespace firn::cli
