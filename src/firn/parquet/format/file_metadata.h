// parquet.thrift's FileMetaData, the footer of a Parquet file, and what it contains:
// the flattened schema, row groups, column chunks and their metadata.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "firn/parquet/format/enums.h"
#include "firn/parquet/format/logical_type.h"
#include "firn/parquet/format/statistics.h"

namespace firn::parquet::format {

// One node of the schema, listed depth-first; a group has num_children, a leaf a type.
// TODO: vector_length (11) is not modeled; it is skipped (VECTOR repetition is rejected).
struct SchemaElement {
  std::optional<Type> type;                          // 1: physical type (leaves only)
  std::optional<int32_t> type_length;                // 2: FIXED_LEN_BYTE_ARRAY width
  std::optional<FieldRepetitionType> repetition_type;  // 3: absent on the root only
  std::string name;                                  // 4: field name
  std::optional<int32_t> num_children;               // 5: children (groups only)
  std::optional<ConvertedType> converted_type;       // 6: deprecated annotation
  std::optional<int32_t> scale;                      // 7: deprecated decimal scale
  std::optional<int32_t> precision;                  // 8: deprecated decimal precision
  std::optional<int32_t> field_id;                   // 9: the Iceberg field id
  std::optional<LogicalType> logicalType;            // 10: logical type annotation

  bool operator==(const SchemaElement&) const = default;
};

struct KeyValue {
  std::string key;                   // 1: key
  std::optional<std::string> value;  // 2: value

  bool operator==(const KeyValue&) const = default;
};

struct SortingColumn {
  int32_t column_idx = 0;    // 1: leaf column ordinal in the row group
  bool descending = false;   // 2: sorted descending
  bool nulls_first = false;  // 3: nulls before values

  bool operator==(const SortingColumn&) const = default;
};

struct PageEncodingStats {
  PageType page_type = PageType::DATA_PAGE;  // 1: page type
  Encoding encoding = Encoding::PLAIN;       // 2: encoding of those pages
  int32_t count = 0;                         // 3: number of such pages

  bool operator==(const PageEncodingStats&) const = default;
};

// TODO: size_statistics (16) and geospatial_statistics (17) are not modeled; skipped.
struct ColumnMetaData {
  Type type = Type::BOOLEAN;                                // 1: physical type
  std::vector<Encoding> encodings;                          // 2: all encodings used
  std::vector<std::string> path_in_schema;                  // 3: names from the root
  CompressionCodec codec = CompressionCodec::UNCOMPRESSED;  // 4: page compression
  int64_t num_values = 0;                                   // 5: values incl. nulls
  int64_t total_uncompressed_size = 0;                      // 6: bytes incl. headers
  int64_t total_compressed_size = 0;                        // 7: bytes incl. headers
  std::optional<std::vector<KeyValue>> key_value_metadata;  // 8: application metadata
  int64_t data_page_offset = 0;                             // 9: first data page
  std::optional<int64_t> index_page_offset;                 // 10: root index page
  std::optional<int64_t> dictionary_page_offset;            // 11: dictionary page
  std::optional<Statistics> statistics;                     // 12: chunk statistics
  std::optional<std::vector<PageEncodingStats>> encoding_stats;  // 13: per type/encoding
  std::optional<int64_t> bloom_filter_offset;               // 14: bloom filter data
  std::optional<int32_t> bloom_filter_length;               // 15: bloom filter bytes

  bool operator==(const ColumnMetaData&) const = default;
};

struct ColumnChunk {
  std::optional<std::string> file_path;          // 1: external file (summary files only)
  int64_t file_offset = 0;                       // 2: deprecated; write 0
  std::optional<ColumnMetaData> meta_data;       // 3: required in practice
  std::optional<int64_t> offset_index_offset;    // 4: OffsetIndex position
  std::optional<int32_t> offset_index_length;    // 5: OffsetIndex bytes
  std::optional<int64_t> column_index_offset;    // 6: ColumnIndex position
  std::optional<int32_t> column_index_length;    // 7: ColumnIndex bytes
  // 8: ColumnCryptoMetaData, kept as its raw compact-protocol bytes. TODO: model it when
  // firn reads encrypted files; until then readers reject a chunk that has it.
  std::optional<std::string> crypto_metadata;
  std::optional<std::string> encrypted_column_metadata;  // 9: encrypted ColumnMetaData

  bool operator==(const ColumnChunk&) const = default;
};

struct RowGroup {
  std::vector<ColumnChunk> columns;                          // 1: one per leaf, in order
  int64_t total_byte_size = 0;                               // 2: uncompressed bytes
  int64_t num_rows = 0;                                      // 3: rows
  std::optional<std::vector<SortingColumn>> sorting_columns;  // 4: sort order
  std::optional<int64_t> file_offset;                        // 5: first page's offset
  std::optional<int64_t> total_compressed_size;              // 6: compressed bytes
  std::optional<int16_t> ordinal;                            // 7: index in the file

  bool operator==(const RowGroup&) const = default;
};

// union ColumnOrder, whose members are all empty structs; held as the id of the member
// that is set, like TimeUnit. An unknown id is kept; its statistics must be ignored.
enum class ColumnOrder : int16_t {
  TYPE_ORDER = 1,
  IEEE_754_TOTAL_ORDER = 2,
  INT96_TIMESTAMP_ORDER = 3,
};

struct FileMetaData {
  int32_t version = 0;                                      // 1: format version (1 or 2)
  std::vector<SchemaElement> schema;                        // 2: depth-first, root first
  int64_t num_rows = 0;                                     // 3: rows in the file
  std::vector<RowGroup> row_groups;                         // 4: row groups
  std::optional<std::vector<KeyValue>> key_value_metadata;  // 5: application metadata
  std::optional<std::string> created_by;                    // 6: "app version x (build y)"
  std::optional<std::vector<ColumnOrder>> column_orders;    // 7: one per leaf column
  // 8: EncryptionAlgorithm, kept as its raw compact-protocol bytes. TODO: model it when
  // firn reads encrypted files; until then readers reject a footer that has it.
  std::optional<std::string> encryption_algorithm;
  std::optional<std::string> footer_signing_key_metadata;  // 9: for signed footers

  bool operator==(const FileMetaData&) const = default;
};

}  // namespace firn::parquet::format
