// ExternalSorter: sorts more rows than fit in memory by a SortOrder — what compaction's
// sort strategy needs to write each output file in the table's order.
//
// Rows are added in batches and buffered (concatenated) up to `memory_bytes`. A full
// buffer is sorted and spilled as a run: a Parquet file (LZ4, PLAIN, small row groups) under
// `spill_directory`. Finish() sorts the last buffer; with no runs it emits it directly,
// otherwise it merges every run and the buffer with a heap, reading each run one row
// group at a time, so memory stays near `memory_bytes` plus one row group per run. More
// than `merge_fan_in` runs are first merged into fewer, in order, so that the final merge
// never holds more than the fan-in of row groups.
//
// The sort is stable: rows that compare equal come out in the order they were added
// (runs are merged oldest first on ties). Spill files are deleted when the sorter is
// destroyed, on success or error; their names say which host and process wrote them, so
// that the runs of a killed process can be swept later (spill_files.h).
//
// Thread-safety: none.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "firn/common/result.h"
#include "firn/iceberg/sort/sort_order.h"
#include "firn/iceberg/types/schema.h"
#include "firn/io/file_io.h"
#include "firn/parquet/batch/column_vector.h"
#include "firn/parquet/schema/schema.h"

namespace firn::iceberg {

struct ExternalSorterOptions {
  int64_t memory_bytes = int64_t{128} << 20;  // buffered rows before a run is spilled
  std::string spill_directory;                // where runs go (on `io`); required
  int merge_fan_in = 32;                      // runs merged at once (>= 2)
  int64_t output_batch_rows = 32768;          // rows per emitted batch
};

struct ExternalSorterStats {
  int64_t rows = 0;
  int64_t runs_spilled = 0;       // runs written, intermediate merges included
  int64_t bytes_spilled = 0;      // their file sizes
  int merge_passes = 0;           // intermediate merges before the final one
};

class ExternalSorter {
 public:
  using Sink = std::function<Status(const parquet::RecordBatch&)>;

  // `schema` and `order` must outlive the sorter; `order` must be a sorted order valid
  // for `schema`. Spill files are created on `io` (a local FileIO in production).
  static Result<std::unique_ptr<ExternalSorter>> Make(io::FileIO& io, const Schema& schema, const SortOrder& order,
                                                      ExternalSorterOptions options);
  ~ExternalSorter();
  ExternalSorter(const ExternalSorter&) = delete;
  ExternalSorter& operator=(const ExternalSorter&) = delete;

  // Buffers the batch's rows (copied), spilling a run when the buffer is full.
  // InvalidArgument when the batch does not fit the schema or a sort key cannot be
  // computed; IOError when a run cannot be written.
  Status Add(const parquet::RecordBatch& batch);

  // Emits every row added, sorted, in batches of at most output_batch_rows, and deletes
  // the runs. A sink error stops the merge and is returned. Call once.
  Status Finish(const Sink& sink);

  const ExternalSorterStats& stats() const { return stats_; }

 private:
  struct Run;
  ExternalSorter(io::FileIO& io, const Schema& schema, const SortOrder& order,
                 std::shared_ptr<const parquet::Schema> file_schema, ExternalSorterOptions options);
  Status SpillBuffer();
  Status EmitBuffer(const Sink& sink);
  Status Merge(std::vector<Run>& runs, const Sink& sink);
  Result<Run> WriteRun(const std::function<Status(const Sink&)>& produce);
  void DeleteRuns();

  io::FileIO& io_;
  const Schema& schema_;
  const SortOrder& order_;
  std::shared_ptr<const parquet::Schema> file_schema_;
  ExternalSorterOptions options_;
  parquet::RecordBatch buffer_;
  std::vector<int64_t> all_rows_;  // 0..n-1, for appending a batch with TakeRows
  std::vector<std::string> run_paths_;  // every spill file not yet deleted
  std::vector<Run> runs_;
  int64_t run_seq_ = 0;
  std::string prefix_;
  ExternalSorterStats stats_;
  bool finished_ = false;
};

}  // namespace firn::iceberg
