// Newline-delimited records into a Kafka topic: what `firn kafka-mock --produce FILE`
// does. Each non-blank line is one record, its bytes the value (a trailing '\r' dropped).
// Optionally a top-level JSON field gives the key and another the partition; the rest of
// the line is not parsed, so lines are produced as they are.
//
// Thread-safety: a LineRouter is used by one thread at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "firn/common/result.h"
#include "firn/ingest/kafka/producer.h"

namespace firn::ingest::kafka {

struct LinePublishOptions {
  std::string topic;            // the topic every line goes to
  std::string key_field;        // top-level field whose string or number is the key;
                                //   empty: records without a key
  std::string partition_field;  // top-level integer field giving the partition;
                                //   empty: librdkafka's partitioner by key
  int32_t num_partitions = 0;   // > 0: partitions outside 0..n-1 are errors naming the line
};

// Finds a line's key and partition (one simdjson on-demand parse when a field is named).
class LineRouter {
 public:
  explicit LineRouter(LinePublishOptions options);
  ~LineRouter();
  LineRouter(LineRouter&&) noexcept;
  LineRouter& operator=(LineRouter&&) noexcept;

  // The key and partition of `line`. A string key is unescaped, a number key is its JSON
  // text ("42", "-1.5e3"); a null key gives an empty key (no key), a null partition
  // kPartitionByKey. InvalidArgument naming the field for malformed JSON, a missing field
  // or a value of another type. *key stays valid until the next call or until `line`
  // changes.
  Status Route(std::string_view line, std::string_view* key, int32_t* partition);

  const LinePublishOptions& options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct LinePublishStats {
  int64_t records = 0;  // lines produced
  int64_t bytes = 0;    // their value bytes
};

// Reads `fd` to its end and produces every non-blank line to options.topic with the
// current time as timestamp. Stops early, without error, when `stop` returns true; it is
// asked every few hundred lines and every 100 ms while `fd` has no input. Does not flush: call
// producer->Flush. Errors name the line
// ("line 17: key field 'id': ..."); a read error is an IOError.
Result<LinePublishStats> PublishLines(int fd, const LinePublishOptions& options, Producer* producer,
                                      const std::function<bool()>& stop = {});

}  // namespace firn::ingest::kafka
