// parquet.thrift's Statistics, shared by column chunks (ColumnMetaData) and data pages.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace firn::parquet::format {

// Values are PLAIN-encoded, except that BYTE_ARRAY values have no length prefix. All
// fields are optional; readers must tell "absent" from zero (notably null_count).
struct Statistics {
  std::optional<std::string> max;                 // 1: deprecated signed-order max
  std::optional<std::string> min;                 // 2: deprecated signed-order min
  std::optional<int64_t> null_count;              // 3: number of nulls
  std::optional<int64_t> distinct_count;          // 4: number of distinct values
  std::optional<std::string> max_value;           // 5: upper bound, by the ColumnOrder
  std::optional<std::string> min_value;           // 6: lower bound, by the ColumnOrder
  std::optional<bool> is_max_value_exact;         // 7: max_value is the actual maximum
  std::optional<bool> is_min_value_exact;         // 8: min_value is the actual minimum
  std::optional<int64_t> nan_count;               // 9: number of NaNs (FLOAT/DOUBLE/FLOAT16)

  bool operator==(const Statistics&) const = default;
};

}  // namespace firn::parquet::format
