// parquet.thrift's LogicalType union and its member structs (apache/parquet-format
// LogicalTypes.md), as plain structs with the spec's field spelling.
//
// These are the wire shapes. schema/schema.h has firn's own Parquet-level LogicalType; the
// two live in different namespaces on purpose, and schema_thrift converts between them.
#pragma once

#include <cstdint>
#include <variant>

namespace firn::parquet::format {

// union TimeUnit { 1: MilliSeconds MILLIS  2: MicroSeconds MICROS  3: NanoSeconds NANOS }.
// Every member is an empty struct, so the union is held as the id of the member that is
// set. An id this build does not know is kept as-is; readers must reject it.
enum class TimeUnit : int16_t {
  MILLIS = 1,
  MICROS = 2,
  NANOS = 3,
};

struct StringType {  // STRING (1): UTF-8 BYTE_ARRAY
  bool operator==(const StringType&) const = default;
};
struct MapType {  // MAP (2)
  bool operator==(const MapType&) const = default;
};
struct ListType {  // LIST (3)
  bool operator==(const ListType&) const = default;
};
struct EnumType {  // ENUM (4)
  bool operator==(const EnumType&) const = default;
};
struct DecimalType {  // DECIMAL (5)
  int32_t scale = 0;      // digits after the decimal point; 0 <= scale <= precision
  int32_t precision = 0;  // total digits; > 0
  bool operator==(const DecimalType&) const = default;
};
struct DateType {  // DATE (6): days since the Unix epoch, INT32
  bool operator==(const DateType&) const = default;
};
struct TimeType {  // TIME (7)
  bool isAdjustedToUTC = false;       // instant (true) or local time (false)
  TimeUnit unit = TimeUnit::MILLIS;  // resolution
  bool operator==(const TimeType&) const = default;
};
struct TimestampType {  // TIMESTAMP (8)
  bool isAdjustedToUTC = false;       // instant (true) or local date-time (false)
  TimeUnit unit = TimeUnit::MILLIS;  // resolution
  bool operator==(const TimestampType&) const = default;
};
struct IntType {  // INTEGER (10)
  int8_t bitWidth = 0;    // 8, 16, 32 or 64
  bool isSigned = false;  // signed or unsigned
  bool operator==(const IntType&) const = default;
};
struct NullType {  // UNKNOWN (11): always null
  bool operator==(const NullType&) const = default;
};
struct JsonType {  // JSON (12)
  bool operator==(const JsonType&) const = default;
};
struct BsonType {  // BSON (13)
  bool operator==(const BsonType&) const = default;
};
struct UUIDType {  // UUID (14): FIXED_LEN_BYTE_ARRAY(16)
  bool operator==(const UUIDType&) const = default;
};
struct Float16Type {  // FLOAT16 (15): FIXED_LEN_BYTE_ARRAY(2)
  bool operator==(const Float16Type&) const = default;
};
// A member of the union this build does not model (VARIANT = 16, GEOMETRY = 17,
// GEOGRAPHY = 18, VECTOR = 19, or later). TODO: model them when firn supports them. Its
// contents are skipped on read and written back as an empty struct, so readers must
// reject a column that carries one rather than treat it as unannotated.
struct UnknownLogicalType {
  int16_t field_id = 0;  // the union member's field id
  bool operator==(const UnknownLogicalType&) const = default;
};

// union LogicalType; the alternative's field id is noted beside each struct above.
using LogicalType =
    std::variant<StringType, MapType, ListType, EnumType, DecimalType, DateType, TimeType,
                 TimestampType, IntType, NullType, JsonType, BsonType, UUIDType, Float16Type,
                 UnknownLogicalType>;

}  // namespace firn::parquet::format
