// Seeded random Iceberg schemas and data for the interop tests: every Iceberg type, nested
// structs, lists and maps at any depth, nulls, empty lists and maps, extreme values, NaN,
// non-ASCII strings and pre-1970 timestamps. The generator fills firn's column vectors and,
// in the same pass, the expected rows in the canonical JSON form that
// tests/interop/lib/canonical.mjs reads (see tests/interop/README.md).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "firn/parquet/batch/column_vector.h"
#include "firn/parquet/schema/schema.h"
#include "firn/parquet/writer/writer_options.h"

namespace firn::interop {

struct RandomTable {
  std::shared_ptr<const parquet::Schema> schema;
  std::vector<parquet::RecordBatch> batches;  // written in order
  parquet::WriterOptions options;             // random page/row-group sizes, codec, page version
  std::string expected_json;                  // {"schema": <Iceberg schema>, "rows": [...]}
};

RandomTable GenerateRandomTable(uint64_t seed);

}  // namespace firn::interop
