#include "firn/iceberg/metadata/table_metadata.h"

#include <cassert>
#include <unordered_set>

namespace firn::iceberg {

const Schema* TableMetadata::SchemaById(int32_t schema_id) const {
  for (const Schema& s : schemas) {
    if (s.schema_id() == schema_id) return &s;
  }
  return nullptr;
}

const PartitionSpec* TableMetadata::SpecById(int32_t spec_id) const {
  for (const PartitionSpec& s : partition_specs) {
    if (s.spec_id == spec_id) return &s;
  }
  return nullptr;
}

const SortOrder* TableMetadata::SortOrderById(int32_t order_id) const {
  for (const SortOrder& o : sort_orders) {
    if (o.order_id == order_id) return &o;
  }
  return nullptr;
}

const Snapshot* TableMetadata::SnapshotById(SnapshotId id) const {
  for (const Snapshot& s : snapshots) {
    if (s.snapshot_id == id) return &s;
  }
  return nullptr;
}

const Schema& TableMetadata::CurrentSchema() const {
  const Schema* s = SchemaById(current_schema_id);
  assert(s != nullptr);
  return *s;
}

const PartitionSpec& TableMetadata::DefaultSpec() const {
  const PartitionSpec* s = SpecById(default_spec_id);
  assert(s != nullptr);
  return *s;
}

const Snapshot* TableMetadata::CurrentSnapshot() const {
  return current_snapshot_id ? SnapshotById(*current_snapshot_id) : nullptr;
}

Result<const Snapshot*> TableMetadata::SnapshotAsOf(int64_t timestamp_ms) const {
  const Snapshot* found = nullptr;
  for (const SnapshotLogEntry& e : snapshot_log) {
    if (e.timestamp_ms > timestamp_ms) break;
    if (const Snapshot* s = SnapshotById(e.snapshot_id)) found = s;
  }
  if (found == nullptr) {
    return NotFound("the table has no snapshot at or before timestamp {} ms", timestamp_ms);
  }
  return found;
}

std::vector<const Snapshot*> TableMetadata::Ancestors(SnapshotId id) const {
  std::vector<const Snapshot*> out;
  std::unordered_set<int64_t> seen;
  for (const Snapshot* s = SnapshotById(id); s != nullptr && seen.insert(s->snapshot_id.value()).second;
       s = s->parent_snapshot_id ? SnapshotById(*s->parent_snapshot_id) : nullptr) {
    out.push_back(s);
  }
  return out;
}

Status TableMetadata::Validate() const {
  if (format_version < 1 || format_version > kMaxSupportedFormatVersion) {
    return NotSupported("table format version {} (firn reads versions 1 to {})", format_version,
                        kMaxSupportedFormatVersion);
  }
  if (SchemaById(current_schema_id) == nullptr) {
    return Corrupt("current-schema-id {} is not among the table's schemas", current_schema_id);
  }
  if (SpecById(default_spec_id) == nullptr) {
    return Corrupt("default-spec-id {} is not among the table's partition specs", default_spec_id);
  }
  if (!sort_orders.empty() && SortOrderById(default_sort_order_id) == nullptr) {
    return Corrupt("default-sort-order-id {} is not among the table's sort orders",
                   default_sort_order_id);
  }
  for (const Schema& s : schemas) {
    if (s.HighestFieldId() > last_column_id) {
      return Corrupt("schema {} uses field id {} above last-column-id {}", s.schema_id(),
                     s.HighestFieldId(), last_column_id);
    }
  }
  if (current_snapshot_id && CurrentSnapshot() == nullptr) {
    return Corrupt("current-snapshot-id {} is not among the table's snapshots",
                   current_snapshot_id->value());
  }
  for (const auto& [name, ref] : refs) {
    if (SnapshotById(ref.snapshot_id) == nullptr) {
      return Corrupt("ref '{}' points at missing snapshot {}", name, ref.snapshot_id.value());
    }
  }
  auto main = refs.find(std::string(kMainBranch));
  if (main != refs.end() && current_snapshot_id != main->second.snapshot_id) {
    return Corrupt("the main branch ({}) disagrees with current-snapshot-id", main->second.snapshot_id.value());
  }
  if (format_version >= 2) {
    for (const Snapshot& s : snapshots) {
      if (s.sequence_number > last_sequence_number) {
        return Corrupt("snapshot {} has sequence number {} above last-sequence-number {}",
                       s.snapshot_id.value(), s.sequence_number.value(),
                       last_sequence_number.value());
      }
    }
  }
  return OkStatus();
}

}  // namespace firn::iceberg
