// Carried state: the newest value of each writer-position key along main's ancestry.
#include "firn/iceberg/commit/carried_state.h"

#include <gtest/gtest.h>

namespace firn::iceberg {
namespace {

Snapshot Snap(int64_t id, std::optional<int64_t> parent, std::map<std::string, std::string> summary) {
  Snapshot s;
  s.snapshot_id = SnapshotId(id);
  if (parent) s.parent_snapshot_id = SnapshotId(*parent);
  s.summary = std::move(summary);
  return s;
}

TEST(CarriedStateTest, KeysAndPrefixes) {
  EXPECT_TRUE(IsCarriedStateKey("firn.kafka.offsets.g1"));
  EXPECT_TRUE(IsCarriedStateKey("firn.kafka.floors.g1"));
  EXPECT_TRUE(IsCarriedStateKey("firn.file.offsets"));
  EXPECT_FALSE(IsCarriedStateKey("firn.watermark.event-time-ms"));  // describes one commit
  EXPECT_FALSE(IsCarriedStateKey("added-data-files"));
}

TEST(CarriedStateTest, NewestValuePerKeyAlongMainsAncestry) {
  TableMetadata m;
  m.snapshots.push_back(Snap(1, std::nullopt, {{"firn.kafka.offsets.a", "old-a"}, {"firn.file.offsets", "f1"}}));
  m.snapshots.push_back(Snap(2, 1, {{"firn.kafka.offsets.a", "new-a"}, {"firn.kafka.floors.a", "fl"}}));
  m.snapshots.push_back(Snap(3, 2, {{"firn.watermark.event-time-ms", "5"}}));  // e.g. compaction
  m.snapshots.push_back(Snap(4, 1, {{"firn.kafka.offsets.a", "branch"}}));     // not on main
  m.current_snapshot_id = SnapshotId(3);
  CarriedState s = LatestCarriedState(m);
  EXPECT_FALSE(s.ancestry_cut);
  ASSERT_EQ(s.values.size(), 3u);
  EXPECT_EQ(s.values.at("firn.kafka.offsets.a"), "new-a");
  EXPECT_EQ(s.carriers.at("firn.kafka.offsets.a"), SnapshotId(2));
  EXPECT_EQ(s.values.at("firn.kafka.floors.a"), "fl");
  EXPECT_EQ(s.values.at("firn.file.offsets"), "f1");
  EXPECT_EQ(s.carriers.at("firn.file.offsets"), SnapshotId(1));
}

TEST(CarriedStateTest, ACutAncestryIsReportedAndAnEmptyTableHasNoState) {
  TableMetadata m;
  EXPECT_TRUE(LatestCarriedState(m).values.empty());
  m.snapshots.push_back(Snap(5, 4, {{"firn.kafka.offsets.a", "x"}}));
  m.snapshots.push_back(Snap(6, 5, {}));
  m.current_snapshot_id = SnapshotId(6);
  CarriedState s = LatestCarriedState(m);
  EXPECT_TRUE(s.ancestry_cut);  // 4 was expired
  EXPECT_EQ(s.values.at("firn.kafka.offsets.a"), "x");
}

}  // namespace
}  // namespace firn::iceberg
