// SortKeys: a batch's sort key, one column per field of a SortOrder (the field's transform
// applied to its source column), and the comparison Iceberg's spec defines for it.
//
// Order of values: numbers numerically; -NaN < -Infinity < ... < -0 < 0 < ... < Infinity
// < NaN for floats (the spec's "Sorting" section); strings and binary by unsigned bytes
// (UTF-8 byte order is code point order); uuid and fixed by unsigned bytes; decimals by
// value; booleans false < true. A descending field reverses the values' order; nulls go
// first or last as the field says, whatever its direction.
//
// Numeric keys are normalised once into order-preserving uint64s, so a comparison is a few
// integer compares per field; byte keys keep their first 8 bytes as such an integer and
// fall back to memcmp only when those are equal.
//
// Thread-safety: immutable after Make.
#pragma once

#include <cstdint>
#include <vector>

#include "firn/common/result.h"
#include "firn/iceberg/sort/sort_order.h"
#include "firn/iceberg/types/schema.h"
#include "firn/parquet/batch/column_vector.h"

namespace firn::iceberg {

class SortKeys {
 public:
  // `batch` holds the top-level fields of `schema` in order (ToParquetSchema's layout);
  // it must outlive the keys (string keys are read in place). InvalidArgument when a sort source is missing, nested in a list or map, or not
  // accepted by its transform.
  static Result<SortKeys> Make(const Schema& schema, const SortOrder& order, const parquet::RecordBatch& batch);

  int64_t num_rows() const { return num_rows_; }

  // <0, 0 or >0 as row `i` of `a` sorts before, with, or after row `j` of `b`.
  // REQUIRES: both made for the same order.
  static int Compare(const SortKeys& a, int64_t i, const SortKeys& b, int64_t j);

  // The batch's rows in sorted order; rows that compare equal keep their order.
  std::vector<int64_t> SortedRows() const;

 private:
  struct Field {
    bool bytes = false;                 // compare `values` as byte strings
    bool descending = false;
    bool nulls_first = true;
    std::vector<uint8_t> valid;         // 1 = has a value (source and enclosing structs)
    std::vector<uint64_t> normalized;   // numbers, order-preserving; byte keys: first 8 bytes
    std::vector<uint64_t> normalized2;  // string keys: bytes 8 to 15
    int32_t width = 0;                  // byte keys: fixed width, 0 for offset-encoded
    std::vector<uint8_t> fixed;         // fixed-width byte keys (sign-flipped decimals)
    parquet::ColumnVector owned;        // string/binary keys a transform produced
    const parquet::ColumnVector* source = nullptr;  // string/binary keys read in place

    const parquet::ColumnVector& byte_column() const { return source != nullptr ? *source : owned; }
  };
  static int CompareField(const Field& fa, int64_t i, const Field& fb, int64_t j);
  // Each row's rank among the distinct values of a byte key (nulls: 0, unused).
  std::vector<uint64_t> Ranks(const Field& f) const;

  int64_t num_rows_ = 0;
  std::vector<Field> fields_;
};

}  // namespace firn::iceberg
