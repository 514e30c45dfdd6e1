// TakeRows: gathers the slots `rows` (in that order) of a column vector into another, the
// nested children included — the partitioned writer uses it to split a batch by partition.
#pragma once

#include <cstdint>
#include <span>

#include "firn/parquet/batch/column_vector.h"
#include "firn/parquet/schema/schema.h"

namespace firn::parquet {

// Appends in[rows[i]] for every i to *out (which must be shaped for `node`; it is not
// cleared). REQUIRES: every row < in.length; `in` valid for `node` (ValidateVector).
void TakeRows(const SchemaNode& node, const ColumnVector& in, std::span<const int64_t> rows,
              ColumnVector* out);

// The rows of `in` (a batch of `schema`) appended to *out.
void TakeRows(const Schema& schema, const RecordBatch& in, std::span<const int64_t> rows,
              RecordBatch* out);

}  // namespace firn::parquet
