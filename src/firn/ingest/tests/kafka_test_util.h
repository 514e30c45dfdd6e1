// Helpers for the Kafka tests: a shared mock cluster, and a plain consumer that reads a
// topic back from the start. The consumer assigns every partition explicitly from
// OFFSET_BEGINNING and never subscribes, so no group is joined (the mock holds a first
// join for 3 s); librdkafka still needs a group.id for assign.
#pragma once

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "firn/ingest/kafka/mock_cluster.h"
#include "firn/ingest/kafka/rdkafka_handle.h"

namespace firn::ingest::kafka::testing {

struct ConsumedRecord {
  int32_t partition = -1;
  int64_t offset = -1;
  bool has_key = false;
  std::string key;
  std::string value;
  int64_t timestamp_ms = -1;
  rd_kafka_timestamp_type_t timestamp_type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
  std::vector<std::pair<std::string, std::string>> headers;
};

// One mock cluster for the whole test binary (tests use their own topics): starting one
// is quick, but tearing one down often waits ~1 s for librdkafka's internal broker
// thread.
inline MockCluster& SharedCluster() {
  static std::unique_ptr<MockCluster> cluster = [] {
    auto c = MockCluster::Make();
    if (!c) {
      ADD_FAILURE() << c.error().ToString();
      std::abort();
    }
    return std::move(*c);
  }();
  return *cluster;
}

// A topic of `partitions` partitions on SharedCluster(), named `prefix` plus a counter.
inline std::string NewTopic(const std::string& prefix, int partitions) {
  static std::atomic<int> n{0};
  std::string topic = prefix + "-" + std::to_string(n++);
  auto s = SharedCluster().CreateTopic(topic, partitions);
  EXPECT_TRUE(s.has_value()) << s.error().ToString();
  return topic;
}

// Reads partitions 0..partitions-1 of `topic` from the beginning until `expected` records
// arrived (or `timeout_ms` passed; then the test fails and what arrived is returned).
inline std::vector<ConsumedRecord> ConsumeAll(const std::string& bootstrap,
                                              const std::string& topic, int partitions,
                                              size_t expected, int timeout_ms = 10'000) {
  std::vector<ConsumedRecord> out;
  auto conf = MakeConf({{"bootstrap.servers", bootstrap},
                        {"group.id", "firn-test-reader"},
                        {"enable.auto.commit", "false"},
                        {"enable.partition.eof", "false"}});
  EXPECT_TRUE(conf.has_value()) << conf.error().ToString();
  if (!conf) return out;
  auto rk = MakeClient(RD_KAFKA_CONSUMER, std::move(*conf));
  EXPECT_TRUE(rk.has_value()) << rk.error().ToString();
  if (!rk) return out;
  // Leaders known before assign: otherwise librdkafka retries its offset query only
  // after 500 ms.
  auto count = TopicPartitionCount(rk->get(), topic, timeout_ms);
  EXPECT_TRUE(count.has_value()) << count.error().ToString();
  PartitionListPtr list(rd_kafka_topic_partition_list_new(partitions));
  for (int p = 0; p < partitions; ++p) {
    rd_kafka_topic_partition_list_add(list.get(), topic.c_str(), p)->offset =
        RD_KAFKA_OFFSET_BEGINNING;
  }
  EXPECT_EQ(rd_kafka_assign(rk->get(), list.get()), RD_KAFKA_RESP_ERR_NO_ERROR);
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (out.size() < expected && std::chrono::steady_clock::now() < deadline) {
    MessagePtr m(rd_kafka_consumer_poll(rk->get(), 100));
    if (m == nullptr) continue;
    if (m->err != RD_KAFKA_RESP_ERR_NO_ERROR) {
      ADD_FAILURE() << "consume: " << rd_kafka_message_errstr(m.get());
      continue;
    }
    ConsumedRecord r;
    r.partition = m->partition;
    r.offset = m->offset;
    r.has_key = m->key != nullptr;
    if (m->key != nullptr) r.key.assign(static_cast<const char*>(m->key), m->key_len);
    r.value.assign(static_cast<const char*>(m->payload), m->len);
    r.timestamp_ms = rd_kafka_message_timestamp(m.get(), &r.timestamp_type);
    rd_kafka_headers_t* hdrs = nullptr;
    if (rd_kafka_message_headers(m.get(), &hdrs) == RD_KAFKA_RESP_ERR_NO_ERROR) {
      const char* name;
      const void* value;
      size_t size;
      for (size_t i = 0;
           rd_kafka_header_get_all(hdrs, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR;
           ++i) {
        r.headers.emplace_back(name, value == nullptr
                                         ? std::string()
                                         : std::string(static_cast<const char*>(value), size));
      }
    }
    out.push_back(std::move(r));
  }
  EXPECT_EQ(out.size(), expected) << "records read back from topic '" << topic << "'";
  // No group was joined and nothing is committed: skip the close handshake.
  rd_kafka_destroy_flags(rk->release(), RD_KAFKA_DESTROY_F_NO_CONSUMER_CLOSE);
  return out;
}

}  // namespace firn::ingest::kafka::testing
