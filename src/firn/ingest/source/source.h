// Source: where records come from (Kafka, a file, stdin), as the pipeline sees it.
//
// A source is made of partitions (a Kafka topic's partitions; a file is one partition 0 of
// the "topic" named by its path), each an ordered log of records with increasing offsets.
// The pipeline (pipeline/pipeline.h) decides where each partition starts: the offsets
// stored in the tables it writes (offsets/stored_offsets.h). A source therefore never
// resumes from positions of its own; it asks its listener when it is given partitions.
//
// Thread-safety: none. Poll, Seek and Close are called from one thread, and listener
// calls happen inside Poll and Close on that thread.
#pragma once

#include <compare>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "firn/common/result.h"
#include "firn/common/strong_type.h"

namespace firn::ingest {

struct TopicPartition {
  std::string topic;         // Kafka topic, or a file's path
  KafkaPartition partition;  // 0 for a file
  auto operator<=>(const TopicPartition&) const = default;
  bool operator==(const TopicPartition&) const = default;
  std::string ToString() const { return topic + "/" + std::to_string(partition.value()); }
};

struct SourceHeader {
  std::string_view key;
  std::string_view value;
};

// Bytes a source may promise are readable after a record's value (SourceRecord::padded):
// the JSON parser reads up to this far past its input (their content does not matter).
inline constexpr size_t kRecordPadding = 64;

// One record. The views stay valid until the next Poll or Close.
struct SourceRecord {
  std::string_view topic;
  KafkaPartition partition;
  KafkaOffset offset;           // this record's offset
  KafkaOffset next_offset;      // where reading resumes after it (Kafka: offset + 1)
  std::optional<std::string_view> key;  // Kafka key (absent for files and null keys)
  std::string_view value;       // the payload: one JSON document
  int64_t timestamp_ms = -1;    // Kafka timestamp; -1 when unknown
  std::vector<SourceHeader> headers;
  bool padded = false;          // at least kRecordPadding readable bytes follow `value`
};

// Told about partitions as they are given to and taken from this worker.
class SourceListener {
 public:
  virtual ~SourceListener() = default;
  // This worker now owns `partitions`. Returns where to start each one (same order):
  // an offset, or nullopt for the source's reset policy (auto.offset.reset). An error
  // stops the source (Poll returns it).
  virtual Result<std::vector<std::optional<KafkaOffset>>> OnAssigned(
      const std::vector<TopicPartition>& partitions) = 0;
  // `partitions` are being taken away. When `lost` is false the listener may still commit
  // what it read from them (the usual case: it is called before another worker gets them);
  // when true they already belong to another worker.
  virtual void OnRevoked(const std::vector<TopicPartition>& partitions, bool lost) = 0;
};

struct PartitionLag {
  int64_t high_watermark = -1;  // the next offset the source will hold; -1 unknown
  int64_t lag = -1;             // records not yet read; -1 unknown
};

class Source {
 public:
  virtual ~Source() = default;

  // `listener` must outlive the source. Set before the first Poll.
  virtual void SetListener(SourceListener* listener) = 0;
  // Waits up to `timeout_ms` for records and appends at most `max_records` to *out
  // (cleared first). An error is fatal: e.g. an assigned offset below the log start, which
  // is data lost before ingestion.
  virtual Status Poll(int timeout_ms, size_t max_records, std::vector<SourceRecord>* out) = 0;
  // Moves owned partitions to new positions (nullopt: the reset policy); used after a
  // refused commit, to replay from what the tables hold.
  virtual Status Seek(const std::vector<std::pair<TopicPartition, std::optional<KafkaOffset>>>& to) = 0;
  // Progress for monitoring only (Kafka: the group's committed offsets); never read back.
  virtual void ReportProgress(const std::map<TopicPartition, KafkaOffset>& /*next*/) {}
  // Per owned partition, when the source knows it.
  virtual std::map<TopicPartition, PartitionLag> Lag() { return {}; }
  // True when a finite source (file, stdin) has nothing more to give.
  virtual bool Exhausted() const = 0;
  // Leaves the group (Kafka: revokes through the listener first). Idempotent.
  virtual Status Close() = 0;
};

}  // namespace firn::ingest
