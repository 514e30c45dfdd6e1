// Compact-protocol serialization of the parquet.thrift structs shared by pages and the
// footer: Statistics, the LogicalType union (LogicalTypes.md) and KeyValue.
#include <type_traits>
#include <variant>

#include "firn/parquet/format/metadata_thrift_internal.h"

namespace firn::parquet::format {
namespace {

// LogicalType member ids.
template <typename T>
constexpr int16_t MemberId() {
  if constexpr (std::is_same_v<T, StringType>) return 1;
  else if constexpr (std::is_same_v<T, MapType>) return 2;
  else if constexpr (std::is_same_v<T, ListType>) return 3;
  else if constexpr (std::is_same_v<T, EnumType>) return 4;
  else if constexpr (std::is_same_v<T, DecimalType>) return 5;
  else if constexpr (std::is_same_v<T, DateType>) return 6;
  else if constexpr (std::is_same_v<T, TimeType>) return 7;
  else if constexpr (std::is_same_v<T, TimestampType>) return 8;
  else if constexpr (std::is_same_v<T, IntType>) return 10;
  else if constexpr (std::is_same_v<T, NullType>) return 11;
  else if constexpr (std::is_same_v<T, JsonType>) return 12;
  else if constexpr (std::is_same_v<T, BsonType>) return 13;
  else if constexpr (std::is_same_v<T, UUIDType>) return 14;
  else if constexpr (std::is_same_v<T, Float16Type>) return 15;
  else static_assert(std::is_same_v<T, UnknownLogicalType>, "unhandled LogicalType member");
  return 0;
}

// Member bodies. The empty ones (and UnknownLogicalType) write no fields.
template <typename T>
void WriteBody(CompactWriter& w, const T&) {
  w.WriteStructBegin();
  w.WriteStructEnd();
}
void WriteBody(CompactWriter& w, const DecimalType& v) {
  w.WriteStructBegin();
  WriteField(w, 1, v.scale);
  WriteField(w, 2, v.precision);
  w.WriteStructEnd();
}
template <typename T>
  requires std::is_same_v<T, TimeType> || std::is_same_v<T, TimestampType>
void WriteBody(CompactWriter& w, const T& v) {
  w.WriteStructBegin();
  WriteField(w, 1, v.isAdjustedToUTC);
  WriteField(w, 2, v.unit);
  w.WriteStructEnd();
}
void WriteBody(CompactWriter& w, const IntType& v) {
  w.WriteStructBegin();
  WriteField(w, 1, v.bitWidth);
  WriteField(w, 2, v.isSigned);
  w.WriteStructEnd();
}

// Empty members: any fields a newer spec adds to them are skipped.
template <typename T>
Status ReadBody(CompactReader& r, T*) {
  uint64_t seen = 0;
  return ReadStruct(r, "LogicalType member", &seen,
                    [&](const FieldHeader& h) { return r.Skip(h.type); });
}
Status ReadBody(CompactReader& r, DecimalType* v) {
  uint64_t seen = 0;
  FIRN_RETURN_NOT_OK(ReadStruct(r, "DecimalType", &seen, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: return ReadField(r, h, &v->scale);
      case 2: return ReadField(r, h, &v->precision);
      default: return r.Skip(h.type);
    }
  }));
  return CheckRequired(r, "DecimalType", seen, {{1, "scale"}, {2, "precision"}});
}
template <typename T>
  requires std::is_same_v<T, TimeType> || std::is_same_v<T, TimestampType>
Status ReadBody(CompactReader& r, T* v) {
  constexpr std::string_view kName = std::is_same_v<T, TimeType> ? "TimeType" : "TimestampType";
  uint64_t seen = 0;
  FIRN_RETURN_NOT_OK(ReadStruct(r, kName, &seen, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: return ReadField(r, h, &v->isAdjustedToUTC);
      case 2: return ReadField(r, h, &v->unit);
      default: return r.Skip(h.type);
    }
  }));
  return CheckRequired(r, kName, seen, {{1, "isAdjustedToUTC"}, {2, "unit"}});
}
Status ReadBody(CompactReader& r, IntType* v) {
  uint64_t seen = 0;
  FIRN_RETURN_NOT_OK(ReadStruct(r, "IntType", &seen, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: return ReadField(r, h, &v->bitWidth);
      case 2: return ReadField(r, h, &v->isSigned);
      default: return r.Skip(h.type);
    }
  }));
  return CheckRequired(r, "IntType", seen, {{1, "bitWidth"}, {2, "isSigned"}});
}

template <typename T>
Status ReadMember(CompactReader& r, const FieldHeader& h, LogicalType* out) {
  if (h.type != CompactType::kStruct) return WrongWireType(r, h, CompactType::kStruct);
  T member{};
  FIRN_RETURN_NOT_OK(ReadBody(r, &member));
  *out = member;
  return OkStatus();
}

}  // namespace

// ---- Statistics ----

