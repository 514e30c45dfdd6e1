// parquet.thrift's page index (PageIndex.md): per column chunk, an OffsetIndex locating
// each data page and an optional ColumnIndex with per-page bounds. Both are stored
// between the last row group and the footer, located by ColumnChunk.*_index_offset.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "firn/parquet/format/enums.h"

namespace firn::parquet::format {

struct PageLocation {
  int64_t offset = 0;                // 1: file offset of the page (its header)
  int32_t compressed_page_size = 0;  // 2: header + compressed page bytes
  int64_t first_row_index = 0;       // 3: first row of the page within the row group

  bool operator==(const PageLocation&) const = default;
};

struct OffsetIndex {
  std::vector<PageLocation> page_locations;                       // 1: one per data page
  std::optional<std::vector<int64_t>> unencoded_byte_array_data_bytes;  // 2: per page

  bool operator==(const OffsetIndex&) const = default;
};

// Element i of each list describes page_locations[i] of the matching OffsetIndex.
struct ColumnIndex {
  std::vector<bool> null_pages;                     // 1: page holds only nulls
  std::vector<std::string> min_values;              // 2: lower bounds ("" if null page)
  std::vector<std::string> max_values;              // 3: upper bounds ("" if null page)
  BoundaryOrder boundary_order = BoundaryOrder::UNORDERED;  // 4: ordering of the bounds
  std::optional<std::vector<int64_t>> null_counts;  // 5: nulls per page
  std::optional<std::vector<int64_t>> repetition_level_histograms;  // 6: concatenated
  std::optional<std::vector<int64_t>> definition_level_histograms;  // 7: concatenated

  bool operator==(const ColumnIndex&) const = default;
};

}  // namespace firn::parquet::format
