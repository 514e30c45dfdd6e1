#include "firn/iceberg/metadata/table_metadata_json.h"

#include "firn/common/json_reader.h"
#include "firn/common/json_writer.h"
#include "firn/common/macros.h"
#include "firn/iceberg/metadata/snapshot_json.h"
#include "firn/iceberg/partition/partition_spec_json.h"
#include "firn/iceberg/sort/sort_order_json.h"
#include "firn/iceberg/types/schema_json.h"

namespace firn::iceberg {

std::string TableMetadataToJson(const TableMetadata& m) {
  JsonWriter w;
  w.BeginObject();
  w.Key("format-version");
  w.Int(m.format_version);
  w.Key("table-uuid");
  w.String(m.table_uuid);
  w.Key("location");
  w.String(m.location);
  if (m.format_version >= 2) {
    w.Key("last-sequence-number");
    w.Int(m.last_sequence_number.value());
  }
  w.Key("last-updated-ms");
  w.Int(m.last_updated_ms);
  w.Key("last-column-id");
  w.Int(m.last_column_id);
  if (m.format_version == 1) {
    w.Key("schema");
    WriteSchemaJson(m.CurrentSchema(), w);
  }
  w.Key("current-schema-id");
  w.Int(m.current_schema_id);
  w.Key("schemas");
  w.BeginArray();
  for (const Schema& s : m.schemas) WriteSchemaJson(s, w);
  w.EndArray();
  if (m.format_version == 1) {
    w.Key("partition-spec");
    WritePartitionFieldsJson(m.DefaultSpec(), w);  // v1: the default spec's fields
  }
  w.Key("default-spec-id");
  w.Int(m.default_spec_id);
  w.Key("partition-specs");
  w.BeginArray();
  for (const PartitionSpec& s : m.partition_specs) WritePartitionSpecJson(s, w);
  w.EndArray();
  w.Key("last-partition-id");
  w.Int(m.last_partition_id);
  w.Key("default-sort-order-id");
  w.Int(m.default_sort_order_id);
  w.Key("sort-orders");
  w.BeginArray();
  for (const SortOrder& o : m.sort_orders) WriteSortOrderJson(o, w);
  w.EndArray();
  w.Key("properties");
  w.BeginObject();
  for (const auto& [k, v] : m.properties) {
    w.Key(k);
    w.String(v);
  }
  w.EndObject();
  // -1 for "no current snapshot", as the Java library writes it for older readers.
  w.Key("current-snapshot-id");
  w.Int(m.current_snapshot_id ? m.current_snapshot_id->value() : -1);
  w.Key("refs");
  w.BeginObject();
  for (const auto& [name, ref] : m.refs) {
    w.Key(name);
    WriteSnapshotRefJson(ref, w);
  }
  w.EndObject();
  w.Key("snapshots");
  w.BeginArray();
  for (const Snapshot& s : m.snapshots) WriteSnapshotJson(s, m.format_version, w);
  w.EndArray();
  w.Key("statistics");
  w.Raw(m.statistics_json);
  w.Key("partition-statistics");
  w.Raw(m.partition_statistics_json);
  w.Key("snapshot-log");
  w.BeginArray();
  for (const SnapshotLogEntry& e : m.snapshot_log) {
    w.BeginObject();
    w.Key("timestamp-ms");
    w.Int(e.timestamp_ms);
    w.Key("snapshot-id");
    w.Int(e.snapshot_id.value());
    w.EndObject();
  }
  w.EndArray();
  w.Key("metadata-log");
  w.BeginArray();
  for (const MetadataLogEntry& e : m.metadata_log) {
    w.BeginObject();
    w.Key("timestamp-ms");
    w.Int(e.timestamp_ms);
    w.Key("metadata-file");
    w.String(e.metadata_file);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::move(w).Take();
}

namespace {

Status ReadSchemas(const JsonObject& root, TableMetadata& m) {
  FIRN_ASSIGN_OR_RETURN(auto schemas, root.GetOptionalArray("schemas"));
  if (schemas) {
    for (const JsonValue& v : schemas->Elements()) {
      FIRN_ASSIGN_OR_RETURN(Schema s, SchemaFromJson(v));
      m.schemas.push_back(std::move(s));
    }
    FIRN_ASSIGN_OR_RETURN(m.current_schema_id, root.GetInt32("current-schema-id"));
  } else {
    if (m.format_version >= 2) return Corrupt("schemas: missing");
    FIRN_ASSIGN_OR_RETURN(JsonValue v, root.Get("schema"));
    FIRN_ASSIGN_OR_RETURN(Schema s, SchemaFromJson(v));
    m.current_schema_id = s.schema_id();
    m.schemas.push_back(std::move(s));
  }
  if (m.schemas.empty()) return Corrupt("schemas: empty");
  return OkStatus();
}

Status ReadSpecs(const JsonObject& root, TableMetadata& m) {
  FIRN_ASSIGN_OR_RETURN(auto specs, root.GetOptionalArray("partition-specs"));
  if (specs) {
    for (const JsonValue& v : specs->Elements()) {
      FIRN_ASSIGN_OR_RETURN(PartitionSpec s, PartitionSpecFromJson(v));
      m.partition_specs.push_back(std::move(s));
    }
    FIRN_ASSIGN_OR_RETURN(m.default_spec_id, root.GetInt32("default-spec-id"));
  } else {
    if (m.format_version >= 2) return Corrupt("partition-specs: missing");
    // v1: "partition-spec" holds the fields of spec 0.
    FIRN_ASSIGN_OR_RETURN(JsonValue fields, root.Get("partition-spec"));
    std::string spec_json = "{\"spec-id\":0,\"fields\":" + fields.ToJson() + "}";
    FIRN_ASSIGN_OR_RETURN(PartitionSpec s, PartitionSpecFromJsonString(spec_json));
    m.default_spec_id = 0;
    m.partition_specs.push_back(std::move(s));
  }
  FIRN_ASSIGN_OR_RETURN(auto last, root.GetOptionalInt32("last-partition-id"));
  if (last) {
    m.last_partition_id = *last;
  } else {
    if (m.format_version >= 2) return Corrupt("last-partition-id: missing");
    m.last_partition_id = kUnpartitionedLastAssignedId;
    for (const PartitionSpec& s : m.partition_specs) {
      m.last_partition_id = std::max(m.last_partition_id, s.LastAssignedFieldId());
    }
  }
  return OkStatus();
}

Status ReadSortOrders(const JsonObject& root, TableMetadata& m) {
  FIRN_ASSIGN_OR_RETURN(auto orders, root.GetOptionalArray("sort-orders"));
  if (!orders) {
    if (m.format_version >= 2) return Corrupt("sort-orders: missing");
    m.sort_orders.push_back(SortOrder::Unsorted());
    m.default_sort_order_id = kUnsortedOrderId;
    return OkStatus();
  }
  for (const JsonValue& v : orders->Elements()) {
    FIRN_ASSIGN_OR_RETURN(SortOrder o, SortOrderFromJson(v));
    m.sort_orders.push_back(std::move(o));
  }
  FIRN_ASSIGN_OR_RETURN(m.default_sort_order_id, root.GetInt32("default-sort-order-id"));
  return OkStatus();
}

Status ReadSnapshots(const JsonObject& root, TableMetadata& m) {
  FIRN_ASSIGN_OR_RETURN(auto current, root.GetOptionalInt64("current-snapshot-id"));
  if (current && *current != -1) m.current_snapshot_id = SnapshotId(*current);
  FIRN_ASSIGN_OR_RETURN(auto snapshots, root.GetOptionalArray("snapshots"));
  if (snapshots) {
    for (const JsonValue& v : snapshots->Elements()) {
      FIRN_ASSIGN_OR_RETURN(Snapshot s, SnapshotFromJson(v, m.format_version));
      m.snapshots.push_back(std::move(s));
    }
  }
  FIRN_ASSIGN_OR_RETURN(auto refs, root.GetOptionalObject("refs"));
  if (refs) {
    for (const auto& [name, v] : refs->Members()) {
      FIRN_ASSIGN_OR_RETURN(SnapshotRef ref, SnapshotRefFromJson(v));
      m.refs.emplace(std::string(name), ref);
    }
  }
  // Tables written before refs existed: main is the current snapshot.
  if (m.current_snapshot_id && !m.refs.contains(std::string(kMainBranch))) {
    m.refs.emplace(std::string(kMainBranch), SnapshotRef{*m.current_snapshot_id});
  }
  FIRN_ASSIGN_OR_RETURN(auto log, root.GetOptionalArray("snapshot-log"));
  if (log) {
    for (const JsonValue& v : log->Elements()) {
      FIRN_ASSIGN_OR_RETURN(JsonObject e, v.AsObject());
      SnapshotLogEntry entry;
      FIRN_ASSIGN_OR_RETURN(entry.timestamp_ms, e.GetInt64("timestamp-ms"));
      FIRN_ASSIGN_OR_RETURN(int64_t id, e.GetInt64("snapshot-id"));
      entry.snapshot_id = SnapshotId(id);
      m.snapshot_log.push_back(entry);
    }
  }
  FIRN_ASSIGN_OR_RETURN(auto mlog, root.GetOptionalArray("metadata-log"));
  if (mlog) {
    for (const JsonValue& v : mlog->Elements()) {
      FIRN_ASSIGN_OR_RETURN(JsonObject e, v.AsObject());
      MetadataLogEntry entry;
      FIRN_ASSIGN_OR_RETURN(entry.timestamp_ms, e.GetInt64("timestamp-ms"));
      FIRN_ASSIGN_OR_RETURN(std::string_view f, e.GetString("metadata-file"));
      entry.metadata_file = std::string(f);
      m.metadata_log.push_back(std::move(entry));
    }
  }
  return OkStatus();
}

}  // namespace

Result<TableMetadata> TableMetadataFromJson(std::string_view json) {
  FIRN_ASSIGN_OR_RETURN(auto doc, JsonDocument::Parse(json));
  FIRN_ASSIGN_OR_RETURN(JsonObject root, doc->root().AsObject());
  TableMetadata m;
  FIRN_ASSIGN_OR_RETURN(m.format_version, root.GetInt32("format-version"));
  if (m.format_version < 1 || m.format_version > kMaxSupportedFormatVersion) {
    return NotSupported("table format version {} (firn reads versions 1 to {})", m.format_version,
                        kMaxSupportedFormatVersion);
  }
  FIRN_ASSIGN_OR_RETURN(auto uuid, root.GetOptionalString("table-uuid"));
  if (!uuid && m.format_version >= 2) return Corrupt("table-uuid: missing");
  m.table_uuid = std::string(uuid.value_or(""));
  FIRN_ASSIGN_OR_RETURN(std::string_view location, root.GetString("location"));
  m.location = std::string(location);
  FIRN_ASSIGN_OR_RETURN(auto seq, root.GetOptionalInt64("last-sequence-number"));
  if (!seq && m.format_version >= 2) return Corrupt("last-sequence-number: missing");
  m.last_sequence_number = SequenceNumber(seq.value_or(0));
  FIRN_ASSIGN_OR_RETURN(m.last_updated_ms, root.GetInt64("last-updated-ms"));
  FIRN_ASSIGN_OR_RETURN(m.last_column_id, root.GetInt32("last-column-id"));
  FIRN_RETURN_NOT_OK(ReadSchemas(root, m));
  FIRN_RETURN_NOT_OK(ReadSpecs(root, m));
  FIRN_RETURN_NOT_OK(ReadSortOrders(root, m));
  FIRN_ASSIGN_OR_RETURN(auto props, root.GetOptionalObject("properties"));
  if (props) {
    for (const auto& [k, v] : props->Members()) {
      FIRN_ASSIGN_OR_RETURN(std::string_view text, v.AsString());
      m.properties.emplace(std::string(k), std::string(text));
    }
  }
  FIRN_RETURN_NOT_OK(ReadSnapshots(root, m));
  if (auto stats = root.Find("statistics"); stats && !stats->IsNull()) m.statistics_json = stats->ToJson();
  if (auto stats = root.Find("partition-statistics"); stats && !stats->IsNull()) {
    m.partition_statistics_json = stats->ToJson();
  }
  FIRN_RETURN_NOT_OK(m.Validate());
  return m;
}

}  // namespace firn::iceberg
