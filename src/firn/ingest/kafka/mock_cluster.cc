#include "firn/ingest/kafka/mock_cluster.h"

#include <fmt/format.h>

#include "firn/common/macros.h"

namespace firn::ingest::kafka {

Result<std::unique_ptr<MockCluster>> MockCluster::Make(int num_brokers) {
  if (num_brokers < 1) {
    return InvalidArgument("a mock kafka cluster needs at least one broker, got {}", num_brokers);
  }
  // The host client never connects anywhere (it has no bootstrap.servers); librdkafka
  // only needs it for the cluster's bookkeeping. Its notice about the missing bootstrap
  // servers is noise here.
  FIRN_ASSIGN_OR_RETURN(ConfPtr conf, MakeConf({{"log_level", "4"}}));
  FIRN_ASSIGN_OR_RETURN(KafkaPtr owner, MakeClient(RD_KAFKA_PRODUCER, std::move(conf)));
  rd_kafka_mock_cluster_t* cluster = rd_kafka_mock_cluster_new(owner.get(), num_brokers);
  if (cluster == nullptr) {
    return IOError("starting a mock kafka cluster of {} brokers failed (see the log above)",
                   num_brokers);
  }
  return std::unique_ptr<MockCluster>(new MockCluster(std::move(owner), cluster, num_brokers));
}

MockCluster::MockCluster(KafkaPtr owner, rd_kafka_mock_cluster_t* cluster, int num_brokers)
    : owner_(std::move(owner)),
      cluster_(cluster),
      num_brokers_(num_brokers),
      bootstrap_servers_(rd_kafka_mock_cluster_bootstraps(cluster)) {}

MockCluster::~MockCluster() {
  rd_kafka_mock_cluster_destroy(cluster_);
  // owner_ is destroyed after this, as the cluster requires.
}

Status MockCluster::CreateTopic(const std::string& topic, int partitions, int replication) {
  if (topic.empty()) return InvalidArgument("a kafka topic name must not be empty");
  if (partitions < 1) {
    return InvalidArgument("topic '{}': needs at least one partition, got {}", topic, partitions);
  }
  if (replication < 1 || replication > num_brokers_) {
    return InvalidArgument("topic '{}': replication factor {} is not within 1..{} (the brokers)",
                           topic, replication, num_brokers_);
  }
  const rd_kafka_resp_err_t err =
      rd_kafka_mock_topic_create(cluster_, topic.c_str(), partitions, replication);
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) {
    return KafkaError(err,
                      fmt::format("creating mock topic '{}' ({} partitions)", topic, partitions));
  }
  return OkStatus();
}

}  // namespace firn::ingest::kafka
