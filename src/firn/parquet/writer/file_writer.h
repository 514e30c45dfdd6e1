// FileWriter: writes one Parquet file from columnar batches.
//
//   FIRN_ASSIGN_OR_RETURN(auto out, io->NewOutputFile(path));
//   FIRN_ASSIGN_OR_RETURN(auto w, FileWriter::Make(std::move(out), schema, options));
//   while (...) {
//     FIRN_RETURN_NOT_OK(w->Write(batch));
//     if (w->EstimatedFileSize() >= target) break;   // the caller decides when to roll
//   }
//   FIRN_ASSIGN_OR_RETURN(WriteResult r, w->Finish());  // footer + Iceberg metrics
//
// Lifecycle (LevelDB's Writer): Write* then exactly one of Finish or Abandon. Finish
// commits the file atomically through the FileIO; Abandon, a failed Finish, or destroying
// an unfinished writer leaves nothing under the final path. After any error the writer is
// poisoned and only Abandon is allowed.
//
// Memory: row groups are buffered (compressed pages) until they reach
// write.parquet.row-group-size-bytes or FlushRowGroup() is called. BufferedBytes() is what
// the open row group will write; MemoryUsage() is everything the writer holds, including
// capacity kept for reuse (dictionaries, page and scratch buffers, the output buffer).
// A caller keeping many writers open under a budget sums MemoryUsage() and calls
// ReleaseMemory() on the largest, which writes its row group out and frees the rest.
//
// Thread-safety: none. Move-only (held by unique_ptr).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "firn/common/result.h"
#include "firn/io/file_io.h"
#include "firn/parquet/batch/column_vector.h"
#include "firn/parquet/format/file_metadata.h"
#include "firn/parquet/schema/schema.h"
#include "firn/parquet/writer/column_writer.h"
#include "firn/parquet/writer/iceberg_metrics.h"
#include "firn/parquet/writer/shredder.h"
#include "firn/parquet/writer/writer_options.h"

namespace firn::parquet {

// What a finished file is, for the caller's manifest entry.
struct WriteResult {
  std::string path;                                // final path of the file
  int64_t file_size_bytes = 0;                     // Iceberg file_size_in_bytes
  int64_t record_count = 0;                        // rows
  std::vector<int64_t> split_offsets;              // row group start offsets, ascending
  std::vector<IcebergColumnMetrics> column_metrics;  // per leaf column that has a field id
  format::FileMetaData metadata;                   // the footer as written
};

class FileWriter {
 public:
  static Result<std::unique_ptr<FileWriter>> Make(std::unique_ptr<io::OutputFile> file,
                                                  std::shared_ptr<const Schema> schema,
                                                  WriterOptions options);
  ~FileWriter();
  FileWriter(const FileWriter&) = delete;
  FileWriter& operator=(const FileWriter&) = delete;

  // Appends a batch. The batch is validated against the schema first; an invalid batch
  // is an InvalidArgument error that leaves the writer usable.
  Status Write(const RecordBatch& batch);
  // Ends the open row group now (no-op if it is empty).
  Status FlushRowGroup();
  // Writes the footer and commits the file.
  Result<WriteResult> Finish();
  // Discards everything; nothing remains under the final path.
  void Abandon();

  // Ends the open row group and frees what the writer keeps for reuse; it keeps working
  // (the next Write allocates again). Afterwards MemoryUsage() is the writer's floor.
  Status ReleaseMemory();

  int64_t BufferedBytes() const;      // bytes the open row group will write (before compression)
  int64_t MemoryUsage() const;        // heap memory held, for budgets
  int64_t WrittenBytes() const;       // bytes already in the file
  int64_t EstimatedFileSize() const;  // written + open row group (compressed estimate)
  int64_t num_rows() const { return total_rows_; }
  const Schema& schema() const { return *schema_; }

 private:
  FileWriter(std::unique_ptr<io::OutputFile> file, std::shared_ptr<const Schema> schema,
             WriterOptions options);
  Status WriteChecked(const RecordBatch& batch);

  std::unique_ptr<io::OutputFile> file_;
  std::shared_ptr<const Schema> schema_;
  WriterOptions options_;
  Shredder shredder_;
  std::vector<std::unique_ptr<ColumnWriter>> columns_;
  std::vector<LeafLevels> levels_;  // reused per batch
  std::vector<format::RowGroup> row_groups_;
  Buffer chunk_buf_;
  int64_t group_rows_ = 0, total_rows_ = 0;
  int64_t metadata_bytes_ = 0;  // heap held by row_groups_ (estimated)
  bool poisoned_ = false, finished_ = false;
};

}  // namespace firn::parquet
