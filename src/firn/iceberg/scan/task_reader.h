// TaskReader: reads the rows of one FileScanTask (spec "Scan Planning", "Column
// Projection", "Position Delete Files", "Equality Delete Files"):
//   1. the data file's Parquet columns are found by field id and adapted to the schema
//      read (column_adapter.h); a column the file lacks comes from the partition tuple
//      (identity partitions), else the field's initial-default, else null;
//   2. rows whose position a position delete file names are dropped, then rows whose
//      equality_ids key equals a row of an applicable equality delete file;
//   3. the residual filter is applied exactly (RowFilter);
//   4. the columns are cut down to the projected schema.
// Batches are shaped by output_schema() = ToParquetSchema(projected_schema()), one per row
// group of the data file. Anything firn cannot read correctly (ORC or Avro data files, a
// file without field ids, an unsupported physical type) is NotSupported: never wrong rows.
//
// Lifetimes: `io` and `metadata` must outlive the reader.
// Thread-safety: Read may be called from many threads at once.
#pragma once

#include <atomic>
#include <memory>
#include <vector>

#include "firn/common/result.h"
#include "firn/io/file_io.h"
#include "firn/iceberg/expressions/expression.h"
#include "firn/iceberg/expressions/row_filter.h"
#include "firn/iceberg/metadata/table_metadata.h"
#include "firn/iceberg/scan/delete_loader.h"
#include "firn/iceberg/scan/file_scan_task.h"
#include "firn/parquet/batch/column_vector.h"
#include "firn/parquet/reader/reader_options.h"
#include "firn/parquet/schema/schema.h"

namespace firn::iceberg {

class TaskReader {
 public:
  // `bound_filter`: bound to `table_schema`, or nullptr for none.
  static Result<std::unique_ptr<TaskReader>> Make(io::FileIO& io, const TableMetadata& metadata,
                                                  Schema table_schema, Schema projected_schema,
                                                  ExprPtr bound_filter, bool case_sensitive,
                                                  parquet::ReaderOptions reader_options);

  Result<std::vector<parquet::RecordBatch>> Read(const FileScanTask& task) const;

  const Schema& table_schema() const { return table_schema_; }
  const Schema& projected_schema() const { return projected_; }
  const std::shared_ptr<const parquet::Schema>& output_schema() const { return output_; }
  int64_t data_files_opened() const { return data_files_opened_.load(); }
  int64_t delete_files_read() const { return deletes_->files_read(); }

 private:
  TaskReader(io::FileIO& io, const TableMetadata& metadata, Schema table_schema, Schema projected,
             std::shared_ptr<const parquet::Schema> output, ExprPtr filter, std::vector<int32_t> base_ids,
             bool case_sensitive, parquet::ReaderOptions options);

  io::FileIO& io_;
  const TableMetadata& metadata_;
  Schema table_schema_;
  Schema projected_;
  std::shared_ptr<const parquet::Schema> output_;
  ExprPtr filter_;                 // bound to table_schema_, or nullptr
  std::vector<int32_t> base_ids_;  // field ids the output and the filter need
  bool case_sensitive_;
  parquet::ReaderOptions options_;
  std::unique_ptr<DeleteLoader> deletes_;
  mutable std::atomic<int64_t> data_files_opened_{0};
};

}  // namespace firn::iceberg
