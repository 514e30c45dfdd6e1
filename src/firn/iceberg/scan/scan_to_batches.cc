#include "firn/iceberg/scan/scan_to_batches.h"

#include "firn/common/macros.h"
#include "firn/iceberg/scan/table_scan.h"

namespace firn::iceberg {

int64_t ScanResult::num_rows() const {
  int64_t n = 0;
  for (const auto& b : batches) n += b.num_rows;
  return n;
}

Result<ScanResult> ScanToBatches(io::FileIO& io, const TableMetadata& metadata, ScanOptions options) {
  FIRN_ASSIGN_OR_RETURN(std::unique_ptr<TableScan> scan, TableScan::Make(io, metadata, std::move(options)));
  FIRN_ASSIGN_OR_RETURN(std::vector<FileScanTask> tasks, scan->PlanFiles());
  ScanResult out{scan->output_schema(), scan->projected_schema(), {}};
  for (const FileScanTask& task : tasks) {
    FIRN_ASSIGN_OR_RETURN(std::vector<parquet::RecordBatch> batches, scan->ReadTask(task));
    for (auto& b : batches) {
      if (b.num_rows > 0) out.batches.push_back(std::move(b));
    }
  }
  return out;
}

}  // namespace firn::iceberg
