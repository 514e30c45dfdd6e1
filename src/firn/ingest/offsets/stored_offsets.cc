#include "firn/ingest/offsets/stored_offsets.h"

#include <charconv>

#include "firn/common/json_reader.h"
#include "firn/common/json_writer.h"
#include "firn/common/macros.h"

namespace firn::ingest {

std::string KafkaOffsetsKey(std::string_view group_id) {
  return "firn.kafka.offsets." + std::string(group_id);
}

std::string FloorsKey(std::string_view offsets_key) {
  std::string key(offsets_key);
  if (size_t at = key.find(".offsets"); at != std::string::npos) {
    key.replace(at, 8, ".floors");
  } else {
    key += ".floors";
  }
  return key;
}

std::string OffsetMapToJson(const OffsetMap& offsets) {
  JsonWriter w;
  w.BeginObject();
  for (const auto& [topic, partitions] : offsets) {
    w.Key(topic);
    w.BeginObject();
    for (const auto& [partition, offset] : partitions) {
      w.Key(std::to_string(partition.value()));
      w.Int(offset.value());
    }
    w.EndObject();
  }
  w.EndObject();
  return std::move(w).Take();
}

Result<OffsetMap> OffsetMapFromJson(std::string_view key, std::string_view json) {
  auto parsed = [&]() -> Result<OffsetMap> {
    FIRN_ASSIGN_OR_RETURN(auto doc, JsonDocument::Parse(json));
    FIRN_ASSIGN_OR_RETURN(JsonObject root, doc->root().AsObject());
    OffsetMap out;
    for (const auto& [topic, value] : root.Members()) {
      FIRN_ASSIGN_OR_RETURN(JsonObject partitions, value.AsObject());
      auto& slot = out[std::string(topic)];
      for (const auto& [name, offset_value] : partitions.Members()) {
        int32_t partition = -1;
        auto [end, ec] = std::from_chars(name.data(), name.data() + name.size(), partition);
        if (ec != std::errc() || end != name.data() + name.size() || partition < 0) {
          return Corrupt("{}: partition '{}' is not a non-negative integer", partitions.path(),
                         name);
        }
        FIRN_ASSIGN_OR_RETURN(int64_t offset, offset_value.AsInt64());
        if (offset < 0) return Corrupt("{}: negative offset {}", offset_value.path(), offset);
        slot[KafkaPartition(partition)] = KafkaOffset(offset);
      }
    }
    return out;
  }();
  if (!parsed) return std::unexpected(std::move(parsed.error()).WithContext(key));
  return parsed;
}

Result<StoredOffsets> ReadStoredOffsets(const iceberg::TableMetadata& metadata,
                                        std::string_view key) {
  const iceberg::Snapshot* snap = metadata.CurrentSnapshot();
  const std::string wanted(key);
  // Bounded by the number of snapshots: parent ids cannot form a cycle in valid metadata,
  // but a damaged file could, so count.
  for (size_t steps = 0; snap != nullptr && steps <= metadata.snapshots.size(); ++steps) {
    if (auto it = snap->summary.find(wanted); it != snap->summary.end()) {
      FIRN_ASSIGN_OR_RETURN(OffsetMap offsets, OffsetMapFromJson(key, it->second));
      return StoredOffsets{.offsets = std::move(offsets), .snapshot_id = snap->snapshot_id};
    }
    if (!snap->parent_snapshot_id) return StoredOffsets{};
    const iceberg::Snapshot* parent = metadata.SnapshotById(*snap->parent_snapshot_id);
    if (parent == nullptr) {
      return NotFound(
          "{}: snapshot {} has an expired parent {} and no newer snapshot records offsets: "
          "where this table's data ends in the source cannot be known (was the history "
          "expired by another engine?)",
          key, snap->snapshot_id.value(), snap->parent_snapshot_id->value());
    }
    snap = parent;
  }
  if (snap != nullptr) return Corrupt("{}: the snapshot ancestry has a cycle", key);
  return StoredOffsets{};
}

std::optional<KafkaOffset> FindOffset(const OffsetMap& offsets, const std::string& topic,
                                      KafkaPartition partition) {
  auto t = offsets.find(topic);
  if (t == offsets.end()) return std::nullopt;
  auto p = t->second.find(partition);
  if (p == t->second.end()) return std::nullopt;
  return p->second;
}

}  // namespace firn::ingest
