#include "firn/ingest/kafka/producer.h"

#include <fmt/format.h>

#include "firn/common/logging.h"
#include "firn/common/macros.h"

namespace firn::ingest::kafka {
namespace {

// Delivery reports are served every this many records even when the queue is not full,
// so that they do not pile up in librdkafka's queue and the counters stay current.
constexpr int64_t kPollEvery = 1024;
// How long Produce waits for room in a full queue before trying again.
constexpr int kQueueFullPollMs = 50;

std::string PartitionText(int32_t partition) {
  return partition == kPartitionByKey ? std::string("(by key)") : fmt::format("{}", partition);
}

// The reason behind RD_KAFKA_RESP_ERR__FATAL, which librdkafka keeps on the client.
std::string FatalReason(rd_kafka_t* rk) {
  char reason[512] = {};
  const rd_kafka_resp_err_t err = rd_kafka_fatal_error(rk, reason, sizeof(reason));
  return fmt::format("fatal: {} ({})", reason, rd_kafka_err2name(err));
}

}  // namespace

Result<std::unique_ptr<Producer>> Producer::Make(std::map<std::string, std::string> properties) {
  FIRN_ASSIGN_OR_RETURN(ConfPtr conf, MakeConf(properties));
  std::unique_ptr<Producer> producer(new Producer());
  rd_kafka_conf_set_opaque(conf.get(), producer.get());
  rd_kafka_conf_set_dr_msg_cb(conf.get(), &Producer::OnDelivery);
  rd_kafka_conf_set_error_cb(conf.get(), &Producer::OnError);
  FIRN_ASSIGN_OR_RETURN(producer->rk_, MakeClient(RD_KAFKA_PRODUCER, std::move(conf)));
  return producer;
}

Producer::~Producer() {
  if (rk_ == nullptr) return;
  // Undelivered records fail with __PURGE_*, without reports (nothing polls any more);
  // rd_kafka_destroy then need not wait for message.timeout.ms against a dead broker.
  rd_kafka_purge(rk_.get(), RD_KAFKA_PURGE_F_QUEUE | RD_KAFKA_PURGE_F_INFLIGHT);
  rd_kafka_poll(rk_.get(), 0);  // their reports: librdkafka then has nothing to warn about
  rk_.reset();                  // before the members the callbacks touch
}

Status Producer::Produce(const std::string& topic, int32_t partition, std::string_view key,
                         std::string_view value, int64_t timestamp_ms,
                         const std::vector<std::pair<std::string, std::string>>& headers) {
  HeadersPtr hdrs;
  if (!headers.empty()) {
    hdrs.reset(rd_kafka_headers_new(headers.size()));
    for (const auto& [name, v] : headers) {
      rd_kafka_header_add(hdrs.get(), name.data(), static_cast<ssize_t>(name.size()), v.data(),
                          static_cast<ssize_t>(v.size()));
    }
  }
  while (true) {
    // RD_KAFKA_V_HEADERS takes the headers only on success, so a retry passes them again.
    const rd_kafka_resp_err_t err = rd_kafka_producev(
        rk_.get(), RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition),
        RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
        RD_KAFKA_V_KEY(key.empty() ? nullptr : key.data(), key.size()),
        RD_KAFKA_V_VALUE(const_cast<char*>(value.data()), value.size()),
        RD_KAFKA_V_TIMESTAMP(timestamp_ms), RD_KAFKA_V_HEADERS(hdrs.get()), RD_KAFKA_V_END);
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) break;
    if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
      if (auto first = first_error()) return std::unexpected(std::move(*first));
      rd_kafka_poll(rk_.get(), kQueueFullPollMs);
      continue;
    }
    const std::string context =
        fmt::format("producing to topic '{}' partition {}", topic, PartitionText(partition));
    if (err == RD_KAFKA_RESP_ERR__FATAL) {
      return IOError("{}: {}", context, FatalReason(rk_.get()));
    }
    return KafkaError(err, context);
  }
  (void)hdrs.release();  // librdkafka owns them now
  if (produced_.fetch_add(1, std::memory_order_relaxed) % kPollEvery == kPollEvery - 1) {
    rd_kafka_poll(rk_.get(), 0);
  }
  return OkStatus();
}

Result<int32_t> Producer::PartitionCount(const std::string& topic, int timeout_ms) {
  return TopicPartitionCount(rk_.get(), topic, timeout_ms);
}

void Producer::Poll(int timeout_ms) { rd_kafka_poll(rk_.get(), timeout_ms); }

Status Producer::Flush(int timeout_ms) {
  const rd_kafka_resp_err_t err = rd_kafka_flush(rk_.get(), timeout_ms);
  if (auto first = first_error()) return std::unexpected(std::move(*first));
  if (err == RD_KAFKA_RESP_ERR__TIMED_OUT) {
    return IOError("kafka flush: {} records still not delivered after {} ms",
                   rd_kafka_outq_len(rk_.get()), timeout_ms);
  }
  if (err != RD_KAFKA_RESP_ERR_NO_ERROR) return KafkaError(err, "kafka flush");
  return OkStatus();
}

std::optional<Error> Producer::first_error() const {
  std::lock_guard lock(mu_);
  return first_error_;
}

void Producer::KeepError(Error error) {
  std::lock_guard lock(mu_);
  if (!first_error_) first_error_ = std::move(error);
}

// Runs on the thread in Poll, Flush, Produce or the destructor.
void Producer::OnDelivery(rd_kafka_t* rk, const rd_kafka_message_t* message, void* opaque) {
  auto* self = static_cast<Producer*>(opaque);
  if (message->err == RD_KAFKA_RESP_ERR_NO_ERROR) {
    self->delivered_.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  self->failed_.fetch_add(1, std::memory_order_relaxed);
  const std::string context =
      fmt::format("delivering to topic '{}' partition {}", rd_kafka_topic_name(message->rkt),
                  PartitionText(message->partition));
  if (message->err == RD_KAFKA_RESP_ERR__FATAL) {
    self->KeepError(Error(ErrorKind::kIOError, fmt::format("{}: {}", context, FatalReason(rk))));
  } else {
    self->KeepError(KafkaError(message->err, context).error());
  }
}

// Client-level errors: fatal ones (idempotence violations) stop the producer and are kept;
// the rest (brokers down, transport) are retried by librdkafka and only logged.
// Runs on the thread in Poll, Flush, Produce or the destructor.
void Producer::OnError(rd_kafka_t* rk, int err, const char* reason, void* opaque) {
  auto* self = static_cast<Producer*>(opaque);
  if (err == RD_KAFKA_RESP_ERR__FATAL) {
    self->KeepError(Error(ErrorKind::kIOError, fmt::format("kafka producer {}: {}",
                                                           rd_kafka_name(rk), FatalReason(rk))));
    return;
  }
  // Transport failures were logged already (librdkafka's FAIL lines).
  if (err == RD_KAFKA_RESP_ERR__TRANSPORT) return;
  FIRN_LOG(kWarn, "kafka {}: {} ({})", rd_kafka_name(rk), reason,
           rd_kafka_err2name(static_cast<rd_kafka_resp_err_t>(err)));
}

}  // namespace firn::ingest::kafka
