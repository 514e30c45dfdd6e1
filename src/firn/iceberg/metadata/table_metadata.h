// TableMetadata: the contents of a table metadata file (spec "Table Metadata Fields"),
// as a plain struct whose fields follow the spec. Instances are immutable once built and
// shared between snapshots of a table as shared_ptr<const TableMetadata>; changes go
// through TableMetadataBuilder, which keeps the ids, logs and sequence numbers consistent.
//
// Thread-safety: plain value; a const instance may be read from any thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "firn/common/result.h"
#include "firn/common/strong_type.h"
#include "firn/iceberg/metadata/snapshot.h"
#include "firn/iceberg/metadata/table_properties.h"
#include "firn/iceberg/partition/partition_spec.h"
#include "firn/iceberg/sort/sort_order.h"
#include "firn/iceberg/types/schema.h"

namespace firn::iceberg {

inline constexpr int32_t kDefaultFormatVersion = 2;
inline constexpr int32_t kMaxSupportedFormatVersion = 2;

struct TableMetadata {
  int32_t format_version = kDefaultFormatVersion;  // 1 or 2
  std::string table_uuid;                    // identifies the table across renames
  std::string location;                      // base location of data and metadata files
  SequenceNumber last_sequence_number{0};    // highest sequence number assigned
  int64_t last_updated_ms = 0;               // when this metadata was written
  int32_t last_column_id = 0;                // highest field id ever assigned
  std::vector<Schema> schemas;               // every schema the table has had
  int32_t current_schema_id = 0;             // the schema for new writes and reads
  std::vector<PartitionSpec> partition_specs;  // every spec the table has had
  int32_t default_spec_id = 0;               // the spec for new writes
  int32_t last_partition_id = kUnpartitionedLastAssignedId;  // highest partition field id
  Properties properties;                     // table properties
  std::optional<SnapshotId> current_snapshot_id;  // main's head; none for an empty table
  std::vector<Snapshot> snapshots;           // valid snapshots, in commit order
  std::vector<SnapshotLogEntry> snapshot_log;  // main's history
  std::vector<MetadataLogEntry> metadata_log;  // earlier metadata files
  std::vector<SortOrder> sort_orders;        // every sort order the table has had
  int32_t default_sort_order_id = 0;         // the order for new writes
  std::map<std::string, SnapshotRef> refs;   // branches and tags; "main" is current
  std::string statistics_json = "[]";        // "statistics", kept verbatim (not used yet)
  std::string partition_statistics_json = "[]";  // "partition-statistics", kept verbatim

  bool operator==(const TableMetadata&) const = default;

  // Lookups; nullptr when absent.
  const Schema* SchemaById(int32_t schema_id) const;
  const PartitionSpec* SpecById(int32_t spec_id) const;
  const SortOrder* SortOrderById(int32_t order_id) const;
  const Snapshot* SnapshotById(SnapshotId id) const;
  // The current schema, spec and sort order; the builder guarantees they exist.
  const Schema& CurrentSchema() const;
  const PartitionSpec& DefaultSpec() const;
  // nullptr for a table without snapshots.
  const Snapshot* CurrentSnapshot() const;
  // The snapshot that was current at `timestamp_ms` (from the snapshot log), or NotFound.
  Result<const Snapshot*> SnapshotAsOf(int64_t timestamp_ms) const;
  // The ancestors of `id`, itself first, following parent ids while they are known.
  std::vector<const Snapshot*> Ancestors(SnapshotId id) const;

  // Checks the invariants a reader relies on: ids referenced exist, the main ref agrees
  // with current-snapshot-id, sequence numbers do not exceed last-sequence-number.
  Status Validate() const;
};

}  // namespace firn::iceberg
