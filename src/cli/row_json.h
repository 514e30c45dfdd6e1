// Rows of a RecordBatch as JSON objects, for `firn parquet cat`: structs as objects,
// lists as arrays, maps as {"keys": [...], "values": [...]} (Iceberg's JSON
// single-value serialization, which also allows non-string keys), leaves by logical type
// (value_text.h), nulls as null.
//
// Thread-safety: pure function.
#pragma once

#include <cstdint>

#include "firn/common/json_writer.h"
#include "firn/parquet/batch/column_vector.h"
#include "firn/parquet/schema/schema.h"

namespace firn::cli {

// Writes row `row` of `batch` as one object. REQUIRES: `batch` is shaped by `schema`
// and valid (as FileReader hands them out), 0 <= row < batch.num_rows.
void WriteRowJson(const parquet::Schema& schema, const parquet::RecordBatch& batch, int64_t row,
                  JsonWriter* w);

}  // namespace firn::cli
