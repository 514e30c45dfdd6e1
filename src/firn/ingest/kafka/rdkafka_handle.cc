#include "firn/ingest/kafka/rdkafka_handle.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <thread>

namespace firn::ingest::kafka {
namespace {

// Called from librdkafka's internal threads: must not call librdkafka (other than to
// read the client's name) nor block. LogLine is one write(2).
void LogToFirn(const rd_kafka_t* rk, int level, const char* fac, const char* buf) {
  const LogLevel firn_level = LogLevelFromSyslog(level);
  if (firn_level < GetLogLevel()) return;
  LogLine(firn_level, fmt::format("kafka {} {}: {}", rk != nullptr ? rd_kafka_name(rk) : "-",
                                  fac != nullptr ? fac : "", buf != nullptr ? buf : ""));
}

// Properties whose values must not appear in messages.
bool IsSecret(std::string_view name) {
  for (std::string_view word : {"password", "secret", "sasl", "ssl.key", "pem"}) {
    if (name.find(word) != std::string_view::npos) return true;
  }
  return false;
}

ErrorKind KindOf(rd_kafka_resp_err_t err) {
  switch (err) {
    case RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC:
    case RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION:
    case RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART:
      return ErrorKind::kNotFound;
    case RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE:
      return ErrorKind::kOutOfRange;
    case RD_KAFKA_RESP_ERR__INVALID_ARG:
    case RD_KAFKA_RESP_ERR_MSG_SIZE_TOO_LARGE:
    case RD_KAFKA_RESP_ERR_INVALID_CONFIG:
    case RD_KAFKA_RESP_ERR_INVALID_PARTITIONS:
    case RD_KAFKA_RESP_ERR_INVALID_REPLICATION_FACTOR:
    case RD_KAFKA_RESP_ERR_TOPIC_EXCEPTION:
      return ErrorKind::kInvalidArgument;
    case RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS:
      return ErrorKind::kAlreadyExists;
    case RD_KAFKA_RESP_ERR__NOT_IMPLEMENTED:
    case RD_KAFKA_RESP_ERR_UNSUPPORTED_VERSION:
      return ErrorKind::kNotSupported;
    default:
      return ErrorKind::kIOError;
  }
}

}  // namespace

LogLevel LogLevelFromSyslog(int level) {
  if (level <= 3) return LogLevel::kError;  // emerg, alert, crit, err
  if (level == 4) return LogLevel::kWarn;
  if (level <= 6) return LogLevel::kInfo;  // notice, info
  return LogLevel::kDebug;
}

void RouteLogsToFirn(rd_kafka_conf_t* conf) { rd_kafka_conf_set_log_cb(conf, LogToFirn); }

Result<ConfPtr> MakeConf(const std::map<std::string, std::string>& properties) {
  ConfPtr conf(rd_kafka_conf_new());
  RouteLogsToFirn(conf.get());
  char errstr[512];
  for (const auto& [name, value] : properties) {
    errstr[0] = '\0';
    if (rd_kafka_conf_set(conf.get(), name.c_str(), value.c_str(), errstr, sizeof(errstr)) !=
        RD_KAFKA_CONF_OK) {
      // librdkafka does not always quote the value; do, unless it may be a secret.
      if (IsSecret(name) || std::string_view(errstr).find(value) != std::string_view::npos) {
        return InvalidArgument("kafka property '{}': {}", name, errstr);
      }
      return InvalidArgument("kafka property '{}': {} (got '{}')", name, errstr, value);
    }
  }
  return conf;
}

Result<KafkaPtr> MakeClient(rd_kafka_type_t type, ConfPtr conf) {
  char errstr[512] = {};
  // rd_kafka_new takes the conf only when it succeeds.
  rd_kafka_t* rk = rd_kafka_new(type, conf.get(), errstr, sizeof(errstr));
  if (rk == nullptr) {
    return InvalidArgument("creating a kafka {}: {}",
                           type == RD_KAFKA_PRODUCER ? "producer" : "consumer", errstr);
  }
  (void)conf.release();
  return KafkaPtr(rk);
}

Result<int32_t> TopicPartitionCount(rd_kafka_t* rk, const std::string& topic, int timeout_ms) {
  using Clock = std::chrono::steady_clock;
  const auto deadline = Clock::now() + std::chrono::milliseconds(timeout_ms);
  const std::string context = fmt::format("metadata of kafka topic '{}'", topic);
  std::unique_ptr<rd_kafka_topic_t, decltype(&rd_kafka_topic_destroy)> rkt(
      rd_kafka_topic_new(rk, topic.c_str(), nullptr), &rd_kafka_topic_destroy);
  if (rkt == nullptr) return KafkaError(rd_kafka_last_error(), context);
  while (true) {
    const auto left =
        std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now());
    const rd_kafka_metadata_t* md = nullptr;
    rd_kafka_resp_err_t err = rd_kafka_metadata(
        rk, 0, rkt.get(), &md, static_cast<int>(std::max<int64_t>(left.count(), 1)));
    int32_t partitions = 0;
    if (err == RD_KAFKA_RESP_ERR_NO_ERROR) {
      if (md->topic_cnt == 1) {
        err = md->topics[0].err;
        partitions = md->topics[0].partition_cnt;
      } else {
        err = RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART;
      }
      rd_kafka_metadata_destroy(md);
    }
    const bool retry = err == RD_KAFKA_RESP_ERR_LEADER_NOT_AVAILABLE ||
                       (err == RD_KAFKA_RESP_ERR_NO_ERROR && partitions == 0);
    if (!retry && err != RD_KAFKA_RESP_ERR_NO_ERROR) return KafkaError(err, context);
    if (!retry) return partitions;
    if (Clock::now() + std::chrono::milliseconds(100) > deadline) {
      return KafkaError(RD_KAFKA_RESP_ERR__TIMED_OUT, context);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

std::unexpected<Error> KafkaError(rd_kafka_resp_err_t err, std::string_view context) {
  return std::unexpected(
      Error(KindOf(err),
            fmt::format("{}: {} ({})", context, rd_kafka_err2str(err), rd_kafka_err2name(err))));
}

std::unexpected<Error> KafkaError(rd_kafka_error_t* error, std::string_view context) {
  const rd_kafka_resp_err_t err = rd_kafka_error_code(error);
  std::string message =
      fmt::format("{}: {}{} ({})", context, rd_kafka_error_is_fatal(error) ? "fatal: " : "",
                  rd_kafka_error_string(error), rd_kafka_error_name(error));
  rd_kafka_error_destroy(error);
  return std::unexpected(Error(KindOf(err), std::move(message)));
}

}  // namespace firn::ingest::kafka
