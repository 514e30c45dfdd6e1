// Every kind of pipeline config error, with its exact message (file:line:column, key).
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
      {"[tables.\"db.t\"]\nschema-ddl = \"id long\"\nsort-by = \"id sideways\"\n",
       "p.toml:1:9: tables.\"db.t\": sort-by does not fit the schema: sort term 'id sideways': expected a "
       "column or transform, then asc|desc, then nulls first|last"},
      {"[tables.\"db.t\"]\nschema-ddl = \"id long\"\nsort-by = \"name desc\"\n",
       "p.toml:1:9: tables.\"db.t\": sort-by does not fit the schema: sort term 'name': column 'name' does "
       "not exist"},
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
}  // namespace
}  // namespace firn::ingest
