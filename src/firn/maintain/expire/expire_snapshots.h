// ExpireSnapshots: removes old snapshots from a table's metadata, then deletes the files
// that only they referenced (spec "Snapshot Retention Policy"; Java's RemoveSnapshots and
// ReachableFileCleanup, Spark's expire_snapshots procedure).
//
// What is retained, per ref (Java's rules):
//   - every branch keeps its head and the ancestors that are newer than its cutoff, and at
//     least its min-snapshots-to-keep most recent ancestors. A branch's own
//     max-snapshot-age-ms / min-snapshots-to-keep win; otherwise older_than_ms /
//     retain_last, otherwise the table properties history.expire.max-snapshot-age-ms
//     (5 days) / history.expire.min-snapshots-to-keep (1);
//   - every tag keeps the snapshot it points at;
//   - a ref other than main whose max-ref-age-ms has passed is removed first;
//   - a snapshot no ref reaches is kept while newer than the cutoff;
//   - firn's carried state (iceberg/commit/carried_state.h): main's current snapshot and
//     its ancestors back to the oldest snapshot that carries an exactly-once key, whatever
//     the age rules say, so that ingest can always recover its offsets.
//
// How it commits: each attempt refreshes the table, decides from that base, and swaps in
// the new metadata with the catalog's compare-and-swap; a lost race retries from a fresh
// base (commit.retry.* properties), so a concurrent ingest commit is never lost.
//
// What it deletes, only after the commit landed and only from the base that won: data and
// delete files, manifests and manifest lists that the expired snapshots referenced and no
// retained snapshot does (a file counts as referenced when a retained snapshot has it in
// a live entry), and old metadata JSON files under the table's metadata folder that the
// new metadata's log no longer lists (older versions than the new one only: a newer file
// belongs to a commit in flight). If a retained snapshot's manifests cannot be read,
// nothing is deleted: what they reference is unknown. A failed delete is counted and
// reported, never fatal; what it leaves is for orphan removal.
//
// Thread-safety: none; `ops` must be safe to share with concurrent committers (it is).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "firn/common/result.h"
#include "firn/iceberg/commit/table_operations.h"
#include "firn/maintain/reachable_files.h"

namespace firn::maintain {

struct ExpireSnapshotsOptions {
  std::optional<int64_t> older_than_ms;  // cutoff; default now - max-snapshot-age-ms
  std::optional<int32_t> retain_last;    // default min-snapshots-to-keep (at least 1)
  bool dry_run = false;                  // decide and list, commit and delete nothing
  bool delete_files = true;              // false: commit only (files left to orphan removal)
  std::function<int64_t()> now_ms;       // for tests; default the system clock
  std::function<void(int64_t)> sleep_ms;  // between retries; for tests
};

// How many deletes of each kind (or would be, when dry-run).
struct DeletedFiles {
  int64_t data = 0;
  int64_t deletes = 0;
  int64_t manifests = 0;
  int64_t manifest_lists = 0;
  int64_t metadata_json = 0;
  int64_t bytes = 0;  // sizes recorded in metadata, or read from storage
  int64_t total() const { return data + deletes + manifests + manifest_lists + metadata_json; }
  bool operator==(const DeletedFiles&) const = default;
};

struct ExpireSnapshotsResult {
  bool dry_run = false;
  int64_t cutoff_ms = 0;               // the default cutoff applied
  int32_t retain_last = 0;             // the default retain-last applied
  int64_t snapshots_before = 0;
  int64_t snapshots_expired = 0;
  int64_t snapshots_kept = 0;
  // Why the kept ones are kept; each counted once, under the first reason that holds:
  int64_t kept_by_age = 0;             // newer than its branch's cutoff
  int64_t kept_refs = 0;               // a branch head or a tag
  int64_t kept_retain_last = 0;        // older, but within its branch's retain-last
  int64_t kept_carried_state = 0;      // older, kept only for firn's exactly-once state
  std::vector<std::string> refs_removed;  // refs past their max-ref-age-ms
  std::vector<int64_t> expired_ids;
  int attempts = 0;                    // commit attempts (1 when the first landed)
  std::string metadata_location;      // the new current metadata (base when dry-run)
  DeletedFiles deleted;                // deleted (or, dry-run, to delete)
  std::vector<std::string> to_delete;  // dry run: every path that would be deleted
  int64_t delete_failures = 0;
  std::vector<std::string> failed_paths;  // the first few failed deletes, with the error
  std::string cleanup_skipped;         // why no file was deleted, when that happened
  std::vector<std::string> warnings;   // expired snapshots whose files could not be listed
};

Result<ExpireSnapshotsResult> ExpireSnapshots(iceberg::TableOperations& ops,
                                              const ExpireSnapshotsOptions& options);

}  // namespace firn::maintain
