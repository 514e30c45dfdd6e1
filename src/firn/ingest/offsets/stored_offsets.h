// Stored offsets: the source positions an Iceberg table holds data up to, kept in the
// summary of the snapshots firn commits (docs/exactly-once.md).
//
// Each ingest commit writes one summary property per source, holding the NEXT offset to
// read for every partition the table has data for, merged with what the table held before
// (so the newest firn snapshot alone is the whole truth):
//   firn.kafka.offsets.<consumer group> = {"events":{"0":1250,"1":977}}
//   firn.file.offsets                   = {"/data/a.ndjson":{"0":5120}}
// Kafka's convention: the stored value is the offset of the first record NOT in the table.
//
// ReadStoredOffsets walks back from the current snapshot of main through its ancestors to
// the newest snapshot that carries the property (snapshots of other writers, compaction
// or other engines in between do not carry it). If the ancestry is cut (an expired
// parent) before one is found, the offsets cannot be known and the read fails rather than
// replay or skip data silently.
//
// Thread-safety: pure functions.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "firn/common/result.h"
#include "firn/common/strong_type.h"
#include "firn/iceberg/metadata/table_metadata.h"

namespace firn::ingest {

// topic (or file path) -> partition -> next offset.
using OffsetMap = std::map<std::string, std::map<KafkaPartition, KafkaOffset>, std::less<>>;

// The summary property name for a consumer group's offsets.
std::string KafkaOffsetsKey(std::string_view group_id);
// The summary property name for offsets in local files.
inline constexpr std::string_view kFileOffsetsKey = "firn.file.offsets";
// The summary property of the restart floors that go with `offsets_key`
// ("firn.kafka.offsets.g" -> "firn.kafka.floors.g"): per partition, an offset below which
// every record is in every table that needs it (docs/exactly-once.md, "Several tables").
std::string FloorsKey(std::string_view offsets_key);

std::string OffsetMapToJson(const OffsetMap& offsets);
// Corrupt (naming `key`) when the JSON is not an offsets object.
Result<OffsetMap> OffsetMapFromJson(std::string_view key, std::string_view json);

struct StoredOffsets {
  OffsetMap offsets;                      // empty when no snapshot carries the key
  std::optional<SnapshotId> snapshot_id;  // the snapshot they were read from
};

// The offsets stored under `key` as of the current snapshot of main.
Result<StoredOffsets> ReadStoredOffsets(const iceberg::TableMetadata& metadata,
                                        std::string_view key);

// The offset stored for one partition, if any.
std::optional<KafkaOffset> FindOffset(const OffsetMap& offsets, const std::string& topic,
                                      KafkaPartition partition);

}  // namespace firn::ingest
