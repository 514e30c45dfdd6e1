// TableMetadataBuilder: the one way to change table metadata. It applies the spec's
// rules as Java's TableMetadata.Builder does: schemas, specs and sort orders get the next
// free id (an identical one is reused), last-column-id and last-partition-id only grow,
// adding a snapshot raises last-sequence-number, moving main records the snapshot log,
// and Build() records the previous metadata file in the metadata log, trimmed to
// write.metadata.previous-versions-max.
//
// Errors are gathered: the first failing call is reported by Build().
// Thread-safety: none.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "firn/common/result.h"
#include "firn/iceberg/metadata/table_metadata.h"

namespace firn::iceberg {

// The metadata of a new table: the schema keeps its field ids (they must be unique),
// partition fields get ids from 1000, the sort order id 1 (or 0 when unsorted).
Result<TableMetadata> NewTableMetadata(const Schema& schema, const PartitionSpec& spec,
                                       const SortOrder& sort_order, std::string location,
                                       Properties properties, int64_t now_ms,
                                       int32_t format_version = kDefaultFormatVersion);

// A random positive 64-bit id, as Java's SnapshotIdGenerator makes them.
SnapshotId NewSnapshotId();
// A random version 4 UUID in its 36-character form.
std::string NewUuid();

class TableMetadataBuilder {
 public:
  // `base_location`: where `base` was read from; it enters the metadata log on Build().
  TableMetadataBuilder(const TableMetadata& base, std::optional<std::string> base_location);

  // Adds `schema` (its schema-id is replaced) and returns the id it got; an equal schema
  // already in the table is reused. `last_column_id` is the highest id ever assigned,
  // including the new schema's.
  int32_t AddSchema(const Schema& schema, int32_t last_column_id);
  TableMetadataBuilder& SetCurrentSchema(int32_t schema_id);
  int32_t AddPartitionSpec(const PartitionSpec& spec);
  TableMetadataBuilder& SetDefaultSpec(int32_t spec_id);
  int32_t AddSortOrder(const SortOrder& order);
  TableMetadataBuilder& SetDefaultSortOrder(int32_t order_id);
  TableMetadataBuilder& SetProperties(const Properties& updates);
  TableMetadataBuilder& RemoveProperties(const std::vector<std::string>& keys);
  TableMetadataBuilder& SetLocation(std::string location);

  // REQUIRES for v2: snapshot.sequence_number == last-sequence-number + 1 (the committer
  // assigns it from the base it is applied to).
  TableMetadataBuilder& AddSnapshot(Snapshot snapshot);
  // Points a branch at a snapshot; for main this is the table's current snapshot and
  // enters the snapshot log.
  TableMetadataBuilder& SetBranchSnapshot(std::string_view branch, SnapshotId id);
  TableMetadataBuilder& SetRef(std::string name, SnapshotRef ref);
  TableMetadataBuilder& RemoveRef(std::string_view name);
  // Removes snapshots (expiry); refs pointing at them must have been moved first.
  TableMetadataBuilder& RemoveSnapshots(const std::vector<SnapshotId>& ids);

  // The new metadata, stamped `now_ms` (never earlier than the base's timestamp).
  Result<TableMetadata> Build(int64_t now_ms) &&;

  const TableMetadata& current() const { return m_; }

 private:
  void Fail(Error e);

  TableMetadata m_;
  std::optional<std::string> base_location_;
  int64_t base_last_updated_ms_;
  bool changed_ = false;
  std::optional<Error> error_;
};

// Metadata files that `before` logged and `after` no longer does: the files that
// write.metadata.delete-after-commit.enabled removes once `after` is committed.
std::vector<std::string> MetadataFilesDroppedFromLog(const TableMetadata& before,
                                                     const std::optional<std::string>& before_location,
                                                     const TableMetadata& after);

}  // namespace firn::iceberg