void WriteValue(CompactWriter& w, const Statistics& v) {
  w.WriteStructBegin();
  WriteField(w, 1, v.max);
  WriteField(w, 2, v.min);
  WriteField(w, 3, v.null_count);
  WriteField(w, 4, v.distinct_count);
  WriteField(w, 5, v.max_value);
  WriteField(w, 6, v.min_value);
  WriteField(w, 7, v.is_max_value_exact);
  WriteField(w, 8, v.is_min_value_exact);
  WriteField(w, 9, v.nan_count);
  w.WriteStructEnd();
}

Status ReadValue(CompactReader& r, Statistics* out) {
  uint64_t seen = 0;
  return ReadStruct(r, "Statistics", &seen, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: return ReadField(r, h, &out->max);
      case 2: return ReadField(r, h, &out->min);
      case 3: return ReadField(r, h, &out->null_count);
      case 4: return ReadField(r, h, &out->distinct_count);
      case 5: return ReadField(r, h, &out->max_value);
      case 6: return ReadField(r, h, &out->min_value);
      case 7: return ReadField(r, h, &out->is_max_value_exact);
      case 8: return ReadField(r, h, &out->is_min_value_exact);
      case 9: return ReadField(r, h, &out->nan_count);
      default: return r.Skip(h.type);
    }
  });
}

// ---- LogicalType ----

void WriteValue(CompactWriter& w, const LogicalType& v) {
  w.WriteStructBegin();
  std::visit(
      [&](const auto& member) {
        using T = std::decay_t<decltype(member)>;
        int16_t id;
        if constexpr (std::is_same_v<T, UnknownLogicalType>) id = member.field_id;
        else id = MemberId<T>();
        w.WriteFieldHeader(CompactType::kStruct, id);
        WriteBody(w, member);
      },
      v);
  w.WriteStructEnd();
}

Status ReadValue(CompactReader& r, LogicalType* out) {
  const size_t at = r.position();
  int members = 0;
  uint64_t seen = 0;
  FIRN_RETURN_NOT_OK(ReadStruct(r, "LogicalType", &seen, [&](const FieldHeader& h) -> Status {
    ++members;
    switch (h.id) {
      case 1: return ReadMember<StringType>(r, h, out);
      case 2: return ReadMember<MapType>(r, h, out);
      case 3: return ReadMember<ListType>(r, h, out);
      case 4: return ReadMember<EnumType>(r, h, out);
      case 5: return ReadMember<DecimalType>(r, h, out);
      case 6: return ReadMember<DateType>(r, h, out);
      case 7: return ReadMember<TimeType>(r, h, out);
      case 8: return ReadMember<TimestampType>(r, h, out);
      case 10: return ReadMember<IntType>(r, h, out);
      case 11: return ReadMember<NullType>(r, h, out);
      case 12: return ReadMember<JsonType>(r, h, out);
      case 13: return ReadMember<BsonType>(r, h, out);
      case 14: return ReadMember<UUIDType>(r, h, out);
      case 15: return ReadMember<Float16Type>(r, h, out);
      default:
        *out = UnknownLogicalType{h.id};
        return r.Skip(h.type);
    }
  }));
  if (members != 1) {
    return Corrupt("LogicalType union at byte offset {} has {} members set, expected 1", at,
                   members);
  }
  return OkStatus();
}

// ---- KeyValue ----

void WriteValue(CompactWriter& w, const KeyValue& v) {
  w.WriteStructBegin();
  WriteField(w, 1, v.key);
  WriteField(w, 2, v.value);
  w.WriteStructEnd();
}

Status ReadValue(CompactReader& r, KeyValue* out) {
  uint64_t seen = 0;
  FIRN_RETURN_NOT_OK(ReadStruct(r, "KeyValue", &seen, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: return ReadField(r, h, &out->key);
      case 2: return ReadField(r, h, &out->value);
      default: return r.Skip(h.type);
    }
  }));
  return CheckRequired(r, "KeyValue", seen, {{1, "key"}});
}

// ---- unmodeled struct fields, kept raw ----

Status ReadRawStruct(CompactReader& r, const FieldHeader& h, std::optional<std::string>* out) {
  if (h.type != CompactType::kStruct) return WrongWireType(r, h, CompactType::kStruct);
  const size_t begin = r.position();
  FIRN_RETURN_NOT_OK(r.Skip(h.type));
  auto bytes = r.input().subspan(begin, r.position() - begin);
  out->emplace(reinterpret_cast<const char*>(bytes.data()), bytes.size());
  return OkStatus();
}

void WriteRawStruct(CompactWriter& w, int16_t id, const std::optional<std::string>& raw) {
  if (!raw.has_value()) return;
  w.WriteFieldHeader(CompactType::kStruct, id);
  w.WriteRaw({reinterpret_cast<const uint8_t*>(raw->data()), raw->size()});
}

}  // namespace firn::parquet::format
