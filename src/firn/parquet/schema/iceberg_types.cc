#include "firn/parquet/schema/iceberg_types.h"

#include <cmath>
#include <utility>

namespace firn::parquet {
namespace {

using Kind = LogicalType::Kind;

SchemaNode Leaf(std::string name, std::optional<int32_t> id, bool required, PhysicalType p,
                LogicalType lt = {}) {
  SchemaNode n;
  n.name = std::move(name);
  n.field_id = id;
  n.repetition = required ? Repetition::kRequired : Repetition::kOptional;
  n.physical = p;
  n.logical = lt;
  return n;
}

LogicalType Time(Kind kind, TimeUnit unit, bool utc) {
  LogicalType lt;
  lt.kind = kind;
  lt.unit = unit;
  lt.adjusted_to_utc = utc;
  return lt;
}

}  // namespace

SchemaNode IcebergPrimitive(std::string name, std::optional<int32_t> id, bool required,
                            IcebergPrimitiveType type) {
  using T = IcebergPrimitiveType;
  switch (type) {
    case T::kBoolean: return Leaf(std::move(name), id, required, PhysicalType::kBoolean);
    case T::kInt: return Leaf(std::move(name), id, required, PhysicalType::kInt32);
    case T::kLong: return Leaf(std::move(name), id, required, PhysicalType::kInt64);
    case T::kFloat: return Leaf(std::move(name), id, required, PhysicalType::kFloat);
    case T::kDouble: return Leaf(std::move(name), id, required, PhysicalType::kDouble);
    case T::kDate:
      return Leaf(std::move(name), id, required, PhysicalType::kInt32, LogicalType{.kind = Kind::kDate});
    case T::kTime:
      return Leaf(std::move(name), id, required, PhysicalType::kInt64,
                  Time(Kind::kTime, TimeUnit::kMicros, false));
    case T::kTimestamp:
      return Leaf(std::move(name), id, required, PhysicalType::kInt64,
                  Time(Kind::kTimestamp, TimeUnit::kMicros, false));
    case T::kTimestampTz:
      return Leaf(std::move(name), id, required, PhysicalType::kInt64,
                  Time(Kind::kTimestamp, TimeUnit::kMicros, true));
    case T::kTimestampNs:
      return Leaf(std::move(name), id, required, PhysicalType::kInt64,
                  Time(Kind::kTimestamp, TimeUnit::kNanos, false));
    case T::kTimestampTzNs:
      return Leaf(std::move(name), id, required, PhysicalType::kInt64,
                  Time(Kind::kTimestamp, TimeUnit::kNanos, true));
    case T::kString:
      return Leaf(std::move(name), id, required, PhysicalType::kByteArray,
                  LogicalType{.kind = Kind::kString});
    case T::kUuid: {
      SchemaNode n = Leaf(std::move(name), id, required, PhysicalType::kFixedLenByteArray,
                          LogicalType{.kind = Kind::kUuid});
      n.type_length = 16;
      return n;
    }
    case T::kBinary: return Leaf(std::move(name), id, required, PhysicalType::kByteArray);
  }
  return Leaf(std::move(name), id, required, PhysicalType::kByteArray);
}

int32_t DecimalRequiredBytes(int32_t precision) {
  // The smallest L with 2^(8L-1) - 1 >= 10^precision - 1.
  for (int32_t len = 1; len <= 32; ++len) {
    if ((8.0 * len - 1) * std::log10(2.0) >= precision) return len;
  }
  return 32;
}

SchemaNode IcebergDecimal(std::string name, std::optional<int32_t> id, bool required,
                          int32_t precision, int32_t scale) {
  LogicalType lt{.kind = Kind::kDecimal, .precision = precision, .scale = scale};
  if (precision <= 9) return Leaf(std::move(name), id, required, PhysicalType::kInt32, lt);
  if (precision <= 18) return Leaf(std::move(name), id, required, PhysicalType::kInt64, lt);
  SchemaNode n = Leaf(std::move(name), id, required, PhysicalType::kFixedLenByteArray, lt);
  n.type_length = DecimalRequiredBytes(precision);
  return n;
}

SchemaNode IcebergFixed(std::string name, std::optional<int32_t> id, bool required,
                        int32_t length) {
  SchemaNode n = Leaf(std::move(name), id, required, PhysicalType::kFixedLenByteArray);
  n.type_length = length;
  return n;
}

SchemaNode IcebergStruct(std::string name, std::optional<int32_t> id, bool required,
                         std::vector<SchemaNode> fields) {
  SchemaNode n;
  n.name = std::move(name);
  n.field_id = id;
  n.repetition = required ? Repetition::kRequired : Repetition::kOptional;
  n.is_group = true;
  n.children = std::move(fields);
  return n;
}

SchemaNode IcebergList(std::string name, std::optional<int32_t> id, bool required,
                       SchemaNode element) {
  element.name = "element";
  SchemaNode repeated = IcebergStruct("list", std::nullopt, false, {std::move(element)});
  repeated.repetition = Repetition::kRepeated;
  SchemaNode n = IcebergStruct(std::move(name), id, required, {std::move(repeated)});
  n.logical.kind = Kind::kList;
  return n;
}

SchemaNode IcebergMap(std::string name, std::optional<int32_t> id, bool required, SchemaNode key,
                      SchemaNode value) {
  key.name = "key";
  key.repetition = Repetition::kRequired;
  value.name = "value";
  SchemaNode kv = IcebergStruct("key_value", std::nullopt, false, {std::move(key), std::move(value)});
  kv.repetition = Repetition::kRepeated;
  SchemaNode n = IcebergStruct(std::move(name), id, required, {std::move(kv)});
  n.logical.kind = Kind::kMap;
  return n;
}

}  // namespace firn::parquet
