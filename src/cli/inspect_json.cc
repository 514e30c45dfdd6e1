// The JSON rendering of InspectReport (inspect_report.h): one object,
//   {"file", "file_size", "format_version", "created_by", "num_rows", "key_value_metadata",
//    "schema": {node}, "row_groups": [{"num_rows", "compressed_size", "uncompressed_size",
//    "columns": [{"path", "field_id", "physical_type", "logical_type", "codec",
//    "encodings", "compressed_size", "uncompressed_size", "num_values", "null_count",
//    "distinct_count", "nan_count", "min", "max", "min_exact", "max_exact"}]}]}
// where a schema node is {"name", "repetition", "type", "field_id"?, "logical_type"?,
// "fields"?}. Absent statistics are null.
#include "cli/inspect_report.h"
#include "cli/schema_text.h"
#include "firn/common/json_writer.h"

namespace firn::cli {
namespace {

void Node(const parquet::SchemaNode& n, bool root, JsonWriter& w) {
  w.BeginObject();
  w.Key("name");
  w.String(n.name);
  if (!root) {
    w.Key("repetition");
    w.String(RepetitionName(n.repetition));
  }
  w.Key("type");
  w.String(PhysicalTypeName(n));
  if (n.field_id) {
    w.Key("field_id");
    w.Int(*n.field_id);
  }
  if (const std::string logical = LogicalTypeName(n.logical); !logical.empty()) {
    w.Key("logical_type");
    w.String(logical);
  }
  if (n.is_group) {
    w.Key("fields");
    w.BeginArray();
    for (const auto& c : n.children) Node(c, false, w);
    w.EndArray();
  }
  w.EndObject();
}

void OptInt(JsonWriter& w, std::string_view key, const std::optional<int64_t>& v) {
  w.Key(key);
  if (v)
    w.Int(*v);
  else
    w.Null();
}

void OptValue(JsonWriter& w, std::string_view key, const std::optional<ValueText>& v) {
  w.Key(key);
  if (!v)
    w.Null();
  else if (v->quoted)
    w.String(v->text);
  else
    w.Raw(v->text);
}

void Chunk(const ChunkReport& c, JsonWriter& w) {
  w.BeginObject();
  w.Key("path");
  w.String(c.path);
  w.Key("field_id");
  if (c.leaf->field_id)
    w.Int(*c.leaf->field_id);
  else
    w.Null();
  w.Key("physical_type");
  w.String(PhysicalTypeName(*c.leaf));
  w.Key("logical_type");
  if (const std::string logical = LogicalTypeName(c.leaf->logical); !logical.empty())
    w.String(logical);
  else
    w.Null();
  w.Key("codec");
  w.String(c.codec);
  w.Key("encodings");
  w.BeginArray();
  for (const auto& e : c.encodings) w.String(e);
  w.EndArray();
  w.Key("compressed_size");
  w.Int(c.compressed_bytes);
  w.Key("uncompressed_size");
  w.Int(c.uncompressed_bytes);
  w.Key("num_values");
  w.Int(c.num_values);
  OptInt(w, "null_count", c.null_count);
  OptInt(w, "distinct_count", c.distinct_count);
  OptInt(w, "nan_count", c.nan_count);
  OptValue(w, "min", c.min);
  OptValue(w, "max", c.max);
  w.Key("min_exact");
  w.Bool(c.min_exact);
  w.Key("max_exact");
  w.Bool(c.max_exact);
  if (!c.stats_error.empty()) {
    w.Key("statistics_error");
    w.String(c.stats_error);
  }
  w.EndObject();
}

}  // namespace

std::string InspectJson(const InspectReport& r) {
  JsonWriter w;
  w.BeginObject();
  w.Key("file");
  w.String(r.path);
  w.Key("file_size");
  w.UInt(r.file_size);
  w.Key("format_version");
  w.Int(r.format_version);
  w.Key("created_by");
  if (r.created_by)
    w.String(*r.created_by);
  else
    w.Null();
  w.Key("num_rows");
  w.Int(r.rows);
  w.Key("key_value_metadata");
  w.BeginObject();
  for (const auto& [k, v] : r.key_value_metadata) {
    w.Key(k);
    w.String(v);
  }
  w.EndObject();
  w.Key("schema");
  Node(r.schema->root(), true, w);
  w.Key("row_groups");
  w.BeginArray();
  for (const auto& rg : r.row_groups) {
    w.BeginObject();
    w.Key("num_rows");
    w.Int(rg.rows);
    w.Key("compressed_size");
    w.Int(rg.compressed_bytes);
    w.Key("uncompressed_size");
    w.Int(rg.uncompressed_bytes);
    w.Key("columns");
    w.BeginArray();
    for (const auto& c : rg.columns) Chunk(c, w);
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::move(w).Take() + "\n";
}

}  // namespace firn::cli
