#include "firn/iceberg/commit/snapshot_update.h"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include <fmt/format.h>

#include "firn/common/logging.h"
#include "firn/common/macros.h"
#include "firn/iceberg/commit/snapshot_summary.h"
#include "firn/iceberg/manifest/manifest_list_writer.h"
#include "firn/iceberg/manifest/manifest_reader.h"
#include "firn/iceberg/manifest/manifest_writer.h"
#include "firn/iceberg/metadata/table_metadata_builder.h"
#include "firn/iceberg/partition/partition_path.h"

namespace firn::iceberg {

struct SnapshotUpdate::Attempt {
  int number = 0;
  std::vector<std::string> files;  // manifests and the manifest list of this attempt
  int manifests_written = 0;
};

namespace {

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string MetadataDir(const TableMetadata& m) {
  auto it = m.properties.find(std::string(props::kMetadataPath));
  return it != m.properties.end() ? it->second : m.location + "/metadata";
}

}  // namespace

SnapshotUpdate::SnapshotUpdate(TableOperations& ops, SnapshotOperation operation)
    : ops_(ops),
      operation_(operation),
      snapshot_id_(NewSnapshotId()),
      now_ms_(SystemNowMs),
      sleep_ms_([](int64_t ms) { std::this_thread::sleep_for(std::chrono::milliseconds(ms)); }) {}

SnapshotUpdate::~SnapshotUpdate() = default;

SnapshotUpdate& SnapshotUpdate::AddFile(DataFile file) {
  added_.push_back(std::move(file));
  return *this;
}

SnapshotUpdate& SnapshotUpdate::RemoveFile(std::string path) {
  removed_.insert(std::move(path));
  return *this;
}

SnapshotUpdate& SnapshotUpdate::SetDataSequenceNumber(SequenceNumber seq) {
  data_sequence_number_ = seq;
  return *this;
}

SnapshotUpdate& SnapshotUpdate::ValidateFromSnapshot(std::optional<SnapshotId> id) {
  validate_from_ = id;
  return *this;
}

SnapshotUpdate& SnapshotUpdate::SetSummaryProperty(std::string key, std::string value) {
  summary_props_[std::move(key)] = std::move(value);
  return *this;
}

SnapshotUpdate& SnapshotUpdate::SetPrecondition(Precondition check) {
  precondition_ = std::move(check);
  return *this;
}

SnapshotUpdate& SnapshotUpdate::SetMetadataChange(MetadataChange change) {
  metadata_change_ = std::move(change);
  return *this;
}

SnapshotUpdate& SnapshotUpdate::SetClockForTesting(std::function<int64_t()> now_ms,
                                                   std::function<void(int64_t)> sleep_ms) {
  now_ms_ = std::move(now_ms);
  sleep_ms_ = std::move(sleep_ms);
  return *this;
}

std::string SnapshotUpdate::NewManifestPath(const TableMetadata& base) {
  return fmt::format("{}/{}-m{}.avro", MetadataDir(base), NewUuid(), manifest_counter_++);
}

void SnapshotUpdate::DeleteQuietly(const std::string& path) {
  if (auto st = ops_.io().Delete(FilePath(path)); !st) {
    FIRN_LOG(kWarn, "could not remove unused file {}: {}", path, st.error().ToString());
  }
}

Result<std::vector<ManifestFile>> SnapshotUpdate::WriteNewManifests(const TableMetadata& base) {
  // One manifest per (spec, content) the change adds to.
  std::map<std::pair<int32_t, ManifestContent>, std::vector<const DataFile*>> groups;
  for (const DataFile& f : added_) {
    ManifestContent c = f.content == DataFileContent::kData ? ManifestContent::kData : ManifestContent::kDeletes;
    groups[{f.spec_id, c}].push_back(&f);
  }
  std::vector<ManifestFile> out;
  for (const auto& [key, files] : groups) {
    const PartitionSpec* spec = base.SpecById(key.first);
    if (spec == nullptr) return InvalidArgument("added file refers to unknown partition spec {}", key.first);
    if (key.second == ManifestContent::kDeletes && base.format_version < 2) {
      return InvalidArgument("delete files need table format version 2");
    }
    const std::string path = NewManifestPath(base);
    ManifestWriterOptions opts{.format_version = base.format_version, .content = key.second,
                               .snapshot_id = snapshot_id_};
    FIRN_ASSIGN_OR_RETURN(auto w, ManifestWriter::Make(ops_.io(), FilePath(path), base.CurrentSchema(), *spec, opts));
    for (const DataFile* f : files) {
      Status st = w->Add(*f, data_sequence_number_);
      if (!st) {
        w->Abandon();
        return std::unexpected(st.error());
      }
    }
    FIRN_ASSIGN_OR_RETURN(ManifestFile mf, w->Finish());
    written_.push_back(path);
    ++stats_.manifests_written;
    out.push_back(std::move(mf));
  }
  return out;
}

Result<std::vector<ManifestFile>> SnapshotUpdate::CarryManifests(const TableMetadata& base,
                                                                 const Snapshot* parent,
                                                                 Attempt& attempt,
                                                                 SnapshotSummaryBuilder& summary) {
  std::vector<ManifestFile> out;
  if (parent == nullptr) {
    if (!removed_.empty()) {
      validation_failed_ = true;
      return CommitConflict("cannot remove {} file(s): the table has no snapshot", removed_.size());
    }
    return out;
  }
  FIRN_ASSIGN_OR_RETURN(std::vector<ManifestFile> manifests, ReadManifestList(ops_.io(), parent->manifest_list));
  std::set<std::string> found;
  for (ManifestFile& m : manifests) {
    if (removed_.empty() || m.live_files_count() == 0) {
      if (m.live_files_count() > 0 || m.has_added_files()) out.push_back(std::move(m));
      continue;
    }
    FIRN_ASSIGN_OR_RETURN(std::vector<ManifestEntry> entries, ReadManifest(ops_.io(), m));
    bool touched = false;
    for (const ManifestEntry& e : entries) {
      if (e.status != ManifestEntryStatus::kDeleted && removed_.contains(e.data_file.file_path)) touched = true;
    }
    if (!touched) {
      out.push_back(std::move(m));
      continue;
    }
    // Rewrite the manifest: removed files become DELETED, the rest EXISTING; entries
    // deleted by earlier snapshots are dropped.
    const PartitionSpec* spec = base.SpecById(m.partition_spec_id);
    if (spec == nullptr) return Corrupt("manifest {} uses unknown spec {}", m.manifest_path, m.partition_spec_id);
    const std::string path = NewManifestPath(base);
    ManifestWriterOptions opts{.format_version = base.format_version, .content = m.content,
                               .snapshot_id = snapshot_id_};
    FIRN_ASSIGN_OR_RETURN(auto w, ManifestWriter::Make(ops_.io(), FilePath(path), base.CurrentSchema(), *spec, opts));
    attempt.files.push_back(path);
    for (const ManifestEntry& e : entries) {
      if (e.status == ManifestEntryStatus::kDeleted) continue;
      Status st;
      if (removed_.contains(e.data_file.file_path)) {
        found.insert(e.data_file.file_path);
        summary.Removed(e.data_file);
        st = w->AddDeleted(e);
      } else {
        st = w->AddExisting(e);
      }
      if (!st) {
        w->Abandon();
        return std::unexpected(st.error());
      }
    }
    FIRN_ASSIGN_OR_RETURN(ManifestFile rewritten, w->Finish());
    ++attempt.manifests_written;
    out.push_back(std::move(rewritten));
  }
  for (const std::string& p : removed_) {
    if (!found.contains(p)) {
      validation_failed_ = true;
      return CommitConflict("{} is no longer in the table (a concurrent commit removed it)", p);
    }
  }
  return out;
}

SnapshotUpdate& SnapshotUpdate::RewriteManifests() {
  rewrite_manifests_ = true;
  return *this;
}

Result<std::vector<ManifestFile>> SnapshotUpdate::ClusterManifests(const TableMetadata& base,
                                                                   std::vector<ManifestFile> manifests,
                                                                   Attempt& attempt) {
  FIRN_ASSIGN_OR_RETURN(int64_t target, PropertyAsInt(base.properties, props::kManifestTargetSizeBytes,
                                                      props::kManifestTargetSizeBytesDefault));
  std::map<std::pair<int32_t, ManifestContent>, std::vector<ManifestEntry>> by_spec;
  std::vector<ManifestFile> out;
  manifests_replaced_ = manifests_created_ = 0;
  for (ManifestFile& m : manifests) {
    if (m.added_snapshot_id == snapshot_id_) {  // this snapshot's own (none in a pure rewrite)
      out.push_back(std::move(m));
      continue;
    }
    ManifestFile readable = m;
    if (readable.sequence_number == kUnassignedSequenceNumber) readable.sequence_number = 0;
    FIRN_ASSIGN_OR_RETURN(std::vector<ManifestEntry> entries, ReadManifest(ops_.io(), readable));
    auto& into = by_spec[{m.partition_spec_id, m.content}];
    for (ManifestEntry& e : entries) {
      if (e.status != ManifestEntryStatus::kDeleted) into.push_back(std::move(e));
    }
    ++manifests_replaced_;
  }
  for (auto& [key, entries] : by_spec) {
    const PartitionSpec* spec = base.SpecById(key.first);
    if (spec == nullptr) return Corrupt("a manifest uses partition spec {}, which the table does not have", key.first);
    std::vector<std::pair<std::string, size_t>> order;
    order.reserve(entries.size());
    for (size_t i = 0; i < entries.size(); ++i) {
      order.emplace_back(spec->fields.empty() ? std::string() : PartitionPath(*spec, entries[i].data_file.partition), i);
    }
    std::stable_sort(order.begin(), order.end());
    std::unique_ptr<ManifestWriter> w;
    auto finish = [&]() -> Status {
      if (!w) return OkStatus();
      FIRN_ASSIGN_OR_RETURN(ManifestFile mf, w->Finish());
      w.reset();
      ++attempt.manifests_written;
      ++manifests_created_;
      out.push_back(std::move(mf));
      return OkStatus();
    };
    for (const auto& [partition, i] : order) {
      if (w && static_cast<int64_t>(w->EstimatedLength()) >= target) FIRN_RETURN_NOT_OK(finish());
      if (!w) {
        const std::string path = NewManifestPath(base);
        ManifestWriterOptions opts{.format_version = base.format_version, .content = key.second,
                                   .snapshot_id = snapshot_id_};
        FIRN_ASSIGN_OR_RETURN(w, ManifestWriter::Make(ops_.io(), FilePath(path), base.CurrentSchema(), *spec, opts));
        attempt.files.push_back(path);
      }
      if (Status st = w->AddExisting(entries[i]); !st) {
        w->Abandon();
        return std::unexpected(st.error());
      }
    }
    FIRN_RETURN_NOT_OK(finish());
  }
  return out;
}

Result<std::vector<ManifestFile>> SnapshotUpdate::MergeManifests(const TableMetadata& base,
                                                                 std::vector<ManifestFile> manifests,
                                                                 Attempt& attempt) {
  if (rewrite_manifests_) return ClusterManifests(base, std::move(manifests), attempt);
  FIRN_ASSIGN_OR_RETURN(bool enabled, PropertyAsBool(base.properties, props::kManifestMergeEnabled,
                                                     props::kManifestMergeEnabledDefault));
  FIRN_ASSIGN_OR_RETURN(int64_t min_count, PropertyAsInt(base.properties, props::kManifestMinMergeCount,
                                                         props::kManifestMinMergeCountDefault));
  FIRN_ASSIGN_OR_RETURN(int64_t target, PropertyAsInt(base.properties, props::kManifestTargetSizeBytes,
                                                      props::kManifestTargetSizeBytesDefault));
  if (!enabled || min_count <= 1) return manifests;
  std::map<std::pair<int32_t, ManifestContent>, std::vector<size_t>> small;
  for (size_t i = 0; i < manifests.size(); ++i) {
    const ManifestFile& m = manifests[i];
    if (m.manifest_length < target) small[{m.partition_spec_id, m.content}].push_back(i);
  }
  std::vector<bool> merged_away(manifests.size(), false);
  std::vector<ManifestFile> merged_out;
  for (const auto& [key, idx] : small) {
    if (static_cast<int64_t>(idx.size()) < min_count) continue;
    const PartitionSpec* spec = base.SpecById(key.first);
    if (spec == nullptr) continue;
    const std::string path = NewManifestPath(base);
    ManifestWriterOptions opts{.format_version = base.format_version, .content = key.second,
                               .snapshot_id = snapshot_id_};
    FIRN_ASSIGN_OR_RETURN(auto w, ManifestWriter::Make(ops_.io(), FilePath(path), base.CurrentSchema(), *spec, opts));
    attempt.files.push_back(path);
    for (size_t i : idx) {
      const ManifestFile& m = manifests[i];
      const bool ours = m.added_snapshot_id == snapshot_id_;
      ManifestFile readable = m;
      if (readable.sequence_number == kUnassignedSequenceNumber) readable.sequence_number = 0;
      FIRN_ASSIGN_OR_RETURN(std::vector<ManifestEntry> entries, ReadManifest(ops_.io(), readable));
      for (ManifestEntry& e : entries) {
        Status st;
        if (ours && e.status == ManifestEntryStatus::kAdded) {
          // Still this snapshot's addition: its sequence number stays inherited.
          st = w->Add(e.data_file, data_sequence_number_);
        } else if (ours && e.status == ManifestEntryStatus::kDeleted) {
          st = w->AddDeleted(e);
        } else if (e.status == ManifestEntryStatus::kDeleted) {
          continue;  // removed by an earlier snapshot
        } else {
          st = w->AddExisting(e);
        }
        if (!st) {
          w->Abandon();
          return std::unexpected(st.error());
        }
      }
      merged_away[i] = true;
    }
    FIRN_ASSIGN_OR_RETURN(ManifestFile mf, w->Finish());
    ++attempt.manifests_written;
    merged_out.push_back(std::move(mf));
  }
  std::vector<ManifestFile> out = std::move(merged_out);
  for (size_t i = 0; i < manifests.size(); ++i) {
    if (!merged_away[i]) out.push_back(std::move(manifests[i]));
  }
  return out;
}

Result<TableMetadata> SnapshotUpdate::Apply(const TableState& state, Attempt& attempt) {
  const TableMetadata& base = *state.metadata;
  FIRN_RETURN_NOT_OK(ValidateReplace(base));
  std::map<std::string, std::string> props = summary_props_;
  if (precondition_) {
    Status checked = precondition_(base, &props);
    if (!checked) {
      validation_failed_ = true;
      return std::unexpected(std::move(checked.error()));
    }
  }
  const Snapshot* parent = base.CurrentSnapshot();
  SnapshotSummaryBuilder summary;
  for (const auto& [k, v] : props) summary.SetProperty(k, v);
  for (const DataFile& f : added_) summary.Added(f);
  if (!new_manifests_) {
    FIRN_ASSIGN_OR_RETURN(auto fresh, WriteNewManifests(base));
    new_manifests_ = std::move(fresh);
  }
  FIRN_ASSIGN_OR_RETURN(std::vector<ManifestFile> carried, CarryManifests(base, parent, attempt, summary));
  std::vector<ManifestFile> all = *new_manifests_;
  for (ManifestFile& m : carried) all.push_back(std::move(m));
  FIRN_ASSIGN_OR_RETURN(all, MergeManifests(base, std::move(all), attempt));

  const SequenceNumber seq(base.last_sequence_number.value() + 1);
  const std::string list_path =
      fmt::format("{}/snap-{}-{}-{}.avro", MetadataDir(base), snapshot_id_.value(), attempt.number, NewUuid());
  ManifestListInfo info{.format_version = base.format_version, .snapshot_id = snapshot_id_,
                        .parent_snapshot_id = base.current_snapshot_id, .sequence_number = seq};
  attempt.files.push_back(list_path);
  FIRN_ASSIGN_OR_RETURN(auto listed, WriteManifestList(ops_.io(), FilePath(list_path), info, std::move(all)));
  stats_.manifests_in_list = static_cast<int>(listed.size());

  Snapshot snap;
  snap.snapshot_id = snapshot_id_;
  snap.parent_snapshot_id = base.current_snapshot_id;
  snap.sequence_number = base.format_version >= 2 ? seq : SequenceNumber(0);
  snap.timestamp_ms = std::max(now_ms_(), base.last_updated_ms);
  snap.manifest_list = list_path;
  snap.operation = operation_;
  if (rewrite_manifests_) {
    summary.SetProperty("manifests-replaced", std::to_string(manifests_replaced_));
    summary.SetProperty("manifests-created", std::to_string(manifests_created_));
  }
  snap.summary = summary.Build(parent);
  snap.schema_id = base.current_schema_id;
  TableMetadataBuilder builder(base, state.metadata_location);
  if (metadata_change_) {
    auto schema_id = metadata_change_(base, builder);
    if (!schema_id) {
      validation_failed_ = true;
      return std::unexpected(std::move(schema_id.error()));
    }
    if (*schema_id) snap.schema_id = **schema_id;
  }
  builder.AddSnapshot(std::move(snap)).SetBranchSnapshot(kMainBranch, snapshot_id_);
  return std::move(builder).Build(now_ms_());
}

Result<TableState> SnapshotUpdate::Commit() {
  const int64_t start = now_ms_();
  FIRN_ASSIGN_OR_RETURN(TableState state, ops_.Refresh());
  FIRN_ASSIGN_OR_RETURN(int64_t retries, PropertyAsInt(state.metadata->properties, props::kCommitNumRetries,
                                                       props::kCommitNumRetriesDefault));
  FIRN_ASSIGN_OR_RETURN(int64_t min_wait, PropertyAsInt(state.metadata->properties, props::kCommitMinRetryWaitMs,
                                                        props::kCommitMinRetryWaitMsDefault));
  FIRN_ASSIGN_OR_RETURN(int64_t max_wait, PropertyAsInt(state.metadata->properties, props::kCommitMaxRetryWaitMs,
                                                        props::kCommitMaxRetryWaitMsDefault));
  std::mt19937_64 rng(static_cast<uint64_t>(snapshot_id_.value()));
  std::vector<Attempt> failed;
  for (int n = 0;; ++n) {
    Attempt attempt{.number = n};
    stats_.attempts = n + 1;
    Result<TableState> committed = [&]() -> Result<TableState> {
      FIRN_ASSIGN_OR_RETURN(TableMetadata updated, Apply(state, attempt));
      return ops_.Commit(state, updated);
    }();
    stats_.manifests_written += attempt.manifests_written;
    if (committed) {
      for (const Attempt& a : failed) {
        for (const std::string& f : a.files) DeleteQuietly(f);
      }
      auto dropped_ok = PropertyAsBool(committed->metadata->properties, props::kMetadataDeleteAfterCommit,
                                       props::kMetadataDeleteAfterCommitDefault);
      if (dropped_ok && *dropped_ok) {
        for (const std::string& f :
             MetadataFilesDroppedFromLog(*state.metadata, state.metadata_location, *committed->metadata)) {
          DeleteQuietly(f);
        }
      }
      stats_.commit_ms = now_ms_() - start;
      return committed;
    }
    const bool conflict = committed.error().kind() == ErrorKind::kCommitConflict;
    failed.push_back(std::move(attempt));
    // A conflict found by validation (a removed file is gone) will not go away: retrying
    // only helps when the catalog swap itself lost the race.
    const bool retryable = conflict && !validation_failed_;
    if (!retryable || n >= retries) {
      if (conflict || committed.error().kind() != ErrorKind::kIOError) {
        // Nothing of ours is referenced by the table: remove every file we wrote.
        for (const Attempt& a : failed) {
          for (const std::string& f : a.files) DeleteQuietly(f);
        }
        for (const std::string& f : written_) DeleteQuietly(f);
      }
      return std::unexpected(std::move(committed.error())
                                 .WithContext(fmt::format("commit of snapshot {} (attempt {} of {})",
                                                          snapshot_id_.value(), n + 1, retries + 1)));
    }
    int64_t wait = std::min(max_wait, min_wait << std::min(n, 20));
    wait = wait / 2 + static_cast<int64_t>(rng() % static_cast<uint64_t>(wait / 2 + 1));
    sleep_ms_(wait);
    FIRN_ASSIGN_OR_RETURN(state, ops_.Refresh());
  }
}

Result<TableState> AppendFiles(TableOperations& ops, std::vector<DataFile> files,
                               std::map<std::string, std::string> summary_properties) {
  SnapshotUpdate update(ops, SnapshotOperation::kAppend);
  for (DataFile& f : files) update.AddFile(std::move(f));
  for (auto& [k, v] : summary_properties) update.SetSummaryProperty(k, v);
  return update.Commit();
}

}  // namespace firn::iceberg
