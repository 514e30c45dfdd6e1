#include "firn/parquet/writer/writer_options.h"

#include <charconv>

#include "firn/common/macros.h"

namespace firn::parquet {
namespace {

Result<int64_t> ParsePositive(const std::string& key, const std::string& value) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), v);
  if (ec != std::errc() || p != value.data() + value.size() || v <= 0) {
    return InvalidArgument("table property {}: '{}' is not a positive integer", key, value);
  }
  return v;
}

// Finds the field id of the column named by a dotted path of field names (list and map
// levels are named by their Iceberg names: element, key, value).
std::optional<int32_t> ResolveColumn(const Schema& schema, const std::string& dotted) {
  for (const auto& c : schema.columns()) {
    std::string iceberg_path;
    const SchemaNode* n = &schema.root();
    for (const auto& part : c.path) {
      const SchemaNode* next = nullptr;
      for (const auto& ch : n->children) if (ch.name == part) next = &ch;
      if (next == nullptr) break;
      n = next;
      if (part == "list" || part == "key_value") continue;  // synthetic repeated groups
      if (!iceberg_path.empty()) iceberg_path += '.';
      iceberg_path += part;
    }
    if (iceberg_path == dotted) return c.node->field_id;
  }
  return std::nullopt;
}

}  // namespace

Result<WriterOptions> WriterOptions::FromProperties(const std::map<std::string, std::string>& props,
                                                    const Schema& schema) {
  WriterOptions o;
  static constexpr std::string_view kColumnPrefix = "write.metadata.metrics.column.";
  for (const auto& [key, value] : props) {
    if (key == "write.parquet.row-group-size-bytes") {
      FIRN_ASSIGN_OR_RETURN(o.row_group_size_bytes, ParsePositive(key, value));
    } else if (key == "write.parquet.page-size-bytes") {
      FIRN_ASSIGN_OR_RETURN(o.page_size_bytes, ParsePositive(key, value));
    } else if (key == "write.parquet.page-row-limit") {
      FIRN_ASSIGN_OR_RETURN(o.page_row_limit, ParsePositive(key, value));
    } else if (key == "write.parquet.dict-size-bytes") {
      FIRN_ASSIGN_OR_RETURN(o.dict_size_bytes, ParsePositive(key, value));
    } else if (key == "write.parquet.compression-codec") {
      FIRN_ASSIGN_OR_RETURN_CTX(o.compression, ParseCompressionKind(value), "table property " + key);
    } else if (key == "write.parquet.compression-level") {
      FIRN_ASSIGN_OR_RETURN(int64_t level, ParsePositive(key, value));
      o.compression_level = static_cast<int>(level);
    } else if (key == "write.metadata.metrics.default") {
      FIRN_ASSIGN_OR_RETURN_CTX(o.metrics.default_mode, MetricsMode::Parse(value), "table property " + key);
    }
  }
  for (const auto& [key, value] : props) {
    if (!key.starts_with(kColumnPrefix)) continue;
    std::string column = key.substr(kColumnPrefix.size());
    FIRN_ASSIGN_OR_RETURN_CTX(MetricsMode mode, MetricsMode::Parse(value), "table property " + key);
    // A column name may also name a struct, map or list: apply to every leaf under it.
    bool found = false;
    if (auto id = ResolveColumn(schema, column)) {
      o.metrics.by_field_id[*id] = mode;
      found = true;
    }
    for (const auto& c : schema.columns()) {
      if (!c.node->field_id) continue;
      std::string p = c.PathString();
      if (p.starts_with(column + ".")) {
        o.metrics.by_field_id.emplace(*c.node->field_id, mode);
        found = true;
      }
    }
    if (!found) {
      return InvalidArgument("table property {}: no column '{}' in the schema", key, column);
    }
  }
  return o;
}

}  // namespace firn::parquet
