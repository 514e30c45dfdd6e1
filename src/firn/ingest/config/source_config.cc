// [source]: see docs/configuration.md.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <regex>

#include "firn/ingest/config/config_sections.h"

namespace firn::ingest {

std::string_view MetadataColumnName(MetadataColumn column) {
  switch (column) {
    case MetadataColumn::kTopic:
      return "topic";
    case MetadataColumn::kPartition:
      return "partition";
    case MetadataColumn::kOffset:
      return "offset";
    case MetadataColumn::kTimestamp:
      return "timestamp";
    case MetadataColumn::kKey:
      return "key";
    case MetadataColumn::kHeaders:
      return "headers";
  }
  return "?";
}

namespace config_internal {
namespace {

constexpr std::array<std::pair<std::string_view, SourceType>, 4> kSourceTypes = {{
    {"kafka", SourceType::kKafka},
    {"file", SourceType::kFile},
    {"stdin", SourceType::kStdin},
    {"demo", SourceType::kDemo},
}};

constexpr std::array<MetadataColumn, 6> kMetadataColumns = {
    MetadataColumn::kTopic,     MetadataColumn::kPartition, MetadataColumn::kOffset,
    MetadataColumn::kTimestamp, MetadataColumn::kKey,       MetadataColumn::kHeaders};

// Longer patterns are refused: std::regex compiles recursively, and a topic pattern has
// no need for them.
constexpr size_t kMaxRegexSize = 1000;

std::string_view TypeName(SourceType type) {
  for (const auto& [name, value] : kSourceTypes) {
    if (value == type) return name;
  }
  return "?";
}

// Which source types use a key of [source] (besides type).
struct KeyUse {
  std::string_view key;
  std::vector<SourceType> types;
};

const std::vector<KeyUse>& KeyUses() {
  static const std::vector<KeyUse> uses = {
      {"topics", {SourceType::kKafka}},
      {"topic-pattern", {SourceType::kKafka}},
      {"group-id", {SourceType::kKafka, SourceType::kDemo}},
      {"metadata-columns", {SourceType::kKafka, SourceType::kDemo}},
      {"paths", {SourceType::kFile}},
      {"kafka", {SourceType::kKafka, SourceType::kDemo}},
      {"demo", {SourceType::kDemo}},
  };
  return uses;
}

std::optional<std::vector<MetadataColumn>> ReadMetadataColumns(Section& s) {
  std::optional<std::vector<std::string>> names = s.StringList("metadata-columns", true);
  if (!names) return std::nullopt;
  std::vector<MetadataColumn> out;
  bool ok = true;
  for (size_t i = 0; i < names->size(); ++i) {
    const std::string& name = (*names)[i];
    auto it = std::find_if(kMetadataColumns.begin(), kMetadataColumns.end(),
                           [&](MetadataColumn c) { return MetadataColumnName(c) == name; });
    if (it != kMetadataColumns.end()) {
      out.push_back(*it);
      continue;
    }
    std::string hint;
    for (MetadataColumn c : kMetadataColumns) {
      if (EditDistance(name, MetadataColumnName(c)) <= 2) {
        hint = fmt::format("; did you mean \"{}\"?", MetadataColumnName(c));
        break;
      }
    }
    s.diag().ErrorAtKey(s.KeyPath("metadata-columns"),
                        fmt::format("{}[{}]: expected one of \"topic\", \"partition\", \"offset\", "
                                    "\"timestamp\", \"key\", \"headers\", got \"{}\"{}",
                                    s.KeyPath("metadata-columns"), i, name, hint));
    ok = false;
  }
  if (!ok) return std::nullopt;
  return out;
}

void ReadDemo(Section demo, DemoSettings* out) {
  if (auto v = demo.Integer("events", 1, INT64_MAX, "a positive integer")) out->events = *v;
  if (auto v = demo.Integer("partitions", 1, 1000, "an integer from 1 to 1000")) {
    out->partitions = static_cast<int32_t>(*v);
  }
  if (auto v = demo.String("topic")) {
    if (IsValidTopicName(*v)) {
      out->topic = *v;
    } else {
      demo.Expected(demo.KeyPath("topic"), *demo.Get("topic"), "a Kafka topic name");
    }
  }
  if (auto v = demo.Integer("rate", 0, INT64_MAX, "a non-negative integer (events per second)")) {
    out->rate = *v;
  }
  if (auto v = demo.Integer("seed", 0, INT64_MAX, "a non-negative integer")) {
    out->seed = static_cast<uint64_t>(*v);
  }
  demo.RejectUnknown();
}

// The rules between the keys of a valid [source] of type `out->type`.
void CheckSource(Section& s, SourceSettings* out) {
  Diagnostics& diag = s.diag();
  std::string_view type = TypeName(out->type);
  auto required = [&](std::string_view what) {
    diag.Error(fmt::format("{} is required for source.type = \"{}\"", what, type));
  };
  for (const KeyUse& use : KeyUses()) {
    std::string key_path = s.KeyPath(use.key);
    if (!diag.HasKey(key_path) ||
        std::find(use.types.begin(), use.types.end(), out->type) != use.types.end()) {
      continue;
    }
    std::string types;
    for (size_t i = 0; i < use.types.size(); ++i) {
      types += fmt::format("{}\"{}\"", i == 0 ? "" : " or ", TypeName(use.types[i]));
    }
    diag.ErrorAtKey(key_path, fmt::format("{} is only used with source.type = {}, not \"{}\"",
                                          key_path, types, type));
  }
  bool kafka = out->type == SourceType::kKafka;
  if (kafka) {
    bool topics = diag.HasKey("source.topics");
    bool pattern = diag.HasKey("source.topic-pattern");
    if (!topics && !pattern) required("source.topics or source.topic-pattern");
    if (topics && pattern) {
      diag.ErrorAtKey("source.topic-pattern",
                      "source.topic-pattern: give either source.topics or source.topic-pattern, "
                      "not both");
    }
    for (size_t i = 0; i < out->topics.size(); ++i) {
      if (IsValidTopicName(out->topics[i])) continue;
      diag.ErrorAtKey("source.topics",
                      fmt::format("source.topics[{}]: \"{}\" is not a Kafka topic name (1 to 249 "
                                  "characters: letters, digits, '.', '_', '-')",
                                  i, out->topics[i]));
    }
    if (pattern) {
      Status ok = CheckRegex(out->topic_pattern);
      if (!ok)
        diag.ErrorAtKey("source.topic-pattern", "source.topic-pattern: " + ok.error().message());
    }
  }
  if (kafka || out->type == SourceType::kDemo) {
    // group-id and kafka."group.id" are two spellings of one setting.
    auto property = out->kafka.find("group.id");
    bool given = diag.HasKey("source.group-id");
    if (given && out->group_id.empty()) {
      diag.ErrorAtKey("source.group-id", "source.group-id: must not be empty");
    } else if (given && property != out->kafka.end() && property->second != out->group_id) {
      diag.ErrorAtKey("source.group-id",
                      fmt::format("source.group-id: \"{}\" differs from source.kafka.\"group.id\" "
                                  "= \"{}\"; give one of them",
                                  out->group_id, property->second));
    } else if (!given && property != out->kafka.end()) {
      out->group_id = property->second;
    } else if (!given && kafka) {
      required("source.group-id");
    } else if (!given) {
      out->group_id = "firn";
    }
    // firn stores offsets itself, in the Iceberg snapshot of each commit (exactly once).
    for (std::string_view name : {"enable.auto.commit", "enable.auto.offset.store"}) {
      auto it = out->kafka.find(std::string(name));
      if (it == out->kafka.end() || it->second == "false") continue;
      std::string key_path = fmt::format("source.kafka.\"{}\"", name);
      diag.ErrorAtKey(key_path, fmt::format("{}: firn manages offsets itself (they are committed "
                                            "with each Iceberg snapshot); remove this property",
                                            key_path));
    }
  }
  if (out->type == SourceType::kDemo && out->kafka.contains("bootstrap.servers")) {
    diag.ErrorAtKey("source.kafka.\"bootstrap.servers\"",
                    "source.kafka.\"bootstrap.servers\": the demo runs its own in-process "
                    "cluster; remove this property (or use source.type = \"kafka\")");
  }
  if (out->type == SourceType::kFile && !diag.HasKey("source.paths")) required("source.paths");
}

}  // namespace

bool IsValidTopicName(std::string_view name) {
  if (name.empty() || name.size() > 249 || name == "." || name == "..") return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

Status CheckRegex(std::string_view pattern) {
  if (pattern.empty()) return InvalidArgument("the regex is empty");
  if (pattern.size() > kMaxRegexSize) {
    return InvalidArgument("the regex is {} bytes long; at most {} are allowed", pattern.size(),
                           kMaxRegexSize);
  }
  // std::regex reports errors by exception; it does not leave this function.
  try {
    std::regex re(pattern.begin(), pattern.end(), std::regex::ECMAScript);
  } catch (const std::regex_error& e) {
    return InvalidArgument("\"{}\" is not a valid regex (ECMAScript): {}", pattern, e.what());
  }
  return OkStatus();
}

bool ReadSource(Section s, SourceSettings* out) {
  Diagnostics& diag = s.diag();
  size_t before = diag.error_count();
  std::optional<SourceType> type = s.Enum<SourceType>("type", kSourceTypes);
  if (auto v = s.StringList("topics", false)) out->topics = std::move(*v);
  if (auto v = s.String("topic-pattern")) out->topic_pattern = std::move(*v);
  if (auto v = s.String("group-id")) out->group_id = std::move(*v);
  if (auto v = ReadMetadataColumns(s)) out->metadata_columns = std::move(*v);
  if (auto v = s.StringList("paths", false)) out->paths = std::move(*v);
  if (auto v = s.StringMap("kafka")) out->kafka = std::move(*v);
  ReadDemo(s.Table("demo"), &out->demo);
  s.RejectUnknown();
  if (type) out->type = *type;
  if (diag.error_count() != before) return false;
  if (!s.present()) {  // the demo, with its defaults
    out->group_id = "firn";
    return true;
  }
  if (!type) {
    diag.Error("source.type is required: one of \"kafka\", \"file\", \"stdin\", \"demo\"");
    return false;
  }
  CheckSource(s, out);
  return diag.error_count() == before;
}

}  // namespace config_internal
}  // namespace firn::ingest
