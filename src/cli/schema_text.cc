#include "cli/schema_text.h"

#include <fmt/format.h>

namespace firn::cli {

using parquet::LogicalType;
using parquet::PhysicalType;

std::string_view RepetitionName(parquet::Repetition r) {
  switch (r) {
    case parquet::Repetition::kRequired:
      return "required";
    case parquet::Repetition::kOptional:
      return "optional";
    case parquet::Repetition::kRepeated:
      return "repeated";
  }
  return "unknown";
}

std::string PhysicalTypeName(const parquet::SchemaNode& node) {
  if (node.is_group) return "group";
  switch (node.physical) {
    case PhysicalType::kBoolean:
      return "boolean";
    case PhysicalType::kInt32:
      return "int32";
    case PhysicalType::kInt64:
      return "int64";
    case PhysicalType::kInt96:
      return "int96";
    case PhysicalType::kFloat:
      return "float";
    case PhysicalType::kDouble:
      return "double";
    case PhysicalType::kByteArray:
      return "binary";
    case PhysicalType::kFixedLenByteArray:
      return fmt::format("fixed_len_byte_array({})", node.type_length);
  }
  return "unknown";
}

namespace {

std::string_view UnitName(parquet::TimeUnit u) {
  switch (u) {
    case parquet::TimeUnit::kMillis:
      return "MILLIS";
    case parquet::TimeUnit::kMicros:
      return "MICROS";
    case parquet::TimeUnit::kNanos:
      return "NANOS";
  }
  return "UNKNOWN";
}

void AppendNode(const parquet::SchemaNode& n, int depth, std::string* out) {
  out->append(static_cast<size_t>(depth) * 2, ' ');
  fmt::format_to(std::back_inserter(*out), "{} {} {}", RepetitionName(n.repetition),
                 PhysicalTypeName(n), n.name);
  if (n.field_id) fmt::format_to(std::back_inserter(*out), " = {}", *n.field_id);
  if (const std::string logical = LogicalTypeName(n.logical); !logical.empty()) {
    fmt::format_to(std::back_inserter(*out), " ({})", logical);
  }
  if (!n.is_group) {
    out->append(";\n");
    return;
  }
  out->append(" {\n");
  for (const auto& c : n.children) AppendNode(c, depth + 1, out);
  out->append(static_cast<size_t>(depth) * 2, ' ');
  out->append("}\n");
}

}  // namespace

std::string LogicalTypeName(const LogicalType& t) {
  using K = LogicalType::Kind;
  switch (t.kind) {
    case K::kNone:
      return "";
    case K::kString:
      return "STRING";
    case K::kEnum:
      return "ENUM";
    case K::kJson:
      return "JSON";
    case K::kBson:
      return "BSON";
    case K::kUuid:
      return "UUID";
    case K::kDecimal:
      return fmt::format("DECIMAL({},{})", t.precision, t.scale);
    case K::kDate:
      return "DATE";
    case K::kTime:
      return fmt::format("TIME({},{})", UnitName(t.unit), t.adjusted_to_utc);
    case K::kTimestamp:
      return fmt::format("TIMESTAMP({},{})", UnitName(t.unit), t.adjusted_to_utc);
    case K::kInteger:
      return fmt::format("INTEGER({},{})", static_cast<int>(t.bit_width), t.is_signed);
    case K::kList:
      return "LIST";
    case K::kMap:
      return "MAP";
    case K::kUnknown:
      return "UNKNOWN";
    case K::kFloat16:
      return "FLOAT16";
  }
  return "?";
}

std::string SchemaText(const parquet::SchemaNode& root) {
  std::string out = fmt::format("message {} {{\n", root.name);
  for (const auto& c : root.children) AppendNode(c, 1, &out);
  out += "}\n";
  return out;
}

}  // namespace firn::cli
