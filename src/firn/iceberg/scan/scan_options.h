// ScanOptions: what a TableScan reads (Java's TableScan builder settings).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "firn/common/strong_type.h"
#include "firn/iceberg/expressions/expression.h"
#include "firn/iceberg/scan/path_mapper.h"
#include "firn/parquet/reader/reader_options.h"

namespace firn::iceberg {

struct ScanOptions {
  // Which snapshot: snapshot_id if set, else the one current at as_of_timestamp_ms if set,
  // else the table's current snapshot. Setting both is InvalidArgument.
  std::optional<SnapshotId> snapshot_id;
  std::optional<int64_t> as_of_timestamp_ms;
  // Columns to return, dotted for nested fields ("address.zipcode"); empty = all.
  std::vector<std::string> columns;
  // Rows to return (unbound or bound to the schema read); nullptr = all. Planning prunes
  // manifests and files with it, reading applies it exactly.
  ExprPtr filter;
  // Whether column names (in `columns` and `filter`) match case-sensitively.
  bool case_sensitive = true;
  // Where the recorded locations are now (tables copied from elsewhere).
  PathMapper path_mapper;
  // Limits of the Parquet reader.
  parquet::ReaderOptions reader_options;
  // Threads reading manifests during planning (1 = the calling thread only).
  int planning_threads = 1;
};

}  // namespace firn::iceberg
