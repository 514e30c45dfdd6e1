#include "firn/parquet/format/thrift_field_io.h"

#include <fmt/format.h>

namespace firn::parquet::format {

void WriteEmptyStructUnion(CompactWriter& w, int16_t member_id) {
  w.WriteStructBegin();
  w.WriteFieldHeader(CompactType::kStruct, member_id);
  w.WriteStructBegin();
  w.WriteStructEnd();
  w.WriteStructEnd();
}

Status ReadEmptyStructUnion(CompactReader& r, std::string_view name, int16_t* member_id) {
  const size_t at = r.position();
  int members = 0;
  uint64_t seen = 0;
  FIRN_RETURN_NOT_OK(ReadStruct(r, name, &seen, [&](const FieldHeader& h) -> Status {
    if (h.type != CompactType::kStruct) return WrongWireType(r, h, CompactType::kStruct);
    ++members;
    *member_id = h.id;
    return r.Skip(h.type);
  }));
  if (members != 1) {
    return Corrupt("{} union at byte offset {} has {} members set, expected 1", name, at,
                   members);
  }
  return OkStatus();
}

std::unexpected<Error> WrongWireType(const CompactReader& r, const FieldHeader& h,
                                     CompactType expected) {
  return Corrupt("thrift: field {} before byte offset {} has wire type {}, expected {}", h.id,
                 r.position(), CompactTypeName(h.type),
                 IsBool(expected) ? std::string_view("bool") : CompactTypeName(expected));
}

Status CheckRequired(const CompactReader& r, std::string_view struct_name, uint64_t seen,
                     std::initializer_list<RequiredField> fields) {
  for (const RequiredField& f : fields) {
    if ((seen & (uint64_t{1} << f.id)) == 0) {
      return Corrupt("{}.{} (field {}) is required but missing (struct ends at byte offset {})",
                     struct_name, f.name, f.id, r.position());
    }
  }
  return OkStatus();
}

std::string FieldContext(std::string_view struct_name, int16_t id) {
  return fmt::format("{} field {}", struct_name, id);
}

Status ReadValue(CompactReader& r, bool* out) {
  FIRN_ASSIGN_OR_RETURN(*out, r.ReadBool());
  return OkStatus();
}

Status ReadValue(CompactReader& r, int8_t* out) {
  FIRN_ASSIGN_OR_RETURN(*out, r.ReadI8());
  return OkStatus();
}

Status ReadValue(CompactReader& r, int16_t* out) {
  FIRN_ASSIGN_OR_RETURN(*out, r.ReadI16());
  return OkStatus();
}

Status ReadValue(CompactReader& r, int32_t* out) {
  FIRN_ASSIGN_OR_RETURN(*out, r.ReadI32());
  return OkStatus();
}

Status ReadValue(CompactReader& r, int64_t* out) {
  FIRN_ASSIGN_OR_RETURN(*out, r.ReadI64());
  return OkStatus();
}

Status ReadValue(CompactReader& r, std::string* out) {
  FIRN_ASSIGN_OR_RETURN(*out, r.ReadString());
  return OkStatus();
}

}  // namespace firn::parquet::format
