// Snapshot, SnapshotRef and the two logs of table metadata (spec "Snapshots", "Snapshot
// References", "Table Metadata Fields": snapshot-log, metadata-log).
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "firn/common/result.h"
#include "firn/common/strong_type.h"

namespace firn::iceberg {

// The summary's "operation" (spec "Snapshots"): what kind of change a snapshot made.
enum class SnapshotOperation : int8_t {
  kAppend,     // only data files were added
  kReplace,    // files were rewritten without changing the table's rows (compaction)
  kOverwrite,  // data files were added and removed, or deletes were added
  kDelete,     // data files were removed or delete files added, no data added
};
std::string_view SnapshotOperationName(SnapshotOperation op);
Result<SnapshotOperation> ParseSnapshotOperation(std::string_view s);

struct Snapshot {
  SnapshotId snapshot_id;                          // unique within the table
  std::optional<SnapshotId> parent_snapshot_id;    // the snapshot this one was built on
  SequenceNumber sequence_number{0};               // v2: the data sequence number it assigned
  int64_t timestamp_ms = 0;                        // when the snapshot was created
  std::string manifest_list;                       // location of the manifest list file
  SnapshotOperation operation = SnapshotOperation::kAppend;  // summary["operation"]
  std::map<std::string, std::string> summary;      // the other summary keys
  std::optional<int32_t> schema_id;                // the current schema when it was written

  bool operator==(const Snapshot&) const = default;
};

enum class SnapshotRefType : int8_t { kBranch, kTag };

inline constexpr std::string_view kMainBranch = "main";

struct SnapshotRef {
  SnapshotId snapshot_id;                          // the snapshot the ref points at
  SnapshotRefType type = SnapshotRefType::kBranch;  // branch or tag
  std::optional<int32_t> min_snapshots_to_keep;    // branches: snapshot expiry
  std::optional<int64_t> max_snapshot_age_ms;      // branches: snapshot expiry
  std::optional<int64_t> max_ref_age_ms;           // how long the ref itself lives

  bool operator==(const SnapshotRef&) const = default;
};

// snapshot-log: the current snapshot of main over time.
struct SnapshotLogEntry {
  int64_t timestamp_ms = 0;  // when the snapshot became current
  SnapshotId snapshot_id;    // which snapshot

  bool operator==(const SnapshotLogEntry&) const = default;
};

// metadata-log: earlier metadata files of the table.
struct MetadataLogEntry {
  int64_t timestamp_ms = 0;   // last-updated-ms of that metadata file
  std::string metadata_file;  // its location

  bool operator==(const MetadataLogEntry&) const = default;
};

}  // namespace firn::iceberg
