// RowFilter: evaluates a filter exactly on the rows of a parquet::RecordBatch, producing a
// selection with one byte per row (1 = the row matches).
//
// The batch's columns are `batch_schema`'s top-level fields, laid out as parquet/batch
// column_vector.h describes for the Parquet mapping of each Iceberg type (iceberg/data/
// parquet_schema.h): decimals as INT32/INT64/FIXED big-endian by precision, uuid and fixed
// as fixed-width bytes, booleans as one byte. Columns inside structs are addressed by dotted
// name ("device.os"); a slot is null when it or any enclosing struct is null.
//
// Semantics (SQL): a predicate on a null value is false, and stays false under NOT (NOT is
// pushed down to the predicates before evaluation); is_null / not_null are exact. Floats:
// NaN satisfies is_nan, not_nan is false for it, every ordered comparison and = are false
// for NaN, != and not_in true; -0.0 and 0.0 are ordered as Java's Double.compare.
//
// Evaluation is columnar: one typed loop per predicate over the whole batch, then byte-wise
// and/or of the predicate selections.
//
// Thread-safety: immutable after Make(); Select may be called from many threads.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "firn/common/result.h"
#include "firn/iceberg/expressions/expression.h"
#include "firn/iceberg/types/schema.h"
#include "firn/parquet/batch/column_vector.h"

namespace firn::iceberg {

class RowFilter {
 public:
  // Binds `filter` to `batch_schema`. InvalidArgument for unknown columns, columns inside
  // lists or maps, and literals that do not convert.
  static Result<std::unique_ptr<RowFilter>> Make(const Schema& batch_schema,
                                                 const ExprPtr& filter,
                                                 bool case_sensitive = true);

  // Fills `selection` (resized to batch.num_rows) with 1 for matching rows, 0 otherwise.
  // InvalidArgument when the batch does not have the schema's shape (column count, buffer
  // sizes of the columns read).
  Status Select(const parquet::RecordBatch& batch, std::vector<uint8_t>* selection) const;

  const ExprPtr& filter() const { return filter_; }

 private:
  RowFilter(Schema schema, ExprPtr filter) : schema_(std::move(schema)), filter_(std::move(filter)) {}

  Status EvalNode(const Expression& e, const parquet::RecordBatch& batch, uint8_t* out) const;
  Status EvalPredicate(const Expression& p, const parquet::RecordBatch& batch, uint8_t* out) const;

  Schema schema_;
  ExprPtr filter_;  // bound to schema_
};

}  // namespace firn::iceberg
