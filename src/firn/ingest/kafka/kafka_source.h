// KafkaSource: a Source over a Kafka consumer group, through librdkafka's C API.
//
// firn manages positions itself: enable.auto.commit and enable.auto.offset.store are
// off, and on every assignment the listener says where each partition starts (the offsets
// stored in the tables). A partition with no stored offset starts by the user's
// auto.offset.reset (earliest unless configured). A stored offset that the broker no
// longer has (below the log start: retention deleted it before it was ingested) is an
// error, never a silent skip: librdkafka runs with auto.offset.reset=error and the error
// is returned by Poll.
//
// Rebalances: eager assignors revoke everything then assign; cooperative-sticky revokes
// and assigns increments. Both are handled (rd_kafka_rebalance_protocol). Offsets are
// committed to the group only by ReportProgress, for lag monitoring.
//
// Thread-safety: none (see source.h).
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "firn/ingest/source/source.h"

namespace firn::ingest::kafka {

struct KafkaSourceOptions {
  std::map<std::string, std::string> properties;  // librdkafka properties, passed through
  std::string group_id;                           // group.id
  std::vector<std::string> topics;                // subscribe to these, or
  std::string topic_pattern;                      // a regex (without the leading '^')
  bool stop_when_caught_up = false;  // Exhausted() once every owned partition is at its end
};

class KafkaSource final : public Source {
 public:
  // InvalidArgument naming a property librdkafka rejects.
  static Result<std::unique_ptr<KafkaSource>> Make(KafkaSourceOptions options);
  ~KafkaSource() override;

  void SetListener(SourceListener* listener) override { listener_ = listener; }
  Status Poll(int timeout_ms, size_t max_records, std::vector<SourceRecord>* out) override;
  Status Seek(const std::vector<std::pair<TopicPartition, std::optional<KafkaOffset>>>& to) override;
  void ReportProgress(const std::map<TopicPartition, KafkaOffset>& next) override;
  std::map<TopicPartition, PartitionLag> Lag() override;
  // With stop_when_caught_up: true once this worker owns partitions and has read each to
  // the end of its log (as of when the end was reached).
  bool Exhausted() const override;
  Status Close() override;

  const std::vector<TopicPartition>& assignment() const { return assigned_; }

 private:
  struct Impl;
  explicit KafkaSource(std::unique_ptr<Impl> impl);
  friend struct RebalanceTrampoline;
  // Called by librdkafka inside poll/close: `err` is an rd_kafka_resp_err_t and
  // `partitions` an rd_kafka_topic_partition_list_t*.
  void OnRebalance(int err, void* partitions);
  void ReleaseMessages();

  std::unique_ptr<Impl> impl_;
  SourceListener* listener_ = nullptr;
  std::vector<TopicPartition> assigned_;
  std::optional<Error> fatal_;  // set by a callback, returned by the next Poll
  bool closed_ = false;
  bool rebalanced_ = false;  // a rebalance callback ran during the current Poll
  bool stop_when_caught_up_ = false;
  std::vector<TopicPartition> at_end_;  // owned partitions read to their end
};

}  // namespace firn::ingest::kafka
