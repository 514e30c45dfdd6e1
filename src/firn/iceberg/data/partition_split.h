// SplitByPartition: computes every row's partition tuple for a batch with the columnar
// transforms and groups the rows by tuple — the first step of the fan-out writer.
#pragma once

#include <cstdint>
#include <vector>

#include "firn/common/result.h"
#include "firn/iceberg/partition/partition_spec.h"
#include "firn/iceberg/types/literal.h"
#include "firn/iceberg/types/schema.h"
#include "firn/parquet/batch/column_vector.h"

namespace firn::iceberg {

struct PartitionGroup {
  std::vector<Literal> partition;  // the tuple, one value per spec field
  std::vector<int64_t> rows;       // the batch rows in it, ascending
};

// `batch` holds the top-level fields of `schema` in order (ToParquetSchema's layout).
// Partition sources may sit inside structs (a null struct gives a null source value), not
// inside lists or maps. Groups come in order of their first row.
Result<std::vector<PartitionGroup>> SplitByPartition(const Schema& schema, const PartitionSpec& spec,
                                                     const parquet::RecordBatch& batch);

}  // namespace firn::iceberg
