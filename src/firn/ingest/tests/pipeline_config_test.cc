#include "firn/ingest/config/pipeline_config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "firn/ingest/config/size_text.h"
#include "firn/ingest/tests/pipeline_config_test_util.h"
#include "firn/io/memory_file_io.h"

namespace firn::ingest {
namespace {

using namespace firn::ingest::testing;  // NOLINT

TEST(PipelineConfigTest, FullConfigRoundTrip) {
  auto c = Parse(kFull);
  ASSERT_TRUE(c.has_value()) << c.error().message();

  PipelineConfig want;
  want.path = "p.toml";
  want.keys = {"catalog", "commit", "decode",         "errors", "memory-budget",
               "sink",    "source", "table-defaults", "tables"};
  want.memory_budget = 256LL << 20;
  want.catalog = {"/data/wh", "sqlite:///data/wh/catalog.db", "prod"};
  want.source.type = SourceType::kKafka;
  want.source.topics = {"orders", "order-items"};
  want.source.group_id = "firn-orders";
  want.source.metadata_columns = {MetadataColumn::kTopic,  MetadataColumn::kPartition,
                                  MetadataColumn::kOffset, MetadataColumn::kTimestamp,
                                  MetadataColumn::kKey,    MetadataColumn::kHeaders};
  want.source.kafka = {{"bootstrap.servers", "b1:9092,b2:9092"},
                       {"fetch.max.bytes", "1048576"},
                       {"enable.auto.commit", "false"},
                       {"check.crcs", "true"},
                       {"group.id", "firn-orders"}};
  want.decode = {true, TimestampNumbers::kMicros};
  want.sink.table = "sales.{topic}";
  want.sink.route_field = "kind";
  want.sink.routes = {{"refund.*", "sales.refunds"}, {"[a-z]+", "sales.{topic}_{value}"}};
  want.table_defaults.auto_create = true;
  want.table_defaults.evolve_schema = true;
  want.table_defaults.partition_by = "day(ts)";
  want.table_defaults.identifier_fields = std::vector<std::string>{};
  want.table_defaults.properties = {{"write.target-file-size-bytes", "134217728"},
                                    {"commit.retry.num-retries", "7"}};
  TableOverrides& refunds = want.tables["sales.refunds"];
  refunds.auto_create = false;
  refunds.schema_ddl = "id long not null, ts timestamptz, amount double";
  refunds.partition_by = "bucket(8, id)";
  refunds.identifier_fields = std::vector<std::string>{"id"};
  refunds.properties = {{"write.format.default", "parquet"},
                        {"write.metadata.delete-after-commit.enabled", "true"}};
  want.tables["sales.orders"].schema_json =
      R"({"type":"struct","schema-id":0,"fields":[{"id":1,"name":"ts","required":false,"type":"timestamptz"}]})";
  want.commit = {15000, 1'000'000'000, 500000};
  want.errors = {ErrorTolerance::kAll, DeadLetterTarget::kTopic, "_bad", "orders-dlq", true};

  EXPECT_EQ(c->keys, want.keys);
  EXPECT_EQ(c->catalog, want.catalog);
  EXPECT_EQ(c->source, want.source);
  EXPECT_EQ(c->decode, want.decode);
  EXPECT_EQ(c->sink, want.sink);
  EXPECT_EQ(c->table_defaults, want.table_defaults);
  EXPECT_EQ(c->tables, want.tables);
  EXPECT_EQ(c->commit, want.commit);
  EXPECT_EQ(c->errors, want.errors);
  EXPECT_EQ(*c, want);
}

TEST(PipelineConfigTest, DemoAndFileSources) {
  auto demo = Parse(R"toml(
[source]
type = "demo"
metadata-columns = ["offset"]
demo = { events = 1000, partitions = 3, topic = "clicks", rate = 500, seed = 7 }
[source.kafka]
"fetch.wait.max.ms" = 10
)toml");
  ASSERT_TRUE(demo.has_value()) << demo.error().message();
  EXPECT_EQ(demo->source.type, SourceType::kDemo);
  EXPECT_EQ(demo->source.demo, (DemoSettings{1000, 3, "clicks", 500, 7}));
  EXPECT_EQ(demo->source.group_id, "firn");
  EXPECT_EQ(demo->source.kafka, (std::map<std::string, std::string>{{"fetch.wait.max.ms", "10"}}));
  EXPECT_EQ(demo->sink.table, "demo.{topic}");

  auto file = Parse(R"toml(
source = { type = "file", paths = ["a.ndjson", "dir/b.ndjson"] }
sink.table = "db.t"
)toml");
  ASSERT_TRUE(file.has_value()) << file.error().message();
  EXPECT_EQ(file->source.type, SourceType::kFile);
  EXPECT_EQ(file->source.paths, (std::vector<std::string>{"a.ndjson", "dir/b.ndjson"}));
  EXPECT_EQ(file->source.group_id, "");

  auto stdin_source = Parse("source.type = \"stdin\"\nsink.table = \"db.t\"\n");
  ASSERT_TRUE(stdin_source.has_value()) << stdin_source.error().message();
  EXPECT_EQ(stdin_source->source.type, SourceType::kStdin);
}

TEST(PipelineConfigTest, EmptyFileIsTheDemoWithDefaults) {
  auto c = Parse("");
  ASSERT_TRUE(c.has_value()) << c.error().message();
  PipelineConfig want;
  want.path = "p.toml";
  want.source.group_id = "firn";
  want.sink.table = "demo.{topic}";
  EXPECT_EQ(*c, want);
  EXPECT_EQ(c->memory_budget, 536870912);
  EXPECT_EQ(c->catalog.warehouse, "./warehouse");
  EXPECT_EQ(c->catalog.name, "default");
  EXPECT_EQ(c->source.type, SourceType::kDemo);
  EXPECT_EQ(c->source.demo, (DemoSettings{2'000'000, 8, "events", 0, 42}));
  EXPECT_EQ(c->commit, (CommitSettings{60000, 0, 0}));
  EXPECT_EQ(c->errors.tolerance, ErrorTolerance::kNone);
  EXPECT_EQ(c->errors.dead_letter, DeadLetterTarget::kTable);
  EXPECT_EQ(c->errors.dead_letter_table_suffix, "__dlq");
  // The demo creates its tables.
  TableSettings t = SettingsForTable(*c, "demo.events");
  EXPECT_TRUE(t.auto_create);
  EXPECT_FALSE(t.evolve_schema);
  // Comments and whitespace only are empty too.
  EXPECT_TRUE(Parse("# nothing\n\n").has_value());
}

// `a.b = 1` at the top level, `[a] b = 1`, and `a = { b = 1 }` are the same TOML.
TEST(PipelineConfigTest, DottedKeysEqualTables) {
  std::string tables = std::string(kKafka) + "[commit]\ninterval-ms = 1000\nmax-bytes = \"1KB\"\n" +
                       "[source.kafka]\n\"bootstrap.servers\" = \"k:9092\"\n";
  std::string dotted =
      "commit.interval-ms = 1000\ncommit.max-bytes = \"1KB\"\n"
      "source.type = \"kafka\"\nsource.topics = [\"events\"]\nsource.group-id = \"g\"\n"
      "source.kafka.bootstrap.servers = \"k:9092\"\nsink.table = \"db.events\"\n";
  std::string inline_tables =
      "commit = { interval-ms = 1000, max-bytes = \"1KB\" }\n"
      "source = { type = \"kafka\", topics = [\"events\"], group-id = \"g\", "
      "kafka = { \"bootstrap.servers\" = \"k:9092\" } }\nsink = { table = \"db.events\" }\n";
  auto a = Parse(tables);
  auto b = Parse(dotted);
  auto c = Parse(inline_tables);
  ASSERT_TRUE(a.has_value()) << a.error().message();
  ASSERT_TRUE(b.has_value()) << b.error().message();
  ASSERT_TRUE(c.has_value()) << c.error().message();
  EXPECT_EQ(*a, *b);
  EXPECT_EQ(*a, *c);
  EXPECT_EQ(a->commit.interval_ms, 1000);
  EXPECT_EQ(a->commit.max_bytes, 1000);
  EXPECT_EQ(a->source.kafka.at("bootstrap.servers"), "k:9092");
}

TEST(PipelineConfigTest, ByteSizes) {
  EXPECT_EQ(ParseByteSize("512MB"), 512'000'000);
  EXPECT_EQ(ParseByteSize("1GiB"), 1LL << 30);
  EXPECT_EQ(ParseByteSize("0"), 0);
  EXPECT_EQ(ParseByteSize("1024"), 1024);
  EXPECT_EQ(ParseByteSize("7B"), 7);
  EXPECT_EQ(ParseByteSize("2 KiB"), 2048);
  EXPECT_EQ(ParseByteSize("3kb"), 3000);
  EXPECT_EQ(ParseByteSize("1TiB"), 1LL << 40);
  EXPECT_EQ(ParseByteSize("9223372036854775807"), INT64_MAX);
  EXPECT_EQ(ParseByteSize("8EiB").error().message(),
            "unknown unit 'EiB' (units: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)");
  EXPECT_EQ(ParseByteSize("12XB").error().message(),
            "unknown unit 'XB' (units: B, KB, MB, GB, TB, KiB, MiB, GiB, TiB)");
  EXPECT_EQ(ParseByteSize("-1MB").error().message(), "a size must not be negative");
  EXPECT_EQ(ParseByteSize("1.5GB").error().message(),
            "a size is a whole number of units, without '.'");
  EXPECT_EQ(ParseByteSize("9223372036854775808").error().message(), "is larger than 2^63-1 bytes");
  EXPECT_EQ(ParseByteSize("8589934592GiB").error().message(), "is larger than 2^63-1 bytes");
  EXPECT_EQ(ParseByteSize("").error().message(), "empty size");
  EXPECT_EQ(ParseByteSize("MB").error().message(), "a size starts with digits, as in \"512MB\"");

  // Through the config: integers or strings; memory-budget must be positive.
  auto c = Parse("memory-budget = 1024\ncommit.max-bytes = \"0\"\n");
  ASSERT_TRUE(c.has_value()) << c.error().message();
  EXPECT_EQ(c->memory_budget, 1024);
  EXPECT_EQ(c->commit.max_bytes, 0);
  EXPECT_EQ(Parse("memory-budget = \"512MB\"")->memory_budget, 512'000'000);
  EXPECT_EQ(ErrorOf("memory-budget = \"12XB\""),
            "p.toml:1:17: memory-budget: expected a positive byte size (an integer, or a string "
            "such as \"512MB\" or \"1GiB\"), got \"12XB\": unknown unit 'XB' (units: B, KB, MB, "
            "GB, TB, KiB, MiB, GiB, TiB)");
  EXPECT_EQ(ErrorOf("memory-budget = -5"),
            "p.toml:1:17: memory-budget: expected a positive byte size (an integer, or a string "
            "such as \"512MB\" or \"1GiB\"), got -5: a size must not be negative");
  EXPECT_EQ(ErrorOf("memory-budget = 0"),
            "p.toml:1:17: memory-budget: expected a positive byte size (an integer, or a string "
            "such as \"512MB\" or \"1GiB\"), got 0");
  EXPECT_EQ(ErrorOf("commit.max-bytes = \"99999999999GiB\""),
            "p.toml:1:20: commit.max-bytes: expected a byte size (an integer, or a string such "
            "as \"512MB\" or \"1GiB\"), got \"99999999999GiB\": is larger than 2^63-1 bytes");
  EXPECT_EQ(ErrorOf("commit.max-bytes = 1.5"),
            "p.toml:1:20: commit.max-bytes: expected a byte size (an integer, or a string such "
            "as \"512MB\" or \"1GiB\"), got 1.5");
}

TEST(PipelineConfigTest, WriteThreads) {
  EXPECT_EQ(Parse("")->write_threads, 1);  // write-behind by default
  EXPECT_EQ(Parse("write-threads = 0")->write_threads, 0);
  EXPECT_EQ(Parse("write-threads = 4")->write_threads, 4);
  for (const char* bad : {"write-threads = -1", "write-threads = 65", "write-threads = \"2\"", "write-threads = 1.5"}) {
    const std::string e = ErrorOf(bad);
    EXPECT_NE(e.find("write-threads"), std::string::npos) << bad << ": " << e;
    EXPECT_NE(e.find("0 to 64"), std::string::npos) << bad << ": " << e;
  }
}

// One error class per case, with the exact message.
TEST(PipelineConfigTest, BrokenTomlSaysWhere) {
  struct Case {
    const char* text;
    const char* prefix;
  } cases[] = {
      {"[source]\ntype = \"kafka\"\nbrokers = [\"a\", \n", "p.toml:3:"},
      {"a = 1\na = 2\n", "p.toml:2:"},
      {"[t]\nx = \n", "p.toml:2:"},
      {"key = \"unterminated\n", "p.toml:1:"},
      {"[[a]]\n[a]\n", "p.toml:2:"},
      {"x = \"\xff\"\n", "p.toml:1:"},
  };
  for (const auto& c : cases) {
    std::string got = ErrorOf(c.text);
    EXPECT_EQ(got.rfind(c.prefix, 0), 0u) << got;
  }
}

TEST(PipelineConfigTest, AllErrorsInFileOrder) {
  std::string got = ErrorOf(
      "sink.table = \"db.t\"\nsource.type = \"file\"\ncommit.interval-ms = \"x\"\n"
      "decode.case-sensitive = true\nerrors.log = 1\n");
  EXPECT_EQ(
      got,
      "p.toml:3:22: commit.interval-ms: expected a positive integer (milliseconds), got \"x\"\n"
      "p.toml:4:8: unknown key 'decode.case-sensitive'; did you mean "
      "'decode.case-insensitive'?\n"
      "p.toml:5:14: errors.log: expected true or false, got 1\n"
      "p.toml: source.paths is required for source.type = \"file\"");
  // A section with a bad key skips its own cross-key rules (no cascade), and long lists
  // are cut.
  std::string many;
  for (int i = 0; i < 30; ++i) many += fmt::format("k{} = 1\n", i);
  got = ErrorOf(many);
  EXPECT_EQ(std::count(got.begin(), got.end(), '\n'), 20) << got;
  EXPECT_TRUE(got.ends_with("p.toml: ... and 10 more errors")) << got;
}

TEST(PipelineConfigTest, TablesOverrideDefaultsFieldByField) {
  auto c = Parse(kFull);
  ASSERT_TRUE(c.has_value()) << c.error().message();
  TableSettings refunds = SettingsForTable(*c, "sales.refunds");
  EXPECT_FALSE(refunds.auto_create);   // overridden
  EXPECT_TRUE(refunds.evolve_schema);  // from the defaults
  EXPECT_EQ(refunds.schema_ddl, "id long not null, ts timestamptz, amount double");
  EXPECT_EQ(refunds.schema_json, std::nullopt);
  EXPECT_EQ(refunds.partition_by, "bucket(8, id)");
  EXPECT_EQ(refunds.identifier_fields, (std::vector<std::string>{"id"}));
  EXPECT_EQ(refunds.properties, (std::map<std::string, std::string>{
                                    {"commit.retry.num-retries", "7"},
                                    {"write.format.default", "parquet"},
                                    {"write.metadata.delete-after-commit.enabled", "true"},
                                    {"write.target-file-size-bytes", "134217728"}}));

  TableSettings orders = SettingsForTable(*c, "sales.orders");
  EXPECT_TRUE(orders.auto_create);
  EXPECT_EQ(orders.schema_ddl, std::nullopt);
  EXPECT_TRUE(orders.schema_json.has_value());
  EXPECT_EQ(orders.partition_by, "day(ts)");
  EXPECT_EQ(orders.properties.size(), 2u);

  TableSettings other = SettingsForTable(*c, "sales.other");
  TableSettings want;
  want.auto_create = true;
  want.evolve_schema = true;
  want.partition_by = "day(ts)";
  want.properties = {{"write.target-file-size-bytes", "134217728"},
                     {"commit.retry.num-retries", "7"}};
  EXPECT_EQ(other, want);

  // A table's schema-json replaces the defaults' schema-ddl (one setting, two spellings);
  // a table's property replaces the default of the same name.
  auto d = Parse(std::string(kKafka) +
                 "[table-defaults]\nschema-ddl = \"a long\"\nproperties.x = \"1\"\n"
                 "[tables.\"db.j\"]\nschema-json = '{\"type\":\"struct\",\"schema-id\":0,"
                 "\"fields\":[]}'\nproperties.x = 2\n");
  ASSERT_TRUE(d.has_value()) << d.error().message();
  TableSettings j = SettingsForTable(*d, "db.j");
  EXPECT_EQ(j.schema_ddl, std::nullopt);
  EXPECT_TRUE(j.schema_json.has_value());
  EXPECT_EQ(j.properties, (std::map<std::string, std::string>{{"x", "2"}}));
  EXPECT_FALSE(j.auto_create);  // Kafka source: the built-in default
  EXPECT_EQ(SettingsForTable(*d, "db.other").schema_ddl, "a long");
}

TEST(PipelineConfigTest, ResolveTableName) {
  EXPECT_EQ(ResolveTableName("analytics.{topic}", "orders", ""), "analytics.orders");
  EXPECT_EQ(ResolveTableName("analytics.{topic}", "orders.v2-eu", ""), "analytics.orders_v2_eu");
  EXPECT_EQ(ResolveTableName("db.{topic}_{value}", "t", "click/é"), "db.t_click___");
  EXPECT_EQ(ResolveTableName("db.{value}", "t", "Page_View9"), "db.Page_View9");
  EXPECT_EQ(ResolveTableName("db.fixed", "t", "v"), "db.fixed");
  EXPECT_EQ(ResolveTableName("db.{topic}{topic}", "a", ""), "db.aa");
  EXPECT_EQ(ResolveTableName("db.{other}", "a", "b"), "db.{other}");

  EXPECT_TRUE(CheckTableName("a.b", TablePlaceholders::kNone).has_value());
  EXPECT_TRUE(CheckTableName("a.b.c", TablePlaceholders::kNone).has_value());
  EXPECT_TRUE(CheckTableName("a.{topic}", TablePlaceholders::kTopic).has_value());
  EXPECT_TRUE(CheckTableName("{topic}.raw", TablePlaceholders::kTopic).has_value());
  EXPECT_TRUE(CheckTableName("a.{value}", TablePlaceholders::kTopicAndValue).has_value());
  EXPECT_FALSE(CheckTableName("a.{topic}", TablePlaceholders::kNone).has_value());
  EXPECT_FALSE(CheckTableName("a.{value}", TablePlaceholders::kTopic).has_value());
  EXPECT_FALSE(CheckTableName("{topic}", TablePlaceholders::kTopic).has_value());
  EXPECT_FALSE(CheckTableName("a.{topic", TablePlaceholders::kTopic).has_value());
  EXPECT_FALSE(CheckTableName("a.topic}", TablePlaceholders::kTopic).has_value());
  EXPECT_FALSE(CheckTableName("a/b.c", TablePlaceholders::kNone).has_value());
  EXPECT_FALSE(CheckTableName(".b", TablePlaceholders::kNone).has_value());
  EXPECT_FALSE(CheckTableName("a.", TablePlaceholders::kNone).has_value());
  EXPECT_FALSE(CheckTableName("", TablePlaceholders::kNone).has_value());
}

TEST(PipelineConfigTest, LoadReadsThroughFileIO) {
  io::MemoryFileIO io;
  auto missing = LoadPipelineConfig(&io, "mem://nope.toml");
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().kind(), ErrorKind::kNotFound);
  EXPECT_NE(missing.error().message().find("nope.toml"), std::string::npos);

  ASSERT_TRUE(io.WriteAll(FilePath("mem://p.toml"), std::string(kKafka)).has_value());
  auto c = LoadPipelineConfig(&io, "mem://p.toml");
  ASSERT_TRUE(c.has_value()) << c.error().message();
  EXPECT_EQ(c->path, "mem://p.toml");
  EXPECT_EQ(c->keys, (std::vector<std::string>{"sink", "source"}));
}

}  // namespace
}  // namespace firn::ingest
