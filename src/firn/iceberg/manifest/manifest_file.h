// ManifestFile (spec "Manifest Lists": the manifest_file struct): one manifest as listed
// in a snapshot's manifest list, with the counts and partition summaries that let a scan
// skip it without opening it.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "firn/common/strong_type.h"

namespace firn::iceberg {

enum class ManifestContent : int8_t { kData = 0, kDeletes = 1 };

// A manifest's sequence numbers before its snapshot is committed: the manifest list
// writer replaces them with the snapshot's sequence number (Java's UNASSIGNED_SEQ).
inline constexpr int64_t kUnassignedSequenceNumber = -1;

struct PartitionFieldSummary {
  bool contains_null = false;               // some file has a null for this field
  std::optional<bool> contains_nan;         // some file has NaN (float fields)
  std::optional<std::string> lower_bound;   // single-value binary of the minimum
  std::optional<std::string> upper_bound;   // single-value binary of the maximum

  bool operator==(const PartitionFieldSummary&) const = default;
};

struct ManifestFile {
  std::string manifest_path;        // location of the manifest
  int64_t manifest_length = 0;      // its size in bytes
  int32_t partition_spec_id = 0;    // the spec its files were written for
  ManifestContent content = ManifestContent::kData;  // data or delete files
  int64_t sequence_number = 0;      // the sequence number of the snapshot that added it
  int64_t min_sequence_number = 0;  // the lowest data sequence number of its live files
  SnapshotId added_snapshot_id;     // the snapshot that added it
  int32_t added_files_count = 0;    // entries with status ADDED
  int32_t existing_files_count = 0;  // entries with status EXISTING
  int32_t deleted_files_count = 0;  // entries with status DELETED
  int64_t added_rows_count = 0;     // rows in ADDED entries
  int64_t existing_rows_count = 0;  // rows in EXISTING entries
  int64_t deleted_rows_count = 0;   // rows in DELETED entries
  std::vector<PartitionFieldSummary> partitions;  // one per partition field
  std::optional<std::string> key_metadata;        // encryption key metadata

  bool has_added_files() const { return added_files_count > 0; }
  bool has_existing_files() const { return existing_files_count > 0; }
  // Live entries (added or existing).
  int64_t live_files_count() const { return int64_t{added_files_count} + existing_files_count; }

  bool operator==(const ManifestFile&) const = default;
};

}  // namespace firn::iceberg
