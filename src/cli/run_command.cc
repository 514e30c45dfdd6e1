// firn run: the ingest pipeline (firn/ingest/pipeline). `firn run -c pipeline.toml` runs a
// configured pipeline; `firn run` alone runs the demo: librdkafka's mock Kafka cluster in
// this process, fed with the standard event stream, consumed through the real Kafka
// consumer path into the Iceberg table demo.events of ./warehouse, exactly once.
//
// SIGTERM or SIGINT finish the open files, commit, and exit 0; a second SIGINT exits at
// once (nothing is lost: the next run resumes from the offsets in the table).
#include <fmt/format.h>
#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <optional>
#include <string>

#include "cli/args.h"
#include "cli/command.h"
#include "cli/number_text.h"
#include "cli/run_maintenance.h"
#include "cli/run_metrics.h"
#include "firn/common/macros.h"
#include "firn/ingest/config/pipeline_config.h"
#include "firn/ingest/pipeline/pipeline_runner.h"
#include "firn/io/local_file_io.h"

namespace firn::cli {
namespace {

constexpr FlagSpec kFlags[] = {
    {"--config", "-c"},
    {"--check", "", false},
    {"--until-caught-up", "", false},
    {"--events"},
    {"--warehouse"},
    {"--metrics-port"},
};

std::atomic<ingest::PipelineRunner*> g_runner{nullptr};
std::atomic<int> g_signals{0};

void OnSignal(int) {
  if (g_signals.fetch_add(1) >= 1) ::_exit(130);  // a second signal: leave now
  if (ingest::PipelineRunner* r = g_runner.load()) r->RequestStop();
}

// Resident set size of this process, from /proc/self/statm.
int64_t RssBytes() {
  std::ifstream f("/proc/self/statm");
  int64_t pages = 0, resident = 0;
  f >> pages >> resident;
  return resident * ::sysconf(_SC_PAGESIZE);
}

class StatusLine {
 public:
  explicit StatusLine(ingest::PipelineRunner& runner)
      : runner_(runner), tty_(::isatty(STDERR_FILENO) == 1) {}

  void Update(const ingest::PipelineStats& s, const ingest::CycleReport* cycle) {
    if (cycle != nullptr) {
      Clear();
      fmt::print(stderr, "commit ({}): {} snapshot{}, {} records, {} files, {} in {} ms\n", cycle->reason,
                 cycle->snapshots, cycle->snapshots == 1 ? "" : "s", Grouped(cycle->records), cycle->files,
                 HumanBytes(cycle->bytes), cycle->millis);
      for (const std::string& line : cycle->lines) fmt::print(stderr, "  {}\n", line);
      std::fflush(stderr);
      return;
    }
    const auto now = Clock::now();
    const double secs = std::chrono::duration<double>(now - last_at_).count();
    const double rate = secs > 0 ? static_cast<double>(s.records_read - last_records_) / secs : 0;
    last_at_ = now;
    last_records_ = s.records_read;
    const int64_t lag = runner_.TotalLag();
    const std::string text = fmt::format(
        "{} records read, {:.0f}/s, {} committed in {} snapshots, lag {}, rss {}", Grouped(s.records_read), rate,
        Grouped(s.records_committed), s.commits, lag < 0 ? "-" : Grouped(lag), HumanBytes(RssBytes()));
    if (tty_) {
      fmt::print(stderr, "\r\033[K  {}", text);
    } else if (now - last_logged_ >= std::chrono::seconds(10)) {
      last_logged_ = now;
      fmt::print(stderr, "status: {}\n", text);
    }
    if (now - last_lag_logged_ >= std::chrono::seconds(30)) {
      last_lag_logged_ = now;
      if (std::string lag = runner_.LagReport(); !lag.empty()) {
        Clear();
        fmt::print(stderr, "lag per partition: {}\n", lag);
      }
    }
    std::fflush(stderr);
  }
  void Clear() {
    if (tty_) fmt::print(stderr, "\r\033[K");
  }

