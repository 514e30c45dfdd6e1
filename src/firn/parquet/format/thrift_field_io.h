// Internal to format/: typed helpers over CompactWriter / CompactReader that the
// per-struct serializers in metadata_thrift_*.cc are written with, so that each struct's
// code is a list of (field id, member) pairs. Not for use outside format/.
//
// Overload set, for every type T held in a metadata struct:
//   void   WriteValue(CompactWriter&, const T&)       the value, no field header
//   Status ReadValue(CompactReader&, T*)              the value, no field header
//   void   WriteField(CompactWriter&, id, const T&)   header + value; absent optionals skipped
//   Status ReadField(CompactReader&, header, T*)      checks the wire type, then reads
// Struct types provide WriteValue / ReadValue in metadata_thrift_internal.h.
//
// Longer than most headers because it is all templates; the read and write sets are kept
// side by side so that they stay in step.
#pragma once

#include <cstdint>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "firn/common/macros.h"
#include "firn/parquet/format/compact_protocol.h"

namespace firn::parquet::format {

// Non-empty for enums that stand for a union of empty structs (TimeUnit, ColumnOrder): the
// union's name. Such a value is written as a struct with one empty-struct field whose id
// is the enum value.
template <typename T>
inline constexpr std::string_view kUnionName{};

template <typename T>
struct IsVector : std::false_type {};
template <typename T>
struct IsVector<std::vector<T>> : std::true_type {};

// The compact type id of a field (or element) holding a T.
template <typename T>
constexpr CompactType WireType() {
  if constexpr (std::is_same_v<T, bool>) return CompactType::kBoolTrue;
  else if constexpr (std::is_same_v<T, int8_t>) return CompactType::kI8;
  else if constexpr (std::is_same_v<T, int16_t>) return CompactType::kI16;
  else if constexpr (std::is_same_v<T, int32_t>) return CompactType::kI32;
  else if constexpr (std::is_same_v<T, int64_t>) return CompactType::kI64;
  else if constexpr (std::is_same_v<T, std::string>) return CompactType::kBinary;
  else if constexpr (IsVector<T>::value) return CompactType::kList;
  else if constexpr (!kUnionName<T>.empty()) return CompactType::kStruct;
  else if constexpr (std::is_enum_v<T>) return CompactType::kI32;
  else return CompactType::kStruct;
}

void WriteEmptyStructUnion(CompactWriter& w, int16_t member_id);
// Reads a union whose members are all structs (contents skipped); exactly one member must
// be set. *member_id is its field id.
Status ReadEmptyStructUnion(CompactReader& r, std::string_view name, int16_t* member_id);

std::unexpected<Error> WrongWireType(const CompactReader& r, const FieldHeader& h,
                                     CompactType expected);

struct RequiredField {
  int16_t id;
  std::string_view name;
};
// kCorrupt naming `struct_name` and the first field of `fields` whose bit is not in `seen`.
Status CheckRequired(const CompactReader& r, std::string_view struct_name, uint64_t seen,
                     std::initializer_list<RequiredField> fields);

std::string FieldContext(std::string_view struct_name, int16_t id);

// ---- values ----

inline void WriteValue(CompactWriter& w, bool v) { w.WriteBool(v); }
inline void WriteValue(CompactWriter& w, int8_t v) { w.WriteI8(v); }
inline void WriteValue(CompactWriter& w, int16_t v) { w.WriteI16(v); }
inline void WriteValue(CompactWriter& w, int32_t v) { w.WriteI32(v); }
inline void WriteValue(CompactWriter& w, int64_t v) { w.WriteI64(v); }
inline void WriteValue(CompactWriter& w, const std::string& v) { w.WriteString(v); }

template <typename E>
  requires std::is_enum_v<E>
void WriteValue(CompactWriter& w, E v) {
  if constexpr (!kUnionName<E>.empty()) {
    WriteEmptyStructUnion(w, static_cast<int16_t>(v));
  } else {
    w.WriteI32(static_cast<int32_t>(v));
  }
}

template <typename T>
void WriteValue(CompactWriter& w, const std::vector<T>& v) {
  w.WriteListBegin(WireType<T>(), static_cast<uint32_t>(v.size()));
  for (const T& e : v) WriteValue(w, e);
}

Status ReadValue(CompactReader& r, bool* out);  // a bool element
Status ReadValue(CompactReader& r, int8_t* out);
Status ReadValue(CompactReader& r, int16_t* out);
Status ReadValue(CompactReader& r, int32_t* out);
Status ReadValue(CompactReader& r, int64_t* out);
Status ReadValue(CompactReader& r, std::string* out);

// Enum values are kept whatever they are: every value of the underlying type is a valid
// value of an enum with a fixed underlying type, so the cast is well defined.
template <typename E>
  requires std::is_enum_v<E>
Status ReadValue(CompactReader& r, E* out) {
  if constexpr (!kUnionName<E>.empty()) {
    int16_t id = 0;
    FIRN_RETURN_NOT_OK(ReadEmptyStructUnion(r, kUnionName<E>, &id));
    *out = static_cast<E>(id);
  } else {
    FIRN_ASSIGN_OR_RETURN(int32_t v, r.ReadI32());
    *out = static_cast<E>(v);
  }
  return OkStatus();
}

template <typename T>
Status ReadValue(CompactReader& r, std::vector<T>* out) {
  const size_t at = r.position();
  FIRN_ASSIGN_OR_RETURN(ListHeader h, r.ReadListBegin());
  const bool type_ok = std::is_same_v<T, bool> ? IsBool(h.elem_type) : h.elem_type == WireType<T>();
  if (!type_ok) {
    return Corrupt("thrift: list at byte offset {} holds {}, expected {}",
                   at, CompactTypeName(h.elem_type), CompactTypeName(WireType<T>()));
  }
  out->clear();
  // The header's size is backed by at least one input byte per element, so reserving is
  // safe for small element types. Larger elements grow only as they are actually read.
  if constexpr (sizeof(T) <= 8) out->reserve(h.size);
  for (uint32_t i = 0; i < h.size; ++i) {
    T v{};
    FIRN_RETURN_NOT_OK(ReadValue(r, &v));
    out->push_back(std::move(v));
  }
  return OkStatus();
}

// ---- fields ----

template <typename T>
void WriteField(CompactWriter& w, int16_t id, const T& v) {
  if constexpr (std::is_same_v<T, bool>) {
    w.WriteBoolField(id, v);
  } else {
    w.WriteFieldHeader(WireType<T>(), id);
    WriteValue(w, v);
  }
}

template <typename T>
void WriteField(CompactWriter& w, int16_t id, const std::optional<T>& v) {
  if (v.has_value()) WriteField(w, id, *v);
}

template <typename T>
Status ReadField(CompactReader& r, const FieldHeader& h, T* out) {
  if constexpr (std::is_same_v<T, bool>) {
    if (!IsBool(h.type)) return WrongWireType(r, h, CompactType::kBoolTrue);
    *out = h.type == CompactType::kBoolTrue;
    return OkStatus();
  } else {
    if (h.type != WireType<T>()) return WrongWireType(r, h, WireType<T>());
    return ReadValue(r, out);
  }
}

template <typename T>
Status ReadField(CompactReader& r, const FieldHeader& h, std::optional<T>* out) {
  return ReadField(r, h, &out->emplace());
}

// Reads a struct's fields up to its stop field, calling `on_field(header)` for each; it
// must consume the value (r.Skip(h.type) for ids it does not know). Sets bit `id` of
// *seen for each field id in 1..63, for CheckRequired. Errors get "<name> field <id>: ".
template <typename OnField>
Status ReadStruct(CompactReader& r, std::string_view name, uint64_t* seen, OnField&& on_field) {
  FIRN_RETURN_NOT_OK_CTX(r.ReadStructBegin(), name);
  while (true) {
    FIRN_ASSIGN_OR_RETURN_CTX(FieldHeader h, r.ReadFieldHeader(), name);
    if (h.type == CompactType::kStop) break;
    if (h.id > 0 && h.id < 64) *seen |= uint64_t{1} << h.id;
    FIRN_RETURN_NOT_OK_CTX(on_field(h), FieldContext(name, h.id));
  }
  r.ReadStructEnd();
  return OkStatus();
}

}  // namespace firn::parquet::format
