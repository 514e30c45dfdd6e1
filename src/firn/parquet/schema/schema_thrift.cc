#include "firn/parquet/schema/schema_thrift.h"

#include "firn/common/macros.h"

namespace firn::parquet {
namespace {

using Kind = LogicalType::Kind;
namespace f = format;

f::TimeUnit ToThrift(TimeUnit u) {
  switch (u) {
    case TimeUnit::kMillis: return f::TimeUnit::MILLIS;
    case TimeUnit::kMicros: return f::TimeUnit::MICROS;
    case TimeUnit::kNanos: return f::TimeUnit::NANOS;
  }
  return f::TimeUnit::MICROS;
}

void SetAnnotations(const SchemaNode& n, f::SchemaElement& e) {
  const LogicalType& lt = n.logical;
  switch (lt.kind) {
    case Kind::kNone: break;
    case Kind::kString: e.logicalType = f::StringType{}; e.converted_type = f::ConvertedType::UTF8; break;
    case Kind::kEnum: e.logicalType = f::EnumType{}; e.converted_type = f::ConvertedType::ENUM; break;
    case Kind::kJson: e.logicalType = f::JsonType{}; e.converted_type = f::ConvertedType::JSON; break;
    case Kind::kBson: e.logicalType = f::BsonType{}; e.converted_type = f::ConvertedType::BSON; break;
    case Kind::kUuid: e.logicalType = f::UUIDType{}; break;
    case Kind::kFloat16: e.logicalType = f::Float16Type{}; break;
    case Kind::kUnknown: e.logicalType = f::NullType{}; break;
    case Kind::kList: e.logicalType = f::ListType{}; e.converted_type = f::ConvertedType::LIST; break;
    case Kind::kMap: e.logicalType = f::MapType{}; e.converted_type = f::ConvertedType::MAP; break;
    case Kind::kDate: e.logicalType = f::DateType{}; e.converted_type = f::ConvertedType::DATE; break;
    case Kind::kDecimal:
      e.logicalType = f::DecimalType{lt.scale, lt.precision};
      e.converted_type = f::ConvertedType::DECIMAL;
      e.scale = lt.scale;
      e.precision = lt.precision;
      break;
    case Kind::kTime:
      e.logicalType = f::TimeType{lt.adjusted_to_utc, ToThrift(lt.unit)};
      // The legacy TIME_* converted types mean UTC-adjusted times.
      if (lt.adjusted_to_utc && lt.unit != TimeUnit::kNanos)
        e.converted_type = lt.unit == TimeUnit::kMillis ? f::ConvertedType::TIME_MILLIS : f::ConvertedType::TIME_MICROS;
      break;
    case Kind::kTimestamp:
      e.logicalType = f::TimestampType{lt.adjusted_to_utc, ToThrift(lt.unit)};
      if (lt.adjusted_to_utc && lt.unit != TimeUnit::kNanos)
        e.converted_type = lt.unit == TimeUnit::kMillis ? f::ConvertedType::TIMESTAMP_MILLIS
                                                        : f::ConvertedType::TIMESTAMP_MICROS;
      break;
    case Kind::kInteger: {
      e.logicalType = f::IntType{lt.bit_width, lt.is_signed};
      static constexpr f::ConvertedType kSigned[] = {f::ConvertedType::INT_8, f::ConvertedType::INT_16,
                                                     f::ConvertedType::INT_32, f::ConvertedType::INT_64};
      static constexpr f::ConvertedType kUnsigned[] = {f::ConvertedType::UINT_8, f::ConvertedType::UINT_16,
                                                       f::ConvertedType::UINT_32, f::ConvertedType::UINT_64};
      int idx = lt.bit_width == 8 ? 0 : lt.bit_width == 16 ? 1 : lt.bit_width == 32 ? 2 : 3;
      e.converted_type = lt.is_signed ? kSigned[idx] : kUnsigned[idx];
      break;
    }
  }
}

void Flatten(const SchemaNode& n, bool is_root, std::vector<f::SchemaElement>& out) {
  f::SchemaElement e;
  e.name = n.name;
  if (!is_root) e.repetition_type = static_cast<f::FieldRepetitionType>(n.repetition);
  e.field_id = n.field_id;
  if (n.is_group) {
    e.num_children = static_cast<int32_t>(n.children.size());
  } else {
    e.type = static_cast<f::Type>(n.physical);
    if (n.physical == PhysicalType::kFixedLenByteArray) e.type_length = n.type_length;
  }
  SetAnnotations(n, e);
  out.push_back(std::move(e));
  for (const auto& c : n.children) Flatten(c, false, out);
}

TimeUnit FromThrift(f::TimeUnit u) {
  switch (u) {
    case f::TimeUnit::MILLIS: return TimeUnit::kMillis;
    case f::TimeUnit::NANOS: return TimeUnit::kNanos;
    default: return TimeUnit::kMicros;
  }
}

LogicalType FromLogical(const f::LogicalType& l) {
  LogicalType lt;
  std::visit([&](const auto& v) {
    using T = std::decay_t<decltype(v)>;
    if constexpr (std::is_same_v<T, f::StringType>) lt.kind = Kind::kString;
    else if constexpr (std::is_same_v<T, f::EnumType>) lt.kind = Kind::kEnum;
    else if constexpr (std::is_same_v<T, f::JsonType>) lt.kind = Kind::kJson;
    else if constexpr (std::is_same_v<T, f::BsonType>) lt.kind = Kind::kBson;
    else if constexpr (std::is_same_v<T, f::UUIDType>) lt.kind = Kind::kUuid;
    else if constexpr (std::is_same_v<T, f::Float16Type>) lt.kind = Kind::kFloat16;
    else if constexpr (std::is_same_v<T, f::NullType>) lt.kind = Kind::kUnknown;
    else if constexpr (std::is_same_v<T, f::ListType>) lt.kind = Kind::kList;
    else if constexpr (std::is_same_v<T, f::MapType>) lt.kind = Kind::kMap;
    else if constexpr (std::is_same_v<T, f::DateType>) lt.kind = Kind::kDate;
    else if constexpr (std::is_same_v<T, f::DecimalType>) {
      lt.kind = Kind::kDecimal;
      lt.precision = v.precision;
      lt.scale = v.scale;
    } else if constexpr (std::is_same_v<T, f::TimeType>) {
      lt.kind = Kind::kTime;
      lt.unit = FromThrift(v.unit);
      lt.adjusted_to_utc = v.isAdjustedToUTC;
    } else if constexpr (std::is_same_v<T, f::TimestampType>) {
      lt.kind = Kind::kTimestamp;
      lt.unit = FromThrift(v.unit);
      lt.adjusted_to_utc = v.isAdjustedToUTC;
    } else if constexpr (std::is_same_v<T, f::IntType>) {
      lt.kind = Kind::kInteger;
      lt.bit_width = v.bitWidth;
      lt.is_signed = v.isSigned;
    }  // UnknownLogicalType: rejected by the caller
  }, l);
  return lt;
}

LogicalType FromConverted(const f::SchemaElement& e) {
  LogicalType lt;
  using C = f::ConvertedType;
  switch (*e.converted_type) {
    case C::UTF8: lt.kind = Kind::kString; break;
    case C::ENUM: lt.kind = Kind::kEnum; break;
    case C::JSON: lt.kind = Kind::kJson; break;
    case C::BSON: lt.kind = Kind::kBson; break;
    case C::LIST: lt.kind = Kind::kList; break;
    case C::MAP: case C::MAP_KEY_VALUE: lt.kind = Kind::kMap; break;
    case C::DATE: lt.kind = Kind::kDate; break;
    case C::DECIMAL:
      lt.kind = Kind::kDecimal;
      lt.precision = e.precision.value_or(0);
      lt.scale = e.scale.value_or(0);
      break;
    case C::TIME_MILLIS: case C::TIME_MICROS:
      lt.kind = Kind::kTime;
      lt.unit = *e.converted_type == C::TIME_MILLIS ? TimeUnit::kMillis : TimeUnit::kMicros;
      lt.adjusted_to_utc = true;
      break;
    case C::TIMESTAMP_MILLIS: case C::TIMESTAMP_MICROS:
      lt.kind = Kind::kTimestamp;
      lt.unit = *e.converted_type == C::TIMESTAMP_MILLIS ? TimeUnit::kMillis : TimeUnit::kMicros;
      lt.adjusted_to_utc = true;
      break;
    case C::INT_8: case C::INT_16: case C::INT_32: case C::INT_64:
    case C::UINT_8: case C::UINT_16: case C::UINT_32: case C::UINT_64: {
      int c = static_cast<int>(*e.converted_type);
      bool is_unsigned = c <= static_cast<int>(C::UINT_64);
      int idx = is_unsigned ? c - static_cast<int>(C::UINT_8) : c - static_cast<int>(C::INT_8);
      lt.kind = Kind::kInteger;
      lt.bit_width = static_cast<int8_t>(8 << idx);
      lt.is_signed = !is_unsigned;
      break;
    }
    default: break;  // INTERVAL and unknown values: read as the plain physical type
  }
  return lt;
}

struct Builder {
  std::span<const f::SchemaElement> elements;
  size_t pos = 0;

