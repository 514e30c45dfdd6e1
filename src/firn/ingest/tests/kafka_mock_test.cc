// The mock cluster and the producer against it: records go in with keys, headers and
// timestamps and come back out exactly once, unchanged, read by a plain consumer.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <string>
#include <vector>

#include "firn/ingest/kafka/mock_cluster.h"
#include "firn/ingest/kafka/producer.h"
#include "kafka_test_util.h"

namespace firn::ingest::kafka {
namespace {

using testing::ConsumeAll;
using testing::NewTopic;
using testing::SharedCluster;

std::unique_ptr<MockCluster> StartCluster(int brokers = 1) {
  auto cluster = MockCluster::Make(brokers);
  EXPECT_TRUE(cluster.has_value()) << cluster.error().ToString();
  return cluster ? std::move(*cluster) : nullptr;
}

std::unique_ptr<Producer> MakeProducer(std::map<std::string, std::string> properties) {
  auto producer = Producer::Make(std::move(properties));
  EXPECT_TRUE(producer.has_value()) << producer.error().ToString();
  return producer ? std::move(*producer) : nullptr;
}

TEST(KafkaMockTest, KeyedRecordsRoundTripExactlyOnce) {
  constexpr int kRecords = 10'000;
  constexpr int kPartitions = 4;
  constexpr int64_t kBaseTime = 1'764'547'200'000;  // 2025-12-01T00:00:00Z
  const std::string topic = NewTopic("orders", kPartitions);
  auto producer = MakeProducer({{"bootstrap.servers", SharedCluster().bootstrap_servers()},
                                {"enable.idempotence", "true"},
                                {"linger.ms", "5"}});
  ASSERT_NE(producer, nullptr);
  EXPECT_EQ(producer->PartitionCount(topic, 5'000), kPartitions);
  for (int i = 0; i < kRecords; ++i) {
    const std::string key = "customer-" + std::to_string(i % 97);
    const std::string value = "order " + std::to_string(i) + std::string(i % 50, 'x');
    auto s =
        producer->Produce(topic, kPartitionByKey, key, value, kBaseTime + i,
                          {{"seq", std::to_string(i)}, {"origin", "firn-test"}, {"empty", ""}});
    ASSERT_TRUE(s.has_value()) << s.error().ToString();
  }
  auto flushed = producer->Flush(10'000);
  ASSERT_TRUE(flushed.has_value()) << flushed.error().ToString();
  EXPECT_EQ(producer->produced(), kRecords);
  EXPECT_EQ(producer->delivered(), kRecords);
  EXPECT_EQ(producer->failed(), 0);

  const auto records =
      ConsumeAll(SharedCluster().bootstrap_servers(), topic, kPartitions, kRecords);
  ASSERT_EQ(records.size(), static_cast<size_t>(kRecords));
  std::vector<int> seen(kRecords, 0);
  std::map<std::string, int32_t> partition_of_key;
  std::vector<int64_t> next_offset(kPartitions, 0);
  for (const auto& r : records) {
    ASSERT_EQ(r.headers.size(), 3u);
    ASSERT_EQ(r.headers[0].first, "seq");
    const int i = std::stoi(r.headers[0].second);
    ASSERT_GE(i, 0);
    ASSERT_LT(i, kRecords);
    ++seen[i];
    EXPECT_EQ(r.headers[1], (std::pair<std::string, std::string>("origin", "firn-test")));
    EXPECT_EQ(r.headers[2], (std::pair<std::string, std::string>("empty", "")));
    EXPECT_TRUE(r.has_key);
    EXPECT_EQ(r.key, "customer-" + std::to_string(i % 97));
    EXPECT_EQ(r.value, "order " + std::to_string(i) + std::string(i % 50, 'x'));
    EXPECT_EQ(r.timestamp_type, RD_KAFKA_TIMESTAMP_CREATE_TIME);
    EXPECT_EQ(r.timestamp_ms, kBaseTime + i);
    // One key, one partition; offsets dense within a partition, read in order.
    auto [it, inserted] = partition_of_key.emplace(r.key, r.partition);
    EXPECT_EQ(it->second, r.partition) << "key " << r.key;
    ASSERT_GE(r.partition, 0);
    ASSERT_LT(r.partition, kPartitions);
    EXPECT_EQ(r.offset, next_offset[r.partition]++);
  }
  for (int i = 0; i < kRecords; ++i) ASSERT_EQ(seen[i], 1) << "record " << i;
  for (int p = 0; p < kPartitions; ++p) EXPECT_GT(next_offset[p], 0) << "partition " << p;
}

TEST(KafkaMockTest, ExplicitPartitionAndNullKey) {
  const std::string topic = NewTopic("t", 4);
  auto producer = MakeProducer({{"bootstrap.servers", SharedCluster().bootstrap_servers()}});
  ASSERT_NE(producer, nullptr);
  ASSERT_TRUE(producer->PartitionCount(topic, 5'000).has_value());
  ASSERT_TRUE(producer->Produce(topic, 3, "", "no key", 0).has_value());
  const int64_t before = std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  ASSERT_TRUE(producer->Flush(5'000).has_value());
  const auto records = ConsumeAll(SharedCluster().bootstrap_servers(), topic, 4, 1);
  ASSERT_EQ(records.size(), 1u);
  EXPECT_EQ(records[0].partition, 3);
  EXPECT_FALSE(records[0].has_key);
  EXPECT_EQ(records[0].value, "no key");
  EXPECT_TRUE(records[0].headers.empty());
  EXPECT_NEAR(static_cast<double>(records[0].timestamp_ms), static_cast<double>(before), 5'000);
}

TEST(KafkaMockTest, UnknownPartitionFailsTheFlushNamingIt) {
  const std::string topic = NewTopic("small", 2);
  auto producer = MakeProducer(
      {{"bootstrap.servers", SharedCluster().bootstrap_servers()}, {"message.timeout.ms", "2000"}});
  ASSERT_NE(producer, nullptr);
  ASSERT_EQ(producer->PartitionCount(topic, 5'000), 2);
  // Known metadata: librdkafka refuses at once rather than at delivery.
  auto produced = producer->Produce(topic, 9, "k", "v", 0);
  Status s = produced.has_value() ? producer->Flush(5'000) : produced;
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().message().find("topic '" + topic + "' partition 9"), std::string::npos)
      << s.error().message();
  EXPECT_EQ(s.error().kind(), ErrorKind::kNotFound) << s.error().ToString();
}

TEST(KafkaMockTest, DeadBrokerFailsTheFlushWithinTheMessageTimeout) {
  // Port 1 on loopback: nothing listens, connections are refused at once.
  auto producer = MakeProducer(
      {{"bootstrap.servers", "127.0.0.1:1"}, {"message.timeout.ms", "500"}, {"log_level", "0"}});
  ASSERT_NE(producer, nullptr);
  const auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(producer->Produce("nowhere", kPartitionByKey, "k", "v", 0).has_value());
  ASSERT_TRUE(producer->Produce("nowhere", kPartitionByKey, "k2", "v2", 0).has_value());
  auto s = producer->Flush(10'000);
  const double secs =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  ASSERT_FALSE(s.has_value());
  EXPECT_NE(s.error().message().find("delivering to topic 'nowhere'"), std::string::npos)
      << s.error().message();
  EXPECT_NE(s.error().message().find("_MSG_TIMED_OUT"), std::string::npos) << s.error().message();
  EXPECT_EQ(producer->failed(), 2);
  EXPECT_EQ(producer->delivered(), 0);
  // librdkafka scans for timed-out records once a second.
  EXPECT_LT(secs, 3.0);
  // Sticky: the next Flush reports the same first error.
  auto again = producer->Flush(100);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error(), s.error());
}

TEST(KafkaMockTest, CreateTopicErrors) {
  MockCluster* cluster = &SharedCluster();
  const std::string topic = NewTopic("events", 2);
  auto again = cluster->CreateTopic(topic, 2);
  ASSERT_FALSE(again.has_value());
  EXPECT_EQ(again.error().kind(), ErrorKind::kAlreadyExists) << again.error().ToString();
  EXPECT_EQ(again.error().message(), "creating mock topic '" + topic +
                                         "' (2 partitions): Broker: Topic already exists "
                                         "(TOPIC_ALREADY_EXISTS)");

  auto zero = cluster->CreateTopic("z", 0);
  ASSERT_FALSE(zero.has_value());
  EXPECT_EQ(zero.error().kind(), ErrorKind::kInvalidArgument);
  auto replicas = cluster->CreateTopic("r", 1, 2);
  ASSERT_FALSE(replicas.has_value());
  EXPECT_NE(replicas.error().message().find("replication factor 2 is not within 1..1"),
            std::string::npos)
      << replicas.error().message();
  EXPECT_FALSE(cluster->CreateTopic("", 1).has_value());
  EXPECT_FALSE(MockCluster::Make(0).has_value());
}

TEST(KafkaMockTest, ThreeBrokersReplicatedTopic) {
  auto cluster = StartCluster(3);
  ASSERT_NE(cluster, nullptr);
  EXPECT_EQ(cluster->num_brokers(), 3);
  // Three listeners, comma separated.
  EXPECT_EQ(
      std::count(cluster->bootstrap_servers().begin(), cluster->bootstrap_servers().end(), ','), 2)
      << cluster->bootstrap_servers();
  ASSERT_TRUE(cluster->CreateTopic("replicated", 6, 3).has_value());
  auto producer =
      MakeProducer({{"bootstrap.servers", cluster->bootstrap_servers()}, {"acks", "all"}});
  ASSERT_NE(producer, nullptr);
  ASSERT_EQ(producer->PartitionCount("replicated", 5'000), 6);
  for (int i = 0; i < 600; ++i) {
    ASSERT_TRUE(producer->Produce("replicated", i % 6, "", std::to_string(i), 0).has_value());
  }
  ASSERT_TRUE(producer->Flush(5'000).has_value());
  EXPECT_EQ(ConsumeAll(cluster->bootstrap_servers(), "replicated", 6, 600).size(), 600u);
}

}  // namespace
}  // namespace firn::ingest::kafka
