// JSON forms of snapshots, refs and log entries (spec Appendix C, "Table Metadata").
#pragma once

#include "firn/common/json_reader.h"
#include "firn/common/json_writer.h"
#include "firn/iceberg/metadata/snapshot.h"

namespace firn::iceberg {

// `format_version` decides whether sequence-number is written (v2+).
void WriteSnapshotJson(const Snapshot& s, int32_t format_version, JsonWriter& w);
Result<Snapshot> SnapshotFromJson(const JsonValue& json, int32_t format_version);

void WriteSnapshotRefJson(const SnapshotRef& ref, JsonWriter& w);
Result<SnapshotRef> SnapshotRefFromJson(const JsonValue& json);

}  // namespace firn::iceberg
