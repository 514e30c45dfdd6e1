// SnapshotUpdate: one table change that produces a snapshot (append, overwrite, replace,
// delete), committed with optimistic concurrency.
//
// Commit() loops: refresh the table, apply the change to the current metadata (validate,
// write the manifests this attempt needs, write the manifest list, build the metadata),
// and ask the catalog to swap it in. When another writer won the race it retries after
// an exponential backoff, up to commit.retry.num-retries times, waiting between
// commit.retry.min-wait-ms and commit.retry.max-wait-ms. Files written for attempts that
// did not land are deleted.
//
// Conflict rules (spec "Optimistic Concurrency", Java's MergingSnapshotProducer):
// - appends never conflict with anything: they are re-applied on the new base;
// - removing a file (overwrite, replace, delete) fails with CommitConflict when the file
//   is no longer live in the table (a concurrent commit removed it);
// - a replace (rewrite) also fails when delete files were committed after the snapshot it
//   started from, since they may apply to the rewritten rows.
//
// Manifests: each commit writes one new manifest per (partition spec, content) it adds to,
// and rewrites only the manifests that hold removed files. When a spec has at least
// commit.manifest.min-count-to-merge manifests, the ones smaller than
// commit.manifest.target-size-bytes are merged into one, so that the manifest list stays
// short and a commit costs the same on the 10th and the 10,000th snapshot.
//
// Thread-safety: none; one SnapshotUpdate per commit.
#pragma once

#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "firn/common/result.h"
#include "firn/iceberg/commit/table_operations.h"
#include "firn/iceberg/manifest/data_file.h"
#include "firn/iceberg/manifest/manifest_file.h"

namespace firn::iceberg {

struct CommitStats {
  int attempts = 0;              // 1 when the first attempt landed
  int manifests_written = 0;     // new and merged manifests, over all attempts
  int manifests_in_list = 0;     // manifests the committed snapshot lists
  int64_t commit_ms = 0;         // wall time of Commit()
};

class SnapshotUpdate {
 public:
  // `ops` must outlive this object.
  SnapshotUpdate(TableOperations& ops, SnapshotOperation operation);
  ~SnapshotUpdate();

  // A data or delete file to add. Its partition tuple must fit spec `file.spec_id`.
  SnapshotUpdate& AddFile(DataFile file);
  // A live file (data or delete) to remove, by path.
  SnapshotUpdate& RemoveFile(std::string path);
  // Added files keep this data sequence number instead of the new snapshot's (rewrites
  // that must stay below concurrent equality deletes).
  SnapshotUpdate& SetDataSequenceNumber(SequenceNumber seq);
  // Rewrites every manifest of the parent (Iceberg's RewriteManifests): live entries are
  // kept as EXISTING with their sequence numbers, sorted by partition, in manifests of
  // commit.manifest.target-size-bytes, so that planning a partition reads few manifests.
  // For a replace that changes no files; the summary counts manifests-created/-replaced.
  SnapshotUpdate& RewriteManifests();
  // The snapshot the change was planned against; replace validation starts there.
  SnapshotUpdate& ValidateFromSnapshot(std::optional<SnapshotId> id);
  // An extra snapshot summary property (e.g. firn's Kafka offsets for exactly-once).
  SnapshotUpdate& SetSummaryProperty(std::string key, std::string value);
  // A check that runs on every attempt against the table as it is then, before anything
  // is written for that attempt. It may add summary properties that depend on that
  // table (firn's Kafka offsets are the stored ones merged with this commit's). An error
  // refuses the commit: a CommitConflict from it is final (not retried), like a failed
  // validation, and the files this update wrote are deleted.
  using Precondition =
      std::function<Status(const TableMetadata& base, std::map<std::string, std::string>* summary)>;
  SnapshotUpdate& SetPrecondition(Precondition check);
  // A metadata change that commits atomically with the snapshot (e.g. the schema a
  // streaming writer evolved to for the data it adds). Called on every attempt with the
  // table as it is then; it edits `builder` and returns the schema id the snapshot is
  // written with (nullopt: the table's current one). An error refuses the commit, as a
  // Precondition's does.
  using MetadataChange = std::function<Result<std::optional<int32_t>>(const TableMetadata& base,
                                                                      class TableMetadataBuilder& builder)>;
  SnapshotUpdate& SetMetadataChange(MetadataChange change);
  // For tests and benchmarks: the clock and the sleep between retries.
  SnapshotUpdate& SetClockForTesting(std::function<int64_t()> now_ms,
                                     std::function<void(int64_t)> sleep_ms);

  Result<TableState> Commit();
  const CommitStats& stats() const { return stats_; }

 private:
  struct Attempt;
  Result<TableMetadata> Apply(const TableState& base, Attempt& attempt);
  Result<std::vector<ManifestFile>> WriteNewManifests(const TableMetadata& base);
  Result<std::vector<ManifestFile>> CarryManifests(const TableMetadata& base, const Snapshot* parent,
                                                   Attempt& attempt, class SnapshotSummaryBuilder& summary);
  Result<std::vector<ManifestFile>> MergeManifests(const TableMetadata& base,
                                                   std::vector<ManifestFile> manifests, Attempt& attempt);
  Result<std::vector<ManifestFile>> ClusterManifests(const TableMetadata& base,
                                                     std::vector<ManifestFile> manifests, Attempt& attempt);
  Status ValidateReplace(const TableMetadata& base);
  std::string NewManifestPath(const TableMetadata& base);
  void DeleteQuietly(const std::string& path);

  TableOperations& ops_;
  SnapshotOperation operation_;
  std::vector<DataFile> added_;
  std::set<std::string> removed_;
  std::optional<SequenceNumber> data_sequence_number_;
  std::optional<SnapshotId> validate_from_;
  std::map<std::string, std::string> summary_props_;
  Precondition precondition_;
  MetadataChange metadata_change_;
  SnapshotId snapshot_id_;
  std::optional<std::vector<ManifestFile>> new_manifests_;  // written once, reused by retries
  std::vector<std::string> written_;  // every file written by any attempt
  std::function<int64_t()> now_ms_;
  std::function<void(int64_t)> sleep_ms_;
  CommitStats stats_;
  int manifest_counter_ = 0;
  // Set when an attempt failed validation: a conflict that retrying cannot resolve.
  bool validation_failed_ = false;
  bool rewrite_manifests_ = false;
  int manifests_replaced_ = 0, manifests_created_ = 0;  // of the last attempt, in rewrite mode
};

// Convenience: appends `files` in one snapshot.
Result<TableState> AppendFiles(TableOperations& ops, std::vector<DataFile> files,
                               std::map<std::string, std::string> summary_properties = {});

}  // namespace firn::iceberg
