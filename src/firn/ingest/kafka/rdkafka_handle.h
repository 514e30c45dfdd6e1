// Owners for librdkafka's C handles, configuration from a property map, and the edge
// where librdkafka's errors and log lines become firn's (conventions §2).
//
//   FIRN_ASSIGN_OR_RETURN(ConfPtr conf, MakeConf({{"bootstrap.servers", servers}}));
//   FIRN_ASSIGN_OR_RETURN(KafkaPtr rk, MakeClient(RD_KAFKA_CONSUMER, std::move(conf)));
//
// Every conf made by MakeConf routes librdkafka's log lines to firn's logging
// (firn/common/logging.h) instead of librdkafka's default printing to stderr.
//
// Thread-safety: the functions are thread-safe. The owned handles are as thread-safe as
// librdkafka says (rd_kafka_t: yes; rd_kafka_conf_t and partition lists: no).
#pragma once

#include <librdkafka/rdkafka.h>

#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "firn/common/logging.h"
#include "firn/common/result.h"

namespace firn::ingest::kafka {

struct KafkaDeleter {
  // rd_kafka_destroy blocks until librdkafka's threads have stopped; a producer should be
  // flushed (or purged) first.
  void operator()(rd_kafka_t* rk) const { rd_kafka_destroy(rk); }
};
struct ConfDeleter {
  void operator()(rd_kafka_conf_t* conf) const { rd_kafka_conf_destroy(conf); }
};
struct PartitionListDeleter {
  void operator()(rd_kafka_topic_partition_list_t* list) const {
    rd_kafka_topic_partition_list_destroy(list);
  }
};
struct HeadersDeleter {
  void operator()(rd_kafka_headers_t* headers) const { rd_kafka_headers_destroy(headers); }
};
struct MessageDeleter {
  void operator()(rd_kafka_message_t* message) const { rd_kafka_message_destroy(message); }
};

using KafkaPtr = std::unique_ptr<rd_kafka_t, KafkaDeleter>;
using ConfPtr = std::unique_ptr<rd_kafka_conf_t, ConfDeleter>;
using PartitionListPtr = std::unique_ptr<rd_kafka_topic_partition_list_t, PartitionListDeleter>;
using HeadersPtr = std::unique_ptr<rd_kafka_headers_t, HeadersDeleter>;
using MessagePtr = std::unique_ptr<rd_kafka_message_t, MessageDeleter>;

// A new conf with firn's log callback and then each property set with rd_kafka_conf_set,
// in key order. InvalidArgument naming the property, with librdkafka's message and the
// value (unless the property may hold a secret):
//   kafka property 'session.timeout.ms': Invalid value for configuration property
//   "session.timeout.ms" (got 'x')
Result<ConfPtr> MakeConf(const std::map<std::string, std::string>& properties);

// rd_kafka_new: a client of `type` owning `conf` (consumed on success and on failure).
// InvalidArgument with librdkafka's message when the conf is rejected as a whole
// (e.g. inconsistent properties).
Result<KafkaPtr> MakeClient(rd_kafka_type_t type, ConfPtr conf);

// The partition count of `topic` from a metadata request on `rk` (any client type).
// Retries while the topic has no leader yet (just auto-created) until `timeout_ms`.
// NotFound if the topic does not exist; IOError naming the topic on timeout.
Result<int32_t> TopicPartitionCount(rd_kafka_t* rk, const std::string& topic, int timeout_ms);

// Installs firn's log callback on `conf` (MakeConf does this already).
void RouteLogsToFirn(rd_kafka_conf_t* conf);

// The firn level of a librdkafka (syslog) log level: 0-3 error, 4 warning, 5-6 info
// (notice and info), 7 debug.
LogLevel LogLevelFromSyslog(int level);

// "<context>: <librdkafka's description> (<error name>)", with a kind that callers can
// branch on: NotFound for unknown topics and partitions, OutOfRange for offsets out of
// range, InvalidArgument for arguments librdkafka rejected, IOError for the rest
// (transport, timeouts, broker errors). Returns std::unexpected like the error factories
// of result.h, so it converts to Status and to any Result<T>.
// REQUIRES: err != RD_KAFKA_RESP_ERR_NO_ERROR.
std::unexpected<Error> KafkaError(rd_kafka_resp_err_t err, std::string_view context);

// The same for librdkafka's error objects (newer APIs); takes ownership of `error` and
// destroys it. Fatal errors say so. REQUIRES: error != nullptr.
std::unexpected<Error> KafkaError(rd_kafka_error_t* error, std::string_view context);

}  // namespace firn::ingest::kafka
