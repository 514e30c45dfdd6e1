// PositionDeleteWriter: collects the (data file, row position) pairs that a commit deletes
// and writes them as Parquet position delete files (spec "Position Delete Files").
//
// File layout: file_path (string, required, field id 2147483546) and pos (long, required,
// field id 2147483545), rows sorted by file_path (bytewise) then pos, each pair once. One
// file per partition of the referenced data files (rolled at write.target-file-size-bytes),
// named <data location>/<partition path>/<prefix>-pos-deletes-<n>.parquet. Each DataFile
// has content POSITION_DELETES, the data files' spec id and partition tuple (a position
// delete only applies within its partition), and full (untruncated) bounds of both
// columns, so that readers can skip it for data files outside [lower, upper] file_path.
//
// Memory: every pair is held until Finish (sorting needs them all); MemoryUsage() is an
// estimate of that, for the caller's budget. Finish writes the files; Abandon (or a
// failed Finish) deletes every file written. Nothing is in the table until the caller
// commits the DataFiles.
//
// Thread-safety: none.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "firn/common/result.h"
#include "firn/io/file_io.h"
#include "firn/iceberg/data/partitioned_writer.h"
#include "firn/iceberg/manifest/data_file.h"
#include "firn/iceberg/partition/partition_spec.h"
#include "firn/iceberg/types/schema.h"

namespace firn::iceberg {

// The schema of position delete files (file_path, pos), without the optional `row`.
const Schema& PositionDeleteSchema();

class PositionDeleteWriter {
 public:
  // `spec`: the spec the referenced data files were written with (their spec_id and the
  // partition paths of the delete files); it must remain live while the writer is in use.
  static Result<std::unique_ptr<PositionDeleteWriter>> Make(io::FileIO& io, const PartitionSpec& spec,
                                                            DataWriterOptions options);
  ~PositionDeleteWriter();
  PositionDeleteWriter(const PositionDeleteWriter&) = delete;
  PositionDeleteWriter& operator=(const PositionDeleteWriter&) = delete;

  // Row `pos` of data file `data_file_path` (full location, as in its DataFile), which is
  // in partition `partition` of the spec, is deleted. InvalidArgument for a negative pos
  // or a tuple whose size does not match the spec. Repeats are written once.
  Status Delete(std::string_view data_file_path, int64_t pos, const std::vector<Literal>& partition);

  // Writes the files. Their DataFiles, by partition path, then roll order. Empty when no
  // delete was recorded.
  Result<std::vector<DataFile>> Finish();
  // Deletes every file written so far and forgets the recorded deletes.
  void Abandon();

  // Estimated heap bytes held by the recorded deletes.
  int64_t MemoryUsage() const { return memory_bytes_; }
  // Deletes recorded, repeats included.
  int64_t size() const { return recorded_; }

 private:
  struct Partition {
    std::vector<Literal> partition;
    std::map<std::string, std::vector<int64_t>> positions;  // by data file path (sorted)
  };
  PositionDeleteWriter(io::FileIO& io, const PartitionSpec& spec,
                       std::shared_ptr<const parquet::Schema> file_schema, DataWriterOptions options);
  Status WritePartition(const std::string& key, Partition& p);

  io::FileIO& io_;
  const PartitionSpec& spec_;
  std::shared_ptr<const parquet::Schema> file_schema_;
  DataWriterOptions options_;
  std::map<std::string, Partition> partitions_;  // by partition path
  Partition* last_partition_ = nullptr;          // cache for runs of the same partition
  std::vector<int64_t>* last_positions_ = nullptr;
  std::string last_path_;
  std::vector<DataFile> done_;
  int64_t counter_ = 0;
  int64_t memory_bytes_ = 0;
  int64_t recorded_ = 0;
};

}  // namespace firn::iceberg
