// TakeRows: gathers the slots `rows` (in that order) of a column vector into another, the
// nested children included — the partitioned writer uses it to split a batch by partition,
// and the external sort (one input) and its merge (rows drawn from several inputs).
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

// A row of one of several inputs.
struct SourceRow {
  uint32_t source = 0;  // index into the inputs
  int64_t row = 0;
};

// inputs[r.source] row r.row for every r of `rows`, in order, appended to *out. REQUIRES:
// every input is a valid batch of `schema` and every row is in range.
void TakeRows(const Schema& schema, std::span<const RecordBatch* const> inputs, std::span<const SourceRow> rows,
              RecordBatch* out);

}  // namespace firn::parquet
