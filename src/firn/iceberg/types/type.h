// Type: an Iceberg data type (spec "Schemas and Data Types"), as an immutable value.
//
// Primitives carry their parameters (decimal precision/scale, fixed length). Nested types
// carry their child fields, shared immutably between copies:
//   struct  children = the fields
//   list    children = {element}  (name "element", id = element-id, required = element-required)
//   map     children = {key, value} (names "key"/"value"; the key is always required)
// so that schema indexing and evolution treat every nested id uniformly, as Java does.
//
// The string form is the spec's JSON type string: "decimal(9, 2)" (Java's spelling; both
// "decimal(9,2)" and "decimal(9, 2)" parse), "fixed[16]", "timestamptz".
//
// Thread-safety: immutable; safe to share.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "firn/common/result.h"

namespace firn::iceberg {

struct NestedField;

enum class TypeId : int8_t {
  kBoolean,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kDecimal,
  kDate,
  kTime,
  kTimestamp,
  kTimestampTz,
  kTimestampNs,
  kTimestampTzNs,
  kString,
  kUuid,
  kFixed,
  kBinary,
  kStruct,
  kList,
  kMap,
};

class Type {
 public:
  // Defaults to boolean; use the factories.
  Type() = default;

  static Type Boolean() { return Type(TypeId::kBoolean); }
  static Type Int() { return Type(TypeId::kInt); }
  static Type Long() { return Type(TypeId::kLong); }
  static Type Float() { return Type(TypeId::kFloat); }
  static Type Double() { return Type(TypeId::kDouble); }
  // REQUIRES: 1 <= precision <= 38, 0 <= scale <= precision (checked by ParsePrimitive).
  static Type Decimal(int32_t precision, int32_t scale);
  static Type Date() { return Type(TypeId::kDate); }
  static Type Time() { return Type(TypeId::kTime); }
  static Type Timestamp() { return Type(TypeId::kTimestamp); }
  static Type TimestampTz() { return Type(TypeId::kTimestampTz); }
  static Type TimestampNs() { return Type(TypeId::kTimestampNs); }
  static Type TimestampTzNs() { return Type(TypeId::kTimestampTzNs); }
  static Type String() { return Type(TypeId::kString); }
  static Type Uuid() { return Type(TypeId::kUuid); }
  static Type Fixed(int32_t length);
  static Type Binary() { return Type(TypeId::kBinary); }
  static Type Struct(std::vector<NestedField> fields);
  static Type List(int32_t element_id, bool element_required, Type element);
  static Type Map(int32_t key_id, Type key, int32_t value_id, bool value_required, Type value);

  // Parses a primitive type string ("long", "decimal(9,2)", "fixed[16]").
  static Result<Type> ParsePrimitive(std::string_view s);

  TypeId id() const { return id_; }
  bool is_primitive() const { return id_ < TypeId::kStruct; }
  bool is_nested() const { return !is_primitive(); }
  int32_t precision() const { return a_; }  // decimal
  int32_t scale() const { return b_; }      // decimal
  int32_t length() const { return a_; }     // fixed

  // Struct fields, {element} of a list, {key, value} of a map; empty for primitives.
  const std::vector<NestedField>& fields() const;
  // REQUIRES: list.
  const NestedField& element() const;
  // REQUIRES: map.
  const NestedField& key() const;
  const NestedField& value() const;

  // Primitives: the spec string. Nested: "struct<1: a: optional int, ...>"-style text for
  // messages (JSON is in schema_json.h).
  std::string ToString() const;

  bool operator==(const Type& other) const;

 private:
  explicit Type(TypeId id) : id_(id) {}

  TypeId id_ = TypeId::kBoolean;
  int32_t a_ = 0;
  int32_t b_ = 0;
  std::shared_ptr<const std::vector<NestedField>> children_;
};

}  // namespace firn::iceberg
