// Producer: a thin librdkafka producer for tools and tests (the mock cluster's loader, the
// demo publisher). Records are copied into librdkafka's queue by Produce and delivered in
// the background; Flush waits for them and reports the first failed delivery.
//
//   FIRN_ASSIGN_OR_RETURN(auto producer, Producer::Make({{"bootstrap.servers", servers}}));
//   FIRN_RETURN_NOT_OK(producer->Produce("events", kPartitionByKey, key, line, 0));
//   FIRN_RETURN_NOT_OK(producer->Flush(10'000));
//
// Delivery guarantees are librdkafka's and are chosen with properties
// (enable.idempotence, acks, message.timeout.ms, compression.codec, linger.ms, ...).
//
// Thread-safety: Produce, Poll and Flush are called by one thread at a time (delivery
// reports run on it). The counters may be read from any thread. Not movable: librdkafka
// holds its address for the delivery callback.
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "firn/common/result.h"
#include "firn/ingest/kafka/rdkafka_handle.h"

namespace firn::ingest::kafka {

// Produce's partition argument asking for librdkafka's default partitioner
// ("consistent_random": CRC32 of the key, random for records without a key).
inline constexpr int32_t kPartitionByKey = RD_KAFKA_PARTITION_UA;

class Producer {
 public:
  // InvalidArgument naming the property if librdkafka rejects one (see MakeConf).
  static Result<std::unique_ptr<Producer>> Make(std::map<std::string, std::string> properties);

  // Abandons what is not delivered yet (purged, no reports): Flush first to keep it.
  ~Producer();
  Producer(const Producer&) = delete;
  Producer& operator=(const Producer&) = delete;

  // Queues one record (key, value and headers are copied). `partition` is a partition
  // number or kPartitionByKey; an empty key is produced as a null key. `timestamp_ms` is
  // the record's CreateTime in ms since the epoch, 0 for now. When librdkafka's queue is
  // full (queue.buffering.max.messages / .kbytes) this serves delivery reports and
  // retries, so it blocks while the brokers fall behind; it gives up with the first
  // delivery error if deliveries fail meanwhile. Errors: the topic, partition and
  // librdkafka's reason (unknown partition, record too large, fatal idempotence error).
  Status Produce(const std::string& topic, int32_t partition, std::string_view key,
                 std::string_view value, int64_t timestamp_ms,
                 const std::vector<std::pair<std::string, std::string>>& headers = {});

  // The number of partitions of `topic`, from a metadata request (which a broker that
  // auto-creates topics answers by creating it). Also primes librdkafka's metadata cache:
  // without it the first records to a topic wait for the next 1 s metadata scan.
  // NotFound if the topic does not exist; IOError naming the topic on timeout.
  Result<int32_t> PartitionCount(const std::string& topic, int timeout_ms);

  // Serves delivery reports, waiting up to `timeout_ms` for one.
  void Poll(int timeout_ms);

  // Waits up to `timeout_ms` until every queued record is delivered or failed. Returns
  // the first delivery error since Make (sticky: later Flushes return it too), else a
  // timeout naming the records still in flight.
  Status Flush(int timeout_ms);

  int64_t produced() const { return produced_.load(std::memory_order_relaxed); }
  int64_t delivered() const { return delivered_.load(std::memory_order_relaxed); }
  int64_t failed() const { return failed_.load(std::memory_order_relaxed); }
  // The first failed delivery (or fatal error), if any.
  std::optional<Error> first_error() const;

  // The librdkafka handle, e.g. for rd_kafka_outq_len. Valid while this object lives.
  rd_kafka_t* raw() const { return rk_.get(); }

 private:
  Producer() = default;
  static void OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* message, void* opaque);
  static void OnError(rd_kafka_t* rk, int err, const char* reason, void* opaque);
  void KeepError(Error error);

  KafkaPtr rk_;
  std::atomic<int64_t> produced_{0};
  std::atomic<int64_t> delivered_{0};
  std::atomic<int64_t> failed_{0};
  mutable std::mutex mu_;
  std::optional<Error> first_error_;  // guarded by mu_
};

}  // namespace firn::ingest::kafka
