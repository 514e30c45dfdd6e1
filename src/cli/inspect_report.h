// What `firn parquet inspect` shows about a Parquet file, gathered from the footer by
// the reader (no data page is read), and its two renderings: text for people, JSON for
// tools. Values of statistics are rendered by logical type (value_text.h).
//
// Thread-safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "cli/value_text.h"
#include "firn/common/result.h"
#include "firn/parquet/reader/file_reader.h"
#include "firn/parquet/schema/schema.h"

namespace firn::cli {

struct ChunkReport {
  std::string path;                           // "device.os"
  const parquet::SchemaNode* leaf = nullptr;  // owned by InspectReport::schema
  std::string codec;                          // "ZSTD"
  std::vector<std::string> encodings;         // "PLAIN", "RLE_DICTIONARY", ...
  int64_t compressed_bytes = 0;               // total_compressed_size
  int64_t uncompressed_bytes = 0;             // total_uncompressed_size
  int64_t num_values = 0;                     // values including nulls
  std::optional<int64_t> null_count;          // from statistics
  std::optional<int64_t> distinct_count;      // from statistics
  std::optional<int64_t> nan_count;           // from statistics
  std::optional<ValueText> min, max;          // bounds a reader may trust (chunk_statistics.h)
  bool min_exact = false, max_exact = false;
  std::string stats_error;  // why statistics were unreadable, if they were
};

struct RowGroupReport {
  int64_t rows = 0;
  int64_t compressed_bytes = 0;    // sum of the chunks
  int64_t uncompressed_bytes = 0;  // sum of the chunks
  std::vector<ChunkReport> columns;
};

struct InspectReport {
  std::string path;
  uint64_t file_size = 0;
  int32_t format_version = 0;
  std::optional<std::string> created_by;
  int64_t rows = 0;
  std::shared_ptr<const parquet::Schema> schema;
  std::vector<std::pair<std::string, std::string>> key_value_metadata;
  std::vector<RowGroupReport> row_groups;
};

Result<InspectReport> BuildInspectReport(std::string path, const parquet::FileReader& reader);

// Multi-line text, ending in a newline. Long statistics values are shortened.
std::string InspectText(const InspectReport& report);
// One JSON object (one line, newline-terminated), values in full.
std::string InspectJson(const InspectReport& report);

}  // namespace firn::cli
