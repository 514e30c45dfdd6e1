#include "firn/iceberg/types/type.h"

#include <array>
#include <cassert>
#include <charconv>
#include <utility>

#include "firn/iceberg/types/nested_field.h"

namespace firn::iceberg {
namespace {

constexpr std::array<std::pair<std::string_view, TypeId>, 14> kSimple = {{
    {"boolean", TypeId::kBoolean},
    {"int", TypeId::kInt},
    {"long", TypeId::kLong},
    {"float", TypeId::kFloat},
    {"double", TypeId::kDouble},
    {"date", TypeId::kDate},
    {"time", TypeId::kTime},
    {"timestamp", TypeId::kTimestamp},
    {"timestamptz", TypeId::kTimestampTz},
    {"timestamp_ns", TypeId::kTimestampNs},
    {"timestamptz_ns", TypeId::kTimestampTzNs},
    {"string", TypeId::kString},
    {"uuid", TypeId::kUuid},
    {"binary", TypeId::kBinary},
}};

const std::vector<NestedField>& EmptyFields() {
  static const std::vector<NestedField> kEmpty;
  return kEmpty;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
  return s;
}

bool ParseInt(std::string_view s, int32_t& out) {
  s = Trim(s);
  auto r = std::from_chars(s.data(), s.data() + s.size(), out);
  return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

}  // namespace

Type Type::Decimal(int32_t precision, int32_t scale) {
  Type t(TypeId::kDecimal);
  t.a_ = precision;
  t.b_ = scale;
  return t;
}

Type Type::Fixed(int32_t length) {
  Type t(TypeId::kFixed);
  t.a_ = length;
  return t;
}

Type Type::Struct(std::vector<NestedField> fields) {
  Type t(TypeId::kStruct);
  t.children_ = std::make_shared<const std::vector<NestedField>>(std::move(fields));
  return t;
}

Type Type::List(int32_t element_id, bool element_required, Type element) {
  Type t(TypeId::kList);
  std::vector<NestedField> children;
  children.push_back(
      NestedField{FieldId(element_id), "element", element_required, std::move(element)});
  t.children_ = std::make_shared<const std::vector<NestedField>>(std::move(children));
  return t;
}

Type Type::Map(int32_t key_id, Type key, int32_t value_id, bool value_required, Type value) {
  Type t(TypeId::kMap);
  std::vector<NestedField> children;
  children.push_back(NestedField{FieldId(key_id), "key", true, std::move(key)});
  children.push_back(NestedField{FieldId(value_id), "value", value_required, std::move(value)});
  t.children_ = std::make_shared<const std::vector<NestedField>>(std::move(children));
  return t;
}

Result<Type> Type::ParsePrimitive(std::string_view s) {
  for (const auto& [name, id] : kSimple) {
    if (s == name) return Type(id);
  }
  if (s.starts_with("decimal(") && s.ends_with(")")) {
    std::string_view inner = s.substr(8, s.size() - 9);
    size_t comma = inner.find(',');
    int32_t p, sc;
    if (comma == std::string_view::npos || !ParseInt(inner.substr(0, comma), p) ||
        !ParseInt(inner.substr(comma + 1), sc)) {
      return InvalidArgument("invalid decimal type '{}'", s);
    }
    if (p < 1 || p > 38 || sc < 0 || sc > p) {
      return InvalidArgument(
          "invalid decimal type '{}': precision must be 1..38 and scale 0..precision", s);
    }
    return Decimal(p, sc);
  }
  if (s.starts_with("fixed[") && s.ends_with("]")) {
    int32_t len;
    if (!ParseInt(s.substr(6, s.size() - 7), len) || len < 1) {
      return InvalidArgument("invalid fixed type '{}'", s);
    }
    return Fixed(len);
  }
  return InvalidArgument("unknown type '{}'", s);
}

const std::vector<NestedField>& Type::fields() const {
  return children_ ? *children_ : EmptyFields();
}

const NestedField& Type::element() const {
  assert(id_ == TypeId::kList);
  return (*children_)[0];
}

const NestedField& Type::key() const {
  assert(id_ == TypeId::kMap);
  return (*children_)[0];
}

const NestedField& Type::value() const {
  assert(id_ == TypeId::kMap);
  return (*children_)[1];
}

std::string Type::ToString() const {
  switch (id_) {
    case TypeId::kDecimal:
      return fmt::format("decimal({}, {})", a_, b_);
    case TypeId::kFixed:
      return fmt::format("fixed[{}]", a_);
    case TypeId::kStruct: {
      std::string out = "struct<";
      for (size_t i = 0; i < fields().size(); ++i) {
        const NestedField& f = fields()[i];
        out += fmt::format("{}{}: {}: {}{}", i ? ", " : "", f.id.value(), f.name,
                           f.required ? "required " : "optional ", f.type.ToString());
      }
      return out + ">";
    }
    case TypeId::kList:
      return "list<" + element().type.ToString() + ">";
    case TypeId::kMap:
      return "map<" + key().type.ToString() + ", " + value().type.ToString() + ">";
    default:
      for (const auto& [name, id] : kSimple) {
        if (id == id_) return std::string(name);
      }
      return "?";
  }
}

bool Type::operator==(const Type& other) const {
  if (id_ != other.id_ || a_ != other.a_ || b_ != other.b_) return false;
  if (children_ == other.children_) return true;
  return fields() == other.fields();
}

}  // namespace firn::iceberg
