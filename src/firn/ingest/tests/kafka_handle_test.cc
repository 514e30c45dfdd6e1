// librdkafka at the edge: configuration errors name the property, error codes become
// firn errors with context and a kind, log levels map onto firn's.
#include <gtest/gtest.h>

#include "firn/ingest/kafka/rdkafka_handle.h"

namespace firn::ingest::kafka {
namespace {

TEST(KafkaHandleTest, MakeConfSetsProperties) {
  auto conf = MakeConf({{"client.id", "firn-test"}, {"session.timeout.ms", "6000"}});
  ASSERT_TRUE(conf.has_value()) << conf.error().ToString();
  char value[64];
  size_t size = sizeof(value);
  ASSERT_EQ(rd_kafka_conf_get(conf->get(), "session.timeout.ms", value, &size), RD_KAFKA_CONF_OK);
  EXPECT_STREQ(value, "6000");
}

TEST(KafkaHandleTest, MakeConfNamesTheBadProperty) {
  auto bad_value = MakeConf({{"client.id", "ok"}, {"session.timeout.ms", "x"}});
  ASSERT_FALSE(bad_value.has_value());
  EXPECT_EQ(bad_value.error().kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(bad_value.error().message(),
            "kafka property 'session.timeout.ms': Invalid value for configuration property "
            "\"session.timeout.ms\" (got 'x')");

  auto unknown = MakeConf({{"no.such.property", "1"}});
  ASSERT_FALSE(unknown.has_value());
  EXPECT_TRUE(unknown.error().message().starts_with("kafka property 'no.such.property': "))
      << unknown.error().message();
  EXPECT_NE(unknown.error().message().find("No such configuration property"), std::string::npos)
      << unknown.error().message();
}

TEST(KafkaHandleTest, MakeClientReportsAnInconsistentConf) {
  auto conf = MakeConf({{"enable.idempotence", "true"}, {"acks", "1"}});
  ASSERT_TRUE(conf.has_value());
  auto rk = MakeClient(RD_KAFKA_PRODUCER, std::move(*conf));
  ASSERT_FALSE(rk.has_value());
  EXPECT_EQ(rk.error().kind(), ErrorKind::kInvalidArgument);
  EXPECT_TRUE(rk.error().message().starts_with("creating a kafka producer: "))
      << rk.error().message();
  EXPECT_NE(rk.error().message().find("acks"), std::string::npos) << rk.error().message();
}

TEST(KafkaHandleTest, KafkaErrorCarriesContextAndKind) {
  Status s = KafkaError(RD_KAFKA_RESP_ERR__MSG_TIMED_OUT, "delivering to topic 'events'");
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().kind(), ErrorKind::kIOError);
  EXPECT_EQ(s.error().message(),
            "delivering to topic 'events': Local: Message timed out (_MSG_TIMED_OUT)");
  Result<int> r = KafkaError(RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART, "fetching 'x' [3]");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind(), ErrorKind::kNotFound);
  EXPECT_EQ(KafkaError(RD_KAFKA_RESP_ERR_OFFSET_OUT_OF_RANGE, "c").error().kind(),
            ErrorKind::kOutOfRange);
  EXPECT_EQ(KafkaError(RD_KAFKA_RESP_ERR__INVALID_ARG, "c").error().kind(),
            ErrorKind::kInvalidArgument);

  rd_kafka_error_t* error =
      rd_kafka_error_new(RD_KAFKA_RESP_ERR__STATE, "Operation not valid in state %s", "Ready");
  auto e = KafkaError(error, "committing the transaction");
  EXPECT_EQ(e.error().message(),
            "committing the transaction: Operation not valid in state Ready (_STATE)");
}

TEST(KafkaHandleTest, SyslogLevels) {
  EXPECT_EQ(LogLevelFromSyslog(0), LogLevel::kError);
  EXPECT_EQ(LogLevelFromSyslog(3), LogLevel::kError);
  EXPECT_EQ(LogLevelFromSyslog(4), LogLevel::kWarn);
  EXPECT_EQ(LogLevelFromSyslog(5), LogLevel::kInfo);
  EXPECT_EQ(LogLevelFromSyslog(6), LogLevel::kInfo);
  EXPECT_EQ(LogLevelFromSyslog(7), LogLevel::kDebug);
}

TEST(KafkaHandleTest, OwnersReleaseTheirHandles) {
  // Under ASan/valgrind these would leak if a deleter were wrong.
  PartitionListPtr list(rd_kafka_topic_partition_list_new(2));
  rd_kafka_topic_partition_list_add(list.get(), "t", 0);
  HeadersPtr headers(rd_kafka_headers_new(1));
  rd_kafka_header_add(headers.get(), "h", -1, "v", 1);
  auto conf = MakeConf({});
  ASSERT_TRUE(conf.has_value());
  auto rk = MakeClient(RD_KAFKA_PRODUCER, std::move(*conf));
  ASSERT_TRUE(rk.has_value());
  EXPECT_NE(rk->get(), nullptr);
}

}  // namespace
}  // namespace firn::ingest::kafka
