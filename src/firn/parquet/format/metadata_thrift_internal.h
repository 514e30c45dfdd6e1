// Internal to format/: the per-struct compact-protocol writers and readers, declared here
// so that each metadata_thrift_*.cc can use the structs defined in the others. Each pair
// follows its struct in parquet.thrift field by field. Not for use outside format/.
#pragma once

#include "firn/parquet/format/metadata.h"
#include "firn/parquet/format/thrift_field_io.h"

namespace firn::parquet::format {

template <>
inline constexpr std::string_view kUnionName<TimeUnit> = "TimeUnit";
template <>
inline constexpr std::string_view kUnionName<ColumnOrder> = "ColumnOrder";

// metadata_thrift_common.cc
void WriteValue(CompactWriter& w, const Statistics& v);
Status ReadValue(CompactReader& r, Statistics* out);
void WriteValue(CompactWriter& w, const LogicalType& v);
Status ReadValue(CompactReader& r, LogicalType* out);
void WriteValue(CompactWriter& w, const KeyValue& v);
Status ReadValue(CompactReader& r, KeyValue* out);

// metadata_thrift_page.cc
void WriteValue(CompactWriter& w, const DataPageHeader& v);
Status ReadValue(CompactReader& r, DataPageHeader* out);
void WriteValue(CompactWriter& w, const IndexPageHeader& v);
Status ReadValue(CompactReader& r, IndexPageHeader* out);
void WriteValue(CompactWriter& w, const DictionaryPageHeader& v);
Status ReadValue(CompactReader& r, DictionaryPageHeader* out);
void WriteValue(CompactWriter& w, const DataPageHeaderV2& v);
Status ReadValue(CompactReader& r, DataPageHeaderV2* out);
void WriteValue(CompactWriter& w, const PageHeader& v);
Status ReadValue(CompactReader& r, PageHeader* out);

// metadata_thrift_column.cc
void WriteValue(CompactWriter& w, const SortingColumn& v);
Status ReadValue(CompactReader& r, SortingColumn* out);
void WriteValue(CompactWriter& w, const PageEncodingStats& v);
Status ReadValue(CompactReader& r, PageEncodingStats* out);
void WriteValue(CompactWriter& w, const ColumnMetaData& v);
Status ReadValue(CompactReader& r, ColumnMetaData* out);
void WriteValue(CompactWriter& w, const ColumnChunk& v);
Status ReadValue(CompactReader& r, ColumnChunk* out);

// metadata_thrift_file.cc
void WriteValue(CompactWriter& w, const SchemaElement& v);
Status ReadValue(CompactReader& r, SchemaElement* out);
void WriteValue(CompactWriter& w, const RowGroup& v);
Status ReadValue(CompactReader& r, RowGroup* out);
void WriteValue(CompactWriter& w, const FileMetaData& v);
Status ReadValue(CompactReader& r, FileMetaData* out);

// metadata_thrift_page_index.cc
void WriteValue(CompactWriter& w, const PageLocation& v);
Status ReadValue(CompactReader& r, PageLocation* out);
void WriteValue(CompactWriter& w, const OffsetIndex& v);
Status ReadValue(CompactReader& r, OffsetIndex* out);
void WriteValue(CompactWriter& w, const ColumnIndex& v);
Status ReadValue(CompactReader& r, ColumnIndex* out);

// Captures the raw bytes of a struct-typed field this build does not model (kept so it
// round-trips and so readers can see it is there), and writes them back.
Status ReadRawStruct(CompactReader& r, const FieldHeader& h, std::optional<std::string>* out);
void WriteRawStruct(CompactWriter& w, int16_t id, const std::optional<std::string>& raw);

}  // namespace firn::parquet::format
