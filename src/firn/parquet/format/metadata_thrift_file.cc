// Compact-protocol serialization of parquet.thrift's FileMetaData (the footer) and the
// structs only it holds: SchemaElement and RowGroup.
#include "firn/parquet/format/metadata_thrift.h"
#include "firn/parquet/format/metadata_thrift_internal.h"

namespace firn::parquet::format {

// ---- SchemaElement ----

void WriteValue(CompactWriter& w, const SchemaElement& v) {
  w.WriteStructBegin();
  WriteField(w, 1, v.type);
  WriteField(w, 2, v.type_length);
  WriteField(w, 3, v.repetition_type);
  WriteField(w, 4, v.name);
  WriteField(w, 5, v.num_children);
  WriteField(w, 6, v.converted_type);
  WriteField(w, 7, v.scale);
  WriteField(w, 8, v.precision);
  WriteField(w, 9, v.field_id);
  WriteField(w, 10, v.logicalType);
  w.WriteStructEnd();
}

Status ReadValue(CompactReader& r, SchemaElement* out) {
  uint64_t seen = 0;
  FIRN_RETURN_NOT_OK(ReadStruct(r, "SchemaElement", &seen, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: return ReadField(r, h, &out->type);
      case 2: return ReadField(r, h, &out->type_length);
      case 3: return ReadField(r, h, &out->repetition_type);
      case 4: return ReadField(r, h, &out->name);
      case 5: return ReadField(r, h, &out->num_children);
      case 6: return ReadField(r, h, &out->converted_type);
      case 7: return ReadField(r, h, &out->scale);
      case 8: return ReadField(r, h, &out->precision);
      case 9: return ReadField(r, h, &out->field_id);
      case 10: return ReadField(r, h, &out->logicalType);
      default: return r.Skip(h.type);  // 11 vector_length, ...
    }
  }));
  return CheckRequired(r, "SchemaElement", seen, {{4, "name"}});
}

// ---- RowGroup ----

void WriteValue(CompactWriter& w, const RowGroup& v) {
  w.WriteStructBegin();
  WriteField(w, 1, v.columns);
  WriteField(w, 2, v.total_byte_size);
  WriteField(w, 3, v.num_rows);
  WriteField(w, 4, v.sorting_columns);
  WriteField(w, 5, v.file_offset);
  WriteField(w, 6, v.total_compressed_size);
  WriteField(w, 7, v.ordinal);
  w.WriteStructEnd();
}

Status ReadValue(CompactReader& r, RowGroup* out) {
  uint64_t seen = 0;
  FIRN_RETURN_NOT_OK(ReadStruct(r, "RowGroup", &seen, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: return ReadField(r, h, &out->columns);
      case 2: return ReadField(r, h, &out->total_byte_size);
      case 3: return ReadField(r, h, &out->num_rows);
      case 4: return ReadField(r, h, &out->sorting_columns);
      case 5: return ReadField(r, h, &out->file_offset);
      case 6: return ReadField(r, h, &out->total_compressed_size);
      case 7: return ReadField(r, h, &out->ordinal);
      default: return r.Skip(h.type);
    }
  }));
  return CheckRequired(r, "RowGroup", seen,
                       {{1, "columns"}, {2, "total_byte_size"}, {3, "num_rows"}});
}

// ---- FileMetaData ----

void WriteValue(CompactWriter& w, const FileMetaData& v) {
  w.WriteStructBegin();
  WriteField(w, 1, v.version);
  WriteField(w, 2, v.schema);
  WriteField(w, 3, v.num_rows);
  WriteField(w, 4, v.row_groups);
  WriteField(w, 5, v.key_value_metadata);
  WriteField(w, 6, v.created_by);
  WriteField(w, 7, v.column_orders);
  WriteRawStruct(w, 8, v.encryption_algorithm);
  WriteField(w, 9, v.footer_signing_key_metadata);
  w.WriteStructEnd();
}

Status ReadValue(CompactReader& r, FileMetaData* out) {
  uint64_t seen = 0;
  FIRN_RETURN_NOT_OK(ReadStruct(r, "FileMetaData", &seen, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: return ReadField(r, h, &out->version);
      case 2: return ReadField(r, h, &out->schema);
      case 3: return ReadField(r, h, &out->num_rows);
      case 4: return ReadField(r, h, &out->row_groups);
      case 5: return ReadField(r, h, &out->key_value_metadata);
      case 6: return ReadField(r, h, &out->created_by);
      case 7: return ReadField(r, h, &out->column_orders);
      case 8: return ReadRawStruct(r, h, &out->encryption_algorithm);
      case 9: return ReadField(r, h, &out->footer_signing_key_metadata);
      default: return r.Skip(h.type);
    }
  }));
  return CheckRequired(r, "FileMetaData", seen,
                       {{1, "version"}, {2, "schema"}, {3, "num_rows"}, {4, "row_groups"}});
}

void Serialize(const FileMetaData& metadata, Buffer* out) {
  CompactWriter w(out);
  WriteValue(w, metadata);
}

Result<FileMetaData> DeserializeFileMetaData(std::span<const uint8_t> in) {
  CompactReader r(in);
  FileMetaData metadata;
  FIRN_RETURN_NOT_OK_CTX(ReadValue(r, &metadata), "parquet footer");
  return metadata;
}

}  // namespace firn::parquet::format
