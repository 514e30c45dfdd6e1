// PartitionedWriter: the fan-out data writer. Batches in the table schema's layout are
// split by partition tuple (partition_split.h); each partition has one open Parquet file,
// rolled once it reaches write.target-file-size-bytes.
//
// Memory: everything the open files hold (MemoryUsage: buffered row groups, dictionaries,
// page and output buffers) stays under memory_budget_bytes. Past it, the file holding the
// most writes its row group out and frees its buffers; a file that holds little beyond its
// fixed floor (when very many partitions are open) is finished instead, as a smaller file.
//
// Files are named <data location>/<partition path>/<prefix>-<n>.parquet and committed
// atomically as each one finishes; Finish returns their DataFiles (metrics included) for
// a SnapshotUpdate. Abandon (or a failed Finish) deletes every file this writer made:
// nothing it wrote is referenced by the table until the caller commits.
//
// Row locations (for position deletes): Write(batch, &locations) also says where each row
// went: the ordinal of its file (assigned when the file is opened, kept when the file is
// rolled or finished for the memory budget) and its 0-based row position in that file.
// Rows keep their batch order within a file, and row groups flushed early never reorder
// them, so the position is the row's index in the finished file.
//
// Thread-safety: none.
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "firn/common/result.h"
#include "firn/io/file_io.h"
#include "firn/iceberg/manifest/data_file.h"
#include "firn/iceberg/metadata/table_metadata.h"
#include "firn/parquet/writer/file_writer.h"

namespace firn::iceberg {

struct DataWriterOptions {
  std::string data_location;                     // <table>/data, or write.data.path
  int64_t target_file_size_bytes = props::kTargetFileSizeBytesDefault;  // roll size
  int64_t memory_budget_bytes = 256LL << 20;     // buffered row groups across all files
  std::string file_prefix;                       // unique per writer (a uuid by default)
  // The sort order the caller writes rows in (each file's sort_order_id): 0, unsorted,
  // for rows in arrival order; nullopt for an order the table does not have.
  std::optional<int32_t> sort_order_id = 0;
  parquet::WriterOptions parquet;                // from the write.parquet.* properties
};

// Options from the table's properties (write.target-file-size-bytes, write.data.path,
// write.parquet.*, write.metadata.metrics.*).
Result<DataWriterOptions> DataWriterOptionsFromTable(const TableMetadata& metadata,
                                                     const parquet::Schema& file_schema);

// Where Write put a row: `file` is a PartitionedWriter file ordinal (FilePath(file),
// FilePartition(file)), `position` the row's 0-based position in that Parquet file.
struct RowLocation {
  int32_t file = -1;
  int64_t position = 0;

  bool operator==(const RowLocation&) const = default;
};

// The DataFile of a finished Parquet file (path, size, record count, split offsets and
// column metrics from `result`), with the given content, spec and partition.
DataFile DataFileFromWriteResult(const parquet::WriteResult& result, DataFileContent content,
                                 int32_t spec_id, std::vector<Literal> partition);

class PartitionedWriter {
 public:
  // `schema` and `spec` must remain live while the writer is in use.
  static Result<std::unique_ptr<PartitionedWriter>> Make(io::FileIO& io, const Schema& schema,
                                                         const PartitionSpec& spec,
                                                         DataWriterOptions options);
  ~PartitionedWriter();

  // InvalidArgument when the batch does not fit the schema (the writer stays usable).
  Status Write(const parquet::RecordBatch& batch);
  // Write, and (*locations)[i] = where batch row i went (*locations is resized to
  // batch.num_rows). On error *locations is unspecified.
  Status Write(const parquet::RecordBatch& batch, std::vector<RowLocation>* locations);
  // The location of file `file` (an ordinal from RowLocation), exactly as its DataFile's
  // file_path, and its partition tuple. REQUIRES: 0 <= file < files_opened().
  const std::string& FilePath(int32_t file) const { return files_[static_cast<size_t>(file)].path; }
  const std::vector<Literal>& FilePartition(int32_t file) const {
    return files_[static_cast<size_t>(file)].partition;
  }
  int32_t files_opened() const { return static_cast<int32_t>(files_.size()); }
  // The spec the files are written for (their DataFiles' spec_id).
  const PartitionSpec& spec() const { return spec_; }
  // Closes every open file. The DataFiles of every file written, in order.
  Result<std::vector<DataFile>> Finish();
  // Deletes every file written so far.
  void Abandon();

  // Heap memory held by the open files and the writer's scratch.
  int64_t MemoryUsage() const;
  // Frees memory in the open file holding the most (see the header comment), for a budget
  // shared by several writers. Returns the bytes freed: 0 when no file is open.
  Result<int64_t> ReleaseLargest();
  // Files finished early to stay under the budget (each a smaller file than the target).
  int64_t files_closed_for_memory() const { return files_closed_for_memory_; }
  // The size the files would have if finished now: finished files plus the open files'
  // estimates (for size-triggered commits).
  int64_t EstimatedBytes() const;
  int64_t files_written() const { return static_cast<int64_t>(done_.size()); }

 private:
  struct OpenFile;
  PartitionedWriter(io::FileIO& io, const Schema& schema, const PartitionSpec& spec,
                    std::shared_ptr<const parquet::Schema> file_schema, DataWriterOptions options);
  Result<OpenFile*> FileFor(const std::string& key, const std::vector<Literal>& partition);
  Status Close(OpenFile& f);
  Status EnforceBudget();
  Status WriteImpl(const parquet::RecordBatch& batch, std::vector<RowLocation>* locations);

  struct FileInfo {
    std::string path;
    std::vector<Literal> partition;
  };

  io::FileIO& io_;
  const Schema& schema_;
  const PartitionSpec& spec_;
  std::shared_ptr<const parquet::Schema> file_schema_;
  DataWriterOptions options_;
  std::map<std::string, std::unique_ptr<OpenFile>> open_;  // by partition path
  std::vector<DataFile> done_;
  std::vector<FileInfo> files_;  // every file opened, by ordinal
  parquet::RecordBatch scratch_;
  int64_t counter_ = 0;
  int64_t files_closed_for_memory_ = 0;
};

}  // namespace firn::iceberg
