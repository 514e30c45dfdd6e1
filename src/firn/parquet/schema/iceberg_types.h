// Builders that map each Iceberg type onto its Parquet representation, exactly as the
// Iceberg table spec's "Appendix A: Format-specific Requirements / Parquet" says. Every
// node that carries an Iceberg field gets its field_id; the synthetic `list` and
// `key_value` repeated groups carry none, as in Iceberg's Java writer.
//
//   SchemaNode root = IcebergStruct("table", std::nullopt, true, {
//       IcebergPrimitive("id", 1, true, IcebergPrimitiveType::kLong),
//       IcebergList("tags", 2, false, 3, false, IcebergPrimitive("element", 3, false, kString))});
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "firn/parquet/schema/schema.h"

namespace firn::parquet {

enum class IcebergPrimitiveType : int8_t {
  kBoolean, kInt, kLong, kFloat, kDouble, kDate, kTime, kTimestamp, kTimestampTz,
  kTimestampNs, kTimestampTzNs, kString, kUuid, kBinary
};

// A primitive without parameters. `required` maps to Parquet's required/optional.
SchemaNode IcebergPrimitive(std::string name, std::optional<int32_t> field_id, bool required,
                            IcebergPrimitiveType type);
// decimal(P,S): INT32 for P <= 9, INT64 for P <= 18, else the smallest FIXED_LEN_BYTE_ARRAY.
SchemaNode IcebergDecimal(std::string name, std::optional<int32_t> field_id, bool required,
                          int32_t precision, int32_t scale);
// fixed(L): FIXED_LEN_BYTE_ARRAY(L).
SchemaNode IcebergFixed(std::string name, std::optional<int32_t> field_id, bool required,
                        int32_t length);
SchemaNode IcebergStruct(std::string name, std::optional<int32_t> field_id, bool required,
                         std::vector<SchemaNode> fields);
// list<element>: <repetition> group name (LIST) { repeated group list { element } }.
// `element` is renamed to "element"; its field id is the list's element-id.
SchemaNode IcebergList(std::string name, std::optional<int32_t> field_id, bool required,
                       SchemaNode element);
// map<key, value>: group name (MAP) { repeated group key_value { required key; value } }.
SchemaNode IcebergMap(std::string name, std::optional<int32_t> field_id, bool required,
                      SchemaNode key, SchemaNode value);

// The number of bytes Iceberg uses for a decimal of this precision stored as fixed.
int32_t DecimalRequiredBytes(int32_t precision);

}  // namespace firn::parquet
