// Compact-protocol serialization of parquet.thrift's column-chunk structs: ColumnChunk,
// ColumnMetaData, PageEncodingStats and SortingColumn.
#include "firn/parquet/format/metadata_thrift_internal.h"

namespace firn::parquet::format {

// ---- SortingColumn ----

void WriteValue(CompactWriter& w, const SortingColumn& v) {
  w.WriteStructBegin();
  WriteField(w, 1, v.column_idx);
  WriteField(w, 2, v.descending);
  WriteField(w, 3, v.nulls_first);
  w.WriteStructEnd();
}

Status ReadValue(CompactReader& r, SortingColumn* out) {
  uint64_t seen = 0;
  FIRN_RETURN_NOT_OK(ReadStruct(r, "SortingColumn", &seen, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: return ReadField(r, h, &out->column_idx);
      case 2: return ReadField(r, h, &out->descending);
      case 3: return ReadField(r, h, &out->nulls_first);
      default: return r.Skip(h.type);
    }
  }));
  return CheckRequired(r, "SortingColumn", seen,
                       {{1, "column_idx"}, {2, "descending"}, {3, "nulls_first"}});
}

// ---- PageEncodingStats ----

void WriteValue(CompactWriter& w, const PageEncodingStats& v) {
  w.WriteStructBegin();
  WriteField(w, 1, v.page_type);
  WriteField(w, 2, v.encoding);
  WriteField(w, 3, v.count);
  w.WriteStructEnd();
}

Status ReadValue(CompactReader& r, PageEncodingStats* out) {
  uint64_t seen = 0;
  FIRN_RETURN_NOT_OK(
      ReadStruct(r, "PageEncodingStats", &seen, [&](const FieldHeader& h) -> Status {
        switch (h.id) {
          case 1: return ReadField(r, h, &out->page_type);
          case 2: return ReadField(r, h, &out->encoding);
          case 3: return ReadField(r, h, &out->count);
          default: return r.Skip(h.type);
        }
      }));
  return CheckRequired(r, "PageEncodingStats", seen,
                       {{1, "page_type"}, {2, "encoding"}, {3, "count"}});
}

// ---- ColumnMetaData ----

void WriteValue(CompactWriter& w, const ColumnMetaData& v) {
  w.WriteStructBegin();
  WriteField(w, 1, v.type);
  WriteField(w, 2, v.encodings);
  WriteField(w, 3, v.path_in_schema);
  WriteField(w, 4, v.codec);
  WriteField(w, 5, v.num_values);
  WriteField(w, 6, v.total_uncompressed_size);
  WriteField(w, 7, v.total_compressed_size);
  WriteField(w, 8, v.key_value_metadata);
  WriteField(w, 9, v.data_page_offset);
  WriteField(w, 10, v.index_page_offset);
  WriteField(w, 11, v.dictionary_page_offset);
  WriteField(w, 12, v.statistics);
  WriteField(w, 13, v.encoding_stats);
  WriteField(w, 14, v.bloom_filter_offset);
  WriteField(w, 15, v.bloom_filter_length);
  w.WriteStructEnd();
}

Status ReadValue(CompactReader& r, ColumnMetaData* out) {
  uint64_t seen = 0;
  FIRN_RETURN_NOT_OK(ReadStruct(r, "ColumnMetaData", &seen, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: return ReadField(r, h, &out->type);
      case 2: return ReadField(r, h, &out->encodings);
      case 3: return ReadField(r, h, &out->path_in_schema);
      case 4: return ReadField(r, h, &out->codec);
      case 5: return ReadField(r, h, &out->num_values);
      case 6: return ReadField(r, h, &out->total_uncompressed_size);
      case 7: return ReadField(r, h, &out->total_compressed_size);
      case 8: return ReadField(r, h, &out->key_value_metadata);
      case 9: return ReadField(r, h, &out->data_page_offset);
      case 10: return ReadField(r, h, &out->index_page_offset);
      case 11: return ReadField(r, h, &out->dictionary_page_offset);
      case 12: return ReadField(r, h, &out->statistics);
      case 13: return ReadField(r, h, &out->encoding_stats);
      case 14: return ReadField(r, h, &out->bloom_filter_offset);
      case 15: return ReadField(r, h, &out->bloom_filter_length);
      default: return r.Skip(h.type);  // 16 size_statistics, 17 geospatial_statistics, ...
    }
  }));
  return CheckRequired(r, "ColumnMetaData", seen,
                       {{1, "type"},
                        {2, "encodings"},
                        {3, "path_in_schema"},
                        {4, "codec"},
                        {5, "num_values"},
                        {6, "total_uncompressed_size"},
                        {7, "total_compressed_size"},
                        {9, "data_page_offset"}});
}

// ---- ColumnChunk ----

void WriteValue(CompactWriter& w, const ColumnChunk& v) {
  w.WriteStructBegin();
  WriteField(w, 1, v.file_path);
  WriteField(w, 2, v.file_offset);
  WriteField(w, 3, v.meta_data);
  WriteField(w, 4, v.offset_index_offset);
  WriteField(w, 5, v.offset_index_length);
  WriteField(w, 6, v.column_index_offset);
  WriteField(w, 7, v.column_index_length);
  WriteRawStruct(w, 8, v.crypto_metadata);
  WriteField(w, 9, v.encrypted_column_metadata);
  w.WriteStructEnd();
}

Status ReadValue(CompactReader& r, ColumnChunk* out) {
  uint64_t seen = 0;
  FIRN_RETURN_NOT_OK(ReadStruct(r, "ColumnChunk", &seen, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: return ReadField(r, h, &out->file_path);
      case 2: return ReadField(r, h, &out->file_offset);
      case 3: return ReadField(r, h, &out->meta_data);
      case 4: return ReadField(r, h, &out->offset_index_offset);
      case 5: return ReadField(r, h, &out->offset_index_length);
      case 6: return ReadField(r, h, &out->column_index_offset);
      case 7: return ReadField(r, h, &out->column_index_length);
      case 8: return ReadRawStruct(r, h, &out->crypto_metadata);
      case 9: return ReadField(r, h, &out->encrypted_column_metadata);
      default: return r.Skip(h.type);
    }
  }));
  return CheckRequired(r, "ColumnChunk", seen, {{2, "file_offset"}});
}

}  // namespace firn::parquet::format
