// WriterOptions: the Parquet writer's configuration, named and defaulted as Iceberg's
// table properties ("Write properties" in the Iceberg configuration docs).
//
//   write.parquet.row-group-size-bytes   134217728  row group flushed past this many bytes
//   write.parquet.page-size-bytes        1048576    data page closed past this many bytes
//   write.parquet.page-row-limit         20000      ... or this many rows
//   write.parquet.dict-size-bytes        2097152    dictionary falls back to PLAIN past this
//   write.parquet.compression-codec      zstd       zstd, snappy, gzip, lz4, brotli, uncompressed
//   write.parquet.compression-level      (codec default)
//   write.metadata.metrics.default       truncate(16)
//   write.metadata.metrics.column.<path> per-column override, path by field names
//
// The configuration is immutable once the writer starts; the mutable row-group and page
// state lives in the writers (DuckDB's split between options and state).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "firn/common/result.h"
#include "firn/parquet/compression/codec.h"
#include "firn/parquet/schema/schema.h"
#include "firn/parquet/writer/iceberg_metrics.h"

namespace firn::parquet {

struct WriterOptions {
  int64_t row_group_size_bytes = 128LL << 20;  // write.parquet.row-group-size-bytes
  int64_t page_size_bytes = 1LL << 20;         // write.parquet.page-size-bytes
  int64_t page_row_limit = 20000;              // write.parquet.page-row-limit
  int64_t dict_size_bytes = 2LL << 20;         // write.parquet.dict-size-bytes
  CompressionKind compression = CompressionKind::kZstd;  // write.parquet.compression-codec
  std::optional<int> compression_level;        // write.parquet.compression-level
  MetricsConfig metrics;                       // write.metadata.metrics.*
  bool write_page_v2 = false;                  // DATA_PAGE_V2 instead of v1
  bool dictionary_enabled = true;              // false: PLAIN only (scratch files that are read once)
  std::string created_by = "firn version 0.1.0";
  std::vector<std::pair<std::string, std::string>> key_value_metadata;  // footer metadata

  // Reads the properties above from a table-properties map; unknown keys are ignored
  // (they belong to other layers), malformed values are errors naming the key. Column
  // names in write.metadata.metrics.column.* are resolved against `schema`.
  static Result<WriterOptions> FromProperties(const std::map<std::string, std::string>& props,
                                              const Schema& schema);
};

}  // namespace firn::parquet
