// The demo publisher: exactly N standard events, keyed by user_id and stamped with their
// event_time, and back-pressure that never lets it run more than max_ahead ahead.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "event_test_util.h"
#include "firn/ingest/kafka/demo_publisher.h"
#include "firn/ingest/kafka/mock_cluster.h"
#include "firn/ingest/timestamp_text.h"
#include "kafka_test_util.h"

namespace firn::ingest::kafka {
namespace {

using Clock = std::chrono::steady_clock;

// Waits until `done()` or `seconds` pass; whether done() became true.
template <typename F>
bool WaitFor(F done, double seconds = 10) {
  const auto deadline = Clock::now() + std::chrono::duration<double>(seconds);
  while (!done()) {
    if (Clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  return true;
}

TEST(DemoPublisherTest, KeyAndTimeOfALine) {
  const std::string line = ingest::testing::Lines(ingest::testing::Generate(1, 1))[0];
  EXPECT_EQ(DemoEventKey(line), "762411");
  auto ms = DemoEventTimeMillis(line);
  ASSERT_TRUE(ms.has_value()) << ms.error().ToString();
  EXPECT_EQ(*ms, *ParseTimestampMicros("2026-11-24T00:00:00.001133Z") / 1000);

  EXPECT_EQ(DemoEventKey(R"({"event_id":"abc","user_id":null})"), "abc");
  EXPECT_EQ(DemoEventKey(R"({"x":1})"), "");
  EXPECT_FALSE(DemoEventTimeMillis(R"({"event_time":"yesterday"})").has_value());
  EXPECT_FALSE(DemoEventTimeMillis(R"({"user_id":1})").has_value());
  // Before the epoch: floor, not truncation.
  EXPECT_EQ(*DemoEventTimeMillis(R"({"event_time":"1969-12-31T23:59:59.9995Z"})"), -1);
}

TEST(DemoPublisherTest, PublishesExactlyTheStream) {
  constexpr int64_t kEvents = 3'000;
  MockCluster& cluster = testing::SharedCluster();
  DemoPublishOptions options;
  options.topic = testing::NewTopic("demo", 3);
  options.events = kEvents;
  options.seed = 7;
  auto publisher =
      DemoPublisher::Make({{"bootstrap.servers", cluster.bootstrap_servers()}}, options);
  ASSERT_TRUE(publisher.has_value()) << publisher.error().ToString();
  (*publisher)->Start();
  auto s = (*publisher)->Join();
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
  EXPECT_TRUE((*publisher)->finished());
  EXPECT_EQ((*publisher)->published(), kEvents);
  EXPECT_EQ((*publisher)->delivered(), kEvents);

  const auto lines = ingest::testing::Lines(ingest::testing::Generate(7, kEvents));
  std::map<std::string, size_t> index;  // line -> position in the stream
  for (size_t i = 0; i < lines.size(); ++i) index.emplace(lines[i], i);
  const auto records = testing::ConsumeAll(cluster.bootstrap_servers(), options.topic, 3, kEvents);
  ASSERT_EQ(records.size(), static_cast<size_t>(kEvents));
  std::vector<int> seen(kEvents, 0);
  std::map<int32_t, size_t> last_in_partition;
  for (const auto& r : records) {
    auto it = index.find(r.value);
    ASSERT_NE(it, index.end()) << r.value;
    ++seen[it->second];
    EXPECT_EQ(r.key, DemoEventKey(r.value));
    EXPECT_EQ(r.timestamp_ms, *DemoEventTimeMillis(r.value));
    // Each partition holds its events in stream order.
    if (auto last = last_in_partition.find(r.partition); last != last_in_partition.end()) {
      EXPECT_LT(last->second, it->second);
    }
    last_in_partition[r.partition] = it->second;
  }
  for (int64_t i = 0; i < kEvents; ++i) ASSERT_EQ(seen[i], 1) << "event " << i;
}

TEST(DemoPublisherTest, BackPressureHoldsWhileTheConsumerIsFrozen) {
  constexpr int64_t kEvents = 5'000, kMaxAhead = 700;
  MockCluster& cluster = testing::SharedCluster();
  std::atomic<int64_t> consumed{0};
  DemoPublishOptions options;
  options.topic = "demo-auto-created";  // the mock creates it with 4 partitions
  options.events = kEvents;
  options.max_ahead = kMaxAhead;
  options.consumed = [&] { return consumed.load(); };
  auto publisher =
      DemoPublisher::Make({{"bootstrap.servers", cluster.bootstrap_servers()}}, options);
  ASSERT_TRUE(publisher.has_value());
  DemoPublisher& p = **publisher;
  p.Start();
  ASSERT_TRUE(WaitFor([&] { return p.published() == kMaxAhead; }));
  // Frozen: it stays at the limit.
  const auto until = Clock::now() + std::chrono::milliseconds(200);
  while (Clock::now() < until) {
    ASSERT_LE(p.published() - consumed.load(), kMaxAhead);
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(p.published(), kMaxAhead);
  // The consumer moves: the publisher follows, still at most max_ahead ahead.
  consumed = 1'000;
  ASSERT_TRUE(WaitFor([&] { return p.published() == 1'000 + kMaxAhead; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(p.published(), 1'000 + kMaxAhead);
  EXPECT_FALSE(p.finished());
  consumed = kEvents;
  auto s = p.Join();
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
  EXPECT_EQ(p.published(), kEvents);
  EXPECT_EQ(p.delivered(), kEvents);
}

TEST(DemoPublisherTest, StopEndsARateLimitedRunPromptly) {
  MockCluster& cluster = testing::SharedCluster();
  DemoPublishOptions options;
  options.topic = testing::NewTopic("demo", 1);
  options.events = 1'000'000;
  options.rate_per_sec = 200;
  auto publisher =
      DemoPublisher::Make({{"bootstrap.servers", cluster.bootstrap_servers()}}, options);
  ASSERT_TRUE(publisher.has_value());
  (*publisher)->Start();
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  const auto start = Clock::now();
  (*publisher)->Stop();
  auto s = (*publisher)->Join();
  ASSERT_TRUE(s.has_value()) << s.error().ToString();
  EXPECT_LT(std::chrono::duration<double>(Clock::now() - start).count(), 1.0);
  // ~20 events in 100 ms at 200/s; allow for a slow machine.
  EXPECT_GE((*publisher)->published(), 5);
  EXPECT_LE((*publisher)->published(), 60);
  EXPECT_EQ((*publisher)->delivered(), (*publisher)->published());
}

TEST(DemoPublisherTest, RejectsBadOptions) {
  DemoPublishOptions options;
  options.events = -1;
  EXPECT_FALSE(DemoPublisher::Make({{"bootstrap.servers", "127.0.0.1:1"}}, options).has_value());
  options.events = 1;
  options.max_ahead = 0;
  EXPECT_FALSE(DemoPublisher::Make({{"bootstrap.servers", "127.0.0.1:1"}}, options).has_value());
  options.max_ahead = 1;
  auto bad = DemoPublisher::Make({{"linger.ms", "soon"}}, options);
  ASSERT_FALSE(bad.has_value());
  EXPECT_TRUE(bad.error().message().starts_with("kafka property 'linger.ms'"))
      << bad.error().message();
}

}  // namespace
}  // namespace firn::ingest::kafka
