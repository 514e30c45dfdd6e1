// NDJSON lines into a topic: keys and partitions from named fields, blank lines skipped,
// and errors that name the line and the field.
#include <gtest/gtest.h>
#include <unistd.h>

#include <string>

#include "firn/ingest/kafka/line_publisher.h"
#include "firn/ingest/kafka/mock_cluster.h"
#include "kafka_test_util.h"

namespace firn::ingest::kafka {
namespace {

struct Routed {
  std::string key;
  int32_t partition;
};

Result<Routed> Route(LineRouter& router, std::string_view line) {
  std::string_view key;
  int32_t partition = -5;
  auto s = router.Route(line, &key, &partition);
  if (!s) return std::unexpected(s.error());
  return Routed{std::string(key), partition};
}

std::string RouteError(LineRouter& router, std::string_view line) {
  auto r = Route(router, line);
  return r.has_value() ? "(no error)" : r.error().message();
}

TEST(LineRouterTest, KeyFromAStringOrNumberField) {
  LineRouter router({.topic = "t", .key_field = "id"});
  EXPECT_EQ(Route(router, R"({"id":"a-1","x":2})")->key, "a-1");
  EXPECT_EQ(Route(router, R"({"x":{"id":1},"id":42})")->key, "42");  // top level only
  EXPECT_EQ(Route(router, R"({"id": -1.5e3 , "y":1})")->key, "-1.5e3");
  EXPECT_EQ(Route(router, R"({"id":"tab\tquote\"é"})")->key, "tab\tquote\"é");
  EXPECT_EQ(Route(router, R"({"id":null})")->key, "");
  EXPECT_EQ(Route(router, R"({"id":7})")->partition, kPartitionByKey);

  EXPECT_EQ(RouteError(router, R"({"x":1})"), "key field 'id' is missing");
  EXPECT_EQ(RouteError(router, R"({"id":[1]})"),
            "key field 'id': expected a string or number, got array");
  EXPECT_EQ(RouteError(router, R"({"id":true})"),
            "key field 'id': expected a string or number, got boolean");
  EXPECT_EQ(RouteError(router, R"([1,2])"), "expected a JSON object per line");
  EXPECT_TRUE(RouteError(router, R"({"id":)").starts_with("malformed JSON"))
      << RouteError(router, R"({"id":)");
}

TEST(LineRouterTest, PartitionFromAnIntegerField) {
  LineRouter router({.topic = "t", .partition_field = "p", .num_partitions = 3});
  EXPECT_EQ(Route(router, R"({"p":2})")->partition, 2);
  EXPECT_EQ(Route(router, R"({"p":0,"k":"x"})")->key, "");
  EXPECT_EQ(Route(router, R"({"p":null})")->partition, kPartitionByKey);
  EXPECT_EQ(RouteError(router, R"({"p":3})"),
            "partition field 'p': partition 3 is not within 0..2");
  EXPECT_EQ(RouteError(router, R"({"p":-1})"),
            "partition field 'p': partition -1 is not within 0..2");
  EXPECT_TRUE(
      RouteError(router, R"({"p":"1"})").starts_with("partition field 'p': expected an integer"));
  EXPECT_EQ(RouteError(router, R"({"q":1})"), "partition field 'p' is missing");
}

TEST(LineRouterTest, NoFieldsNoParse) {
  LineRouter router({.topic = "t"});
  auto r = Route(router, "not json at all");
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ(r->key, "");
  EXPECT_EQ(r->partition, kPartitionByKey);
}

// A pipe holding `text` (small enough for the pipe buffer), closed for writing.
int PipeWith(const std::string& text) {
  int fds[2];
  EXPECT_EQ(::pipe(fds), 0);
  EXPECT_EQ(::write(fds[1], text.data(), text.size()), static_cast<ssize_t>(text.size()));
  ::close(fds[1]);
  return fds[0];
}

TEST(PublishLinesTest, ProducesEveryNonBlankLine) {
  const std::string topic = testing::NewTopic("lines", 2);
  const std::string& servers = testing::SharedCluster().bootstrap_servers();
  auto producer = Producer::Make({{"bootstrap.servers", servers}});
  ASSERT_TRUE(producer.has_value());
  ASSERT_EQ((*producer)->PartitionCount(topic, 5'000), 2);
  const int fd =
      PipeWith("{\"id\":1,\"p\":1}\n\n  \r\n{\"id\":\"b\",\"p\":0}\r\n{\"id\":3,\"p\":1}");
  auto stats = PublishLines(fd, {.topic = topic, .key_field = "id", .partition_field = "p"},
                            producer->get());
  ::close(fd);
  ASSERT_TRUE(stats.has_value()) << stats.error().ToString();
  EXPECT_EQ(stats->records, 3);
  EXPECT_EQ(stats->bytes, 44);
  ASSERT_TRUE((*producer)->Flush(5'000).has_value());
  auto records = testing::ConsumeAll(servers, topic, 2, 3);
  ASSERT_EQ(records.size(), 3u);
  std::sort(records.begin(), records.end(),
            [](const auto& a, const auto& b) { return a.value < b.value; });
  EXPECT_EQ(records[0].value, R"({"id":"b","p":0})");
  EXPECT_EQ(records[0].key, "b");
  EXPECT_EQ(records[0].partition, 0);
  EXPECT_EQ(records[1].value, R"({"id":1,"p":1})");
  EXPECT_EQ(records[1].key, "1");
  EXPECT_EQ(records[1].partition, 1);
  EXPECT_EQ(records[2].key, "3");
  EXPECT_EQ(records[2].partition, 1);
}

TEST(PublishLinesTest, ErrorsNameTheLine) {
  auto producer = Producer::Make({{"bootstrap.servers", "127.0.0.1:1"}});
  ASSERT_TRUE(producer.has_value());
  const int fd = PipeWith("{\"id\":1}\n\n{\"id\":{}}\n");
  auto stats = PublishLines(fd, {.topic = "t", .key_field = "id"}, producer->get());
  ::close(fd);
  ASSERT_FALSE(stats.has_value());
  EXPECT_EQ(stats.error().message(),
            "line 3: key field 'id': expected a string or number, got object");
}

TEST(PublishLinesTest, StopEndsEarly) {
  auto producer = Producer::Make({{"bootstrap.servers", "127.0.0.1:1"}});
  ASSERT_TRUE(producer.has_value());
  std::string text;
  for (int i = 0; i < 2000; ++i) text += "x\n";
  const int fd = PipeWith(text);
  auto stats = PublishLines(fd, {.topic = "t"}, producer->get(), [] { return true; });
  ::close(fd);
  ASSERT_TRUE(stats.has_value());
  EXPECT_LT(stats->records, 2000);
}

}  // namespace
}  // namespace firn::ingest::kafka
