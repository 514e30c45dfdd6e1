// Row selection on columnar batches: keeps the rows a scan did not delete or filter out.
// `keep` holds one byte per row (non-zero = keep). List and map children follow their
// parent slots, struct children their struct.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <vector>

#include "firn/parquet/batch/column_vector.h"
#include "firn/parquet/schema/schema.h"

namespace firn::iceberg {

// The kept slots of `v` (shaped by `node`), in order. REQUIRES: keep.size() == v.length.
parquet::ColumnVector SelectSlots(const parquet::SchemaNode& node, const parquet::ColumnVector& v,
                                  const std::vector<uint8_t>& keep);

// Applies `keep` to every column of `batch` (shaped by `schema`) in place.
// REQUIRES: keep.size() == batch.num_rows.
void SelectRows(const parquet::Schema& schema, const std::vector<uint8_t>& keep,
                parquet::RecordBatch* batch);

}  // namespace firn::iceberg
