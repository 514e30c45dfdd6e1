#include "firn/avro/value.h"

namespace firn::avro {

Value Value::Map(std::vector<std::pair<std::string, Value>> entries) {
  Value r(Type::kMap);
  r.keys_.reserve(entries.size());
  r.children_.reserve(entries.size());
  for (auto& [k, v] : entries) {
    r.keys_.push_back(std::move(k));
    r.children_.push_back(std::move(v));
  }
  return r;
}

bool Value::operator==(const Value& other) const {
  if (type_ != other.type_ || branch_ != other.branch_) return false;
  switch (type_) {
    case Type::kNull:
      return true;
    case Type::kBoolean:
      return scalar_.b == other.scalar_.b;
    case Type::kInt:
    case Type::kEnum:
      return scalar_.i == other.scalar_.i;
    case Type::kLong:
      return scalar_.l == other.scalar_.l;
    case Type::kFloat:
      return scalar_.f == other.scalar_.f;
    case Type::kDouble:
      return scalar_.d == other.scalar_.d;
    case Type::kBytes:
    case Type::kString:
    case Type::kFixed:
      return str_ == other.str_;
    case Type::kRecord:
    case Type::kArray:
      return children_ == other.children_;
    case Type::kMap:
      return keys_ == other.keys_ && children_ == other.children_;
    case Type::kUnion:
      return false;
  }
  return false;
}

}  // namespace firn::avro
