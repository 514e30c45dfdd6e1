// SourceColumn: the leaf vector of a schema field inside a RecordBatch, for the code that
// computes values from a row's fields (partition tuples, sort keys). The field may sit
// inside structs (a null struct makes the value null), not inside lists or maps.
#pragma once

#include <vector>

#include "firn/common/result.h"
#include "firn/iceberg/types/schema.h"
#include "firn/parquet/batch/column_vector.h"

namespace firn::iceberg {

struct SourceColumn {
  const parquet::ColumnVector* leaf = nullptr;
  std::vector<const parquet::ColumnVector*> ancestors;  // structs above the leaf
  Type type;

  // Whether every struct enclosing slot `row` is present (a null struct makes the value
  // null whatever the leaf, or a transform of it, holds).
  bool AncestorsValid(int64_t row) const {
    for (const parquet::ColumnVector* a : ancestors) {
      if (!a->IsValid(row)) return false;
    }
    return true;
  }
};

// `batch` holds the top-level fields of `schema` in order (ToParquetSchema's layout).
// InvalidArgument when the field is missing or inside a list or map; `what` names the
// caller's use in the message ("partition source", "sort source").
Result<SourceColumn> FindSourceColumn(const Schema& schema, const parquet::RecordBatch& batch, FieldId id,
                                      std::string_view what);

}  // namespace firn::iceberg
