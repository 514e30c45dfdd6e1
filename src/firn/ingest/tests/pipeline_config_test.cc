#include "firn/ingest/config/pipeline_config.h"

#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "firn/ingest/config/size_text.h"
#include "firn/io/memory_file_io.h"

namespace firn::ingest {
namespace {

Result<PipelineConfig> Parse(std::string_view text) { return ParsePipelineConfig("p.toml", text); }

// The error message of parsing `text`, or "OK".
std::string ErrorOf(std::string_view text) {
  auto r = Parse(text);
  if (r.has_value()) return "OK";
  EXPECT_EQ(r.error().kind(), ErrorKind::kInvalidArgument);
  return r.error().message();
}

constexpr std::string_view kKafka =
    "[source]\ntype = \"kafka\"\ntopics = [\"events\"]\ngroup-id = \"g\"\n"
    "[sink]\ntable = \"db.events\"\n";

// Every key of the schema but [source.demo] and source.paths (other source types).
constexpr std::string_view kFull = R"toml(memory-budget = "256MiB"

[catalog]
warehouse = "/data/wh"
uri = "sqlite:///data/wh/catalog.db"
name = "prod"

[source]
type = "kafka"
topics = ["orders", "order-items"]
group-id = "firn-orders"
metadata-columns = ["topic", "partition", "offset", "timestamp", "key", "headers"]

[source.kafka]
"bootstrap.servers" = "b1:9092,b2:9092"
"fetch.max.bytes" = 1048576
"enable.auto.commit" = false
"check.crcs" = true
"group.id" = "firn-orders"

[decode]
case-insensitive = true
timestamp-numbers = "micros"

[sink]
table = "sales.{topic}"
route-field = "kind"

[[sink.route]]
match = "refund.*"
table = "sales.refunds"

[[sink.route]]
match = "[a-z]+"
table = "sales.{topic}_{value}"

[table-defaults]
auto-create = true
evolve-schema = true
partition-by = "day(ts)"
identifier-fields = []
properties = { "write.target-file-size-bytes" = 134217728, "commit.retry.num-retries" = "7" }

[tables."sales.refunds"]
auto-create = false
schema-ddl = "id long not null, ts timestamptz, amount double"
partition-by = "bucket(8, id)"
identifier-fields = ["id"]
properties = { "write.format.default" = "parquet", "write.metadata.delete-after-commit.enabled" = true }

[tables."sales.orders"]
schema-json = '{"type":"struct","schema-id":0,"fields":[{"id":1,"name":"ts","required":false,"type":"timestamptz"}]}'

[commit]
interval-ms = 15000
max-bytes = "1GB"
max-records = 500000

[errors]
tolerance = "all"
dead-letter = "topic"
dead-letter-table-suffix = "_bad"
dead-letter-topic = "orders-dlq"
log = true
)toml";

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

// One error class per case, with the exact message.
TEST(PipelineConfigTest, ErrorMessages) {
  struct Case {
    std::string text;
    std::string message;
  };
  const std::string k(kKafka);  // 6 lines
  const Case cases[] = {
      // Unknown keys, with and without a hint.
      {k + "[source.kafak]\n",
       "p.toml:7:9: unknown key 'source.kafak'; did you mean 'source.kafka'?"},
      {k + "[commit]\ninterval_ms = 5\n",
       "p.toml:8:1: unknown key 'commit.interval_ms'; did you mean 'commit.interval-ms'?"},
      {k + "[commit]\nwhatever = 5\n", "p.toml:8:1: unknown key 'commit.whatever'"},
      {"sourc.type = \"kafka\"\n", "p.toml:1:1: unknown key 'sourc'; did you mean 'source'?"},
      {k + "interval-ms = 5\n",
       "p.toml:7:1: unknown key 'sink.interval-ms'; did you mean 'commit.interval-ms'?"},
      {k + "[tables.\"db.t\"]\nauto-crate = true\n",
       "p.toml:8:1: unknown key 'tables.\"db.t\".auto-crate'; did you mean "
       "'tables.\"db.t\".auto-create'?"},
      {k + "[[sink.route]]\nmatch = \"a\"\ntable = \"db.a\"\ntabel = \"x\"\n",
       "p.toml:10:1: unknown key 'sink.route[0].tabel'; did you mean 'sink.route[0].table'?"},
      // Wrong types and values.
      {"[commit]\ninterval-ms = \"abc\"\n",
       "p.toml:2:15: commit.interval-ms: expected a positive integer (milliseconds), got \"abc\""},
      {"commit.interval-ms = 0\n",
       "p.toml:1:22: commit.interval-ms: expected a positive integer (milliseconds), got 0"},
      {"commit.max-records = -1\n",
       "p.toml:1:22: commit.max-records: expected a non-negative integer (0 = off), got -1"},
      {"decode.case-insensitive = \"yes\"\n",
       "p.toml:1:27: decode.case-insensitive: expected true or false, got \"yes\""},
      {"decode.timestamp-numbers = \"milis\"\n",
       "p.toml:1:28: decode.timestamp-numbers: expected one of \"reject\", \"millis\", "
       "\"micros\", got \"milis\"; did you mean \"millis\"?"},
      {"source.type = \"Kafka\"\n",
       "p.toml:1:15: source.type: expected one of \"kafka\", \"file\", \"stdin\", \"demo\", got "
       "\"Kafka\"; did you mean \"kafka\"?"},
      {"source.demo.partitions = 1001\n",
       "p.toml:1:26: source.demo.partitions: expected an integer from 1 to 1000, got 1001"},
      {"catalog = 5\n", "p.toml:1:11: catalog: expected a table, got 5"},
      {"catalog.name = \"\"\n", "p.toml:1:16: catalog.name: expected a non-empty string, got \"\""},
      {"catalog.uri = \"postgres://h/db\"\n",
       "p.toml:1:15: catalog.uri: expected \"sqlite:///path/catalog.db\", \"file:///path\" or "
       "\"\", got \"postgres://h/db\""},
      {"source.type = \"kafka\"\nsource.topics = \"events\"\nsource.group-id = \"g\"\n"
       "sink.table = \"db.t\"\n",
       "p.toml:2:17: source.topics: expected an array of strings (write [\"events\"] for one), "
       "got \"events\""},
      {"source.type = \"file\"\nsource.paths = [\"a\", 3]\nsink.table = \"db.t\"\n",
       "p.toml:2:22: source.paths[1]: expected a non-empty string, got 3"},
      {"source.type = \"file\"\nsource.paths = []\nsink.table = \"db.t\"\n",
       "p.toml:2:16: source.paths: must not be empty"},
      {"source.metadata-columns = [\"offset\", \"offset\"]\n",
       "p.toml:1:38: source.metadata-columns[1]: \"offset\" is listed twice"},
      {"source.metadata-columns = [\"ofset\"]\n",
       "p.toml:1:8: source.metadata-columns[0]: expected one of \"topic\", \"partition\", "
       "\"offset\", \"timestamp\", \"key\", \"headers\", got \"ofset\"; did you mean \"offset\"?"},
      {k + "[source.kafka]\n\"fetch.min.bytes\" = 1.5\n",
       "p.toml:8:21: source.kafka.\"fetch.min.bytes\": expected a string, integer or boolean, got "
       "1.5"},
      {k + "[source.kafka]\n\"a.b\" = \"1\"\na.b = \"2\"\n",
       "p.toml:8:1: source.kafka.\"a.b\": given twice (quoted and as a dotted key)"},
      {k + "[table-defaults]\nproperties = { \"write.target-file-size-bytes\" = \"big\" }\n",
       "p.toml:8:16: table-defaults.properties.\"write.target-file-size-bytes\": expected a "
       "positive integer, got \"big\""},
      {k + "[tables.\"db.t\"]\nproperties = { \"commit.retry.num-retries\" = -1 }\n",
       "p.toml:8:16: tables.\"db.t\".properties.\"commit.retry.num-retries\": expected a "
       "non-negative integer, got \"-1\""},
      {k + "table-defaults.properties.\"commit.manifest-merge.enabled\" = \"yes\"\n",
       "p.toml:7:1: unknown key 'sink.table-defaults'; did you mean 'table-defaults'?"},
      {"table-defaults.properties.\"commit.manifest-merge.enabled\" = \"yes\"\n",
       "p.toml:1:27: table-defaults.properties.\"commit.manifest-merge.enabled\": expected true "
       "or false, got \"yes\""},
      {"table-defaults.properties.\"write.format.default\" = \"orc\"\n",
       "p.toml:1:27: table-defaults.properties.\"write.format.default\": firn writes only "
       "\"parquet\", got \"orc\""},
      // Rules between keys.
      {"source.type = \"kafka\"\nsource.group-id = \"g\"\nsink.table = \"db.t\"\n",
       "p.toml: source.topics or source.topic-pattern is required for source.type = \"kafka\""},
      {"source.type = \"kafka\"\nsource.topics = [\"a\"]\nsink.table = \"db.t\"\n",
       "p.toml: source.group-id is required for source.type = \"kafka\""},
      {"source.topics = [\"a\"]\n",
       "p.toml: source.type is required: one of \"kafka\", \"file\", \"stdin\", \"demo\""},
      {"source.type = \"file\"\nsink.table = \"db.t\"\n",
       "p.toml: source.paths is required for source.type = \"file\""},
      {"[source]\ntype = \"kafka\"\ntopics = [\"a\"]\ntopic-pattern = \"x.*\"\n"
       "group-id = \"g\"\n[sink]\ntable = \"db.t\"\n",
       "p.toml:4:1: source.topic-pattern: give either source.topics or source.topic-pattern, not "
       "both"},
      {"source.type = \"kafka\"\nsource.topic-pattern = \"events(\"\nsource.group-id = \"g\"\n"
       "sink.table = \"db.t\"\n",
       "p.toml:2:8: source.topic-pattern: \"events(\" is not a valid regex (ECMAScript): "},
      {"source.type = \"kafka\"\nsource.topics = [\"a b\"]\nsource.group-id = \"g\"\n"
       "sink.table = \"db.t\"\n",
       "p.toml:2:8: source.topics[0]: \"a b\" is not a Kafka topic name (1 to 249 characters: "
       "letters, digits, '.', '_', '-')"},
      {"source.type = \"stdin\"\nsource.paths = [\"a\"]\nsink.table = \"db.t\"\n",
       "p.toml:2:8: source.paths is only used with source.type = \"file\", not \"stdin\""},
      {"source.type = \"file\"\nsource.paths = [\"a\"]\nsource.kafka.x = 1\nsink.table = "
       "\"db.t\"\n",
       "p.toml:3:8: source.kafka is only used with source.type = \"kafka\" or \"demo\", not "
       "\"file\""},
      {k + "[source.kafka]\n\"group.id\" = \"h\"\n",
       "p.toml:4:1: source.group-id: \"g\" differs from source.kafka.\"group.id\" = \"h\"; give "
       "one of them"},
      {k + "[source.kafka]\n\"enable.auto.commit\" = true\n",
       "p.toml:8:1: source.kafka.\"enable.auto.commit\": firn manages offsets itself (they are "
       "committed with each Iceberg snapshot); remove this property"},
      {"source.kafka.\"bootstrap.servers\" = \"k:9092\"\nsource.type = \"demo\"\n",
       "p.toml:1:14: source.kafka.\"bootstrap.servers\": the demo runs its own in-process "
       "cluster; remove this property (or use source.type = \"kafka\")"},
      {"source.type = \"file\"\nsource.paths = [\"a\"]\n",
       "p.toml: sink.table is required (or [[sink.route]] rules)"},
      {"sink.table = \"events\"\n",
       "p.toml:1:6: sink.table: 'events' needs a namespace: write 'namespace.table'"},
      {"sink.table = \"{topic}\"\n",
       "p.toml:1:6: sink.table: '{topic}' needs a namespace: write 'namespace.table'"},
      {"sink.table = \"db..t\"\n",
       "p.toml:1:6: sink.table: 'db..t' is not a valid table name: its levels are separated by "
       "'.', must be non-empty and must not contain '/', '\\' or NUL"},
      {"sink.table = \"db.{topc}\"\n",
       "p.toml:1:6: sink.table: 'db.{topc}': unknown placeholder '{topc}' (known: {topic})"},
      {"sink.table = \"db.{value}\"\n",
       "p.toml:1:6: sink.table: 'db.{value}': placeholder '{value}' is not allowed here"},
      {"sink.route-field = \"type\"\nsink.table = \"db.t\"\n",
       "p.toml:1:6: sink.route-field: needs [[sink.route]] rules"},
      {"[[sink.route]]\nmatch = \"(\"\ntable = \"db.t\"\n",
       "p.toml:2:1: sink.route[0].match: \"(\" is not a valid regex (ECMAScript): "},
      {"[[sink.route]]\nmatch = \"a\"\n", "p.toml:1:1: sink.route[0].table is required"},
      {"sink.route = [\"a\"]\n",
       "p.toml:1:15: sink.route[0]: expected a table (match = ..., table = ...), got \"a\""},
      {"source = { type = \"file\", paths = [\"a\"] }\nsink.table = \"db.{topic}\"\n",
       "p.toml:2:6: sink.table: {topic} needs a Kafka source; source.type = \"file\" has no "
       "topic"},
      {"[tables.\"events\"]\n",
       "p.toml:1:9: tables.events: 'events' needs a namespace: write 'namespace.table'"},
      {"[tables.\"db.{topic}\"]\n",
       "p.toml:1:9: tables.\"db.{topic}\": 'db.{topic}': placeholder '{topic}' is not allowed "
       "here"},
      {"[table-defaults]\nschema-ddl = \"id long\"\n"
       "schema-json = '{\"type\":\"struct\",\"schema-id\":0,\"fields\":[]}'\n",
       "p.toml:3:1: table-defaults.schema-json: give either schema-ddl or schema-json, not both"},
      {"table-defaults.schema-ddl = \"id lung\"\n", "p.toml:1:16: table-defaults.schema-ddl: "},
      {"table-defaults.schema-json = \"{\"\n", "p.toml:1:16: table-defaults.schema-json: "},
      {"table-defaults.partition-by = \"day(ts\"\n",
       "p.toml:1:16: table-defaults.partition-by: unbalanced '(' in 'day(ts'"},
      {"table-defaults.partition-by = \"bucket(ts)\"\n",
       "p.toml:1:16: table-defaults.partition-by: partition term 'bucket(ts)': bucket takes a "
       "positive width and a column"},
      {"table-defaults.partition-by = \"week(ts)\"\n",
       "p.toml:1:16: table-defaults.partition-by: partition term 'week(ts)': unknown transform "
       "'week'"},
      {"[tables.\"db.t\"]\nschema-ddl = \"id long\"\npartition-by = \"day(id)\"\n",
       "p.toml:1:9: tables.\"db.t\": partition-by does not fit the schema: partition term "
       "'day(id)': transform day cannot be applied to 'id' of type long"},
      {"table-defaults.partition-by = \"day(ts)\"\n[tables.\"db.t\"]\nschema-ddl = \"id long\"\n",
       "p.toml:2:9: tables.\"db.t\": partition-by does not fit the schema: partition term "
       "'day(ts)': column 'ts' does not exist"},
      {"[tables.\"db.t\"]\nschema-ddl = \"id long, x double not null\"\n"
       "identifier-fields = [\"id\"]\n",
       "p.toml:1:9: tables.\"db.t\": identifier-fields: 'id' is optional; identifier fields must "
       "be required (NOT NULL)"},
      {"[tables.\"db.t\"]\nschema-ddl = \"x double not null\"\nidentifier-fields = [\"x\"]\n",
       "p.toml:1:9: tables.\"db.t\": identifier-fields: 'x' is a double; identifier fields must "
       "be primitive, not float or double"},
      {"[tables.\"db.t\"]\nschema-ddl = \"x long not null\"\nidentifier-fields = [\"y\"]\n",
       "p.toml:1:9: tables.\"db.t\": identifier-fields: column 'y' does not exist"},
      {"errors.dead-letter = \"topic\"\n",
       "p.toml: errors.dead-letter-topic is required for errors.dead-letter = \"topic\""},
      {"errors.dead-letter-topic = \"dlq\"\n",
       "p.toml:1:8: errors.dead-letter-topic: only used with errors.dead-letter = \"topic\""},
      {"errors.dead-letter-table-suffix = \".bad\"\n",
       "p.toml:1:35: errors.dead-letter-table-suffix: expected a non-empty suffix without '.', "
       "'/' or '\\', got \".bad\""},
      {"source = { type = \"stdin\" }\nsink.table = \"db.t\"\n"
       "errors = { dead-letter = \"topic\", dead-letter-topic = \"dlq\" }\n",
       "p.toml:3:12: errors.dead-letter: \"topic\" needs a Kafka source (its brokers take the "
       "dead letters)"},
  };
  for (const Case& c : cases) {
    std::string got = ErrorOf(c.text);
    // Messages that end in a library's own words are compared up to them.
    if (c.message.ends_with(": ")) {
      EXPECT_EQ(got.substr(0, c.message.size()), c.message) << c.text;
      EXPECT_EQ(got.find('\n'), std::string::npos) << got;
    } else {
      EXPECT_EQ(got, c.message) << c.text;
    }
  }
}

// Ported from the old TOML-only check (src/cli/pipeline_config.cc): TOML syntax errors.
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

// Damaged input (LevelDB's log_test style): whatever the bytes, parsing returns a config
// or an error whose every line names the file, and never crashes.
void ExpectConfigOrLocatedError(std::string_view text) {
  auto r = Parse(text);
  if (r.has_value()) return;
  ASSERT_EQ(r.error().kind(), ErrorKind::kInvalidArgument);
  std::istringstream lines(r.error().message());
  std::string line;
  while (std::getline(lines, line)) {
    ASSERT_EQ(line.rfind("p.toml:", 0), 0u) << line << "\nfrom:\n" << text;
  }
}

TEST(PipelineConfigDamageTest, TruncatedAtEveryOffset) {
  const std::string text(kFull);
  for (size_t cut = 0; cut <= text.size(); ++cut) {
    ExpectConfigOrLocatedError(std::string_view(text).substr(0, cut));
  }
}

TEST(PipelineConfigDamageTest, ChangedBytes) {
  const std::string original(kFull);
  std::mt19937 rng(20240611);
  const std::string interesting = "\"'[]{}=.,\n#\\ 0aZ-_\x7f\xc3\xff";
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text = original;
    int changes = 1 + static_cast<int>(rng() % 3);
    for (int i = 0; i < changes; ++i) {
      size_t at = rng() % text.size();
      text[at] =
          rng() % 2 ? static_cast<char>(rng() % 256) : interesting[rng() % interesting.size()];
    }
    ExpectConfigOrLocatedError(text);
  }
}

