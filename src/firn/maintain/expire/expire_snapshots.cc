#include "firn/maintain/expire/expire_snapshots.h"

#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <set>
#include <thread>

#include "firn/catalog/metadata_file_name.h"
#include "firn/common/macros.h"
#include "firn/io/path_util.h"
#include "firn/iceberg/metadata/table_metadata_builder.h"
#include "firn/maintain/expire/expiry_plan.h"

namespace firn::maintain {
namespace {

using iceberg::Snapshot;
using iceberg::TableMetadata;
using iceberg::TableState;

constexpr size_t kMaxFailedPaths = 5;

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Whether metadata file `name` is an older version than `current` in the same naming
// scheme (metastore "<v>-<uuid>.metadata.json" or Hadoop "v<N>.metadata.json"). Files of
// unknown naming are never old: they may belong to another tool.
bool IsOlderMetadataVersion(std::string_view name, std::string_view current) {
  if (!name.ends_with(".metadata.json")) return false;
  const int64_t cur = catalog::ParseMetastoreVersion(current);
  if (cur >= 0) {
    const int64_t v = catalog::ParseMetastoreVersion(name);
    return v >= 0 && v < cur;
  }
  const auto cur_h = catalog::ParseHadoopVersion(io::BaseName(current));
  const auto v_h = catalog::ParseHadoopVersion(name);
  return cur_h && v_h && *v_h < *cur_h;
}

// Metadata JSON files beside `current_location` that `after` (whose file that is, or will
// be) no longer logs.
Result<std::vector<FileRef>> OldMetadataFiles(io::FileIO& io, const std::string& current_location,
                                              const TableMetadata& after) {
  std::set<std::string> keep = {LocationKey(current_location)};
  for (const iceberg::MetadataLogEntry& e : after.metadata_log) keep.insert(LocationKey(e.metadata_file));
  const std::string dir(io::ParentDir(current_location));
  FIRN_ASSIGN_OR_RETURN_CTX(std::vector<io::FileInfo> listed, io.List(FilePath(dir)), "listing " + dir);
  std::vector<FileRef> out;
  const std::string dir_key = LocationKey(dir);
  for (const io::FileInfo& f : listed) {
    const std::string key = LocationKey(f.path.value());
    // Directly in the metadata folder, not below it.
    if (io::ParentDir(key) != dir_key || keep.contains(key)) continue;
    if (!IsOlderMetadataVersion(io::BaseName(key), current_location)) continue;
    out.push_back(FileRef{f.path.value(), FileKind::kMetadataJson, static_cast<int64_t>(f.size)});
  }
  return out;
}

// The files to delete once `after` replaced `before` (see the header). Sets
// result->cleanup_skipped and returns nothing when the retained files cannot be known.
std::vector<FileRef> FilesToDelete(io::FileIO& io, const TableMetadata& before, const TableMetadata& after,
                                   const std::string& after_location, ExpireSnapshotsResult* result) {
  FileSet retained;
  for (const Snapshot& s : after.snapshots) {
    if (auto st = AddSnapshotFiles(io, s, /*include_deleted_entries=*/false, &retained); !st) {
      result->cleanup_skipped = "cannot read what retained snapshots reference: " + st.error().ToString();
      return {};
    }
  }
  FileSet expired;
  std::set<int64_t> kept_ids;
  for (const Snapshot& s : after.snapshots) kept_ids.insert(s.snapshot_id.value());
  for (const Snapshot& s : before.snapshots) {
    if (kept_ids.contains(s.snapshot_id.value())) continue;
    if (auto st = AddSnapshotFiles(io, s, /*include_deleted_entries=*/true, &expired, &retained); !st) {
      result->warnings.push_back(st.error().ToString());
    }
  }
  std::vector<FileRef> out;
  for (const auto& [key, ref] : expired.files()) {
    if (!retained.ContainsKey(key)) out.push_back(ref);
  }
  auto metadata_files = OldMetadataFiles(io, after_location, after);
  if (!metadata_files) {
    result->warnings.push_back(metadata_files.error().ToString());
  } else {
    out.insert(out.end(), metadata_files->begin(), metadata_files->end());
  }
  for (FileRef& f : out) {
    if (f.size_bytes >= 0) continue;
    auto in = io.OpenInputFile(FilePath(f.path));
    if (!in) continue;
    if (auto size = (*in)->Size()) f.size_bytes = static_cast<int64_t>(*size);
  }
  return out;
}

void Count(const FileRef& f, DeletedFiles* d) {
  switch (f.kind) {
    case FileKind::kData: ++d->data; break;
    case FileKind::kDelete: ++d->deletes; break;
    case FileKind::kManifest: ++d->manifests; break;
    case FileKind::kManifestList: ++d->manifest_lists; break;
    case FileKind::kMetadataJson: ++d->metadata_json; break;
    case FileKind::kOther: break;
  }
  d->bytes += std::max<int64_t>(f.size_bytes, 0);
}

void DeleteAll(io::FileIO& io, const std::vector<FileRef>& files, ExpireSnapshotsResult* result) {
  for (const FileRef& f : files) {
    auto st = io.Delete(FilePath(f.path));
    if (st) {
      Count(f, &result->deleted);
    } else if (st.error().kind() != ErrorKind::kNotFound) {  // already gone is fine
      ++result->delete_failures;
      if (result->failed_paths.size() < kMaxFailedPaths) result->failed_paths.push_back(st.error().ToString());
    }
  }
}

struct RetryPolicy {
  int64_t retries = iceberg::props::kCommitNumRetriesDefault;
  int64_t min_wait = iceberg::props::kCommitMinRetryWaitMsDefault;
  int64_t max_wait = iceberg::props::kCommitMaxRetryWaitMsDefault;
};

Result<RetryPolicy> RetryPolicyOf(const iceberg::Properties& p) {
  namespace props = iceberg::props;
  RetryPolicy r;
  FIRN_ASSIGN_OR_RETURN(r.retries, iceberg::PropertyAsInt(p, props::kCommitNumRetries, r.retries));
  FIRN_ASSIGN_OR_RETURN(r.min_wait, iceberg::PropertyAsInt(p, props::kCommitMinRetryWaitMs, r.min_wait));
  FIRN_ASSIGN_OR_RETURN(r.max_wait, iceberg::PropertyAsInt(p, props::kCommitMaxRetryWaitMs, r.max_wait));
  return r;
}

Result<TableMetadata> ApplyPlan(const TableState& base, const ExpiryPlan& plan, int64_t now_ms) {
  iceberg::TableMetadataBuilder b(*base.metadata, base.metadata_location);
  for (const std::string& ref : plan.refs_removed) b.RemoveRef(ref);
  b.RemoveSnapshots(plan.expire);
  return std::move(b).Build(now_ms);
}

}  // namespace

Result<ExpireSnapshotsResult> ExpireSnapshots(iceberg::TableOperations& ops,
                                              const ExpireSnapshotsOptions& options) {
  namespace props = iceberg::props;
  const auto now_fn = options.now_ms ? options.now_ms : SystemNowMs;
  const auto sleep_fn = options.sleep_ms ? options.sleep_ms : [](int64_t ms) {
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  };
  if (options.retain_last && *options.retain_last < 1) {
    return InvalidArgument("retain_last must be at least 1, got {}", *options.retain_last);
  }
  ExpireSnapshotsResult result;
  result.dry_run = options.dry_run;
  FIRN_ASSIGN_OR_RETURN(TableState base, ops.Refresh());
  for (int attempt = 0;; ++attempt) {
    const TableMetadata& m = *base.metadata;
    const int64_t now = now_fn();
    FIRN_ASSIGN_OR_RETURN(int64_t max_age, iceberg::PropertyAsInt(m.properties, props::kMaxSnapshotAgeMs,
                                                         props::kMaxSnapshotAgeMsDefault));
    FIRN_ASSIGN_OR_RETURN(int64_t min_keep, iceberg::PropertyAsInt(m.properties, props::kMinSnapshotsToKeep,
                                                          props::kMinSnapshotsToKeepDefault));
    FIRN_ASSIGN_OR_RETURN(RetryPolicy retry, RetryPolicyOf(m.properties));
    result.cutoff_ms = options.older_than_ms.value_or(now - max_age);
    result.retain_last = options.retain_last.value_or(static_cast<int32_t>(std::clamp<int64_t>(min_keep, 1, INT32_MAX)));
    const ExpiryPlan plan = PlanExpiry(m, now, result.cutoff_ms, result.retain_last);
    result.snapshots_before = static_cast<int64_t>(m.snapshots.size());
    result.snapshots_expired = static_cast<int64_t>(plan.expire.size());
    result.snapshots_kept = result.snapshots_before - result.snapshots_expired;
    result.kept_by_age = plan.kept_by_age;
    result.kept_refs = plan.kept_refs;
    result.kept_retain_last = plan.kept_retain_last;
    result.kept_carried_state = plan.kept_carried_state;
    result.refs_removed = plan.refs_removed;
    result.expired_ids.clear();
    for (SnapshotId id : plan.expire) result.expired_ids.push_back(id.value());
    result.attempts = attempt + 1;
    result.metadata_location = base.metadata_location;
    if (plan.empty()) return result;
    FIRN_ASSIGN_OR_RETURN(TableMetadata updated, ApplyPlan(base, plan, now));
    if (options.dry_run) {
      // The next version would log the current file; list against that.
      if (options.delete_files) {
        for (const FileRef& f : FilesToDelete(ops.io(), m, updated, base.metadata_location, &result)) {
          Count(f, &result.deleted);
          result.to_delete.push_back(f.path);
        }
      }
      result.attempts = 0;
      return result;
    }
    Result<TableState> committed = ops.Commit(base, updated);
    if (committed) {
      result.metadata_location = committed->metadata_location;
      if (options.delete_files) {
        // Against the base that won the swap: exactly the snapshots this commit removed.
        DeleteAll(ops.io(),
                  FilesToDelete(ops.io(), m, *committed->metadata, committed->metadata_location, &result),
                  &result);
      }
      return result;
    }
    if (committed.error().kind() != ErrorKind::kCommitConflict || attempt >= retry.retries) {
      return std::unexpected(std::move(committed.error())
                                 .WithContext(fmt::format("expiring {} snapshots (attempt {} of {})",
                                                          plan.expire.size(), attempt + 1, retry.retries + 1)));
    }
    sleep_fn(std::min(retry.max_wait, retry.min_wait << std::min(attempt, 20)));
    FIRN_ASSIGN_OR_RETURN(base, ops.Refresh());
  }
}

}  // namespace firn::maintain
