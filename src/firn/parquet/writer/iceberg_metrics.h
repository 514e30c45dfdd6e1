// Iceberg file metrics computed by the Parquet writer: per field id, the column sizes,
// value, null and NaN counts and the lower/upper bounds that manifests carry (Iceberg spec,
// "Manifests" / data_file fields 108-128, and "Appendix D: Single-value serialization").
//
// Metrics modes follow the table properties `write.metadata.metrics.default` and
// `write.metadata.metrics.column.<name>`: none, counts, truncate(N) (default truncate(16))
// and full. Bounds are kept only for columns outside lists and maps, as Iceberg's Java
// writer does, and truncated strings and binaries get an upper bound that is rounded up
// so that it still bounds every value.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "firn/common/result.h"
#include "firn/parquet/schema/schema.h"
#include "firn/parquet/writer/column_statistics.h"

namespace firn::parquet {

struct MetricsMode {
  enum class Kind : int8_t { kNone, kCounts, kTruncate, kFull };
  Kind kind = Kind::kTruncate;
  int32_t length = 16;  // truncate(N)

  static Result<MetricsMode> Parse(std::string_view text);  // "none", "counts", "truncate(16)", "full"
  bool operator==(const MetricsMode&) const = default;
};

// Which mode applies to which column: a default plus overrides by field id.
struct MetricsConfig {
  MetricsMode default_mode;                    // write.metadata.metrics.default
  std::map<int32_t, MetricsMode> by_field_id;  // write.metadata.metrics.column.<name>, resolved

  MetricsMode ModeFor(std::optional<int32_t> field_id) const;
};

// One leaf column's metrics. Counts are absent in mode none; bounds absent unless the
// mode is truncate or full and the column has non-null, non-NaN values.
struct IcebergColumnMetrics {
  int32_t field_id = 0;
  int64_t column_size = 0;                    // compressed bytes of its column chunks
  std::optional<int64_t> value_count;         // values, nulls included
  std::optional<int64_t> null_value_count;
  std::optional<int64_t> nan_value_count;     // float and double columns only
  std::optional<std::string> lower_bound;     // single-value serialisation
  std::optional<std::string> upper_bound;

  bool operator==(const IcebergColumnMetrics&) const = default;
};

// Converts a column's statistics to Iceberg metrics under `mode`.
IcebergColumnMetrics MakeColumnMetrics(const ColumnDescriptor& column, const ColumnStatistics& stats,
                                       int64_t column_size, int64_t value_count, MetricsMode mode);

// Single-value serialisation of a PLAIN-encoded Parquet value of `leaf`'s type.
std::string ToIcebergBound(const SchemaNode& leaf, std::string_view plain);

// Truncation (Iceberg's UnicodeUtil / BinaryUtil). The lower bound is a prefix; the upper
// bound is the prefix with its last code point (or byte) incremented, or nullopt when no
// such bound exists (every position already holds the largest value).
std::string TruncateStringLower(std::string_view s, int32_t code_points);
std::optional<std::string> TruncateStringUpper(std::string_view s, int32_t code_points);
std::string TruncateBinaryLower(std::string_view s, int32_t length);
std::optional<std::string> TruncateBinaryUpper(std::string_view s, int32_t length);

}  // namespace firn::parquet
