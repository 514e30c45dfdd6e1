// Row keys for equality deletes (spec "Equality Delete Files"): the values of the
// equality_ids columns of one row, encoded so that two rows have equal keys exactly when
// every column is equal, with null equal to null. Columns must be primitive and laid out
// as ToParquetNode of the same Iceberg field (column_adapter.h), so that a delete file and
// a data file written with different physical types still agree.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "firn/parquet/batch/column_vector.h"
#include "firn/parquet/schema/schema.h"

namespace firn::iceberg {

struct KeyColumn {
  const parquet::SchemaNode* node;      // a primitive leaf
  const parquet::ColumnVector* vector;  // its values
};

// Appends the key of `row` to *out (which the caller clears between rows).
void AppendEqualityKey(const std::vector<KeyColumn>& columns, int64_t row, std::string* out);

}  // namespace firn::iceberg
