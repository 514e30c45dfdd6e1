// parquet.thrift's page headers. Each page in a column chunk is a compact-protocol
// PageHeader followed by compressed_page_size bytes of page data.
#pragma once

#include <cstdint>
#include <optional>

#include "firn/parquet/format/enums.h"
#include "firn/parquet/format/statistics.h"

namespace firn::parquet::format {

struct DataPageHeader {
  int32_t num_values = 0;                                       // 1: values incl. nulls
  Encoding encoding = Encoding::PLAIN;                          // 2: of the values
  Encoding definition_level_encoding = Encoding::RLE;           // 3: of definition levels
  Encoding repetition_level_encoding = Encoding::RLE;           // 4: of repetition levels
  std::optional<Statistics> statistics;                         // 5: of this page

  bool operator==(const DataPageHeader&) const = default;
};

// Empty in the spec ("TODO" there); no writer emits index pages.
struct IndexPageHeader {
  bool operator==(const IndexPageHeader&) const = default;
};

struct DictionaryPageHeader {
  int32_t num_values = 0;                 // 1: entries in the dictionary
  Encoding encoding = Encoding::PLAIN;    // 2: of the entries (PLAIN or PLAIN_DICTIONARY)
  std::optional<bool> is_sorted;          // 3: entries are in ascending order

  bool operator==(const DictionaryPageHeader&) const = default;
};

// Levels are RLE without a length prefix and are never compressed.
struct DataPageHeaderV2 {
  int32_t num_values = 0;                     // 1: values incl. nulls
  int32_t num_nulls = 0;                      // 2: null values
  int32_t num_rows = 0;                       // 3: rows (pages start at row boundaries)
  Encoding encoding = Encoding::PLAIN;        // 4: of the values
  int32_t definition_levels_byte_length = 0;  // 5: bytes of definition levels
  int32_t repetition_levels_byte_length = 0;  // 6: bytes of repetition levels
  std::optional<bool> is_compressed;          // 7: values section compressed; absent = true
  std::optional<Statistics> statistics;       // 8: of this page

  bool operator==(const DataPageHeaderV2&) const = default;
};

struct PageHeader {
  PageType type = PageType::DATA_PAGE;                         // 1: which *_header is set
  int32_t uncompressed_page_size = 0;                          // 2: bytes, excl. header
  int32_t compressed_page_size = 0;                            // 3: bytes, excl. header
  std::optional<int32_t> crc;                                  // 4: CRC-32 of page data
  std::optional<DataPageHeader> data_page_header;              // 5: for DATA_PAGE
  std::optional<IndexPageHeader> index_page_header;            // 6: for INDEX_PAGE
  std::optional<DictionaryPageHeader> dictionary_page_header;  // 7: for DICTIONARY_PAGE
  std::optional<DataPageHeaderV2> data_page_header_v2;         // 8: for DATA_PAGE_V2

  bool operator==(const PageHeader&) const = default;
};

}  // namespace firn::parquet::format
