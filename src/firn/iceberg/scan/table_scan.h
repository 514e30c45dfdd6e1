// TableScan: plans and reads a scan of one snapshot of an Iceberg table (spec "Scan
// Planning"), Java's DataTableScan in small.
//
//   ScanOptions options;
//   options.columns = {"id", "name"};
//   FIRN_ASSIGN_OR_RETURN(options.filter, ParseWhere("id > 10"));
//   FIRN_ASSIGN_OR_RETURN(auto scan, TableScan::Make(io, metadata, std::move(options)));
//   FIRN_ASSIGN_OR_RETURN(std::vector<FileScanTask> tasks, scan->PlanFiles());
//   for (const FileScanTask& task : tasks) {
//     FIRN_ASSIGN_OR_RETURN(std::vector<parquet::RecordBatch> batches, scan->ReadTask(task));
//     ... batches are shaped by *scan->output_schema() (ToParquetSchema(projected_schema()))
//   }
//
// Planning reads the snapshot's manifest list and manifests, skipping manifests and files
// that the filter excludes (ManifestEvaluator, PartitionEvaluator, MetricsEvaluator), and
// attaches to each live data file the delete files that apply (delete_file_index.h).
// Reading (task_reader.h) returns exactly the rows of the file that survive its deletes
// and the filter. Time travel reads with the schema the snapshot was written with.
//
// Lifetimes: `io` and `metadata` must outlive the scan.
// Thread-safety: PlanFiles and ReadTask may be called from many threads at once.
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "firn/common/result.h"
#include "firn/io/file_io.h"
#include "firn/iceberg/metadata/table_metadata.h"
#include "firn/iceberg/scan/file_scan_task.h"
#include "firn/iceberg/scan/scan_options.h"
#include "firn/iceberg/scan/task_reader.h"
#include "firn/parquet/batch/column_vector.h"

namespace firn::iceberg {

class TableScan {
 public:
  // InvalidArgument for an unknown column or a filter that does not bind; NotFound for an
  // unknown snapshot id or a timestamp before the first snapshot.
  static Result<std::unique_ptr<TableScan>> Make(io::FileIO& io, const TableMetadata& metadata,
                                                 ScanOptions options);

  // The snapshot read; nullptr for a table without snapshots (every plan is empty).
  const Snapshot* snapshot() const { return snapshot_; }
  // The schema of that snapshot, and the part of it that scans return.
  const Schema& schema() const { return reader_->table_schema(); }
  const Schema& projected_schema() const { return reader_->projected_schema(); }
  const std::shared_ptr<const parquet::Schema>& output_schema() const {
    return reader_->output_schema();
  }

  Result<std::vector<FileScanTask>> PlanFiles() const;
  // The rows of one task, one batch per row group of its data file.
  Result<std::vector<parquet::RecordBatch>> ReadTask(const FileScanTask& task) const {
    return reader_->Read(task);
  }

  // Manifests and data files opened so far (for tests and metrics).
  int64_t manifests_read() const { return manifests_read_.load(); }
  int64_t data_files_opened() const { return reader_->data_files_opened(); }

 private:
  TableScan(io::FileIO& io, const TableMetadata& metadata, const Snapshot* snapshot,
            ScanOptions options, std::unique_ptr<TaskReader> reader)
      : io_(io), metadata_(metadata), snapshot_(snapshot), options_(std::move(options)),
        reader_(std::move(reader)) {}

  io::FileIO& io_;
  const TableMetadata& metadata_;
  const Snapshot* snapshot_;  // points into metadata_
  ScanOptions options_;
  std::unique_ptr<TaskReader> reader_;
  mutable std::atomic<int64_t> manifests_read_{0};
};

}  // namespace firn::iceberg
