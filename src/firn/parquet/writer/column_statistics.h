// ColumnStatistics: min, max, null and NaN counts of one column, kept in the column's sort
// order, for a column chunk's Statistics and for the file's Iceberg metrics.
//
// Sort orders (parquet.thrift "ColumnOrder" / LogicalTypes.md "Sort Order"):
//   BOOLEAN false < true; INT32 and INT64 signed; FLOAT and DOUBLE by value, NaN ignored
//   (and counted) with -0.0 recorded as min and +0.0 as max when zero is an extreme;
//   BYTE_ARRAY and FIXED_LEN_BYTE_ARRAY unsigned lexicographic, except DECIMAL stored in
//   bytes, which compares as signed big-endian two's complement; INT96 keeps no min/max.
// Min and max are held in their PLAIN encoding (little-endian for numbers, raw bytes for
// byte arrays), which is what Parquet's min_value/max_value hold.
//
// Thread-safety: none.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "firn/parquet/schema/schema.h"

namespace firn::parquet {

class ColumnStatistics {
 public:
  explicit ColumnStatistics(const SchemaNode& leaf);

  void AddNulls(int64_t n) { null_count_ += n; }
  // Fixed-width values, `n` of them, contiguous (bool as one byte each).
  void UpdateFixed(const uint8_t* values, int64_t n);
  void UpdateBytes(std::string_view value);
  // Byte arrays data[offsets[i], offsets[i + 1]) for i < n; with `slots`, for the slots
  // slots[0, n) instead. One pass keeps the batch's extremes as views and copies them
  // once at the end.
  void UpdateByteArrays(const uint8_t* data, const int64_t* offsets, int64_t n);
  void UpdateByteArrays(const uint8_t* data, const int64_t* offsets, const int64_t* slots, int64_t n);
  // Merges another column's statistics (same leaf).
  void Merge(const ColumnStatistics& other);
  void Reset();

  bool has_min_max() const { return has_min_max_; }
  const std::string& min() const { return min_; }  // PLAIN-encoded
  const std::string& max() const { return max_; }
  int64_t null_count() const { return null_count_; }
  int64_t nan_count() const { return nan_count_; }

 private:
  enum class Order : int8_t { kBool, kInt32, kInt64, kFloat, kDouble, kUnsignedBytes, kSignedBytes, kNone };
  template <typename T>
  void UpdateNumeric(const uint8_t* values, int64_t n);
  template <typename T>
  void UpdateFloating(const uint8_t* values, int64_t n);
  bool Less(std::string_view a, std::string_view b) const;  // per the column's order
  template <typename ValueAt>
  void UpdateBytesBatch(int64_t n, ValueAt&& value_at);

  Order order_;
  int32_t width_;
  bool has_min_max_ = false;
  std::string min_, max_;
  int64_t null_count_ = 0;
  int64_t nan_count_ = 0;
};

}  // namespace firn::parquet