  Result<SchemaNode> Build(bool is_root, int depth) {
    if (depth > 128) return Corrupt("schema nests deeper than 128 levels");
    if (pos >= elements.size()) return Corrupt("schema ends early: a group claims more children than remain");
    const f::SchemaElement& e = elements[pos++];
    SchemaNode n;
    n.name = e.name;
    n.field_id = e.field_id;
    if (!is_root) {
      if (!e.repetition_type) return Corrupt("schema element '{}' has no repetition type", e.name);
      int r = static_cast<int>(*e.repetition_type);
      if (r < 0 || r > 2) return Corrupt("schema element '{}' has repetition type {}", e.name, r);
      n.repetition = static_cast<Repetition>(r);
    } else {
      n.repetition = Repetition::kRequired;
    }
    if (e.logicalType) {
      // A logical type newer than firn (VARIANT, GEOMETRY, ...) changes what the bytes mean:
      // refuse the file rather than return the raw physical values as if they were plain.
      if (const auto* u = std::get_if<f::UnknownLogicalType>(&*e.logicalType)) {
        return NotSupported("column '{}' has a logical type firn does not know (union field {})", e.name,
                            u->field_id);
      }
      n.logical = FromLogical(*e.logicalType);
    }
    else if (e.converted_type) n.logical = FromConverted(e);
    if (is_root || !e.type || (e.num_children && *e.num_children > 0)) {
      n.is_group = true;
      int32_t count = e.num_children.value_or(0);
      if (count < 0 || static_cast<size_t>(count) > elements.size() - pos) {
        return Corrupt("schema element '{}' claims {} children, {} elements remain", e.name, count,
                       elements.size() - pos);
      }
      n.children.reserve(static_cast<size_t>(count));
      for (int32_t i = 0; i < count; ++i) {
        FIRN_ASSIGN_OR_RETURN(SchemaNode c, Build(false, depth + 1));
        n.children.push_back(std::move(c));
      }
      return n;
    }
    int t = static_cast<int>(*e.type);
    if (t < 0 || t > 7) return Corrupt("schema element '{}' has physical type {}", e.name, t);
    n.physical = static_cast<PhysicalType>(t);
    if (n.physical == PhysicalType::kFixedLenByteArray) {
      if (!e.type_length || *e.type_length <= 0)
        return Corrupt("FIXED_LEN_BYTE_ARRAY column '{}' has no valid type_length", e.name);
      n.type_length = *e.type_length;
    }
    return n;
  }
};

}  // namespace

std::vector<f::SchemaElement> ToSchemaElements(const Schema& schema) {
  std::vector<f::SchemaElement> out;
  Flatten(schema.root(), true, out);
  return out;
}

Result<SchemaNode> FromSchemaElements(std::span<const f::SchemaElement> elements) {
  if (elements.empty()) return Corrupt("the footer has an empty schema");
  Builder b{elements};
  FIRN_ASSIGN_OR_RETURN(SchemaNode root, b.Build(true, 0));
  if (b.pos != elements.size()) {
    return Corrupt("schema has {} elements but the root's tree covers only {}", elements.size(), b.pos);
  }
  return root;
}

}  // namespace firn::parquet
