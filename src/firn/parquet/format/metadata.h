// The Parquet metadata structs of parquet.thrift (apache/parquet-format), as plain
// structs: field names keep the spec's spelling, optional fields are std::optional, and
// each field's comment starts with its Thrift field id. Serialization is in
// metadata_thrift.h.
//
// They live in namespace firn::parquet::format (as Arrow's generated code lives in
// parquet::format) because spec names such as LogicalType and TimeUnit are also used by
// firn's own Parquet-level schema in firn::parquet.
//
// The definitions are split by concept, one header each:
//   enums.h          Type, ConvertedType, FieldRepetitionType, Encoding, CompressionCodec,
//                    PageType, BoundaryOrder
//   logical_type.h   the LogicalType union and TimeUnit
//   statistics.h     Statistics
//   page_header.h    PageHeader and the data / dictionary / index page headers
//   file_metadata.h  FileMetaData, SchemaElement, RowGroup, ColumnChunk, ColumnMetaData, ...
//   page_index.h     OffsetIndex, PageLocation, ColumnIndex
#pragma once

#include "firn/parquet/format/enums.h"
#include "firn/parquet/format/file_metadata.h"
#include "firn/parquet/format/logical_type.h"
#include "firn/parquet/format/page_header.h"
#include "firn/parquet/format/page_index.h"
#include "firn/parquet/format/statistics.h"