TEST(PipelineConfigDamageTest, CutOutRanges) {
  const std::string original(kFull);
  std::mt19937 rng(7);
  for (int trial = 0; trial < 1000; ++trial) {
    std::string text = original;
    size_t at = rng() % text.size();
    text.erase(at, 1 + rng() % 40);
    ExpectConfigOrLocatedError(text);
  }
}

// std::regex compiles recursively: deep nesting within the size limit still works, and
// longer patterns are refused before they reach it.
TEST(PipelineConfigDamageTest, LargeRegexes) {
  std::string deep = std::string(499, '(') + "a" + std::string(499, ')');
  std::string text = "[[sink.route]]\nmatch = \"" + deep + "\"\ntable = \"db.t\"\n";
  EXPECT_EQ(ErrorOf(text), "OK");
  std::string big(1001, 'a');
  EXPECT_EQ(ErrorOf("[[sink.route]]\nmatch = \"" + big + "\"\ntable = \"db.t\"\n"),
            "p.toml:2:1: sink.route[0].match: the regex is 1001 bytes long; at most 1000 are "
            "allowed");
}

// examples/pipeline.toml, found from this file's path (src/firn/ingest/tests/), is a valid
// config and is the example shown in docs/configuration.md.
std::string RepoFile(const std::string& relative) {
  std::string here = __FILE__;
  const std::string tail = "src/firn/ingest/tests/pipeline_config_test.cc";
  if (!here.ends_with(tail)) return "";
  std::ifstream in(here.substr(0, here.size() - tail.size()) + relative, std::ios::binary);
  if (!in) return "";
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(PipelineConfigTest, ExampleFileIsValidAndDocumented) {
  std::string example = RepoFile("examples/pipeline.toml");
  if (example.empty()) GTEST_SKIP() << "examples/pipeline.toml not found from " << __FILE__;
  auto c = ParsePipelineConfig("examples/pipeline.toml", example);
  ASSERT_TRUE(c.has_value()) << c.error().message();
  EXPECT_EQ(c->source.type, SourceType::kKafka);
  EXPECT_EQ(c->source.topic_pattern, "web\\.events\\..*");
  EXPECT_EQ(c->sink.routes.size(), 2u);
  TableSettings purchases = SettingsForTable(*c, "web.purchases");
  EXPECT_TRUE(purchases.auto_create);
  EXPECT_FALSE(purchases.evolve_schema);
  EXPECT_EQ(purchases.properties.at("write.target-file-size-bytes"), "536870912");
  EXPECT_EQ(purchases.properties.at("commit.retry.num-retries"), "10");

  std::string docs = RepoFile("docs/configuration.md");
  ASSERT_FALSE(docs.empty());
  EXPECT_NE(docs.find("```toml\n" + example + "```\n"), std::string::npos)
      << "docs/configuration.md must show examples/pipeline.toml verbatim";
}

}  // namespace
}  // namespace firn::ingest
