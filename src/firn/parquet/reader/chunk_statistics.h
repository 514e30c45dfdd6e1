// Column chunk statistics as a reader may trust them for pruning (parquet.thrift
// "Statistics" and "ColumnOrder"; LogicalTypes.md "Sort Order").
//
// min/max come from min_value/max_value, whose order is the column's ColumnOrder
// (TYPE_ORDER: signed for INT32/INT64, by value for FLOAT/DOUBLE, unsigned bytewise for
// byte arrays except DECIMAL, which is signed). The deprecated min/max fields were written
// in signed order for every type, so they are used only where that order is the type's
// order and unambiguous: BOOLEAN, INT32 and INT64 that are not unsigned, FLOAT, DOUBLE.
// No min/max is reported for INT96, FLOAT16, an unknown ColumnOrder, or, without
// column_orders in the footer, types whose order the signed rule does not cover.
// Floating-point bounds follow the spec's reader rules: a NaN bound drops both, a +0.0
// min becomes -0.0 and a -0.0 max becomes +0.0.
//
// Thread-safety: pure function.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "firn/common/result.h"
#include "firn/parquet/format/file_metadata.h"
#include "firn/parquet/schema/schema.h"

namespace firn::parquet {

struct ColumnChunkStats {
  std::optional<std::string> min;  // lower bound, PLAIN-encoded (byte arrays: bare bytes)
  std::optional<std::string> max;  // upper bound, PLAIN-encoded
  bool min_exact = false;          // min is the actual minimum, not just a bound
  bool max_exact = false;          // max is the actual maximum
  std::optional<int64_t> null_count;
  std::optional<int64_t> nan_count;
  std::optional<int64_t> distinct_count;
  int64_t num_values = 0;  // ColumnMetaData.num_values: values including nulls

  bool operator==(const ColumnChunkStats&) const = default;
};

// nullopt if the chunk carries no Statistics. `order` is the column's entry of
// FileMetaData.column_orders, if the footer has them. Corrupt if a fixed-width bound has
// the wrong size or a count is negative.
Result<std::optional<ColumnChunkStats>> ChunkStatsFromMetadata(
    const format::ColumnMetaData& md, const ColumnDescriptor& column,
    std::optional<format::ColumnOrder> order);

}  // namespace firn::parquet
