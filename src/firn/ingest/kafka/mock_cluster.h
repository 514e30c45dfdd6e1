// MockCluster: librdkafka's in-process mock Kafka cluster (rdkafka_mock.h), for trying
// firn without a broker and for tests. The brokers listen on 127.0.0.1 at random ports,
// so clients in this process and in other processes can connect to bootstrap_servers().
//
// What the mock does and does not do (librdkafka 2.0.2; see
// shared/notes/machine-and-peers.md): each partition keeps only its newest ~5 MiB of
// record batches as produced (compressed batches count compressed) or 100,000 batches
// and drops older ones silently; producing to an unknown topic creates it with 4
// partitions; the first join to an empty consumer group is held for 3 s; transactions are
// accepted but not real; offsets_for_times does not work.
//
// Thread-safety: thread-safe (the cluster runs on its own thread; CreateTopic hands the
// work to it). Not movable: clients hold its address.
#pragma once

#include <librdkafka/rdkafka.h>
// rdkafka_mock.h needs rdkafka.h first.
#include <librdkafka/rdkafka_mock.h>

#include <memory>
#include <string>

#include "firn/common/result.h"
#include "firn/ingest/kafka/rdkafka_handle.h"

namespace firn::ingest::kafka {

class MockCluster {
 public:
  // Starts a cluster of `num_brokers` brokers (ids 1..num_brokers).
  // REQUIRES: num_brokers >= 1.
  static Result<std::unique_ptr<MockCluster>> Make(int num_brokers = 1);

  // Stops the brokers; clients still connected see their connections fail.
  ~MockCluster();
  MockCluster(const MockCluster&) = delete;
  MockCluster& operator=(const MockCluster&) = delete;

  // "127.0.0.1:40123[,127.0.0.1:40124...]": the value for bootstrap.servers.
  const std::string& bootstrap_servers() const { return bootstrap_servers_; }
  int num_brokers() const { return num_brokers_; }

  // Creates `topic` with `partitions` partitions whose leaders are spread over the
  // brokers. AlreadyExists if it exists (also when a producer auto-created it);
  // InvalidArgument unless 1 <= partitions and 1 <= replication <= num_brokers().
  Status CreateTopic(const std::string& topic, int partitions, int replication = 1);

  // The underlying cluster, for fault injection in tests (rd_kafka_mock_push_request_errors
  // and friends). Valid while this object lives.
  rd_kafka_mock_cluster_t* raw() const { return cluster_; }

 private:
  MockCluster(KafkaPtr owner, rd_kafka_mock_cluster_t* cluster, int num_brokers);

  KafkaPtr owner_;  // the client that hosts the cluster; outlives cluster_
  rd_kafka_mock_cluster_t* cluster_;
  int num_brokers_;
  std::string bootstrap_servers_;
};

}  // namespace firn::ingest::kafka
