// Compaction planning: which files of the current snapshot to rewrite, grouped per
// partition (Iceberg's bin-pack strategy, SizeBasedFileRewriter).
//
// Per (spec, partition) the candidates are the live data files below the generation's
// size limit (fragments for minor, min-file-size for major), plus files carrying at least
// delete_file_threshold delete files. Candidates are packed, smallest first, into groups
// of at most max_file_group_size_bytes. A group is rewritten when it has at least
// min_input_files files, or more bytes than one target file, or a file over the delete
// threshold; otherwise it is left alone (a lone small file cannot become a larger one).
// With rewrite_all every live file (under the filter) is a candidate and every group is
// rewritten.
// Each group is written as round(bytes / target) files (at least one), so that the
// output does not end in a small remainder.
//
// Thread-safety: pure functions; `io` must outlive the call.
#pragma once

#include <string>
#include <vector>

#include "firn/common/result.h"
#include "firn/iceberg/metadata/table_metadata.h"
#include "firn/iceberg/scan/file_scan_task.h"
#include "firn/io/file_io.h"
#include "firn/maintain/compact/compaction_options.h"

namespace firn::maintain {

struct FileGroup {
  int32_t spec_id = 0;
  std::string partition_path;               // "" when unpartitioned; for messages
  std::vector<iceberg::FileScanTask> files; // the data files, with their delete files
  int64_t input_bytes = 0;
  int64_t input_records = 0;                // before deletes
  int expected_output_files = 1;
  int64_t output_file_size_bytes = 0;       // the roll size that yields that many files
};

struct CompactionPlan {
  std::optional<SnapshotId> snapshot_id;  // planned against (nullopt: empty table)
  SequenceNumber sequence_number{0};      // that snapshot's, for the rewritten files
  CompactionSizes sizes;
  std::vector<FileGroup> groups;          // largest input first
  int64_t data_files = 0, data_bytes = 0;  // live data files in the snapshot (or the filter)
  int64_t candidate_files = 0, candidate_bytes = 0;  // below the limit, grouped or not
};

Result<CompactionPlan> PlanCompaction(io::FileIO& io, const iceberg::TableMetadata& metadata,
                                      const CompactionOptions& options);

}  // namespace firn::maintain
