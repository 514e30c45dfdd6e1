// RemoveOrphanFiles: deletes files under a table's location that no metadata references
// (Java's DeleteOrphanFiles action, Spark's remove_orphan_files procedure).
//
// Referenced means: the current metadata file and every one in its metadata log; every
// snapshot's manifest list, manifests and the data and delete files of their live entries
// (a DELETED entry names a file its snapshot removed; the parent that still has it live,
// if not expired, references it itself); any path named in the statistics fields; and the
// files catalogs keep beside tables (version-hint.text, .firn-namespace.properties,
// SQLite catalog databases and their journals).
//
// Safety:
//   - only files last modified before `older_than_ms` (default: 3 days ago) are orphans, so
//     that the files of a commit in flight (data files written, metadata not yet swapped)
//     and temporary files of atomic writes (io/path_util.h IsTempFileName) are kept until
//     they are surely abandoned;
//   - the table is listed first and its metadata read afterwards, so that a commit landing
//     in between makes its files referenced rather than orphaned;
//   - a folder below the location that holds another table (a "<dir>/metadata/" with a
//     metadata JSON file: a namespace named like the table) is left alone;
//   - if not one listed file is referenced while the table has snapshots, the metadata's
//     paths do not match the listing (a copied or re-mapped table): nothing is deleted and
//     the result is an error.
// Locations are compared by LocationKey (reachable_files.h). A failed delete is counted
// and reported, never fatal.
//
// Thread-safety: none; safe to run beside committers (see above).
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "firn/common/result.h"
#include "firn/iceberg/commit/table_operations.h"

namespace firn::maintain {

inline constexpr int64_t kDefaultOrphanAgeMs = 3LL * 24 * 60 * 60 * 1000;

struct RemoveOrphanFilesOptions {
  std::optional<int64_t> older_than_ms;  // only files older than this; default now - 3 days
  std::optional<std::string> location;   // where to look; default the table's location
  bool dry_run = false;                  // list, delete nothing
  std::function<int64_t()> now_ms;       // for tests; default the system clock
};

struct OrphanFile {
  std::string path;
  int64_t size_bytes = 0;
  int64_t mtime_ms = 0;

  bool operator==(const OrphanFile&) const = default;
};

struct RemoveOrphanFilesResult {
  bool dry_run = false;
  std::string location;                 // what was listed
  int64_t cutoff_ms = 0;                // files modified before this were candidates
  int64_t files_listed = 0;             // every file under the location
  int64_t bytes_listed = 0;
  int64_t files_referenced = 0;         // listed files that metadata references
  int64_t young_unreferenced = 0;       // unreferenced, but too recent to remove
  int64_t nested_table_files = 0;       // under another table's folder, left alone
  std::vector<OrphanFile> orphans;      // every orphan found (deleted unless dry-run)
  int64_t orphan_bytes = 0;
  int64_t files_deleted = 0;
  int64_t bytes_deleted = 0;
  int64_t delete_failures = 0;
  std::vector<std::string> failed_paths;  // the first few failed deletes, with the error
};

Result<RemoveOrphanFilesResult> RemoveOrphanFiles(iceberg::TableOperations& ops,
                                                  const RemoveOrphanFilesOptions& options);

}  // namespace firn::maintain
