// Compact-protocol serialization of parquet.thrift's page index (PageIndex.md):
// OffsetIndex, PageLocation and ColumnIndex.
#include "firn/parquet/format/metadata_thrift.h"
#include "firn/parquet/format/metadata_thrift_internal.h"

namespace firn::parquet::format {

// ---- PageLocation ----

void WriteValue(CompactWriter& w, const PageLocation& v) {
  w.WriteStructBegin();
  WriteField(w, 1, v.offset);
  WriteField(w, 2, v.compressed_page_size);
  WriteField(w, 3, v.first_row_index);
  w.WriteStructEnd();
}

Status ReadValue(CompactReader& r, PageLocation* out) {
  uint64_t seen = 0;
  FIRN_RETURN_NOT_OK(ReadStruct(r, "PageLocation", &seen, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: return ReadField(r, h, &out->offset);
      case 2: return ReadField(r, h, &out->compressed_page_size);
      case 3: return ReadField(r, h, &out->first_row_index);
      default: return r.Skip(h.type);
    }
  }));
  return CheckRequired(r, "PageLocation", seen,
                       {{1, "offset"}, {2, "compressed_page_size"}, {3, "first_row_index"}});
}

// ---- OffsetIndex ----

void WriteValue(CompactWriter& w, const OffsetIndex& v) {
  w.WriteStructBegin();
  WriteField(w, 1, v.page_locations);
  WriteField(w, 2, v.unencoded_byte_array_data_bytes);
  w.WriteStructEnd();
}

Status ReadValue(CompactReader& r, OffsetIndex* out) {
  uint64_t seen = 0;
  FIRN_RETURN_NOT_OK(ReadStruct(r, "OffsetIndex", &seen, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: return ReadField(r, h, &out->page_locations);
      case 2: return ReadField(r, h, &out->unencoded_byte_array_data_bytes);
      default: return r.Skip(h.type);
    }
  }));
  return CheckRequired(r, "OffsetIndex", seen, {{1, "page_locations"}});
}

// ---- ColumnIndex ----

void WriteValue(CompactWriter& w, const ColumnIndex& v) {
  w.WriteStructBegin();
  WriteField(w, 1, v.null_pages);
  WriteField(w, 2, v.min_values);
  WriteField(w, 3, v.max_values);
  WriteField(w, 4, v.boundary_order);
  WriteField(w, 5, v.null_counts);
  WriteField(w, 6, v.repetition_level_histograms);
  WriteField(w, 7, v.definition_level_histograms);
  w.WriteStructEnd();
}

Status ReadValue(CompactReader& r, ColumnIndex* out) {
  uint64_t seen = 0;
  FIRN_RETURN_NOT_OK(ReadStruct(r, "ColumnIndex", &seen, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: return ReadField(r, h, &out->null_pages);
      case 2: return ReadField(r, h, &out->min_values);
      case 3: return ReadField(r, h, &out->max_values);
      case 4: return ReadField(r, h, &out->boundary_order);
      case 5: return ReadField(r, h, &out->null_counts);
      case 6: return ReadField(r, h, &out->repetition_level_histograms);
      case 7: return ReadField(r, h, &out->definition_level_histograms);
      default: return r.Skip(h.type);
    }
  }));
  return CheckRequired(
      r, "ColumnIndex", seen,
      {{1, "null_pages"}, {2, "min_values"}, {3, "max_values"}, {4, "boundary_order"}});
}

void Serialize(const OffsetIndex& index, Buffer* out) {
  CompactWriter w(out);
  WriteValue(w, index);
}

void Serialize(const ColumnIndex& index, Buffer* out) {
  CompactWriter w(out);
  WriteValue(w, index);
}

Result<OffsetIndex> DeserializeOffsetIndex(std::span<const uint8_t> in) {
  CompactReader r(in);
  OffsetIndex index;
  FIRN_RETURN_NOT_OK_CTX(ReadValue(r, &index), "parquet offset index");
  return index;
}

Result<ColumnIndex> DeserializeColumnIndex(std::span<const uint8_t> in) {
  CompactReader r(in);
  ColumnIndex index;
  FIRN_RETURN_NOT_OK_CTX(ReadValue(r, &index), "parquet column index");
  return index;
}

}  // namespace firn::parquet::format
