#include "firn/iceberg/metadata/table_metadata_builder.h"

#include <algorithm>
#include <random>
#include <set>

#include <fmt/format.h>

#include "firn/common/macros.h"

namespace firn::iceberg {

namespace {

std::mt19937_64& Rng() {
  thread_local std::mt19937_64 rng([] {
    std::random_device rd;
    return (uint64_t{rd()} << 32) ^ rd();
  }());
  return rng;
}

}  // namespace

SnapshotId NewSnapshotId() {
  for (;;) {
    int64_t id = static_cast<int64_t>(Rng()() & 0x7fffffffffffffffULL);
    if (id != 0) return SnapshotId(id);
  }
}

std::string NewUuid() {
  uint64_t hi = Rng()(), lo = Rng()();
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10
  return fmt::format("{:08x}-{:04x}-{:04x}-{:04x}-{:012x}", hi >> 32, (hi >> 16) & 0xffff,
                     hi & 0xffff, lo >> 48, lo & 0xffffffffffffULL);
}

Result<TableMetadata> NewTableMetadata(const Schema& schema, const PartitionSpec& spec,
                                       const SortOrder& sort_order, std::string location,
                                       Properties properties, int64_t now_ms,
                                       int32_t format_version) {
  if (format_version < 1 || format_version > kMaxSupportedFormatVersion) {
    return NotSupported("format version {} (firn writes versions 1 to {})", format_version,
                        kMaxSupportedFormatVersion);
  }
  FIRN_RETURN_NOT_OK(schema.Validate());
  TableMetadata m;
  m.format_version = format_version;
  m.table_uuid = NewUuid();
  while (location.size() > 1 && location.back() == '/') location.pop_back();
  m.location = std::move(location);
  m.last_updated_ms = now_ms;
  m.last_column_id = schema.HighestFieldId();
  m.schemas.push_back(schema.WithSchemaId(0));
  m.current_schema_id = 0;

  PartitionSpec fresh{.spec_id = 0};
  int32_t next_id = kPartitionDataIdStart;
  for (const PartitionField& f : spec.fields) {
    PartitionField nf = f;
    nf.field_id = FieldId(next_id++);
    fresh.fields.push_back(std::move(nf));
  }
  FIRN_RETURN_NOT_OK_CTX(fresh.Validate(schema), "partition spec");
  m.last_partition_id = fresh.LastAssignedFieldId();
  m.partition_specs.push_back(std::move(fresh));
  m.default_spec_id = 0;

  SortOrder order = sort_order;
  order.order_id = order.IsUnsorted() ? kUnsortedOrderId : 1;
  FIRN_RETURN_NOT_OK_CTX(order.Validate(schema), "sort order");
  if (!order.IsUnsorted()) m.sort_orders.push_back(SortOrder::Unsorted());
  m.sort_orders.push_back(order);
  m.default_sort_order_id = order.order_id;
  m.properties = std::move(properties);
  FIRN_RETURN_NOT_OK(m.Validate());
  return m;
}

TableMetadataBuilder::TableMetadataBuilder(const TableMetadata& base,
                                           std::optional<std::string> base_location)
    : m_(base), base_location_(std::move(base_location)), base_last_updated_ms_(base.last_updated_ms) {}

void TableMetadataBuilder::Fail(Error e) {
  if (!error_) error_ = std::move(e);
}

int32_t TableMetadataBuilder::AddSchema(const Schema& schema, int32_t last_column_id) {
  changed_ = true;
  if (last_column_id < m_.last_column_id) {
    Fail(Error(ErrorKind::kInvalidArgument,
               fmt::format("last-column-id {} is below the table's {}", last_column_id,
                           m_.last_column_id)));
    return -1;
  }
  if (schema.HighestFieldId() > last_column_id) {
    Fail(Error(ErrorKind::kInvalidArgument,
               fmt::format("the new schema uses field id {} above last-column-id {}",
                           schema.HighestFieldId(), last_column_id)));
    return -1;
  }
  m_.last_column_id = last_column_id;
  for (const Schema& s : m_.schemas) {
    if (s.WithSchemaId(0) == schema.WithSchemaId(0)) return s.schema_id();
  }
  int32_t id = 0;
  for (const Schema& s : m_.schemas) id = std::max(id, s.schema_id() + 1);
  m_.schemas.push_back(schema.WithSchemaId(id));
  return id;
}

TableMetadataBuilder& TableMetadataBuilder::SetCurrentSchema(int32_t schema_id) {
  changed_ = true;
  if (m_.SchemaById(schema_id) == nullptr) {
    Fail(Error(ErrorKind::kInvalidArgument, fmt::format("no schema with id {}", schema_id)));
  } else {
    m_.current_schema_id = schema_id;
  }
  return *this;
}

int32_t TableMetadataBuilder::AddPartitionSpec(const PartitionSpec& spec) {
  changed_ = true;
  for (const PartitionSpec& s : m_.partition_specs) {
    if (s.fields == spec.fields) return s.spec_id;
  }
  if (auto st = spec.Validate(m_.CurrentSchema()); !st) {
    Fail(std::move(st.error()).WithContext("partition spec"));
    return -1;
  }
  int32_t id = 0;
  for (const PartitionSpec& s : m_.partition_specs) id = std::max(id, s.spec_id + 1);
  PartitionSpec added = spec;
  added.spec_id = id;
  m_.last_partition_id = std::max(m_.last_partition_id, added.LastAssignedFieldId());
  m_.partition_specs.push_back(std::move(added));
  return id;
}

TableMetadataBuilder& TableMetadataBuilder::SetDefaultSpec(int32_t spec_id) {
  changed_ = true;
  if (m_.SpecById(spec_id) == nullptr) {
    Fail(Error(ErrorKind::kInvalidArgument, fmt::format("no partition spec with id {}", spec_id)));
  } else {
    m_.default_spec_id = spec_id;
  }
  return *this;
}

int32_t TableMetadataBuilder::AddSortOrder(const SortOrder& order) {
  changed_ = true;
  for (const SortOrder& o : m_.sort_orders) {
    if (o.fields == order.fields) return o.order_id;
  }
  if (auto st = order.Validate(m_.CurrentSchema()); !st && !order.IsUnsorted()) {
    Fail(std::move(st.error()).WithContext("sort order"));
    return -1;
  }
  int32_t id = order.IsUnsorted() ? 0 : 1;
  for (const SortOrder& o : m_.sort_orders) id = std::max(id, o.order_id + 1);
  SortOrder added = order;
  added.order_id = order.IsUnsorted() ? kUnsortedOrderId : id;
  m_.sort_orders.push_back(std::move(added));
  return m_.sort_orders.back().order_id;
}

TableMetadataBuilder& TableMetadataBuilder::SetDefaultSortOrder(int32_t order_id) {
  changed_ = true;
  if (m_.SortOrderById(order_id) == nullptr) {
    Fail(Error(ErrorKind::kInvalidArgument, fmt::format("no sort order with id {}", order_id)));
  } else {
    m_.default_sort_order_id = order_id;
  }
  return *this;
}

TableMetadataBuilder& TableMetadataBuilder::SetProperties(const Properties& updates) {
  changed_ = true;
  for (const auto& [k, v] : updates) m_.properties[k] = v;
  return *this;
}

TableMetadataBuilder& TableMetadataBuilder::RemoveProperties(const std::vector<std::string>& keys) {
  changed_ = true;
  for (const std::string& k : keys) m_.properties.erase(k);
  return *this;
}

TableMetadataBuilder& TableMetadataBuilder::SetLocation(std::string location) {
  changed_ = true;
  m_.location = std::move(location);
  return *this;
}

TableMetadataBuilder& TableMetadataBuilder::AddSnapshot(Snapshot snapshot) {
  changed_ = true;
  if (m_.SnapshotById(snapshot.snapshot_id) != nullptr) {
    Fail(Error(ErrorKind::kCommitConflict,
               fmt::format("snapshot {} already exists", snapshot.snapshot_id.value())));
    return *this;
  }
  if (m_.format_version >= 2 &&
      snapshot.sequence_number.value() != m_.last_sequence_number.value() + 1) {
    Fail(Error(ErrorKind::kCommitConflict,
               fmt::format("snapshot {} has sequence number {}, expected {}",
                           snapshot.snapshot_id.value(), snapshot.sequence_number.value(),
                           m_.last_sequence_number.value() + 1)));
    return *this;
  }
  if (m_.format_version >= 2) m_.last_sequence_number = snapshot.sequence_number;
  m_.snapshots.push_back(std::move(snapshot));
  return *this;
}

TableMetadataBuilder& TableMetadataBuilder::SetBranchSnapshot(std::string_view branch,
                                                              SnapshotId id) {
  changed_ = true;
  const Snapshot* s = m_.SnapshotById(id);
  if (s == nullptr) {
    Fail(Error(ErrorKind::kInvalidArgument, fmt::format("no snapshot with id {}", id.value())));
    return *this;
  }
  auto it = m_.refs.find(std::string(branch));
  if (it == m_.refs.end()) {
    m_.refs.emplace(std::string(branch), SnapshotRef{id});
  } else if (it->second.type != SnapshotRefType::kBranch) {
    Fail(Error(ErrorKind::kInvalidArgument, fmt::format("'{}' is a tag, not a branch", branch)));
    return *this;
  } else {
    it->second.snapshot_id = id;
  }
  if (branch == kMainBranch) {
    m_.current_snapshot_id = id;
    m_.snapshot_log.push_back(SnapshotLogEntry{s->timestamp_ms, id});
  }
  return *this;
}

TableMetadataBuilder& TableMetadataBuilder::SetRef(std::string name, SnapshotRef ref) {
  changed_ = true;
  if (name == kMainBranch) {
    SetBranchSnapshot(name, ref.snapshot_id);
    m_.refs[name] = ref;
    return *this;
  }
  if (m_.SnapshotById(ref.snapshot_id) == nullptr) {
    Fail(Error(ErrorKind::kInvalidArgument, fmt::format("no snapshot with id {}", ref.snapshot_id.value())));
    return *this;
  }
  m_.refs[std::move(name)] = ref;
  return *this;
}

TableMetadataBuilder& TableMetadataBuilder::RemoveRef(std::string_view name) {
  changed_ = true;
  m_.refs.erase(std::string(name));
  if (name == kMainBranch) m_.current_snapshot_id.reset();
  return *this;
}

TableMetadataBuilder& TableMetadataBuilder::RemoveSnapshots(const std::vector<SnapshotId>& ids) {
  changed_ = true;
  std::set<int64_t> gone;
  for (SnapshotId id : ids) gone.insert(id.value());
  for (const auto& [name, ref] : m_.refs) {
    if (gone.contains(ref.snapshot_id.value())) {
      Fail(Error(ErrorKind::kInvalidArgument,
                 fmt::format("snapshot {} is still referenced by '{}'", ref.snapshot_id.value(), name)));
      return *this;
    }
  }
  std::erase_if(m_.snapshots, [&](const Snapshot& s) { return gone.contains(s.snapshot_id.value()); });
  // The snapshot log keeps only the most recent suffix whose snapshots all still exist,
  // as Java does, so that time travel never lands on a removed snapshot.
  size_t keep_from = 0;
  for (size_t i = 0; i < m_.snapshot_log.size(); ++i) {
    if (gone.contains(m_.snapshot_log[i].snapshot_id.value())) keep_from = i + 1;
  }
  m_.snapshot_log.erase(m_.snapshot_log.begin(), m_.snapshot_log.begin() + static_cast<ptrdiff_t>(keep_from));
  return *this;
}

Result<TableMetadata> TableMetadataBuilder::Build(int64_t now_ms) && {
  if (error_) return std::unexpected(std::move(*error_));
  TableMetadata out = std::move(m_);
  if (base_location_) {
    out.metadata_log.push_back(MetadataLogEntry{base_last_updated_ms_, *base_location_});
  }
  FIRN_ASSIGN_OR_RETURN(int64_t max_versions,
                        PropertyAsInt(out.properties, props::kMetadataPreviousVersionsMax,
                                      props::kMetadataPreviousVersionsMaxDefault));
  if (max_versions < 1) max_versions = 1;
  if (out.metadata_log.size() > static_cast<size_t>(max_versions)) {
    out.metadata_log.erase(out.metadata_log.begin(),
                           out.metadata_log.end() - static_cast<ptrdiff_t>(max_versions));
  }
  out.last_updated_ms = std::max(now_ms, base_last_updated_ms_);
  FIRN_RETURN_NOT_OK(out.Validate());
  return out;
}

std::vector<std::string> MetadataFilesDroppedFromLog(const TableMetadata& before,
                                                     const std::optional<std::string>& before_location,
                                                     const TableMetadata& after) {
  std::set<std::string> kept;
  for (const MetadataLogEntry& e : after.metadata_log) kept.insert(e.metadata_file);
  std::vector<std::string> dropped;
  for (const MetadataLogEntry& e : before.metadata_log) {
    if (!kept.contains(e.metadata_file)) dropped.push_back(e.metadata_file);
  }
  if (before_location && !kept.contains(*before_location)) dropped.push_back(*before_location);
  return dropped;
}

}  // namespace firn::iceberg
