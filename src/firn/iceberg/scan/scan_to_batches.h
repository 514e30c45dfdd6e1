// ScanToBatches: plans a scan and reads every task, for callers that want the whole result
// at once (tests, `firn table cat`, small tables). Large tables should iterate the tasks of
// a TableScan instead.
#pragma once

#include <memory>
#include <vector>

#include "firn/common/result.h"
#include "firn/io/file_io.h"
#include "firn/iceberg/metadata/table_metadata.h"
#include "firn/iceberg/scan/scan_options.h"
#include "firn/parquet/batch/column_vector.h"
#include "firn/parquet/schema/schema.h"

namespace firn::iceberg {

struct ScanResult {
  std::shared_ptr<const parquet::Schema> schema;  // shape of every batch
  Schema projected_schema;                        // the Iceberg schema of the columns
  std::vector<parquet::RecordBatch> batches;      // in plan order, row groups in file order

  int64_t num_rows() const;
};

Result<ScanResult> ScanToBatches(io::FileIO& io, const TableMetadata& metadata, ScanOptions options);

}  // namespace firn::iceberg
