// firn kafka-mock: librdkafka's mock Kafka cluster (firn/ingest/kafka/mock_cluster.h) as a
// process, for trying firn without a broker and for end-to-end tests. It creates the
// topics, optionally loads records (an NDJSON file, or the standard event stream), prints
// the bootstrap address, and serves until SIGTERM or SIGINT (or stdin's end).
//
// SIGINT and SIGTERM are blocked before any librdkafka thread starts (threads inherit the
// mask) and taken from a signalfd, so that they end the command cleanly at any point.
#include <fcntl.h>
#include <fmt/format.h>
#include <poll.h>
#include <signal.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "cli/command_args.h"
#include "cli/number_text.h"
#include "firn/common/macros.h"
#include "firn/ingest/kafka/demo_publisher.h"
#include "firn/ingest/kafka/line_publisher.h"
#include "firn/ingest/kafka/mock_cluster.h"
#include "firn/ingest/kafka/producer.h"

namespace firn::cli {
namespace {

namespace kafka = ingest::kafka;

constexpr int kFlushTimeoutMs = 60'000;
// Mean bytes of a standard event, and what lz4 keeps of it in the mock (measured: a
// partition holds ~40k events), for the retention warning of --demo-events.
constexpr int64_t kDemoEventBytes = 332;
constexpr double kLz4Ratio = 0.36;
constexpr int64_t kMockRetainedBytesPerPartition = 5LL << 20;

constexpr FlagSpec kFlags[] = {
    {"--partitions"},
    {"--topic", {}, true, true},
    {"--brokers"},
    {"--produce"},
    {"--key-field"},
    {"--partition-field"},
    {"--demo-events"},
    {"--rate"},
    {"--ready-file"},
    {"--until-stdin-eof", {}, false},
    {"--property", {}, true, true},
};

struct MockOptions {
  int brokers = 1;
  int partitions = 8;
  std::vector<std::string> topics;
  std::optional<std::string> produce;  // a path, or "-" for stdin
  std::string key_field;
  std::string partition_field;
  int64_t demo_events = 0;
  int64_t rate = 0;
  std::string ready_file;
  bool until_stdin_eof = false;
  std::map<std::string, std::string> properties;  // for the producers
};

Result<int64_t> Positive(std::string_view flag, std::string_view value, int64_t max) {
  FIRN_ASSIGN_OR_RETURN(int64_t n, ParseCount(flag, value));
  if (n < 1 || n > max) return InvalidArgument("{} expects 1..{}, got '{}'", flag, max, value);
  return n;
}

// Usage errors (exit 2) for flags that are wrong or do not go together.
Result<MockOptions> ParseOptions(const ParsedArgs& p) {
  MockOptions o;
  if (auto v = p.Get("--brokers")) {
    FIRN_ASSIGN_OR_RETURN(o.brokers, Positive("--brokers", *v, 64));
  }
  if (auto v = p.Get("--partitions")) {
    FIRN_ASSIGN_OR_RETURN(o.partitions, Positive("--partitions", *v, 10'000));
  }
  for (std::string_view t : p.GetAll("--topic")) {
    if (t.empty()) return InvalidArgument("--topic needs a name");
    for (const auto& seen : o.topics) {
      if (seen == t) return InvalidArgument("topic '{}' given twice", t);
    }
    o.topics.emplace_back(t);
  }
  if (o.topics.empty()) o.topics.emplace_back("events");
  if (auto v = p.Get("--produce")) {
    if (v->empty()) return InvalidArgument("--produce needs a file, or '-' for stdin");
    o.produce = std::string(*v);
  }
  o.key_field = std::string(p.Get("--key-field").value_or(""));
  o.partition_field = std::string(p.Get("--partition-field").value_or(""));
  if (!o.produce && (p.Has("--key-field") || p.Has("--partition-field"))) {
    return InvalidArgument("--key-field and --partition-field apply to --produce");
  }
  if (auto v = p.Get("--demo-events")) {
    FIRN_ASSIGN_OR_RETURN(o.demo_events, ParseCount("--demo-events", *v));
  }
  if (auto v = p.Get("--rate")) {
    if (!p.Has("--demo-events")) return InvalidArgument("--rate applies to --demo-events");
    FIRN_ASSIGN_OR_RETURN(o.rate, Positive("--rate", *v, 1'000'000'000));
  }
  o.ready_file = std::string(p.Get("--ready-file").value_or(""));
  if (p.Has("--ready-file") && o.ready_file.empty())
    return InvalidArgument("--ready-file needs a path");
  o.until_stdin_eof = p.Has("--until-stdin-eof");
  if (o.until_stdin_eof && o.produce == "-") {
    return InvalidArgument(
        "--until-stdin-eof cannot be used with --produce - (stdin is the input)");
  }
  FIRN_ASSIGN_OR_RETURN(o.properties, ParseKeyValues("--property", p.GetAll("--property")));
  return o;
}

// SIGINT and SIGTERM, blocked and read from a signalfd. Construct before any thread.
class StopSignals {
 public:
  StopSignals() {
    sigemptyset(&mask_);
    sigaddset(&mask_, SIGINT);
    sigaddset(&mask_, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &mask_, &old_mask_);
    fd_ = ::signalfd(-1, &mask_, SFD_CLOEXEC | SFD_NONBLOCK);
  }
  ~StopSignals() {
    if (fd_ >= 0) ::close(fd_);
    pthread_sigmask(SIG_SETMASK, &old_mask_, nullptr);
  }
  StopSignals(const StopSignals&) = delete;
  StopSignals& operator=(const StopSignals&) = delete;

  int fd() const { return fd_; }
  // Whether a signal came, waiting up to `timeout_ms` for one. Latches.
  bool Received(int timeout_ms = 0) {
    if (signal_ != 0) return true;
    pollfd pfd{fd_, POLLIN, 0};
    if (::poll(&pfd, 1, timeout_ms) > 0) Take();
    return signal_ != 0;
  }
  // Reads a pending signal off the fd.
  void Take() {
    signalfd_siginfo info{};
    if (::read(fd_, &info, sizeof(info)) == static_cast<ssize_t>(sizeof(info))) {
      signal_ = static_cast<int>(info.ssi_signo);
    }
  }
  const char* name() const { return signal_ == SIGINT ? "SIGINT" : "SIGTERM"; }

 private:
  sigset_t mask_{};
  sigset_t old_mask_{};
  int fd_ = -1;
  int signal_ = 0;
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

std::map<std::string, std::string> ProducerProperties(const MockOptions& o,
                                                      const std::string& servers) {
  std::map<std::string, std::string> props = o.properties;
  props["bootstrap.servers"] = servers;
  // The mock's retention counts stored (compressed) bytes.
  props.try_emplace("compression.codec", "lz4");
  props.try_emplace("linger.ms", "20");
  return props;
}

// Closes a file descriptor other than stdin when it goes out of scope.
struct ScopedFd {
  int fd = STDIN_FILENO;
  ~ScopedFd() {
    if (fd != STDIN_FILENO) ::close(fd);
  }
};

Status ProduceFile(const MockOptions& o, const std::string& servers, StopSignals& signals) {
  const std::string& path = *o.produce;
  const std::string source = path == "-" ? "stdin" : path;
  ScopedFd input;
  if (path != "-") {
    input.fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (input.fd < 0) return ErrnoError(errno, "opening " + path);
  }
  const auto start = std::chrono::steady_clock::now();
  FIRN_ASSIGN_OR_RETURN(auto producer, kafka::Producer::Make(ProducerProperties(o, servers)));
  // Primes librdkafka's metadata, which would otherwise hold the first records ~1 s.
  FIRN_RETURN_NOT_OK(producer->PartitionCount(o.topics[0], kFlushTimeoutMs));
  FIRN_ASSIGN_OR_RETURN_CTX(const kafka::LinePublishStats stats,
                            kafka::PublishLines(input.fd,
                                                {.topic = o.topics[0],
                                                 .key_field = o.key_field,
                                                 .partition_field = o.partition_field,
                                                 .num_partitions = o.partitions},
                                                producer.get(), [&] { return signals.Received(); }),
                            source);
  FIRN_RETURN_NOT_OK_CTX(producer->Flush(kFlushTimeoutMs), source);
  fmt::print("produced {} records ({}) from {} to topic '{}' in {:.2f} s\n", Grouped(stats.records),
             HumanBytes(stats.bytes), source, o.topics[0], SecondsSince(start));
  std::fflush(stdout);
  return OkStatus();
}

Status PublishDemo(const MockOptions& o, const std::string& servers, StopSignals& signals) {
  const double retained = static_cast<double>(kMockRetainedBytesPerPartition) * o.partitions;
  if (o.rate == 0 && o.demo_events * kDemoEventBytes * kLz4Ratio > retained / 2) {
    fmt::print(stderr,
               "firn kafka-mock: note: the mock keeps only ~5 MiB per partition; the oldest of "
               "{} events may be dropped before a consumer reads them (use more --partitions, "
               "fewer events, or --rate)\n",
               Grouped(o.demo_events));
  }
  kafka::DemoPublishOptions options;
  options.topic = o.topics[0];
  options.events = o.demo_events;
  options.rate_per_sec = o.rate;
  options.flush_timeout_ms = kFlushTimeoutMs;
  FIRN_ASSIGN_OR_RETURN(auto publisher,
                        kafka::DemoPublisher::Make(ProducerProperties(o, servers), options));
  const auto start = std::chrono::steady_clock::now();
  publisher->Start();
  while (!publisher->finished()) {
    if (signals.Received(100)) {
      publisher->Stop();
      break;
    }
  }
  FIRN_RETURN_NOT_OK(publisher->Join());
  fmt::print("published {} standard events (seed {}) to topic '{}' in {:.2f} s\n",
             Grouped(publisher->published()), options.seed, o.topics[0], SecondsSince(start));
  std::fflush(stdout);
  return OkStatus();
}

// Writes `text` to `path` through a temporary file and a rename, so that a reader never
// sees a partial file.
Status WriteAtomically(const std::string& path, std::string_view text) {
  const std::string tmp = fmt::format("{}.tmp.{}", path, ::getpid());
  const int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return ErrnoError(errno, "creating " + tmp);
  const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
  const int err = errno;
  ::close(fd);
  if (!ok || ::rename(tmp.c_str(), path.c_str()) != 0) {
    const int e = ok ? errno : err;
    ::unlink(tmp.c_str());
    return ErrnoError(e, "writing " + path);
  }
  return OkStatus();
}

// Serves until a signal, or until stdin ends when `until_stdin_eof`.
void Serve(bool until_stdin_eof, StopSignals& signals) {
  pollfd fds[2] = {{signals.fd(), POLLIN, 0}, {STDIN_FILENO, POLLIN, 0}};
  while (!signals.Received()) {
    if (::poll(fds, until_stdin_eof ? 2 : 1, -1) < 0) continue;  // EINTR
    if (fds[0].revents != 0) signals.Take();
    if (until_stdin_eof && fds[1].revents != 0) {
      char sink[4096];
      if (::read(STDIN_FILENO, sink, sizeof(sink)) <= 0) {
        fmt::print(stderr, "firn kafka-mock: stdin closed, stopping\n");
        return;
      }
    }
  }
  fmt::print(stderr, "firn kafka-mock: {}, stopping\n", signals.name());
}

int RunKafkaMock(const Command& self, std::span<const std::string_view> args) {
  int code = 0;
  auto p = ParseOrExit(self, args, kFlags, 0, 0, &code);
  if (!p) return code;
  auto options = ParseOptions(*p);
  if (!options) return UsageError(self, options.error());
  const MockOptions& o = *options;

  StopSignals signals;  // before librdkafka starts its threads
  auto cluster = kafka::MockCluster::Make(o.brokers);
  if (!cluster) return Failure(self, cluster.error());
  const std::string& servers = (*cluster)->bootstrap_servers();
  for (const std::string& topic : o.topics) {
    if (auto s = (*cluster)->CreateTopic(topic, o.partitions); !s) return Failure(self, s.error());
  }
  fmt::print("bootstrap.servers={}\n", servers);
  std::fflush(stdout);
  fmt::print(stderr, "firn kafka-mock: {} broker{}, topic{} {} ({} partitions{})\n", o.brokers,
             o.brokers == 1 ? "" : "s", o.topics.size() == 1 ? "" : "s", fmt::join(o.topics, ", "),
             o.partitions, o.topics.size() == 1 ? "" : " each");

  if (o.produce) {
    if (auto s = ProduceFile(o, servers, signals); !s) return Failure(self, s.error());
  }
  if (o.demo_events > 0 && !signals.Received()) {
    if (auto s = PublishDemo(o, servers, signals); !s) return Failure(self, s.error());
  }
  if (signals.Received()) {
    fmt::print(stderr, "firn kafka-mock: {} while producing, stopping\n", signals.name());
    return kExitOk;
  }
  if (!o.ready_file.empty()) {
    if (auto s = WriteAtomically(o.ready_file, servers + "\n"); !s) return Failure(self, s.error());
  }
  fmt::print(stderr, "firn kafka-mock: serving at {}; {} stops it\n", servers,
             o.until_stdin_eof ? "end of stdin, SIGINT or SIGTERM" : "SIGINT (Ctrl-C) or SIGTERM");
  Serve(o.until_stdin_eof, signals);
  return kExitOk;
}

}  // namespace

const Command kKafkaMockCommand{
    .name = "kafka-mock",
    .synopsis =
        "firn kafka-mock [--partitions N] [--topic NAME]... [--brokers N] "
        "[--produce FILE|- [--key-field F] [--partition-field F]] [--demo-events N "
        "[--rate R]] [--ready-file PATH] [--until-stdin-eof]",
    .summary = "start librdkafka's mock Kafka cluster for trying firn and for tests",
    .help =
        "Starts librdkafka's in-process mock Kafka cluster on 127.0.0.1 (random ports), creates\n"
        "the topics, optionally loads records into the first topic, and serves until SIGINT\n"
        "(Ctrl-C) or SIGTERM. Other processes (firn run, Kafka tools) connect to the address\n"
        "printed first on stdout as 'bootstrap.servers=127.0.0.1:PORT'; messages go to stderr.\n\n"
        "The mock keeps only about the newest 5 MiB per partition and drops older records\n"
        "silently; producing to an unknown topic creates it with 4 partitions. Records are\n"
        "produced lz4-compressed, which the retention counts.\n\n"
        "flags:\n"
        "  --partitions N        partitions of each topic (default 8)\n"
        "  --topic NAME          a topic to create (repeatable; default events)\n"
        "  --brokers N           brokers in the cluster (default 1)\n"
        "  --produce FILE        produce each non-blank line of FILE ('-': stdin) to the first\n"
        "                        topic as a record, with the current time as its timestamp\n"
        "  --key-field NAME      the record key: this top-level JSON string or number field\n"
        "                        (default: no key)\n"
        "  --partition-field NAME  the partition: this top-level JSON integer field\n"
        "                        (default: by the key's hash, librdkafka's partitioner)\n"
        "  --demo-events N       publish N events of the standard event stream (what 'firn run'\n"
        "                        consumes), keyed by user_id, timestamped with event_time\n"
        "  --rate R              publish the demo events at R per second (default: at once)\n"
        "  --property K=V        a librdkafka producer property (repeatable)\n"
        "  --ready-file PATH     once the topics exist and every record is produced and\n"
        "                        acknowledged, write the bootstrap address to PATH (atomically)\n"
        "  --until-stdin-eof     also stop when stdin ends (for a parent process that may die)\n\n"
        "Exit 0 when stopped by a signal or stdin's end, 1 if producing failed, 2 for bad flags.\n",
    .run = RunKafkaMock,
};

}  // namespace firn::cli