 private:
  using Clock = std::chrono::steady_clock;
  ingest::PipelineRunner& runner_;
  bool tty_;
  Clock::time_point last_at_ = Clock::now();
  Clock::time_point last_logged_ = Clock::now();
  Clock::time_point last_lag_logged_ = Clock::now();
  int64_t last_records_ = 0;
};

// The config from -c (or the demo's, without it), with the flags applied. `usage` is set
// for errors in the flags themselves (exit 2), as opposed to errors in the config (1).
Result<ingest::PipelineConfig> LoadConfig(const ParsedArgs& args, bool* usage) {
  std::optional<int64_t> events;
  if (auto v = args.Get("--events")) {
    auto n = ParseCount("--events", *v);
    if (!n) {
      *usage = true;
      return std::unexpected(n.error());
    }
    events = *n;
  }
  if (auto v = args.Get("--warehouse"); v && v->empty()) {
    *usage = true;
    return InvalidArgument("--warehouse needs a directory");
  }
  ingest::PipelineConfig config;
  if (auto path = args.Get("--config")) {
    io::LocalFileIO io;
    FIRN_ASSIGN_OR_RETURN(config, ingest::LoadPipelineConfig(&io, std::string(*path)));
  } else {
    FIRN_ASSIGN_OR_RETURN(config, ingest::ParsePipelineConfig("(built-in demo)", ""));
  }
  if (events) {
    if (config.source.type != ingest::SourceType::kDemo) {
      *usage = true;
      return InvalidArgument("--events applies to the demo source only ({} has another source)", config.path);
    }
    config.source.demo.events = *events;
  }
  if (auto v = args.Get("--warehouse")) config.catalog.warehouse = std::string(*v);
  // The demo serves its dashboard on a free port unless told otherwise; a config file
  // turns metrics on with [metrics].
  if (!args.Get("--config")) config.metrics.enabled = true;
  if (auto v = args.Get("--metrics-port")) {
    if (*v == "off") {
      config.metrics.enabled = false;
    } else {
      auto port = ParseCount("--metrics-port", *v);
      if (!port || *port > 65535) {
        *usage = true;
        return InvalidArgument("--metrics-port expects a TCP port (0..65535, 0 = any free port) or 'off', got '{}'",
                               *v);
      }
      config.metrics.enabled = true;
      config.metrics.port = static_cast<int32_t>(*port);
    }
  }
  return config;
}

int Run(const Command& self, std::span<const std::string_view> args) {
  auto parsed = ParseArgs(args, kFlags);
  if (!parsed) return UsageError(self, parsed.error());
  if (parsed->Has("--help")) {
    PrintCommandHelp(self);
    return kExitOk;
  }
  if (!parsed->positional().empty()) {
    return UsageError(self, Error(ErrorKind::kInvalidArgument,
                                  fmt::format("unexpected argument '{}'", parsed->positional()[0])));
  }
  bool usage = false;
  auto config = LoadConfig(*parsed, &usage);
  if (!config) return usage ? UsageError(self, config.error()) : Failure(self, config.error());
  if (parsed->Has("--check")) {
    fmt::print("{}: ok\n", config->path);
    return kExitOk;
  }
  std::unique_ptr<RunMetrics> metrics;
  if (config->metrics.enabled) {
    auto started = RunMetrics::Start(config->metrics);
    if (!started) return Failure(self, started.error());
    metrics = std::move(*started);
  }
  // Before the runner, which outlives it: the pipeline brackets its commits on the gate.
  auto maintenance = std::make_unique<RunMaintenance>(*config, metrics.get());
  auto runner = ingest::PipelineRunner::Make(
      *config, {.until_caught_up = parsed->Has("--until-caught-up"), .commit_gate = maintenance->gate()});
  if (!runner) return Failure(self, runner.error());
  fmt::print("firn run: {}\n", parsed->Has("--config") ? config->path : "the built-in demo (no -c given)");
  for (const std::string& line : (*runner)->description()) fmt::print("  {}\n", line);
  (*runner)->SetPipelineObserver(maintenance.get());
  fmt::print("  maintenance {}\n", maintenance->Describe());
  if (metrics) fmt::print("metrics: {} (dashboard; /metrics for Prometheus, /health)\n", metrics->url());
  std::fflush(stdout);

  StatusLine status(**runner);
  (*runner)->SetObserver([&](const ingest::PipelineStats& s, const ingest::CycleReport* c) {
    status.Update(s, c);
    if (metrics) metrics->SampleLag(**runner);
  });
  g_runner.store(runner->get());
  struct sigaction sa {};
  sa.sa_handler = OnSignal;
  sigemptyset(&sa.sa_mask);
  ::sigaction(SIGTERM, &sa, nullptr);
  ::sigaction(SIGINT, &sa, nullptr);
  const auto start = std::chrono::steady_clock::now();
  Status s = (*runner)->Run();
  g_runner.store(nullptr);
  maintenance->Stop();
  status.Clear();
  if (!s) return Failure(self, s.error());
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const ingest::PipelineStats& last = (*runner)->stats();
  fmt::print("done in {:.1f} s{}\n", secs, g_signals.load() > 0 ? " (stopped by a signal)" : "");
  fmt::print("  records read        {}\n", Grouped(last.records_read));
  fmt::print("  records committed   {}\n", Grouped(last.records_committed));
  fmt::print("  skipped (replayed)  {}\n", Grouped(last.records_skipped));
  fmt::print("  dead-lettered       {}\n", Grouped(last.records_dead_lettered));
  fmt::print("  snapshots           {}{}\n", last.commits,
             last.commits_refused > 0 ? fmt::format(" ({} refused by the offset check)", last.commits_refused) : "");
  fmt::print("  files               {} ({}, avg {})\n", last.files_committed, HumanBytes(last.bytes_committed),
             last.files_committed > 0 ? HumanBytes(last.bytes_committed / last.files_committed) : "-");
  fmt::print("  records/s           {} (over the whole run, start-up and group join included)\n", Grouped(static_cast<int64_t>(last.records_read / std::max(secs, 1e-9))));
  if (maintenance->enabled()) {
    const maintain::MaintenanceStats m = maintenance->stats();
    fmt::print("  maintenance         {} compactions ({} files, {} rewritten into {}), {} snapshots expired, "
               "{} orphans removed{}\n",
               m.compaction_runs, Grouped(m.files_rewritten), HumanBytes(m.bytes_rewritten), Grouped(m.files_written),
               Grouped(m.snapshots_expired), Grouped(m.orphans_deleted),
               m.errors > 0 ? fmt::format(", {} errors (logged)", m.errors) : "");
  }
  return kExitOk;
}

}  // namespace

const Command kRunCommand{
    .name = "run",
    .synopsis = "firn run [-c pipeline.toml] [--check] [--until-caught-up] [--events N] [--warehouse DIR]"
                " [--metrics-port PORT|off]",
    .summary = "run the ingest pipeline (without -c: the built-in Kafka demo)",
    .help =
        "Runs firn's ingest pipeline: records from Kafka, files or stdin into Iceberg tables,\n"
        "committed every commit.interval-ms, exactly once (the source offsets each snapshot\n"
        "covers are stored in its summary; see docs/exactly-once.md). The config is described\n"
        "in docs/configuration.md.\n"
        "\n"
        "Without -c it runs the demo: librdkafka's mock Kafka cluster starts in this process on\n"
        "127.0.0.1, a generator publishes the standard event stream into topic 'events' (8\n"
        "partitions), and firn consumes it as a consumer group into the table demo.events of\n"
        "./warehouse (created, partitioned by day(event_time)), committing every 2 s.\n"
        "\n"
        "flags:\n"
        "  -c, --config FILE   the pipeline config (TOML)\n"
        "  --check             validate the config and exit\n"
        "  --until-caught-up   Kafka: commit and exit 0 once every assigned partition has\n"
        "                      been read to its end (a batch run over what is there now)\n"
        "  --events N          demo: events to publish and ingest (default 2,000,000)\n"
        "  --warehouse DIR     override catalog.warehouse (default ./warehouse)\n"
        "  --metrics-port P    serve metrics, /health and the dashboard on 127.0.0.1:P (0 = any\n"
        "                      free port; 'off' = none). Default: as [metrics] says; the demo\n"
        "                      serves them on a free port\n"
        "  -h, --help          show this help\n"
        "\n"
        "A status line (records/s, commits, lag, memory) is drawn on stderr when it is a\n"
        "terminal, and each commit is logged there. SIGTERM or SIGINT commit what is pending and\n"
        "exit 0; a second SIGINT exits at once.\n"
        "\n"
        "With metrics on, the line 'metrics: http://ADDRESS:PORT/' gives the dashboard's address;\n"
        "/metrics is in Prometheus text format and /health is JSON (docs/monitoring.md).\n",
    .run = Run,
};

}  // namespace firn::cli
