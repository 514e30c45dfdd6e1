// Shared by the pipeline config tests: a parse through an in-memory "p.toml", the first
// error's text, and two complete configs.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "firn/ingest/config/pipeline_config.h"
#include "firn/io/memory_file_io.h"

namespace firn::ingest::testing {

inline Result<PipelineConfig> Parse(std::string_view text) { return ParsePipelineConfig("p.toml", text); }

// The error message of parsing `text`, or "OK".
inline std::string ErrorOf(std::string_view text) {
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

}  // namespace firn::ingest::testing
