#include "firn/ingest/kafka/rdkafka_handle.h"

#include <fmt/format.h>

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
      return InvalidArgument("kafka property '{}': {}", name, errstr);
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

std::unexpected<Error> KafkaError(rd_kafka_resp_err_t err, std::string_view context) {
  return std::unexpected(Error(KindOf(err), fmt::format("{}: {} ({})", context,
                                                        rd_kafka_err2str(err),
                                                        rd_kafka_err2name(err))));
}

std::unexpected<Error> KafkaError(rd_kafka_error_t* error, std::string_view context) {
  const rd_kafka_resp_err_t err = rd_kafka_error_code(error);
  std::string message = fmt::format("{}: {}{} ({})", context,
                                    rd_kafka_error_is_fatal(error) ? "fatal: " : "",
                                    rd_kafka_error_string(error), rd_kafka_error_name(error));
  rd_kafka_error_destroy(error);
  return std::unexpected(Error(KindOf(err), std::move(message)));
}

}  // namespace firn::ingest::kafka
