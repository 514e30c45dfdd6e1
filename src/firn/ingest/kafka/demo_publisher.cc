#include "firn/ingest/kafka/demo_publisher.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>

#include "firn/common/buffer.h"
#include "firn/common/macros.h"
#include "firn/ingest/sample/standard_events.h"
#include "firn/ingest/timestamp_text.h"

namespace firn::ingest::kafka {
namespace {

using Clock = std::chrono::steady_clock;

// Events generated per call into the reused buffer.
constexpr int64_t kChunkEvents = 1024;
// While waiting for the consumer: serve delivery reports, then sleep this long.
constexpr auto kBackPressureWait = std::chrono::milliseconds(2);
constexpr int kMetadataTimeoutMs = 10'000;

// The JSON string value after `"name":"` (the stream never escapes inside them).
std::string_view StringField(std::string_view line, std::string_view quoted_name) {
  const size_t at = line.find(quoted_name);
  if (at == std::string_view::npos) return {};
  const size_t begin = at + quoted_name.size();
  const size_t end = line.find('"', begin);
  if (end == std::string_view::npos) return {};
  return line.substr(begin, end - begin);
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

std::string_view DemoEventKey(std::string_view line) {
  constexpr std::string_view kUserId = "\"user_id\":";
  if (const size_t at = line.find(kUserId); at != std::string_view::npos) {
    const size_t begin = at + kUserId.size();
    size_t end = begin;
    while (end < line.size() && line[end] >= '0' && line[end] <= '9') ++end;
    if (end > begin) return line.substr(begin, end - begin);
  }
  return StringField(line, "\"event_id\":\"");
}

Result<int64_t> DemoEventTimeMillis(std::string_view line) {
  const std::string_view text = StringField(line, "\"event_time\":\"");
  if (text.empty()) return InvalidArgument("no \"event_time\" string in the event");
  FIRN_ASSIGN_OR_RETURN(int64_t micros, ParseTimestampMicros(text));
  return FloorDiv(micros, 1000);
}

Result<std::unique_ptr<DemoPublisher>> DemoPublisher::Make(
    std::map<std::string, std::string> producer_properties, DemoPublishOptions options) {
  if (options.events < 0)
    return InvalidArgument("demo events must be >= 0, got {}", options.events);
  if (options.rate_per_sec < 0) {
    return InvalidArgument("demo rate must be >= 0 events/s, got {}", options.rate_per_sec);
  }
  if (options.max_ahead < 1) {
    return InvalidArgument("demo max_ahead must be >= 1, got {}", options.max_ahead);
  }
  if (options.topic.empty()) return InvalidArgument("demo topic must not be empty");
  producer_properties.try_emplace("compression.codec", "lz4");
  producer_properties.try_emplace("linger.ms", "20");
  FIRN_ASSIGN_OR_RETURN(auto producer, Producer::Make(std::move(producer_properties)));
  return std::unique_ptr<DemoPublisher>(new DemoPublisher(std::move(producer), std::move(options)));
}

DemoPublisher::DemoPublisher(std::unique_ptr<Producer> producer, DemoPublishOptions options)
    : options_(std::move(options)), producer_(std::move(producer)) {}

DemoPublisher::~DemoPublisher() {
  if (thread_.joinable()) {
    Stop();
    (void)Join();
  }
}

void DemoPublisher::Start() {
  thread_ = std::thread([this] { Run(); });
}

void DemoPublisher::Stop() {
  std::lock_guard lock(mu_);  // so that a sleeper cannot miss the notification
  stop_.store(true, std::memory_order_relaxed);
  cv_.notify_all();
}

Status DemoPublisher::Join() {
  if (!result_) {
    thread_.join();
    result_ = status_;
  }
  return *result_;
}

bool DemoPublisher::SleepUntil(Clock::time_point deadline) {
  std::unique_lock lock(mu_);
  return !cv_.wait_until(lock, deadline, [this] { return stop_.load(std::memory_order_relaxed); });
}

void DemoPublisher::Run() {
  Status published = Publish();
  // Whatever was published is flushed, also after Stop or an error.
  Status flushed = producer_->Flush(options_.flush_timeout_ms);
  if (!published) {
    status_ = std::move(published);
  } else if (!flushed) {
    status_ =
        std::unexpected(std::move(flushed.error())
                            .WithContext(fmt::format("demo events to topic '{}'", options_.topic)));
  }
  finished_.store(true, std::memory_order_release);
}

Status DemoPublisher::Publish() {
  // Fails early, naming the topic, when the brokers are unreachable; and spares the first
  // records librdkafka's 1 s wait for metadata of a topic it has not seen.
  FIRN_RETURN_NOT_OK(producer_->PartitionCount(
      options_.topic, std::min(options_.flush_timeout_ms, kMetadataTimeoutMs)));
  StandardEventGenerator generator(options_.seed);
  Buffer chunk;
  const auto start = Clock::now();
  const auto nanos_per_event =
      options_.rate_per_sec > 0 ? 1'000'000'000 / options_.rate_per_sec : int64_t{0};
  int64_t n = 0;
  // A lower bound of consumed(), which never decreases: it is asked again only when the
  // bound would let the publisher run more than max_ahead ahead.
  int64_t consumed = 0;
  while (n < options_.events) {
    chunk.Clear();
    generator.AppendEvents(static_cast<size_t>(std::min(kChunkEvents, options_.events - n)),
                           &chunk);
    std::string_view lines = chunk.view();
    while (!lines.empty()) {
      const size_t nl = lines.find('\n');
      const std::string_view line = lines.substr(0, nl);
      lines.remove_prefix(nl + 1);

      while (options_.consumed && n - consumed >= options_.max_ahead) {
        consumed = options_.consumed();
        if (n - consumed < options_.max_ahead) break;
        producer_->Poll(0);
        if (!SleepUntil(Clock::now() + kBackPressureWait)) return OkStatus();
      }
      if (nanos_per_event > 0) {
        const auto due = start + std::chrono::nanoseconds(n * nanos_per_event);
        if (Clock::now() < due && !SleepUntil(due)) return OkStatus();
      }
      if (stop_.load(std::memory_order_relaxed)) return OkStatus();
      FIRN_ASSIGN_OR_RETURN_CTX(const int64_t time_ms, DemoEventTimeMillis(line),
                                fmt::format("demo event {}", n + 1));
      FIRN_RETURN_NOT_OK(
          producer_->Produce(options_.topic, kPartitionByKey, DemoEventKey(line), line, time_ms));
      published_.store(++n, std::memory_order_release);
    }
    if (auto error = producer_->first_error()) return std::unexpected(std::move(*error));
  }
  return OkStatus();
}

}  // namespace firn::ingest::kafka
