// Compact: plans (compaction_plan.h), rewrites each file group and commits the rewrites as
// `replace` snapshots, Iceberg's RewriteDataFiles for firn.
//
// Commit protocol, and why ingest never loses to it:
// - every replace validates against what was committed since the planned snapshot
//   (SnapshotUpdate::ValidateFromSnapshot): its input files must still be live, and no
//   delete file may have arrived meanwhile. Appends (ingest) never conflict with it; a
//   replace that loses such a validation is skipped (its new files deleted), never
//   retried against the ingest commit, so ingest is never failed by compaction;
// - the rewritten files keep the planned snapshot's data sequence number, so equality
//   deletes committed later still apply to their rows (use-starting-sequence-number);
// - every replace snapshot copies the table's carried state (firn's exactly-once offsets,
//   iceberg/commit/carried_state.h) into its summary, so expiry of older snapshots never
//   takes ingest's positions with it;
// - with the sort strategy a group's rows go through an external sort (spilling beyond
//   half the memory budget) before the writer, so each output file is sorted and records
//   the order as its sort_order_id;
// - rows are read through the scan's task reader, so position and equality deletes are
//   applied to the rows rewritten; a delete file whose every target file is rewritten in
//   the same commit is removed with them, and (remove_dangling_deletes) a delete file that
//   applies to no live data file at all goes with the first commit, or in a commit of its
//   own when nothing is rewritten.
// With partial progress the groups are split over at most max_commits commits, and a
// failed commit loses only its own groups.
//
// Thread-safety: none; `ops` must outlive the call.
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <vector>

#include "firn/common/commit_gate.h"
#include "firn/common/result.h"
#include "firn/iceberg/commit/table_operations.h"
#include "firn/maintain/compact/compaction_plan.h"

namespace firn::maintain {

struct CompactionResult {
  CompactionPlan plan;
  int groups_rewritten = 0, groups_skipped = 0, commits = 0;
  int64_t files_removed = 0, bytes_removed = 0;      // data files rewritten
  int64_t files_added = 0, bytes_added = 0;          // data files written
  int64_t delete_files_removed = 0;
  int64_t records_read = 0, records_written = 0;     // before and after deletes
  std::vector<int64_t> input_file_sizes, output_file_sizes;
  std::vector<SnapshotId> snapshots;                  // the replace snapshots committed
  std::vector<std::string> skipped;                   // why groups were skipped
  std::string sort_order;                             // what rows were sorted by ("" bin-pack)
  int64_t bytes_spilled = 0;                          // sort runs written to spill_directory
  int64_t abandoned_spill_files_removed = 0;          // runs of killed processes swept first
  int64_t duration_ms = 0;
};

struct CompactionProgress {
  // After each group is written (not yet committed).
  std::function<void(const FileGroup& group, int groups_done, int groups_total)> on_group;
};

// Per-run settings beyond the plan's.
struct CompactionRun {
  int64_t memory_budget_bytes = int64_t{256} << 20;  // for the rewrite's writers
  std::string summary_tag = "compaction";             // snapshot summary firn.maintenance
  // Local directory for the sort strategy's spilled runs (deleted when a group is
  // written); empty: $TMPDIR, else /tmp. Sorting takes half of memory_budget_bytes.
  std::string spill_directory;
  // Inside `firn run`: commits wait for the gate's window after an ingest commit
  // (common/commit_gate.h); a batch that gets no window is skipped.
  CommitGate* gate = nullptr;
  std::chrono::milliseconds gate_idle{5000}, gate_give_up{60000};
  // Checked between groups: a stop request ends the run early, committing nothing more.
  const std::atomic<bool>* stop = nullptr;
};

Result<CompactionResult> Compact(iceberg::TableOperations& ops, const CompactionOptions& options,
                                 const CompactionRun& run = {}, const CompactionProgress& progress = {});

}  // namespace firn::maintain
