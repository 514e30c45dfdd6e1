// Schemas shared by the avro tests.
#pragma once

#include <string_view>

namespace firn::avro::testing {

// Every type, logical types, Iceberg attributes, a named-type reference and a recursive
// record.
inline constexpr std::string_view kEveryTypeSchema = R"({
  "type": "record", "name": "everything", "namespace": "firn.test",
  "fields": [
    {"name": "b", "type": "boolean", "field-id": 1},
    {"name": "i", "type": "int", "field-id": 2, "doc": "an int"},
    {"name": "l", "type": "long", "field-id": 3},
    {"name": "f", "type": "float", "field-id": 4},
    {"name": "d", "type": "double", "field-id": 5},
    {"name": "by", "type": "bytes", "field-id": 6},
    {"name": "s", "type": "string", "field-id": 7},
    {"name": "n", "type": "null", "field-id": 8},
    {"name": "e", "type": {"type": "enum", "name": "color", "symbols": ["RED", "GREEN", "BLUE"]}, "field-id": 9},
    {"name": "fx", "type": {"type": "fixed", "name": "md5", "size": 4}, "field-id": 10},
    {"name": "fx2", "type": "md5", "field-id": 11},
    {"name": "opt", "type": ["null", "long"], "default": null, "field-id": 12},
    {"name": "tags", "type": {"type": "array", "items": "string", "element-id": 14}, "field-id": 13},
    {"name": "props", "type": {"type": "map", "values": ["null", "int"], "key-id": 16, "value-id": 17}, "field-id": 15},
    {"name": "kv", "type": {"type": "array", "logicalType": "map", "items": {"type": "record", "name": "k18_v19",
       "fields": [{"name": "key", "type": "int", "field-id": 18}, {"name": "value", "type": "bytes", "field-id": 19}]}}, "field-id": 20},
    {"name": "dec", "type": {"type": "fixed", "name": "dec9", "size": 9, "logicalType": "decimal", "precision": 20, "scale": 2}, "field-id": 21},
    {"name": "date", "type": {"type": "int", "logicalType": "date"}, "field-id": 22},
    {"name": "ts", "type": {"type": "long", "logicalType": "timestamp-micros", "adjust-to-utc": true}, "field-id": 23},
    {"name": "uuid", "type": {"type": "fixed", "name": "uuid_fixed", "size": 16, "logicalType": "uuid"}, "field-id": 24},
    {"name": "next", "type": ["null", "everything"], "default": null, "field-id": 25},
    {"name": "u", "type": ["null", "string", "double", "color"], "field-id": 26}
  ]
})";

}  // namespace firn::avro::testing
