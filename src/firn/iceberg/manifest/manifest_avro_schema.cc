#include "firn/iceberg/manifest/manifest_avro_schema.h"

#include <fmt/format.h>

#include "firn/common/json_writer.h"
#include "firn/common/macros.h"
#include "firn/iceberg/types/literal_bytes.h"
#include "firn/iceberg/types/nested_field.h"
#include "firn/parquet/schema/iceberg_types.h"

namespace firn::iceberg {

namespace {

std::string Optional(std::string_view type_json) {
  return fmt::format("[\"null\",{}]", type_json);
}

std::string FieldJson(std::string_view name, std::string_view type_json, int32_t id,
                      bool optional, std::string_view doc = {}) {
  std::string out = fmt::format("{{\"name\":\"{}\",\"type\":{}", name,
                                optional ? Optional(type_json) : std::string(type_json));
  if (optional) out += ",\"default\":null";
  if (!doc.empty()) {
    std::string escaped;
    JsonWriter::AppendEscaped(escaped, doc);
    out += ",\"doc\":" + escaped;
  }
  out += fmt::format(",\"field-id\":{}}}", id);
  return out;
}

// map<int, T> as Iceberg writes it in Avro: an array of key/value records with the
// logical type "map" (spec Appendix A, "Maps with non-string keys").
std::string IntMapJson(int32_t key_id, int32_t value_id, std::string_view value_type) {
  return fmt::format(
      "{{\"type\":\"array\",\"items\":{{\"type\":\"record\",\"name\":\"k{}_v{}\",\"fields\":["
      "{{\"name\":\"key\",\"type\":\"int\",\"field-id\":{}}},"
      "{{\"name\":\"value\",\"type\":\"{}\",\"field-id\":{}}}]}},\"logicalType\":\"map\"}}",
      key_id, value_id, key_id, value_type, value_id);
}

std::string ArrayJson(std::string_view item, int32_t element_id) {
  return fmt::format("{{\"type\":\"array\",\"items\":\"{}\",\"element-id\":{}}}", item, element_id);
}

}  // namespace

Result<std::string> PrimitiveAvroTypeJson(const Type& type) {
  switch (type.id()) {
    case TypeId::kBoolean:
      return std::string("\"boolean\"");
    case TypeId::kInt:
      return std::string("\"int\"");
    case TypeId::kLong:
      return std::string("\"long\"");
    case TypeId::kFloat:
      return std::string("\"float\"");
    case TypeId::kDouble:
      return std::string("\"double\"");
    case TypeId::kDate:
      return std::string("{\"type\":\"int\",\"logicalType\":\"date\"}");
    case TypeId::kTime:
      return std::string("{\"type\":\"long\",\"logicalType\":\"time-micros\"}");
    case TypeId::kTimestamp:
      return std::string(
          "{\"type\":\"long\",\"logicalType\":\"timestamp-micros\",\"adjust-to-utc\":false}");
    case TypeId::kTimestampTz:
      return std::string(
          "{\"type\":\"long\",\"logicalType\":\"timestamp-micros\",\"adjust-to-utc\":true}");
    case TypeId::kTimestampNs:
      return std::string(
          "{\"type\":\"long\",\"logicalType\":\"timestamp-nanos\",\"adjust-to-utc\":false}");
    case TypeId::kTimestampTzNs:
      return std::string(
          "{\"type\":\"long\",\"logicalType\":\"timestamp-nanos\",\"adjust-to-utc\":true}");
    case TypeId::kString:
      return std::string("\"string\"");
    case TypeId::kUuid:
      return std::string("{\"type\":\"fixed\",\"name\":\"uuid_fixed\",\"size\":16,\"logicalType\":\"uuid\"}");
    case TypeId::kBinary:
      return std::string("\"bytes\"");
    case TypeId::kFixed:
      return fmt::format("{{\"type\":\"fixed\",\"name\":\"fixed_{}\",\"size\":{}}}", type.length(),
                         type.length());
    case TypeId::kDecimal: {
      int32_t size = parquet::DecimalRequiredBytes(type.precision());
      return fmt::format(
          "{{\"type\":\"fixed\",\"name\":\"decimal_{}_{}\",\"size\":{},\"logicalType\":\"decimal\","
          "\"precision\":{},\"scale\":{}}}",
          type.precision(), type.scale(), size, type.precision(), type.scale());
    }
    default:
      return NotSupported("type {} in a partition struct", type.ToString());
  }
}

Result<std::string> ManifestEntryAvroSchemaJson(const Type& partition_type, int32_t format_version) {
  std::string partition_fields;
  for (const NestedField& f : partition_type.fields()) {
    FIRN_ASSIGN_OR_RETURN(std::string t, PrimitiveAvroTypeJson(f.type));
    if (!partition_fields.empty()) partition_fields += ",";
    partition_fields += FieldJson(f.name, t, f.id.value(), true);
  }
  const std::string partition =
      fmt::format("{{\"type\":\"record\",\"name\":\"r102\",\"fields\":[{}]}}", partition_fields);
  const bool v2 = format_version >= 2;
  std::vector<std::string> df;
  if (v2) df.push_back(FieldJson("content", "\"int\"", 134, false, "Contents of the file: 0=data, 1=position deletes, 2=equality deletes"));
  df.push_back(FieldJson("file_path", "\"string\"", 100, false, "Location URI with FS scheme"));
  df.push_back(FieldJson("file_format", "\"string\"", 101, false, "File format name: avro, orc, or parquet"));
  df.push_back(FieldJson("partition", partition, 102, false, "Partition data tuple, schema based on the partition spec"));
  df.push_back(FieldJson("record_count", "\"long\"", 103, false, "Number of records in the file"));
  df.push_back(FieldJson("file_size_in_bytes", "\"long\"", 104, false, "Total file size in bytes"));
  if (!v2) df.push_back(FieldJson("block_size_in_bytes", "\"long\"", 105, false));
  df.push_back(FieldJson("column_sizes", IntMapJson(117, 118, "long"), 108, true, "Map of column id to total size on disk"));
  df.push_back(FieldJson("value_counts", IntMapJson(119, 120, "long"), 109, true, "Map of column id to total count, including null and NaN"));
  df.push_back(FieldJson("null_value_counts", IntMapJson(121, 122, "long"), 110, true, "Map of column id to null value count"));
  df.push_back(FieldJson("nan_value_counts", IntMapJson(138, 139, "long"), 137, true, "Map of column id to number of NaN values in the column"));
  df.push_back(FieldJson("lower_bounds", IntMapJson(126, 127, "bytes"), 125, true, "Map of column id to lower bound"));
  df.push_back(FieldJson("upper_bounds", IntMapJson(129, 130, "bytes"), 128, true, "Map of column id to upper bound"));
  df.push_back(FieldJson("key_metadata", "\"bytes\"", 131, true, "Encryption key metadata blob"));
  df.push_back(FieldJson("split_offsets", ArrayJson("long", 133), 132, true, "Splittable offsets"));
  if (v2) df.push_back(FieldJson("equality_ids", ArrayJson("int", 136), 135, true, "Equality comparison field IDs"));
  df.push_back(FieldJson("sort_order_id", "\"int\"", 140, true, "Sort order ID"));
  std::string data_file = "{\"type\":\"record\",\"name\":\"r2\",\"fields\":[";
  for (size_t i = 0; i < df.size(); ++i) data_file += (i ? "," : "") + df[i];
  data_file += "]}";

  std::vector<std::string> entry;
  entry.push_back(FieldJson("status", "\"int\"", 0, false));
  entry.push_back(FieldJson("snapshot_id", "\"long\"", 1, v2));
  if (v2) {
    entry.push_back(FieldJson("sequence_number", "\"long\"", 3, true));
    entry.push_back(FieldJson("file_sequence_number", "\"long\"", 4, true));
  }
  entry.push_back(FieldJson("data_file", data_file, 2, false));
  std::string out = "{\"type\":\"record\",\"name\":\"manifest_entry\",\"fields\":[";
  for (size_t i = 0; i < entry.size(); ++i) out += (i ? "," : "") + entry[i];
  out += "]}";
  return out;
}

std::string ManifestListAvroSchemaJson(int32_t format_version) {
  const bool v2 = format_version >= 2;
  const std::string summary =
      "{\"type\":\"record\",\"name\":\"r508\",\"fields\":[" +
      FieldJson("contains_null", "\"boolean\"", 509, false, "True if any file has a null partition value") + "," +
      FieldJson("contains_nan", "\"boolean\"", 518, true, "True if any file has a nan partition value") + "," +
      FieldJson("lower_bound", "\"bytes\"", 510, true, "Partition lower bound for all files") + "," +
      FieldJson("upper_bound", "\"bytes\"", 511, true, "Partition upper bound for all files") + "]}";
  const std::string partitions =
      fmt::format("{{\"type\":\"array\",\"items\":{},\"element-id\":508}}", summary);
  std::vector<std::string> f;
  f.push_back(FieldJson("manifest_path", "\"string\"", 500, false, "Location URI with FS scheme"));
  f.push_back(FieldJson("manifest_length", "\"long\"", 501, false, "Total file size in bytes"));
  f.push_back(FieldJson("partition_spec_id", "\"int\"", 502, false, "Spec ID used to write"));
  if (v2) {
    f.push_back(FieldJson("content", "\"int\"", 517, false, "Contents of the manifest: 0=data, 1=deletes"));
    f.push_back(FieldJson("sequence_number", "\"long\"", 515, false, "Sequence number when the manifest was added"));
    f.push_back(FieldJson("min_sequence_number", "\"long\"", 516, false, "Lowest sequence number in the manifest"));
  }
  f.push_back(FieldJson("added_snapshot_id", "\"long\"", 503, !v2, "Snapshot ID that added the manifest"));
  const char* added = v2 ? "added_files_count" : "added_data_files_count";
  const char* existing = v2 ? "existing_files_count" : "existing_data_files_count";
  const char* deleted = v2 ? "deleted_files_count" : "deleted_data_files_count";
  f.push_back(FieldJson(added, "\"int\"", 504, !v2, "Added entry count"));
  f.push_back(FieldJson(existing, "\"int\"", 505, !v2, "Existing entry count"));
  f.push_back(FieldJson(deleted, "\"int\"", 506, !v2, "Deleted entry count"));
  f.push_back(FieldJson("added_rows_count", "\"long\"", 512, !v2, "Added rows count"));
  f.push_back(FieldJson("existing_rows_count", "\"long\"", 513, !v2, "Existing rows count"));
  f.push_back(FieldJson("deleted_rows_count", "\"long\"", 514, !v2, "Deleted rows count"));
  f.push_back(FieldJson("partitions", partitions, 507, true, "Summary for each partition"));
  f.push_back(FieldJson("key_metadata", "\"bytes\"", 519, true, "Encryption key metadata blob"));
  std::string out = "{\"type\":\"record\",\"name\":\"manifest_file\",\"fields\":[";
  for (size_t i = 0; i < f.size(); ++i) out += (i ? "," : "") + f[i];
  out += "]}";
  return out;
}

Result<Type> IcebergTypeOfAvro(const avro::Node& node) {
  const std::string& lt = node.logical_type;
  auto adjust = avro::FindAttribute(node.attributes, "adjust-to-utc");
  const bool utc = adjust != nullptr && adjust->json == "true";
  switch (node.type) {
    case avro::Type::kBoolean:
      return Type::Boolean();
    case avro::Type::kInt:
      return lt == "date" ? Type::Date() : Type::Int();
    case avro::Type::kLong:
      if (lt == "time-micros") return Type::Time();
      if (lt == "timestamp-micros") return utc ? Type::TimestampTz() : Type::Timestamp();
      if (lt == "timestamp-nanos") return utc ? Type::TimestampTzNs() : Type::TimestampNs();
      return Type::Long();
    case avro::Type::kFloat:
      return Type::Float();
    case avro::Type::kDouble:
      return Type::Double();
    case avro::Type::kString:
      return lt == "uuid" ? Type::Uuid() : Type::String();
    case avro::Type::kBytes:
      if (lt == "decimal") {
        return Type::Decimal(static_cast<int32_t>(node.precision.value_or(38)),
                             static_cast<int32_t>(node.scale.value_or(0)));
      }
      return Type::Binary();
    case avro::Type::kFixed:
      if (lt == "uuid") return Type::Uuid();
      if (lt == "decimal") {
        return Type::Decimal(static_cast<int32_t>(node.precision.value_or(38)),
                             static_cast<int32_t>(node.scale.value_or(0)));
      }
      return Type::Fixed(node.size);
    case avro::Type::kUnion:
      for (const avro::Node* branch : node.children) {
        if (branch->type != avro::Type::kNull) return IcebergTypeOfAvro(*branch);
      }
      break;
    default:
      break;
  }
  return NotSupported("Avro type {} as a partition value", avro::TypeName(node.type));
}

Result<avro::Value> LiteralToAvro(const Literal& lit) {
  if (lit.is_null()) return avro::Value::Null().WithBranch(0);
  avro::Value v;
  switch (lit.type.id()) {
    case TypeId::kBoolean:
      v = avro::Value::Boolean(std::get<bool>(lit.value));
      break;
    case TypeId::kInt:
    case TypeId::kDate:
      v = avro::Value::Int(lit.int32());
      break;
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs:
      v = avro::Value::Long(lit.int64());
      break;
    case TypeId::kFloat:
      v = avro::Value::Float(std::get<float>(lit.value));
      break;
    case TypeId::kDouble:
      v = avro::Value::Double(std::get<double>(lit.value));
      break;
    case TypeId::kString:
      v = avro::Value::String(lit.bytes());
      break;
    case TypeId::kBinary:
      v = avro::Value::Bytes(lit.bytes());
      break;
    case TypeId::kUuid:
    case TypeId::kFixed:
      v = avro::Value::Fixed(lit.bytes());
      break;
    case TypeId::kDecimal: {
      // Fixed of the precision's size, big-endian two's complement, sign-extended.
      const size_t size = static_cast<size_t>(parquet::DecimalRequiredBytes(lit.type.precision()));
      std::string bytes(size, '\0');
      const Int128 unscaled = lit.unscaled();
      const auto u = static_cast<unsigned __int128>(unscaled);
      for (size_t i = 0; i < size; ++i) {
        uint8_t byte = i < 16 ? static_cast<uint8_t>(u >> (8 * i)) : (unscaled < 0 ? 0xff : 0);
        bytes[size - 1 - i] = static_cast<char>(byte);
      }
      v = avro::Value::Fixed(std::move(bytes));
      break;
    }
    default:
      return NotSupported("partition value of type {}", lit.type.ToString());
  }
  return std::move(v).WithBranch(1);
}

Result<Literal> LiteralFromAvro(const Type& type, const avro::Value& v) {
  if (v.is_null()) return Literal::Null(type);
  switch (type.id()) {
    case TypeId::kBoolean:
      if (v.type() == avro::Type::kBoolean) return Literal{type, v.boolean()};
      break;
    case TypeId::kInt:
    case TypeId::kDate:
      if (v.type() == avro::Type::kInt) return Literal{type, v.int_value()};
      break;
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs:
      if (v.type() == avro::Type::kLong) return Literal{type, v.long_value()};
      if (v.type() == avro::Type::kInt) return Literal{type, int64_t{v.int_value()}};
      break;
    case TypeId::kFloat:
      if (v.type() == avro::Type::kFloat) return Literal{type, v.float_value()};
      break;
    case TypeId::kDouble:
      if (v.type() == avro::Type::kDouble) return Literal{type, v.double_value()};
      if (v.type() == avro::Type::kFloat) return Literal{type, double{v.float_value()}};
      break;
    case TypeId::kString:
      if (v.type() == avro::Type::kString) return Literal{type, v.string()};
      break;
    case TypeId::kBinary:
    case TypeId::kFixed:
      if (v.type() == avro::Type::kBytes || v.type() == avro::Type::kFixed) return Literal{type, v.bytes()};
      break;
    case TypeId::kUuid:
      if (v.type() == avro::Type::kFixed && v.bytes().size() == 16) return Literal{type, v.bytes()};
      if (v.type() == avro::Type::kString) return Literal::ParseUuid(v.string());
      break;
    case TypeId::kDecimal:
      if (v.type() == avro::Type::kFixed || v.type() == avro::Type::kBytes) {
        FIRN_ASSIGN_OR_RETURN(Int128 unscaled, DecimalFromBytes(v.bytes()));
        return Literal{type, unscaled};
      }
      break;
    default:
      break;
  }
  return Corrupt("partition value of Avro type {} does not fit Iceberg type {}",
                 avro::TypeName(v.type()), type.ToString());
}

}  // namespace firn::iceberg
