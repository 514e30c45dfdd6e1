#include "firn/iceberg/metadata/snapshot_json.h"

#include "firn/common/macros.h"

namespace firn::iceberg {

void WriteSnapshotJson(const Snapshot& s, int32_t format_version, JsonWriter& w) {
  w.BeginObject();
  w.Key("snapshot-id");
  w.Int(s.snapshot_id.value());
  if (s.parent_snapshot_id) {
    w.Key("parent-snapshot-id");
    w.Int(s.parent_snapshot_id->value());
  }
  if (format_version >= 2) {
    w.Key("sequence-number");
    w.Int(s.sequence_number.value());
  }
  w.Key("timestamp-ms");
  w.Int(s.timestamp_ms);
  w.Key("manifest-list");
  w.String(s.manifest_list);
  w.Key("summary");
  w.BeginObject();
  w.Key("operation");
  w.String(SnapshotOperationName(s.operation));
  for (const auto& [k, v] : s.summary) {
    w.Key(k);
    w.String(v);
  }
  w.EndObject();
  if (s.schema_id) {
    w.Key("schema-id");
    w.Int(*s.schema_id);
  }
  w.EndObject();
}

Result<Snapshot> SnapshotFromJson(const JsonValue& json, int32_t format_version) {
  FIRN_ASSIGN_OR_RETURN(JsonObject obj, json.AsObject());
  Snapshot s;
  FIRN_ASSIGN_OR_RETURN(int64_t id, obj.GetInt64("snapshot-id"));
  s.snapshot_id = SnapshotId(id);
  FIRN_ASSIGN_OR_RETURN(auto parent, obj.GetOptionalInt64("parent-snapshot-id"));
  if (parent) s.parent_snapshot_id = SnapshotId(*parent);
  if (format_version >= 2) {
    FIRN_ASSIGN_OR_RETURN(int64_t seq, obj.GetInt64("sequence-number"));
    s.sequence_number = SequenceNumber(seq);
  } else {
    FIRN_ASSIGN_OR_RETURN(auto seq, obj.GetOptionalInt64("sequence-number"));
    s.sequence_number = SequenceNumber(seq.value_or(0));
  }
  FIRN_ASSIGN_OR_RETURN(s.timestamp_ms, obj.GetInt64("timestamp-ms"));
  FIRN_ASSIGN_OR_RETURN(auto list, obj.GetOptionalString("manifest-list"));
  if (!list) {
    // v1 allowed an inline "manifests" array instead of a manifest list.
    if (obj.Has("manifests")) {
      return NotSupported("{}: v1 snapshot with an inline manifests array and no manifest-list",
                          obj.path());
    }
    return Corrupt("{}.manifest-list: missing", obj.path());
  }
  s.manifest_list = std::string(*list);
  FIRN_ASSIGN_OR_RETURN(auto summary, obj.GetOptionalObject("summary"));
  if (summary) {
    for (const auto& [k, v] : summary->Members()) {
      FIRN_ASSIGN_OR_RETURN(std::string_view text, v.AsString());
      if (k == "operation") {
        auto op = ParseSnapshotOperation(text);
        if (!op) return std::unexpected(v.MakeError(op.error().message()));
        s.operation = *op;
      } else {
        s.summary.emplace(std::string(k), std::string(text));
      }
    }
    if (!summary->Has("operation")) return Corrupt("{}.operation: missing", summary->path());
  } else if (format_version >= 2) {
    return Corrupt("{}.summary: missing", obj.path());
  }
  FIRN_ASSIGN_OR_RETURN(s.schema_id, obj.GetOptionalInt32("schema-id"));
  return s;
}

void WriteSnapshotRefJson(const SnapshotRef& ref, JsonWriter& w) {
  w.BeginObject();
  w.Key("snapshot-id");
  w.Int(ref.snapshot_id.value());
  w.Key("type");
  w.String(ref.type == SnapshotRefType::kBranch ? "branch" : "tag");
  if (ref.min_snapshots_to_keep) {
    w.Key("min-snapshots-to-keep");
    w.Int(*ref.min_snapshots_to_keep);
  }
  if (ref.max_snapshot_age_ms) {
    w.Key("max-snapshot-age-ms");
    w.Int(*ref.max_snapshot_age_ms);
  }
  if (ref.max_ref_age_ms) {
    w.Key("max-ref-age-ms");
    w.Int(*ref.max_ref_age_ms);
  }
  w.EndObject();
}

Result<SnapshotRef> SnapshotRefFromJson(const JsonValue& json) {
  FIRN_ASSIGN_OR_RETURN(JsonObject obj, json.AsObject());
  SnapshotRef ref;
  FIRN_ASSIGN_OR_RETURN(int64_t id, obj.GetInt64("snapshot-id"));
  ref.snapshot_id = SnapshotId(id);
  FIRN_ASSIGN_OR_RETURN(JsonValue type, obj.Get("type"));
  FIRN_ASSIGN_OR_RETURN(std::string_view t, type.AsString());
  if (t == "branch") {
    ref.type = SnapshotRefType::kBranch;
  } else if (t == "tag") {
    ref.type = SnapshotRefType::kTag;
  } else {
    return std::unexpected(type.MakeError("expected \"branch\" or \"tag\""));
  }
  FIRN_ASSIGN_OR_RETURN(ref.min_snapshots_to_keep, obj.GetOptionalInt32("min-snapshots-to-keep"));
  FIRN_ASSIGN_OR_RETURN(ref.max_snapshot_age_ms, obj.GetOptionalInt64("max-snapshot-age-ms"));
  FIRN_ASSIGN_OR_RETURN(ref.max_ref_age_ms, obj.GetOptionalInt64("max-ref-age-ms"));
  return ref;
}

}  // namespace firn::iceberg
