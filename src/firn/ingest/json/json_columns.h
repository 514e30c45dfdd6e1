// JsonColumns: the vectors of one RecordBatch indexed by JSON plan node (json_plan.h), as
// the decoder fills them: binding with a shape check, null slots, and the rollback of a
// failed line.
//
// Rollback cuts every vector of the tree back to the row count before the failed line
// (child lengths follow from the parents' offsets), so nothing is saved per record and an
// error costs O(columns).
//
// "*plan" must remain live while this object is in use, and the batch given to Bind()
// must stay live, with its vectors in place, until the next Bind().
//
// Thread-safety: none.
#pragma once

#include <cstdint>
#include <vector>

#include "firn/common/result.h"
#include "firn/ingest/json/json_plan.h"
#include "firn/parquet/batch/column_vector.h"

namespace firn::ingest {

class JsonColumns {
 public:
  // REQUIRES: *plan is complete (made by JsonPlan::Make).
  explicit JsonColumns(const JsonPlan* plan) : plan_(plan), vec_(plan->nodes.size(), nullptr) {}

  // Points every plan node at its vector in *batch. InvalidArgument if the batch's shape
  // (columns, children) is not the plan's.
  Status Bind(parquet::RecordBatch* batch);

  // The vector of plan node `idx`. REQUIRES: Bind() succeeded.
  parquet::ColumnVector& operator[](int32_t idx) const { return *vec_[static_cast<size_t>(idx)]; }

  // Appends a null slot for node `idx` (a struct's children get null slots too).
  void AppendNull(int32_t idx);

  // Cuts every column back to `rows` rows. Slots below are untouched; a validity
  // materialised after them holds only 1s below `rows`, which means the same as none.
  void Rollback(int64_t rows);

 private:
  Status BindNode(int32_t idx, parquet::ColumnVector* v);
  void Truncate(int32_t idx, int64_t len);

  const JsonPlan* plan_;
  std::vector<parquet::ColumnVector*> vec_;  // per plan node
};

}  // namespace firn::ingest
