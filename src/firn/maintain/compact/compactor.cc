#include "firn/maintain/compact/compactor.h"

#include <chrono>
#include <cstdlib>
#include <map>
#include <set>

#include "firn/common/logging.h"
#include "firn/common/macros.h"
#include "firn/iceberg/commit/carried_state.h"
#include "firn/iceberg/commit/snapshot_update.h"
#include "firn/iceberg/data/parquet_schema.h"
#include "firn/iceberg/data/partitioned_writer.h"
#include "firn/iceberg/manifest/manifest_reader.h"
#include "firn/iceberg/metadata/table_metadata_builder.h"
#include "firn/iceberg/scan/table_scan.h"
#include "firn/iceberg/sort/external_sorter.h"
#include "firn/iceberg/sort/sort_order_parser.h"
#include "firn/iceberg/sort/spill_files.h"
#include "firn/io/local_file_io.h"

namespace firn::maintain {
namespace {

using iceberg::DataFile;

struct Rewritten {
  const FileGroup* group = nullptr;
  std::vector<DataFile> outputs;
};

std::string SpillDirectory(const CompactionRun& run) {
  if (!run.spill_directory.empty()) return run.spill_directory;
  const char* tmp = std::getenv("TMPDIR");
  return tmp != nullptr && *tmp != '\0' ? std::string(tmp) : std::string("/tmp");
}

// Reads every row of the group's files (deletes applied) and writes them in the table's
// current partition spec, rolled at the group's output size; sorted first when `order`
// is a sorted order.
Result<Rewritten> RewriteGroup(io::FileIO& io, const iceberg::TableMetadata& metadata,
                               const iceberg::TableScan& scan, const FileGroup& group, const ResolvedSortOrder& order,
                               const CompactionRun& run, CompactionResult& result) {
  const iceberg::PartitionSpec* spec = metadata.SpecById(metadata.default_spec_id);
  if (spec == nullptr) return Corrupt("the table's default partition spec {} is missing", metadata.default_spec_id);
  FIRN_ASSIGN_OR_RETURN(iceberg::DataWriterOptions options,
                        iceberg::DataWriterOptionsFromTable(metadata, *scan.output_schema()));
  const bool sorted = !order.order.IsUnsorted();
  options.target_file_size_bytes = group.output_file_size_bytes;
  options.memory_budget_bytes = sorted ? run.memory_budget_bytes / 2 : run.memory_budget_bytes;
  options.file_prefix = iceberg::NewUuid() + "-c";
  options.sort_order_id = sorted ? order.stamp_id : std::optional<int32_t>(0);
  FIRN_ASSIGN_OR_RETURN(auto writer, iceberg::PartitionedWriter::Make(io, scan.schema(), *spec, std::move(options)));
  auto fail = [&](Error e, const std::string& what) -> Result<Rewritten> {
    writer->Abandon();
    return std::unexpected(std::move(e).WithContext(what));
  };
  io::LocalFileIO spill_io;
  std::unique_ptr<iceberg::ExternalSorter> sorter;
  if (sorted) {
    iceberg::ExternalSorterOptions so;
    so.memory_bytes = std::max<int64_t>(int64_t{1} << 20, run.memory_budget_bytes / 2);
    so.spill_directory = SpillDirectory(run);
    auto made = iceberg::ExternalSorter::Make(spill_io, scan.schema(), order.order, std::move(so));
    if (!made) return fail(std::move(made.error()), "compacting partition '" + group.partition_path + "'");
    sorter = std::move(*made);
  }
  for (const iceberg::FileScanTask& task : group.files) {
    auto batches = scan.ReadTask(task);
    if (!batches) return fail(std::move(batches.error()), "compacting " + task.data_file.file_path);
    result.records_read += task.record_count();
    for (const parquet::RecordBatch& b : *batches) {
      result.records_written += b.num_rows;
      Status s = sorter ? sorter->Add(b) : writer->Write(b);
      if (!s) return fail(std::move(s.error()), "compacting " + task.data_file.file_path);
    }
  }
  if (sorter) {
    Status s = sorter->Finish([&](const parquet::RecordBatch& b) { return writer->Write(b); });
    result.bytes_spilled += sorter->stats().bytes_spilled;
    if (!s) return fail(std::move(s.error()), "sorting partition '" + group.partition_path + "'");
  }
  FIRN_ASSIGN_OR_RETURN(std::vector<DataFile> files, writer->Finish());
  return Rewritten{&group, std::move(files)};
}

void DeleteQuietly(io::FileIO& io, const std::vector<Rewritten>& done) {
  for (const Rewritten& r : done) {
    for (const DataFile& f : r.outputs) (void)io.Delete(FilePath(f.file_path));
  }
}

// The planned snapshot's delete files: each one's data files (what the scan attaches it
// to), and those that apply to no live data file at all (dangling: an equality delete
// older than every data file of its partition, a position delete whose data files are
// gone). A dangling delete stays dangling: data committed later has a higher sequence
// number and a new path.
struct DeleteState {
  std::map<std::string, std::set<std::string>> targets;
  std::vector<std::string> dangling;
};

Result<DeleteState> ReadDeleteState(io::FileIO& io, const iceberg::TableMetadata& metadata, SnapshotId snapshot_id) {
  DeleteState out;
  const iceberg::Snapshot* snapshot = metadata.SnapshotById(snapshot_id);
  if (snapshot == nullptr) return out;
  FIRN_ASSIGN_OR_RETURN(auto manifests, iceberg::ReadManifestList(io, snapshot->manifest_list));
  std::vector<std::string> live;
  for (const iceberg::ManifestFile& mf : manifests) {
    if (mf.content != iceberg::ManifestContent::kDeletes) continue;
    FIRN_ASSIGN_OR_RETURN(auto entries, iceberg::ReadManifest(io, mf));
    for (const iceberg::ManifestEntry& e : entries) {
      if (e.status != iceberg::ManifestEntryStatus::kDeleted) live.push_back(e.data_file.file_path);
    }
  }
  if (live.empty()) return out;
  iceberg::ScanOptions o;
  o.snapshot_id = snapshot_id;
  FIRN_ASSIGN_OR_RETURN(auto scan, iceberg::TableScan::Make(io, metadata, std::move(o)));
  FIRN_ASSIGN_OR_RETURN(auto tasks, scan->PlanFiles());
  for (const auto& t : tasks) {
    for (const DataFile& d : t.delete_files) out.targets[d.file_path].insert(t.data_file.file_path);
  }
  for (std::string& path : live) {
    if (!out.targets.contains(path)) out.dangling.push_back(std::move(path));
  }
  return out;
}

// Commits one batch of rewritten groups as a replace snapshot. False when the table moved
// in a way the rewrite cannot follow (the batch is skipped, its files deleted).
Result<bool> CommitBatch(iceberg::TableOperations& ops, const CompactionPlan& plan, const CompactionRun& run,
                         const std::vector<Rewritten>& batch,
                         const std::map<std::string, std::set<std::string>>& delete_targets,
                         std::vector<std::string>& dangling, std::set<std::string>& rewritten_paths,
                         CompactionResult& result) {
  iceberg::SnapshotUpdate update(ops, iceberg::SnapshotOperation::kReplace);
  std::set<std::string> rewritten = rewritten_paths;
  std::set<std::string> deletes;
  for (const Rewritten& r : batch) {
    for (const auto& t : r.group->files) {
      update.RemoveFile(t.data_file.file_path);
      rewritten.insert(t.data_file.file_path);
      for (const DataFile& d : t.delete_files) deletes.insert(d.file_path);
    }
    for (const DataFile& f : r.outputs) update.AddFile(f);
  }
  int64_t deletes_removed = 0;
  // Delete files that apply to nothing go with the first commit.
  for (const std::string& d : dangling) {
    update.RemoveFile(d);
    ++deletes_removed;
  }
  for (const std::string& d : deletes) {
    auto it = delete_targets.find(d);
    if (it == delete_targets.end()) continue;
    bool dangling = true;
    for (const std::string& target : it->second) dangling &= rewritten.contains(target);
    if (dangling) {
      update.RemoveFile(d);
      ++deletes_removed;
    }
  }
  update.SetDataSequenceNumber(plan.sequence_number);
  update.ValidateFromSnapshot(plan.snapshot_id);
  update.SetSummaryProperty("firn.maintenance", run.summary_tag);
  update.SetPrecondition(iceberg::CarryStateForward);
  if (run.gate != nullptr) {
    static const std::atomic<bool> kNever{false};
    if (!run.gate->EnterMaintenance(run.gate_idle, run.gate_give_up, run.stop ? *run.stop : kNever)) {
      DeleteQuietly(ops.io(), batch);
      result.groups_skipped += static_cast<int>(batch.size());
      result.skipped.push_back("no commit window (stopping, or ingest never paused)");
      return false;
    }
  }
  auto committed = update.Commit();
  if (run.gate != nullptr) run.gate->LeaveMaintenance();
  if (!committed) {
    // Any other error may have come after the swap (the table may be at the new version):
    // the files stay, for orphan removal to judge, rather than risk a committed file.
    if (committed.error().kind() != ErrorKind::kCommitConflict) return std::unexpected(committed.error());
    DeleteQuietly(ops.io(), batch);
    result.groups_skipped += static_cast<int>(batch.size());
    result.skipped.push_back(committed.error().message());
    return false;
  }
  rewritten_paths = std::move(rewritten);
  dangling.clear();
  ++result.commits;
  result.snapshots.push_back(*committed->metadata->current_snapshot_id);
  result.delete_files_removed += deletes_removed;
  for (const Rewritten& r : batch) {
    ++result.groups_rewritten;
    for (const auto& t : r.group->files) {
      ++result.files_removed;
      result.bytes_removed += t.data_file.file_size_in_bytes;
      result.input_file_sizes.push_back(t.data_file.file_size_in_bytes);
    }
    for (const DataFile& f : r.outputs) {
      ++result.files_added;
      result.bytes_added += f.file_size_in_bytes;
      result.output_file_sizes.push_back(f.file_size_in_bytes);
    }
  }
  return true;
}

}  // namespace

Result<CompactionResult> Compact(iceberg::TableOperations& ops, const CompactionOptions& options,
                                 const CompactionRun& run, const CompactionProgress& progress) {
  const auto start = std::chrono::steady_clock::now();
  CompactionResult result;
  FIRN_ASSIGN_OR_RETURN(iceberg::TableState state, ops.Refresh());
  const iceberg::TableMetadata& metadata = *state.metadata;
  FIRN_ASSIGN_OR_RETURN(result.plan, PlanCompaction(ops.io(), metadata, options));
  const CompactionPlan& plan = result.plan;
  FIRN_ASSIGN_OR_RETURN(const ResolvedSortOrder order, ResolveSortOrder(options, metadata));
  if (!order.order.IsUnsorted()) {
    result.sort_order = iceberg::SortOrderToString(order.order, metadata.CurrentSchema());
    // Runs that a killed compaction (of any table) left in the spill directory.
    if (!plan.groups.empty()) {
      FIRN_ASSIGN_OR_RETURN(const iceberg::SpillSweep sweep, iceberg::RemoveAbandonedSpillFiles(SpillDirectory(run)));
      result.abandoned_spill_files_removed = sweep.files_removed;
      if (sweep.files_removed > 0) {
        FIRN_LOG(kInfo, "removed {} sort runs ({} bytes) that a killed process left in {}", sweep.files_removed,
                 sweep.bytes_removed, SpillDirectory(run));
      }
    }
  }
  DeleteState deletes;
  if (plan.snapshot_id && (!plan.groups.empty() || options.remove_dangling_deletes)) {
    FIRN_ASSIGN_OR_RETURN(deletes, ReadDeleteState(ops.io(), metadata, *plan.snapshot_id));
  }
  if (!options.remove_dangling_deletes) deletes.dangling.clear();
  std::set<std::string> rewritten_paths;
  if (plan.groups.empty() && !deletes.dangling.empty()) {
    // Nothing to rewrite, but delete files that every read still loads and applies to no row.
    FIRN_ASSIGN_OR_RETURN(bool landed, CommitBatch(ops, plan, run, {}, deletes.targets, deletes.dangling,
                                                   rewritten_paths, result));
    (void)landed;
  }
  if (!plan.groups.empty()) {
    const auto& delete_targets = deletes.targets;
    iceberg::ScanOptions o;
    o.snapshot_id = plan.snapshot_id;  // every row of every file: no filter here
    FIRN_ASSIGN_OR_RETURN(auto scan, iceberg::TableScan::Make(ops.io(), metadata, std::move(o)));

    const int total = static_cast<int>(plan.groups.size());
    const int commits = options.partial_progress ? std::max(1, std::min(options.max_commits, total)) : 1;
    const int per_commit = (total + commits - 1) / commits;
    std::vector<Rewritten> batch;
    for (int i = 0; i < total; ++i) {
      if (run.stop != nullptr && run.stop->load()) {
        DeleteQuietly(ops.io(), batch);
        result.groups_skipped += total - i + static_cast<int>(batch.size());
        result.skipped.push_back("stopped");
        break;
      }
      auto r = RewriteGroup(ops.io(), metadata, *scan, plan.groups[static_cast<size_t>(i)], order, run, result);
      if (!r) {
        DeleteQuietly(ops.io(), batch);
        return std::unexpected(std::move(r.error()));
      }
      batch.push_back(std::move(*r));
      if (progress.on_group) progress.on_group(plan.groups[static_cast<size_t>(i)], i + 1, total);
      if (static_cast<int>(batch.size()) == per_commit || i + 1 == total) {
        FIRN_ASSIGN_OR_RETURN(bool landed,
                              CommitBatch(ops, plan, run, batch, delete_targets, deletes.dangling,
                                                          rewritten_paths, result));
        (void)landed;
        batch.clear();
      }
    }
  }
  result.duration_ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
  return result;
}

}  // namespace firn::maintain
