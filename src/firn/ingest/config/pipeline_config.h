// The pipeline config of `firn run -c pipeline.toml` (TOML v1.0); docs/configuration.md is
// the user's reference of every key.
//
// ParsePipelineConfig checks everything that can be checked without the catalog or a
// broker: TOML syntax, key names (any key outside [source.kafka] that firn does not know
// is an error, with a "did you mean" hint), value types and ranges, and the rules between
// keys (exactly one of source.topics / source.topic-pattern, regexes compile, table names
// and templates are valid, schema-ddl / schema-json / partition-by parse, ...). librdkafka
// properties are checked by librdkafka when the consumer starts.
//
// Errors: one InvalidArgument holding ALL errors found, one a line, in the order of the
// file, each naming the file, line, column and full dotted key:
//   pipeline.toml:12:1: unknown key 'source.kafak'; did you mean 'source.kafka'?
//   pipeline.toml:4:15: commit.interval-ms: expected a positive integer (milliseconds), got "abc"
//   pipeline.toml: source.topics or source.topic-pattern is required for source.type = "kafka"
// Errors about the file as a whole (a required key that is missing) have no line and come
// last. Rules between keys of a section are checked only when the section's own keys are
// valid, so one mistake does not cascade.
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "firn/common/result.h"
#include "firn/ingest/config/table_name.h"
#include "firn/ingest/config/table_settings.h"
#include "firn/io/file_io.h"

