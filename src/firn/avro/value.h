// Value: a generic Avro datum, read and written against a schema (value_codec.h).
//
// A Value has the Type of the schema node it belongs to (never kUnion): a value of a union
// is the value of one branch, with branch() telling which (-1 if unset; the encoder then
// picks the first branch of the value's type). Records hold their fields as a vector in
// schema order; look names up once with Node::FieldIndex. Maps keep their entries in order
// as parallel key and value vectors.
//
//   Value v = Value::Record({Value::Int(1), Value::Long(7).WithBranch(1)});
//
// Thread-safety: a plain value.
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "firn/avro/schema.h"

namespace firn::avro {

class Value {
 public:
  Value() = default;  // null

  static Value Null() { return Value(); }
  static Value Boolean(bool v) {
    Value r(Type::kBoolean);
    r.scalar_.b = v;
    return r;
  }
  static Value Int(int32_t v) {
    Value r(Type::kInt);
    r.scalar_.i = v;
    return r;
  }
  static Value Long(int64_t v) {
    Value r(Type::kLong);
    r.scalar_.l = v;
    return r;
  }
  static Value Float(float v) {
    Value r(Type::kFloat);
    r.scalar_.f = v;
    return r;
  }
  static Value Double(double v) {
    Value r(Type::kDouble);
    r.scalar_.d = v;
    return r;
  }
  static Value Enum(int32_t index) {
    Value r(Type::kEnum);
    r.scalar_.i = index;
    return r;
  }
  static Value Bytes(std::string v) { return WithString(Type::kBytes, std::move(v)); }
  static Value String(std::string v) { return WithString(Type::kString, std::move(v)); }
  static Value Fixed(std::string v) { return WithString(Type::kFixed, std::move(v)); }
  static Value Record(std::vector<Value> fields) {
    return WithChildren(Type::kRecord, std::move(fields));
  }
  static Value Array(std::vector<Value> items) {
    return WithChildren(Type::kArray, std::move(items));
  }
  static Value Map(std::vector<std::pair<std::string, Value>> entries);

  // Marks this as the value of union branch `branch`.
  Value&& WithBranch(int32_t branch) && {
    branch_ = branch;
    return std::move(*this);
  }
  void set_branch(int32_t branch) { branch_ = branch; }

  Type type() const { return type_; }
  int32_t branch() const { return branch_; }
  bool is_null() const { return type_ == Type::kNull; }

  // Accessors. REQUIRES: type() is the one named.
  bool boolean() const { return scalar_.b; }
  int32_t int_value() const { return scalar_.i; }  // kInt
  int64_t long_value() const { return scalar_.l; }
  float float_value() const { return scalar_.f; }
  double double_value() const { return scalar_.d; }
  int32_t enum_index() const { return scalar_.i; }
  const std::string& bytes() const { return str_; }  // kBytes, kString, kFixed
  const std::string& string() const { return str_; }
  const std::vector<Value>& fields() const { return children_; }  // kRecord
  std::vector<Value>& mutable_fields() { return children_; }
  const std::vector<Value>& items() const { return children_; }   // kArray; map values
  const std::vector<std::string>& keys() const { return keys_; }  // kMap

  bool operator==(const Value& other) const;

  // Building in place (the decoder reuses Values).
  void Reset(Type type) {
    type_ = type;
    branch_ = -1;
    scalar_.l = 0;
    str_.clear();
    children_.clear();
    keys_.clear();
  }
  // Scalar setters; REQUIRES: Reset(type) with the matching type first.
  void set_boolean(bool v) { scalar_.b = v; }
  void set_int(int32_t v) { scalar_.i = v; }  // kInt, kEnum
  void set_long(int64_t v) { scalar_.l = v; }
  void set_float(float v) { scalar_.f = v; }
  void set_double(double v) { scalar_.d = v; }
  std::string& mutable_string() { return str_; }
  std::vector<Value>& mutable_children() { return children_; }
  std::vector<std::string>& mutable_keys() { return keys_; }

 private:
  explicit Value(Type type) : type_(type) {}
  static Value WithString(Type type, std::string v) {
    Value r(type);
    r.str_ = std::move(v);
    return r;
  }
  static Value WithChildren(Type type, std::vector<Value> c) {
    Value r(type);
    r.children_ = std::move(c);
    return r;
  }

  Type type_ = Type::kNull;
  int32_t branch_ = -1;
  union {
    bool b;
    int32_t i;
    int64_t l;
    float f;
    double d;
  } scalar_{.l = 0};
  std::string str_;                // bytes, string, fixed
  std::vector<Value> children_;    // record fields, array items, map values
  std::vector<std::string> keys_;  // map keys
};

}  // namespace firn::avro
