#include "firn/ingest/config/pipeline_config.h"

// toml++ is included header-only with exceptions off, through toml_noex.h (see there).

#include <fmt/format.h>

#include <array>

#include "firn/common/macros.h"
#include "firn/ingest/config/config_sections.h"
#include "firn/ingest/config/toml_reader.h"

namespace firn::ingest {
namespace {

using config_internal::Diagnostics;
using config_internal::Section;

constexpr std::array<std::pair<std::string_view, TimestampNumbers>, 3> kTimestampNumbers = {{
    {"reject", TimestampNumbers::kReject},
    {"millis", TimestampNumbers::kMillis},
    {"micros", TimestampNumbers::kMicros},
}};
constexpr std::array<std::pair<std::string_view, ErrorTolerance>, 2> kTolerances = {{
    {"none", ErrorTolerance::kNone},
    {"all", ErrorTolerance::kAll},
}};
constexpr std::array<std::pair<std::string_view, DeadLetterTarget>, 2> kDeadLetterTargets = {{
    {"table", DeadLetterTarget::kTable},
    {"topic", DeadLetterTarget::kTopic},
}};

void NonEmpty(Section& s, std::string_view key, std::string* out) {
  std::optional<std::string> v = s.String(key);
  if (!v) return;
  if (v->empty()) {
    s.Expected(s.KeyPath(key), *s.Get(key), "a non-empty string");
  } else {
    *out = std::move(*v);
  }
}

void ReadCatalog(Section s, CatalogSettings* out) {
  NonEmpty(s, "warehouse", &out->warehouse);
  if (auto uri = s.String("uri")) {
    // The forms catalog::OpenCatalog accepts; it checks the rest when it opens the catalog.
    if (!uri->empty() && !uri->starts_with("sqlite://") && !uri->starts_with("file://")) {
      s.Expected(s.KeyPath("uri"), *s.Get("uri"),
                 "\"sqlite:///path/catalog.db\", \"file:///path\" or \"\"");
    } else {
      out->uri = std::move(*uri);
    }
  }
  NonEmpty(s, "name", &out->name);
  s.RejectUnknown();
}

void ReadDecode(Section s, DecodeSettings* out) {
  if (auto v = s.Bool("case-insensitive")) out->case_insensitive = *v;
  if (auto v = s.Enum<TimestampNumbers>("timestamp-numbers", kTimestampNumbers)) {
    out->timestamp_numbers = *v;
  }
  s.RejectUnknown();
}

void ReadCommit(Section s, CommitSettings* out) {
  if (auto v = s.Integer("interval-ms", 1, INT64_MAX, "a positive integer (milliseconds)")) {
    out->interval_ms = *v;
  }
  if (auto v = s.ByteSize("max-bytes", 0)) out->max_bytes = *v;
  if (auto v = s.Integer("max-records", 0, INT64_MAX, "a non-negative integer (0 = off)")) {
    out->max_records = *v;
  }
  s.RejectUnknown();
}

void ReadErrors(Section s, const SourceSettings& source, bool source_valid, ErrorSettings* out) {
  Diagnostics& diag = s.diag();
  size_t before = diag.error_count();
  if (auto v = s.Enum<ErrorTolerance>("tolerance", kTolerances)) out->tolerance = *v;
  if (auto v = s.Enum<DeadLetterTarget>("dead-letter", kDeadLetterTargets)) out->dead_letter = *v;
  if (auto v = s.String("dead-letter-table-suffix")) {
    // The suffix is appended to a table name, so it must keep the name a single level.
    if (v->empty() || v->find_first_of("./\\") != std::string::npos ||
        v->find('\0') != std::string::npos) {
      s.Expected(s.KeyPath("dead-letter-table-suffix"), *s.Get("dead-letter-table-suffix"),
                 "a non-empty suffix without '.', '/' or '\\'");
    } else {
      out->dead_letter_table_suffix = std::move(*v);
    }
  }
  if (auto v = s.String("dead-letter-topic")) out->dead_letter_topic = std::move(*v);
  if (auto v = s.Bool("log")) out->log = *v;
  s.RejectUnknown();
  if (diag.error_count() != before) return;
  bool topic = out->dead_letter == DeadLetterTarget::kTopic;
  if (topic && out->dead_letter_topic.empty()) {
    diag.Error("errors.dead-letter-topic is required for errors.dead-letter = \"topic\"");
  }
  if (!topic && diag.HasKey("errors.dead-letter-topic")) {
    diag.ErrorAtKey("errors.dead-letter-topic",
                    "errors.dead-letter-topic: only used with errors.dead-letter = \"topic\"");
  }
  if (topic && !out->dead_letter_topic.empty() &&
      !config_internal::IsValidTopicName(out->dead_letter_topic)) {
    diag.ErrorAtKey("errors.dead-letter-topic",
                    fmt::format("errors.dead-letter-topic: \"{}\" is not a Kafka topic name",
                                out->dead_letter_topic));
  }
  if (topic && source_valid && source.type != SourceType::kKafka &&
      source.type != SourceType::kDemo) {
    diag.ErrorAtKey("errors.dead-letter",
                    "errors.dead-letter: \"topic\" needs a Kafka source (its brokers take the "
                    "dead letters)");
  }
}

}  // namespace

Result<PipelineConfig> ParsePipelineConfig(std::string_view path, std::string_view text) {
  toml::parse_result parsed = toml::parse(text, path);
  if (!parsed) {
    const toml::parse_error& e = parsed.error();
    return InvalidArgument("{}:{}:{}: {}", path, e.source().begin.line, e.source().begin.column,
                           config_internal::EscapeControls(e.description()));
  }
  const toml::table& root_table = parsed.table();
  PipelineConfig config;
  config.path = std::string(path);
  for (const auto& [key, node] : root_table) config.keys.emplace_back(key.str());

  Diagnostics diag(path);
  Section root(&root_table, "", &diag);
  if (auto v = root.ByteSize("memory-budget", 1)) config.memory_budget = *v;
  if (auto v = root.Integer("write-threads", 0, 64, "a number of threads from 0 to 64")) {
    config.write_threads = static_cast<int>(*v);
  }
  ReadCatalog(root.Table("catalog"), &config.catalog);
  bool source_valid = config_internal::ReadSource(root.Table("source"), &config.source);
  ReadDecode(root.Table("decode"), &config.decode);
  config_internal::ReadSink(root.Table("sink"), config.source, source_valid, &config.sink);
  config_internal::ReadTables(root, &config);
  ReadCommit(root.Table("commit"), &config.commit);
  ReadErrors(root.Table("errors"), config.source, source_valid, &config.errors);
  config_internal::ReadMetrics(root.Table("metrics"), &config.metrics);
  config_internal::ReadMaintenance(root.Table("maintenance"), &config.maintenance);
  root.RejectUnknown();
  FIRN_RETURN_NOT_OK(diag.Finish());
  return config;
}

Result<PipelineConfig> LoadPipelineConfig(io::FileIO* io, const std::string& path) {
  FIRN_ASSIGN_OR_RETURN(std::string text, io->ReadAll(FilePath(path)));
  return ParsePipelineConfig(path, text);
}

TableSettings SettingsForTable(const PipelineConfig& config, std::string_view table_name) {
  TableSettings settings;
  // The demo's tables do not exist beforehand.
  if (config.source.type == SourceType::kDemo) settings.auto_create = true;
  ApplyTableOverrides(config.table_defaults, &settings);
  auto it = config.tables.find(std::string(table_name));
  if (it != config.tables.end()) ApplyTableOverrides(it->second, &settings);
  return settings;
}

}  // namespace firn::ingest
