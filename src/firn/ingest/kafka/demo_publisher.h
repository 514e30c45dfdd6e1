// DemoPublisher: the standard event stream (sample/standard_events.h) into a Kafka topic,
// on a thread of its own. This is the data `firn run` without a config consumes, and what
// `firn kafka-mock --demo-events N` loads.
//
// Each event is one record: the value is its NDJSON line (without '\n'), the key the
// decimal text of its user_id (so a user's events stay in order on one partition), the
// timestamp (CreateTime) its event_time in ms.
//
// Back-pressure. The mock cluster keeps only ~5 MiB per partition (mock_cluster.h), so a
// publisher far ahead of its consumer loses data. With `consumed` set, the publisher keeps
//   published() - consumed() <= max_ahead
// at all times, waiting (and serving delivery reports) while the consumer catches up.
//
// Lifecycle: Make, Start, then Join (which waits until all events are published or Stop
// was called, and flushes). Destroying a started publisher stops and joins it.
//
// Thread-safety: Start, Stop, Join and the destructor from one owning thread; Stop,
// published() and delivered() from any thread. `consumed` is called on the publisher's
// thread and must be thread-safe against the consumer that advances it.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <thread>

#include "firn/common/result.h"
#include "firn/ingest/kafka/producer.h"

namespace firn::ingest::kafka {

struct DemoPublishOptions {
  std::string topic = "events";  // must exist, or is auto-created (4 partitions on the mock)
  int64_t events = 0;            // how many events to publish
  int64_t rate_per_sec = 0;      // events per second; 0 = as fast as the producer takes them
  uint64_t seed = 42;            // StandardEventGenerator seed
  // How far published() may run ahead of consumed(). The default fits the mock's
  // retention for topics of 4 or more partitions. Measured (seed 42, lz4): a partition
  // keeps ~40k events (uncompressed ~14k, zstd ~65k); keyed by the skewed user_id the
  // hottest of 8 partitions takes 16% of the events, of 4 partitions 28%, so the oldest
  // events are dropped after ~250k (8) or ~140k (4) unconsumed events.
  int64_t max_ahead = 100'000;
  // Events the consumer has taken (never decreasing); empty: no limit.
  std::function<int64_t()> consumed;
  int flush_timeout_ms = 30'000;  // Join's wait for the last deliveries
};

class DemoPublisher {
 public:
  // `producer_properties` need bootstrap.servers; compression.codec defaults to lz4 (the
  // mock's retention counts compressed bytes) and linger.ms to 20. InvalidArgument for a
  // rejected property or options (events < 0, rate < 0, max_ahead < 1).
  static Result<std::unique_ptr<DemoPublisher>> Make(
      std::map<std::string, std::string> producer_properties, DemoPublishOptions options);

  ~DemoPublisher();
  DemoPublisher(const DemoPublisher&) = delete;
  DemoPublisher& operator=(const DemoPublisher&) = delete;

  // Starts the publishing thread. REQUIRES: not started before.
  void Start();
  // Asks the thread to stop after the record in hand; Join still flushes what was
  // published. Does not wait.
  void Stop();
  // Waits for the thread; the first error (producing, delivering, flushing), if any.
  // REQUIRES: Start was called. Idempotent.
  Status Join();

  // Records handed to the producer so far.
  int64_t published() const { return published_.load(std::memory_order_acquire); }
  // Records the brokers acknowledged so far.
  int64_t delivered() const { return producer_->delivered(); }
  // Whether the thread has finished (all published, stopped, or failed).
  bool finished() const { return finished_.load(std::memory_order_acquire); }

 private:
  DemoPublisher(std::unique_ptr<Producer> producer, DemoPublishOptions options);
  void Run();
  Status Publish();
  // Waits until `deadline` or Stop; false if stopped.
  bool SleepUntil(std::chrono::steady_clock::time_point deadline);

  const DemoPublishOptions options_;
  std::unique_ptr<Producer> producer_;
  std::thread thread_;
  std::atomic<int64_t> published_{0};
  std::atomic<bool> finished_{false};
  std::atomic<bool> stop_{false};
  std::mutex mu_;  // for cv_: sleeps end at Stop
  std::condition_variable cv_;
  std::optional<Status> result_;  // set by Join
  Status status_;                 // written by the thread, read after it is joined
};

// The key of a standard-stream line: the digits of "user_id":N, else the event_id text,
// else empty (a null key). A view into `line`.
std::string_view DemoEventKey(std::string_view line);
// The event_time of a standard-stream line in ms since the epoch (floor).
// InvalidArgument if it is missing or not RFC 3339.
Result<int64_t> DemoEventTimeMillis(std::string_view line);

}  // namespace firn::ingest::kafka
