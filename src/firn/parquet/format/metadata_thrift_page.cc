// Compact-protocol serialization of parquet.thrift's page headers: PageHeader,
// DataPageHeader, IndexPageHeader, DictionaryPageHeader and DataPageHeaderV2.
#include "firn/parquet/format/metadata_thrift.h"
#include "firn/parquet/format/metadata_thrift_internal.h"

namespace firn::parquet::format {

// ---- DataPageHeader ----

void WriteValue(CompactWriter& w, const DataPageHeader& v) {
  w.WriteStructBegin();
  WriteField(w, 1, v.num_values);
  WriteField(w, 2, v.encoding);
  WriteField(w, 3, v.definition_level_encoding);
  WriteField(w, 4, v.repetition_level_encoding);
  WriteField(w, 5, v.statistics);
  w.WriteStructEnd();
}

Status ReadValue(CompactReader& r, DataPageHeader* out) {
  uint64_t seen = 0;
  FIRN_RETURN_NOT_OK(ReadStruct(r, "DataPageHeader", &seen, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: return ReadField(r, h, &out->num_values);
      case 2: return ReadField(r, h, &out->encoding);
      case 3: return ReadField(r, h, &out->definition_level_encoding);
      case 4: return ReadField(r, h, &out->repetition_level_encoding);
      case 5: return ReadField(r, h, &out->statistics);
      default: return r.Skip(h.type);
    }
  }));
  return CheckRequired(r, "DataPageHeader", seen,
                       {{1, "num_values"},
                        {2, "encoding"},
                        {3, "definition_level_encoding"},
                        {4, "repetition_level_encoding"}});
}

// ---- IndexPageHeader (empty) ----

void WriteValue(CompactWriter& w, const IndexPageHeader&) {
  w.WriteStructBegin();
  w.WriteStructEnd();
}

Status ReadValue(CompactReader& r, IndexPageHeader*) {
  uint64_t seen = 0;
  return ReadStruct(r, "IndexPageHeader", &seen,
                    [&](const FieldHeader& h) { return r.Skip(h.type); });
}

// ---- DictionaryPageHeader ----

void WriteValue(CompactWriter& w, const DictionaryPageHeader& v) {
  w.WriteStructBegin();
  WriteField(w, 1, v.num_values);
  WriteField(w, 2, v.encoding);
  WriteField(w, 3, v.is_sorted);
  w.WriteStructEnd();
}

Status ReadValue(CompactReader& r, DictionaryPageHeader* out) {
  uint64_t seen = 0;
  FIRN_RETURN_NOT_OK(
      ReadStruct(r, "DictionaryPageHeader", &seen, [&](const FieldHeader& h) -> Status {
        switch (h.id) {
          case 1: return ReadField(r, h, &out->num_values);
          case 2: return ReadField(r, h, &out->encoding);
          case 3: return ReadField(r, h, &out->is_sorted);
          default: return r.Skip(h.type);
        }
      }));
  return CheckRequired(r, "DictionaryPageHeader", seen, {{1, "num_values"}, {2, "encoding"}});
}

// ---- DataPageHeaderV2 ----

void WriteValue(CompactWriter& w, const DataPageHeaderV2& v) {
  w.WriteStructBegin();
  WriteField(w, 1, v.num_values);
  WriteField(w, 2, v.num_nulls);
  WriteField(w, 3, v.num_rows);
  WriteField(w, 4, v.encoding);
  WriteField(w, 5, v.definition_levels_byte_length);
  WriteField(w, 6, v.repetition_levels_byte_length);
  WriteField(w, 7, v.is_compressed);
  WriteField(w, 8, v.statistics);
  w.WriteStructEnd();
}

Status ReadValue(CompactReader& r, DataPageHeaderV2* out) {
  uint64_t seen = 0;
  FIRN_RETURN_NOT_OK(
      ReadStruct(r, "DataPageHeaderV2", &seen, [&](const FieldHeader& h) -> Status {
        switch (h.id) {
          case 1: return ReadField(r, h, &out->num_values);
          case 2: return ReadField(r, h, &out->num_nulls);
          case 3: return ReadField(r, h, &out->num_rows);
          case 4: return ReadField(r, h, &out->encoding);
          case 5: return ReadField(r, h, &out->definition_levels_byte_length);
          case 6: return ReadField(r, h, &out->repetition_levels_byte_length);
          case 7: return ReadField(r, h, &out->is_compressed);
          case 8: return ReadField(r, h, &out->statistics);
          default: return r.Skip(h.type);
        }
      }));
  return CheckRequired(r, "DataPageHeaderV2", seen,
                       {{1, "num_values"},
                        {2, "num_nulls"},
                        {3, "num_rows"},
                        {4, "encoding"},
                        {5, "definition_levels_byte_length"},
                        {6, "repetition_levels_byte_length"}});
}

// ---- PageHeader ----

void WriteValue(CompactWriter& w, const PageHeader& v) {
  w.WriteStructBegin();
  WriteField(w, 1, v.type);
  WriteField(w, 2, v.uncompressed_page_size);
  WriteField(w, 3, v.compressed_page_size);
  WriteField(w, 4, v.crc);
  WriteField(w, 5, v.data_page_header);
  WriteField(w, 6, v.index_page_header);
  WriteField(w, 7, v.dictionary_page_header);
  WriteField(w, 8, v.data_page_header_v2);
  w.WriteStructEnd();
}

Status ReadValue(CompactReader& r, PageHeader* out) {
  uint64_t seen = 0;
  FIRN_RETURN_NOT_OK(ReadStruct(r, "PageHeader", &seen, [&](const FieldHeader& h) -> Status {
    switch (h.id) {
      case 1: return ReadField(r, h, &out->type);
      case 2: return ReadField(r, h, &out->uncompressed_page_size);
      case 3: return ReadField(r, h, &out->compressed_page_size);
      case 4: return ReadField(r, h, &out->crc);
      case 5: return ReadField(r, h, &out->data_page_header);
      case 6: return ReadField(r, h, &out->index_page_header);
      case 7: return ReadField(r, h, &out->dictionary_page_header);
      case 8: return ReadField(r, h, &out->data_page_header_v2);
      default: return r.Skip(h.type);
    }
  }));
  return CheckRequired(
      r, "PageHeader", seen,
      {{1, "type"}, {2, "uncompressed_page_size"}, {3, "compressed_page_size"}});
}

void Serialize(const PageHeader& header, Buffer* out) {
  CompactWriter w(out);
  WriteValue(w, header);
}

Result<PageHeader> DeserializePageHeader(std::span<const uint8_t> in, size_t* consumed) {
  CompactReader r(in);
  PageHeader header;
  FIRN_RETURN_NOT_OK_CTX(ReadValue(r, &header), "parquet page header");
  *consumed = r.position();
  return header;
}

}  // namespace firn::parquet::format
