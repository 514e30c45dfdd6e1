#include "firn/iceberg/scan/column_adapter.h"

#include <cstring>
#include <string>
#include <utility>

#include "firn/common/macros.h"
#include "firn/parquet/reader/file_schema.h"

namespace firn::iceberg {
namespace {

using parquet::ColumnVector;
using parquet::PhysicalType;
using parquet::SchemaNode;
using LK = parquet::LogicalType::Kind;

std::string Describe(const SchemaNode& n) {
  static constexpr const char* kPhysical[] = {"BOOLEAN", "INT32", "INT64", "INT96",
                                              "FLOAT", "DOUBLE", "BYTE_ARRAY",
                                              "FIXED_LEN_BYTE_ARRAY"};
  if (n.is_group) {
    if (n.logical.kind == LK::kList) return "LIST group";
    if (n.logical.kind == LK::kMap) return "MAP group";
    return "group";
  }
  std::string s = kPhysical[static_cast<int>(n.physical)];
  if (n.physical == PhysicalType::kFixedLenByteArray) s += "(" + std::to_string(n.type_length) + ")";
  if (n.logical.kind == LK::kDecimal) {
    s += " DECIMAL(" + std::to_string(n.logical.precision) + "," + std::to_string(n.logical.scale) + ")";
  }
  return s;
}

std::unexpected<Error> Mismatch(std::string_view path, const SchemaNode& file, const Type& type) {
  return NotSupported("column '{}': cannot read Parquet {} as Iceberg {}", path, Describe(file),
                      type.ToString());
}

Int128 FromBigEndian(const uint8_t* p, size_t n) {
  if (n == 0) return 0;
  // Sign-extend from the first byte, then shift in the rest.
  Int128 v = static_cast<int8_t>(p[0]);
  for (size_t i = 1; i < n; ++i) v = (v << 8) | p[i];
  return v;
}

void ToBigEndian(Int128 v, size_t n, uint8_t* out) {
  for (size_t i = 0; i < n; ++i) {
    out[n - 1 - i] = static_cast<uint8_t>(v & 0xff);
    v >>= 8;
  }
}

Int128 ReadUnscaled(const SchemaNode& file, const ColumnVector& v, int64_t i) {
  switch (file.physical) {
    case PhysicalType::kInt32: return v.ValueAt<int32_t>(i);
    case PhysicalType::kInt64: return v.ValueAt<int64_t>(i);
    case PhysicalType::kFixedLenByteArray:
      return FromBigEndian(v.values.data() + i * file.type_length, static_cast<size_t>(file.type_length));
    default: {
      std::string_view b = v.BytesAt(i);
      return FromBigEndian(reinterpret_cast<const uint8_t*>(b.data()), b.size());
    }
  }
}

// Writes one unscaled decimal in the layout of `target`.
void WriteUnscaled(const SchemaNode& target, Int128 v, uint8_t* dst) {
  if (target.physical == PhysicalType::kInt32) {
    int32_t x = static_cast<int32_t>(v);
    std::memcpy(dst, &x, 4);
  } else if (target.physical == PhysicalType::kInt64) {
    int64_t x = static_cast<int64_t>(v);
    std::memcpy(dst, &x, 8);
  } else {
    ToBigEndian(v, static_cast<size_t>(target.type_length), dst);
  }
}

// A fixed-width column of `target`'s width with the validity of `in`, each valid slot
// written by write(i, dst).
template <typename Write>
ColumnVector MapFixed(const SchemaNode& target, const ColumnVector& in, Write write) {
  const int32_t width = parquet::ValueWidth(target);
  ColumnVector out;
  out.length = in.length;
  out.validity.Append(in.validity.span());
  uint8_t* dst = out.values.Extend(static_cast<size_t>(in.length) * width);
  std::memset(dst, 0, static_cast<size_t>(in.length) * width);
  for (int64_t i = 0; i < in.length; ++i) {
    if (in.IsValid(i)) write(i, dst + i * width);
  }
  return out;
}

template <typename From, typename To>
ColumnVector Widen(const SchemaNode& target, const ColumnVector& in, To scale = To{1}) {
  return MapFixed(target, in, [&](int64_t i, uint8_t* dst) {
    To v = static_cast<To>(in.ValueAt<From>(i)) * scale;
    std::memcpy(dst, &v, sizeof(To));
  });
}

// INT96 (Impala/Spark legacy timestamps): nanos of day (8 bytes) then Julian day (4 bytes).
ColumnVector Int96ToMicros(const SchemaNode& target, const ColumnVector& in) {
  constexpr int64_t kJulianEpochDay = 2440588;
  return MapFixed(target, in, [&](int64_t i, uint8_t* dst) {
    const uint8_t* p = in.values.data() + i * 12;
    int64_t nanos;
    int32_t day;
    std::memcpy(&nanos, p, 8);
    std::memcpy(&day, p + 8, 4);
    int64_t micros = (int64_t{day} - kJulianEpochDay) * 86'400'000'000LL + nanos / 1000;
    std::memcpy(dst, &micros, 8);
  });
}

bool SameLayout(const SchemaNode& file, const SchemaNode& target) {
  return file.physical == target.physical &&
         (file.physical != PhysicalType::kFixedLenByteArray || file.type_length == target.type_length);
}

Result<ColumnVector> AdaptLeaf(const NestedField& field, const SchemaNode& target,
                               const SchemaNode& file, ColumnVector&& in, std::string_view path) {
  if (file.is_group) return Mismatch(path, file, field.type);
  const Type& t = field.type;
  const PhysicalType p = file.physical;
  const parquet::TimeUnit unit = file.logical.unit;
  const bool timed = file.logical.kind == LK::kTime || file.logical.kind == LK::kTimestamp;
  switch (t.id()) {
    case TypeId::kBoolean:
      if (p == PhysicalType::kBoolean) return std::move(in);
      break;
    case TypeId::kInt:
    case TypeId::kDate:
      if (p == PhysicalType::kInt32) return std::move(in);
      break;
    case TypeId::kLong:
      if (p == PhysicalType::kInt64) return std::move(in);
      if (p == PhysicalType::kInt32) return Widen<int32_t, int64_t>(target, in);
      break;
    case TypeId::kFloat:
      if (p == PhysicalType::kFloat) return std::move(in);
      break;
    case TypeId::kDouble:
      if (p == PhysicalType::kDouble) return std::move(in);
      if (p == PhysicalType::kFloat) return Widen<float, double>(target, in);
      break;
    case TypeId::kTime:
      if (p == PhysicalType::kInt64 && (!timed || unit == parquet::TimeUnit::kMicros)) return std::move(in);
      if (p == PhysicalType::kInt32 && timed && unit == parquet::TimeUnit::kMillis) {
        return Widen<int32_t, int64_t>(target, in, 1000);
      }
      break;
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      if (p == PhysicalType::kInt64 && (!timed || unit == parquet::TimeUnit::kMicros)) return std::move(in);
      if (p == PhysicalType::kInt64 && timed && unit == parquet::TimeUnit::kMillis) {
        return Widen<int64_t, int64_t>(target, in, 1000);
      }
      if (p == PhysicalType::kInt96) return Int96ToMicros(target, in);
      break;
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs:
      if (p == PhysicalType::kInt64 && (!timed || unit == parquet::TimeUnit::kNanos)) return std::move(in);
      if (p == PhysicalType::kInt64 && timed && unit == parquet::TimeUnit::kMicros) {
        return Widen<int64_t, int64_t>(target, in, 1000);
      }
      break;
    case TypeId::kString:
    case TypeId::kBinary:
      if (p == PhysicalType::kByteArray) return std::move(in);
      break;
    case TypeId::kUuid:
    case TypeId::kFixed:
      if (SameLayout(file, target)) return std::move(in);
      break;
    case TypeId::kDecimal: {
      // Promotion only widens the precision; the scale never changes.
      const bool decimal = file.logical.kind == LK::kDecimal;
      if (!decimal || file.logical.scale != t.scale() || file.logical.precision > t.precision()) break;
      if (p != PhysicalType::kInt32 && p != PhysicalType::kInt64 &&
          p != PhysicalType::kFixedLenByteArray && p != PhysicalType::kByteArray) {
        break;
      }
      if (SameLayout(file, target)) return std::move(in);
      return MapFixed(target, in, [&](int64_t i, uint8_t* dst) {
        WriteUnscaled(target, ReadUnscaled(file, in, i), dst);
      });
    }
    default:
      break;
  }
  return Mismatch(path, file, t);
}

const SchemaNode* ChildById(const SchemaNode& group, FieldId id, size_t* index) {
  for (size_t j = 0; j < group.children.size(); ++j) {
    if (group.children[j].field_id == id.value()) {
      *index = j;
      return &group.children[j];
    }
  }
  return nullptr;
}

std::string Join(std::string_view path, std::string_view name) {
  return std::string(path) + "." + std::string(name);
}

Result<ColumnVector> AdaptStruct(const NestedField& field, const SchemaNode& target,
                                 const SchemaNode& file, ColumnVector&& in, std::string_view path) {
  if (!file.is_group || file.logical.kind == LK::kList || file.logical.kind == LK::kMap) {
    return Mismatch(path, file, field.type);
  }
  ColumnVector out;
  out.length = in.length;
  out.validity = std::move(in.validity);
  const auto& fields = field.type.fields();
  for (size_t i = 0; i < fields.size(); ++i) {
    size_t j = 0;
    const SchemaNode* child = ChildById(file, fields[i].id, &j);
    ColumnVector c;
    if (child != nullptr) {
      FIRN_ASSIGN_OR_RETURN(c, AdaptColumn(fields[i], target.children[i], *child,
                                           std::move(in.children[j]), Join(path, fields[i].name)));
    } else {
      FIRN_ASSIGN_OR_RETURN(c, ConstantColumn(fields[i], target.children[i], fields[i].initial_default,
                                              in.length, Join(path, fields[i].name)));
    }
    out.children.push_back(std::move(c));
  }
  return out;
}

// Lists and maps: the offsets carry over, the element (or key and value) are adapted.
Result<ColumnVector> AdaptCollection(const NestedField& field, const SchemaNode& target,
                                     const SchemaNode& file, ColumnVector&& in, std::string_view path) {
  const bool is_list = field.type.id() == TypeId::kList;
  if (!file.is_group || file.logical.kind != (is_list ? LK::kList : LK::kMap)) {
    return Mismatch(path, file, field.type);
  }
  if (is_list && parquet::IsTwoLevelList(file)) {
    return NotSupported("column '{}': legacy 2-level Parquet lists are not supported", path);
  }
  const SchemaNode& rep = file.children[0];
  const SchemaNode& target_rep = target.children[0];
  ColumnVector out;
  out.length = in.length;
  out.validity = std::move(in.validity);
  out.offsets = std::move(in.offsets);
  const auto& fields = field.type.fields();  // {element} or {key, value}
  for (size_t i = 0; i < fields.size(); ++i) {
    size_t j = 0;
    const SchemaNode* child = ChildById(rep, fields[i].id, &j);
    if (child == nullptr) {
      return NotSupported("column '{}': the file has no {} with field id {}", path, fields[i].name,
                          fields[i].id.value());
    }
    FIRN_ASSIGN_OR_RETURN(ColumnVector c, AdaptColumn(fields[i], target_rep.children[i], *child,
                                                      std::move(in.children[j]),
                                                      Join(path, fields[i].name)));
    out.children.push_back(std::move(c));
  }
  return out;
}

// The bytes of a non-null literal in the layout of leaf `target`.
Result<std::string> EncodeLiteral(const Literal& v, const SchemaNode& target, std::string_view path) {
  std::string out;
  auto raw = [&](const auto& x) { out.assign(reinterpret_cast<const char*>(&x), sizeof(x)); };
  switch (v.type.id()) {
    case TypeId::kBoolean: out.assign(1, std::get<bool>(v.value) ? 1 : 0); break;
    case TypeId::kInt:
    case TypeId::kDate: raw(v.int32()); break;
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs: raw(v.int64()); break;
    case TypeId::kFloat: raw(std::get<float>(v.value)); break;
    case TypeId::kDouble: raw(std::get<double>(v.value)); break;
    case TypeId::kDecimal:
      out.assign(static_cast<size_t>(parquet::ValueWidth(target)), '\0');
      WriteUnscaled(target, v.unscaled(), reinterpret_cast<uint8_t*>(out.data()));
      break;
    case TypeId::kString:
    case TypeId::kBinary:
    case TypeId::kUuid:
    case TypeId::kFixed: out = v.bytes(); break;
    default: return NotSupported("column '{}': default of type {}", path, v.type.ToString());
  }
  const int32_t width = parquet::ValueWidth(target);
  if (width != 0 && out.size() != static_cast<size_t>(width)) {
    return InvalidArgument("column '{}': default value has {} bytes, the column {}", path, out.size(), width);
  }
  return out;
}

// `rows` null slots shaped by `target` (children of null structs are null too).
ColumnVector NullColumn(const SchemaNode& target, int64_t rows) {
  ColumnVector v = parquet::MakeVector(target);
  const bool collection = target.is_group && (target.logical.kind == LK::kList || target.logical.kind == LK::kMap);
  for (int64_t i = 0; i < rows; ++i) {
    if (!target.is_group) {
      v.AppendNull(parquet::ValueWidth(target));
    } else if (collection) {
      v.AppendListEnd(0, false);
    } else {
      v.AppendStruct(false);
    }
  }
  if (target.is_group && !collection) {
    for (size_t i = 0; i < target.children.size(); ++i) v.children[i] = NullColumn(target.children[i], rows);
  }
  return v;
}

}  // namespace

std::optional<Literal> PromoteLiteral(const Literal& value, const Type& type) {
  if (value.type == type || value.is_null()) return Literal{type, value.value};
  const TypeId from = value.type.id();
  if (from == TypeId::kInt && type.id() == TypeId::kLong) return Literal::Long(value.int32());
  if (from == TypeId::kFloat && type.id() == TypeId::kDouble) {
    return Literal::Double(std::get<float>(value.value));
  }
  if (from == TypeId::kDecimal && type.id() == TypeId::kDecimal && value.type.scale() == type.scale() &&
      value.type.precision() <= type.precision()) {
    return Literal{type, value.value};
  }
  if (from == type.id() && type.is_primitive() && from != TypeId::kDecimal && from != TypeId::kFixed) {
    return Literal{type, value.value};
  }
  return std::nullopt;
}

Result<ColumnVector> AdaptColumn(const NestedField& field, const SchemaNode& target,
                                 const SchemaNode& file_node, ColumnVector&& in, std::string_view path) {
  switch (field.type.id()) {
    case TypeId::kStruct: return AdaptStruct(field, target, file_node, std::move(in), path);
    case TypeId::kList:
    case TypeId::kMap: return AdaptCollection(field, target, file_node, std::move(in), path);
    default: return AdaptLeaf(field, target, file_node, std::move(in), path);
  }
}

Result<ColumnVector> ConstantColumn(const NestedField& field, const SchemaNode& target,
                                    const std::optional<Literal>& value, int64_t rows,
                                    std::string_view path) {
  const bool has_value = value.has_value() && !value->is_null();
  if (field.type.is_nested()) {
    if (!field.required) return NullColumn(target, rows);
    if (field.type.id() != TypeId::kStruct) {
      return InvalidArgument("column '{}' is required, missing from the data file and has no default", path);
    }
    // A required struct: present, with each child from its own default.
    ColumnVector v = parquet::MakeVector(target);
    for (int64_t i = 0; i < rows; ++i) v.AppendStruct(true);
    const auto& fields = field.type.fields();
    for (size_t i = 0; i < fields.size(); ++i) {
      FIRN_ASSIGN_OR_RETURN(v.children[i], ConstantColumn(fields[i], target.children[i],
                                                          fields[i].initial_default, rows,
                                                          Join(path, fields[i].name)));
    }
    return v;
  }
  if (!has_value) {
    if (field.required) {
      return InvalidArgument("column '{}' is required, missing from the data file and has no "
                             "initial-default", path);
    }
    return NullColumn(target, rows);
  }
  std::optional<Literal> promoted = PromoteLiteral(*value, field.type);
  if (!promoted) {
    return InvalidArgument("column '{}': default {} does not fit type {}", path, value->type.ToString(),
                           field.type.ToString());
  }
  FIRN_ASSIGN_OR_RETURN(std::string bytes, EncodeLiteral(*promoted, target, path));
  ColumnVector v = parquet::MakeVector(target);
  for (int64_t i = 0; i < rows; ++i) {
    if (parquet::ValueWidth(target) == 0) {
      v.AppendBytes(bytes);
    } else {
      v.AppendFixedBytes(bytes);
    }
  }
  if (rows == 0 && parquet::ValueWidth(target) == 0) v.offsets.AppendValue<int64_t>(0);
  return v;
}

}  // namespace firn::iceberg