namespace firn::ingest {

inline constexpr int64_t kDefaultMemoryBudget = int64_t{512} << 20;  // 512 MiB

struct CatalogSettings {
  std::string warehouse = "./warehouse";  // root of table locations; SQLite catalog inside
  std::string uri;                        // "sqlite:///p/catalog.db" or "file:///p"; "": warehouse
  std::string name = "default";           // catalog name in the SQL catalog
  bool operator==(const CatalogSettings&) const = default;
};

enum class SourceType { kDemo, kKafka, kFile, kStdin };
// Kafka record metadata that can be written as columns.
enum class MetadataColumn { kTopic, kPartition, kOffset, kTimestamp, kKey, kHeaders };
// "topic", "partition", ...: the spelling in the config.
std::string_view MetadataColumnName(MetadataColumn column);

// type = "demo": librdkafka's mock cluster in-process, fed with the standard event stream.
struct DemoSettings {
  int64_t events = 2'000'000;    // events published, > 0
  int32_t partitions = 8;        // partitions of the topic, 1..1000
  std::string topic = "events";  // topic name
  int64_t rate = 0;              // events per second; 0 = as fast as possible
  uint64_t seed = 42;            // seed of the standard event generator
  bool operator==(const DemoSettings&) const = default;
};

struct SourceSettings {
  SourceType type = SourceType::kDemo;  // the demo when the file has no [source]
  std::vector<std::string> topics;      // kafka: topic names; or
  std::string topic_pattern;  // kafka: ECMAScript regex as written; subscribe with "^" + it
  std::string group_id;       // kafka: consumer group (group-id or kafka."group.id"); demo: "firn"
  std::vector<MetadataColumn> metadata_columns;  // kafka/demo: metadata written as columns
  std::vector<std::string> paths;                // file: NDJSON files, read in order
  std::map<std::string, std::string> kafka;      // kafka/demo: librdkafka properties verbatim
  DemoSettings demo;                             // demo: the generated stream
  bool operator==(const SourceSettings&) const = default;
};

// How a JSON number in a timestamp column is read.
enum class TimestampNumbers { kReject, kMillis, kMicros };

struct DecodeSettings {
  bool case_insensitive = false;  // match JSON keys to column names ignoring ASCII case
  TimestampNumbers timestamp_numbers = TimestampNumbers::kReject;  // numbers as timestamps
  bool operator==(const DecodeSettings&) const = default;
};

// One [[sink.route]] rule. Regexes are kept as text (compiled by the router) so that the
// config stays a plain copyable value.
struct RouteRule {
  std::string match;  // ECMAScript regex, full match against the route value
  std::string table;  // table name or template with {topic} and {value} (table_name.h)
  bool operator==(const RouteRule&) const = default;
};

struct SinkSettings {
  std::string table;  // table or template with {topic}; "": unrouted = error; demo: "demo.{topic}"
  std::string route_field;        // top-level JSON string field matched by routes; "": the topic
  std::vector<RouteRule> routes;  // first match wins
  bool operator==(const SinkSettings&) const = default;
};

struct CommitSettings {
  int64_t interval_ms = 60000;  // commit at least this often, > 0
  int64_t max_bytes = 0;        // commit sooner at this many data-file bytes; 0 = off
  int64_t max_records = 0;      // commit sooner after this many records; 0 = off
  bool operator==(const CommitSettings&) const = default;
};

enum class ErrorTolerance { kNone, kAll };  // as Kafka Connect's errors.tolerance
enum class DeadLetterTarget { kTable, kTopic };

struct ErrorSettings {
  ErrorTolerance tolerance = ErrorTolerance::kNone;         // kNone: a bad record stops the run
  DeadLetterTarget dead_letter = DeadLetterTarget::kTable;  // where bad records go (kAll)
  std::string dead_letter_table_suffix = "__dlq";           // dead letters of T go to T + suffix
  std::string dead_letter_topic;                            // required for kTopic
  bool log = false;                                         // log each bad record
  bool operator==(const ErrorSettings&) const = default;
};

// [metrics]: firn run's HTTP endpoints (/metrics, /health, the dashboard at /).
struct MetricsSettings {
  bool enabled = false;              // on when [metrics] is given, unless enabled = false
  int32_t port = 0;                  // TCP port, 0..65535; 0 = any free port (logged)
  std::string address = "127.0.0.1";  // numeric IPv4 or IPv6 address to bind
  bool operator==(const MetricsSettings&) const = default;
};

// [maintenance]: what `firn run` does beside ingest for the tables it writes
// (maintain/schedule/maintenance_scheduler.h). On by default.
struct MaintenanceConfig {
  bool enabled = true;
  int64_t check_interval_ms = 60'000;              // minor compaction checks
  int64_t compaction_interval_ms = 30 * 60'000;    // major compaction
  int32_t small_file_trigger = 50;                 // fragments in a partition that start a minor run
  int32_t min_input_files = 5;                     // Iceberg's min-input-files
  std::optional<int64_t> target_file_size;         // default: the table's property, else 256 MiB
  int64_t expire_interval_ms = 24 * 3'600'000LL;   // snapshot expiry (table's history.expire.*)
  int64_t orphan_interval_ms = 7 * 24 * 3'600'000LL;  // orphan file removal
  int64_t orphan_older_than_ms = 3 * 24 * 3'600'000LL;  // only files older than this
  bool operator==(const MaintenanceConfig&) const = default;
};

struct PipelineConfig {
  std::string path;                              // the file it came from, for messages
  std::vector<std::string> keys;                 // top-level keys and [sections] given, sorted
  int64_t memory_budget = kDefaultMemoryBudget;  // bytes buffered across all writers
  int write_threads = 1;                         // threads writing full batches; 0: the ingest thread
  CatalogSettings catalog;                       // [catalog]
  SourceSettings source;                         // [source]
  DecodeSettings decode;                         // [decode]
  SinkSettings sink;                             // [sink]
  TableOverrides table_defaults;                 // [table-defaults]
  std::map<std::string, TableOverrides> tables;  // [tables."ns.name"], by table name
  CommitSettings commit;                         // [commit]
  ErrorSettings errors;                          // [errors]
  MetricsSettings metrics;                       // [metrics]
  MaintenanceConfig maintenance;                 // [maintenance]
  bool operator==(const PipelineConfig&) const = default;
};

// Parses `text` as the contents of `path` (used only in messages).
Result<PipelineConfig> ParsePipelineConfig(std::string_view path, std::string_view text);

// Reads `path` through `io` and parses it. NotFound / IOError name the file.
Result<PipelineConfig> LoadPipelineConfig(io::FileIO* io, const std::string& path);

// The settings for one table: [tables."ns.name"] over [table-defaults] over built-in
// defaults (where auto_create is true for the demo source, whose tables never exist
// beforehand). `table_name` is a resolved name ("db.events"), not a template.
TableSettings SettingsForTable(const PipelineConfig& config, std::string_view table_name);

}  // namespace firn::ingest
