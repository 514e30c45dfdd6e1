// ExpireSnapshots through the real commit path: what is kept (retain-last, refs, carried
// state), what is deleted (only files no retained snapshot references), dry runs, a
// concurrent commit during expiry, and failing storage.
#include "firn/maintain/expire/expire_snapshots.h"

#include <gtest/gtest.h>

#include <numeric>
#include <set>

#include "firn/iceberg/commit/carried_state.h"
#include "firn/io/fault_injecting_file_io.h"
#include "maintain_test_util.h"

namespace firn::maintain {
namespace {

using namespace firn::iceberg;
using testing::MaintainTable;
using testing::NowMs;

std::vector<int64_t> Range(int64_t n) {
  std::vector<int64_t> v(static_cast<size_t>(n));
  std::iota(v.begin(), v.end(), 0);
  return v;
}

// 8 appends of 10 ids, a replace that compacts the first 5 files, two more appends: 11
// snapshots, and 5 data files that only the first 8 snapshots need.
std::vector<std::string> BuildHistory(MaintainTable& t) {
  for (int i = 0; i < 8; ++i) t.Append(i * 10, 10);
  std::vector<std::string> live = t.LiveDataFiles();
  std::vector<std::string> compacted;
  for (const std::string& p : live) {
    for (int i = 0; i < 5; ++i) {
      if (p.find(fmt::format("ids-{}-10-", i * 10)) != std::string::npos) compacted.push_back(p);
    }
  }
  EXPECT_EQ(compacted.size(), 5u);
  t.Replace(compacted, 0, 50);
  t.Append(80, 10);
  t.Append(90, 10);
  return compacted;
}

ExpireSnapshotsOptions AllOld(int32_t retain_last) {
  ExpireSnapshotsOptions o;
  o.older_than_ms = NowMs() + 3'600'000;  // every snapshot is older
  o.retain_last = retain_last;
  return o;
}

TEST(ExpireSnapshotsTest, KeepsRetainLastAndDeletesOnlyExclusiveFiles) {
  MaintainTable t;
  const std::vector<std::string> compacted = BuildHistory(t);
  const std::vector<int64_t> before = t.ScanIds();
  ASSERT_EQ(before, Range(100));
  const auto snapshots = t.State().metadata->snapshots;
  ASSERT_EQ(snapshots.size(), 11u);

  auto r = ExpireSnapshots(t.ops(), AllOld(3));
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->snapshots_expired, 8);
  EXPECT_EQ(r->snapshots_kept, 3);
  EXPECT_EQ(r->kept_refs, 1);
  EXPECT_EQ(r->kept_retain_last, 2);
  EXPECT_EQ(r->deleted.data, 5);
  EXPECT_EQ(r->deleted.manifest_lists, 8);
  EXPECT_GT(r->deleted.manifests, 0);
  EXPECT_GT(r->deleted.bytes, 0);
  EXPECT_EQ(r->delete_failures, 0);
  EXPECT_EQ(r->attempts, 1);

  const auto m = t.State().metadata;
  ASSERT_EQ(m->snapshots.size(), 3u);
  EXPECT_EQ(m->snapshots[0].snapshot_id, snapshots[8].snapshot_id);
  EXPECT_EQ(t.ScanIds(), before);
  for (const std::string& p : compacted) EXPECT_FALSE(t.Exists(p)) << p;
  for (size_t i = 0; i < 8; ++i) EXPECT_FALSE(t.Exists(snapshots[i].manifest_list)) << i;
  for (const FileRef& f : t.Referenced()) EXPECT_TRUE(t.Exists(f.path)) << f.path;
  // Snapshots kept can still be read as of their time.
  EXPECT_EQ(t.ScanIds(snapshots[8].snapshot_id), Range(80));

  // Nothing left to expire: a second run changes nothing.
  auto again = ExpireSnapshots(t.ops(), AllOld(3));
  ASSERT_TRUE(again.has_value());
  EXPECT_EQ(again->snapshots_expired, 0);
  EXPECT_EQ(again->deleted.total(), 0);
}

TEST(ExpireSnapshotsTest, DryRunListsExactlyWhatTheRealRunDeletes) {
  MaintainTable t;
  BuildHistory(t);
  const std::string location_before = t.State().metadata_location;
  const std::vector<std::string> files_before = t.ListAll();

  ExpireSnapshotsOptions o = AllOld(3);
  o.dry_run = true;
  auto dry = ExpireSnapshots(t.ops(), o);
  ASSERT_TRUE(dry.has_value()) << dry.error().ToString();
  EXPECT_TRUE(dry->dry_run);
  EXPECT_EQ(dry->snapshots_expired, 8);
  EXPECT_EQ(t.State().metadata_location, location_before);
  EXPECT_EQ(t.ListAll(), files_before);
  ASSERT_EQ(static_cast<int64_t>(dry->to_delete.size()), dry->deleted.total());

  o.dry_run = false;
  auto real = ExpireSnapshots(t.ops(), o);
  ASSERT_TRUE(real.has_value()) << real.error().ToString();
  EXPECT_EQ(real->deleted, dry->deleted);
  std::set<std::string> gone;
  const std::vector<std::string> after = t.ListAll();
  const std::set<std::string> after_set(after.begin(), after.end());
  for (const std::string& f : files_before) {
    if (!after_set.contains(f)) gone.insert(LocationKey(f));
  }
  std::set<std::string> listed;
  for (const std::string& f : dry->to_delete) listed.insert(LocationKey(f));
  EXPECT_EQ(gone, listed);
}

TEST(ExpireSnapshotsTest, DeletesMetadataFilesTheLogNoLongerLists) {
  MaintainTable t(nullptr, {{"write.metadata.previous-versions-max", "2"}});
  for (int i = 0; i < 6; ++i) t.Append(i * 10, 10);
  auto r = ExpireSnapshots(t.ops(), AllOld(2));
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_GT(r->deleted.metadata_json, 0);
  int json_files = 0;
  for (const std::string& f : t.ListAll()) json_files += f.ends_with(".metadata.json") ? 1 : 0;
  EXPECT_EQ(json_files, 3);  // the current one and the two the log keeps
  for (const FileRef& f : t.Referenced()) EXPECT_TRUE(t.Exists(f.path)) << f.path;
  EXPECT_EQ(t.ScanIds(), Range(60));
}

TEST(ExpireSnapshotsTest, KeepsTheChainBackToTheOldestCarrierOfExactlyOnceState) {
  MaintainTable t;
  t.Append(0, 10);
  t.Append(10, 10);
  const SnapshotId carrier = t.Append(20, 10, {{"firn.kafka.offsets.g", "{\"t\":{\"0\":30}}"}});
  for (int i = 3; i < 8; ++i) t.Append(i * 10, 10);
  auto r = ExpireSnapshots(t.ops(), AllOld(1));
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->snapshots_expired, 2);
  EXPECT_EQ(r->kept_refs, 1);
  EXPECT_EQ(r->kept_carried_state, 5);
  const auto m = t.State().metadata;
  EXPECT_NE(m->SnapshotById(carrier), nullptr);
  const CarriedState state = LatestCarriedState(*m);
  EXPECT_EQ(state.values.at("firn.kafka.offsets.g"), "{\"t\":{\"0\":30}}");
  EXPECT_EQ(t.ScanIds(), Range(80));
}

TEST(ExpireSnapshotsTest, RefsKeepTheirSnapshotsAndOldRefsExpire) {
  MaintainTable t;
  std::vector<SnapshotId> ids;
  for (int i = 0; i < 6; ++i) ids.push_back(t.Append(i * 10, 10));
  {
    const TableState base = t.State();
    TableMetadataBuilder b(*base.metadata, base.metadata_location);
    b.SetRef("t1", SnapshotRef{ids[1], SnapshotRefType::kTag});
    b.SetRef("b3", SnapshotRef{ids[3], SnapshotRefType::kBranch});
    b.SetRef("old", SnapshotRef{ids[0], SnapshotRefType::kTag, std::nullopt, std::nullopt, 60'000});
    auto m = std::move(b).Build(NowMs());
    ASSERT_TRUE(m.has_value()) << m.error().ToString();
    ASSERT_TRUE(t.ops().Commit(base, *m).has_value());
  }
  ExpireSnapshotsOptions o = AllOld(1);
  const int64_t later = NowMs() + 3'600'000;  // an hour on: "old" is past its 60 s
  o.now_ms = [later] { return later; };
  auto r = ExpireSnapshots(t.ops(), o);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->refs_removed, std::vector<std::string>{"old"});
  EXPECT_EQ(r->kept_refs, 3);
  EXPECT_EQ(r->snapshots_expired, 3);
  const auto m = t.State().metadata;
  EXPECT_FALSE(m->refs.contains("old"));
  for (int i : {1, 3, 5}) EXPECT_NE(m->SnapshotById(ids[static_cast<size_t>(i)]), nullptr) << i;
  for (int i : {0, 2, 4}) EXPECT_EQ(m->SnapshotById(ids[static_cast<size_t>(i)]), nullptr) << i;
  EXPECT_EQ(t.ScanIds(ids[1]), Range(20));
  EXPECT_EQ(t.ScanIds(ids[3]), Range(40));
  for (const FileRef& f : t.Referenced()) EXPECT_TRUE(t.Exists(f.path)) << f.path;
}

// TableOperations whose first Commit lets another writer commit first: the swap loses.
class RacingOps final : public TableOperations {
 public:
  RacingOps(TableOperations& inner, std::function<void()> race) : inner_(inner), race_(std::move(race)) {}
  Result<TableState> Refresh() override { return inner_.Refresh(); }
  Result<TableState> Commit(const TableState& base, const TableMetadata& updated) override {
    if (race_) std::exchange(race_, nullptr)();
    return inner_.Commit(base, updated);
  }
  io::FileIO& io() override { return inner_.io(); }

 private:
  TableOperations& inner_;
  std::function<void()> race_;
};

TEST(ExpireSnapshotsTest, AConcurrentCommitDuringExpiryIsNotLost) {
  MaintainTable t;
  for (int i = 0; i < 5; ++i) t.Append(i * 10, 10);
  SnapshotId raced(0);
  catalog::CatalogTableOperations other(t.catalog(), t.io(), t.ident());
  RacingOps ops(t.ops(), [&] {
    auto st = AppendFiles(other, {t.WriteIds(50, 10)});
    ASSERT_TRUE(st.has_value()) << st.error().ToString();
    raced = *st->metadata->current_snapshot_id;
  });
  ExpireSnapshotsOptions o = AllOld(2);
  o.sleep_ms = [](int64_t) {};
  auto r = ExpireSnapshots(ops, o);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->attempts, 2);
  const auto m = t.State().metadata;
  EXPECT_EQ(m->current_snapshot_id, raced);
  EXPECT_EQ(m->snapshots.size(), 2u);  // decided again on the fresh base
  EXPECT_EQ(t.ScanIds(), Range(60));
  for (const FileRef& f : t.Referenced()) EXPECT_TRUE(t.Exists(f.path)) << f.path;
}

TEST(ExpireSnapshotsFaultTest, FailingDeletesAreReportedAndTheTableStaysReadable) {
  io::FaultInjectingFileIO fio;
  MaintainTable t(&fio);
  BuildHistory(t);
  fio.InjectFault(io::FaultOp::kDelete, 1, io::FaultMode::kPersistent);
  auto r = ExpireSnapshots(t.ops(), AllOld(3));
  fio.ClearFaults();
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(r->snapshots_expired, 8);
  EXPECT_GT(r->delete_failures, 0);
  EXPECT_EQ(r->deleted.total(), 0);
  EXPECT_FALSE(r->failed_paths.empty());
  EXPECT_NE(r->failed_paths[0].find("injected"), std::string::npos) << r->failed_paths[0];
  EXPECT_EQ(t.ScanIds(), Range(100));
}

TEST(ExpireSnapshotsFaultTest, FailingMetadataWriteCommitsAndDeletesNothing) {
  int failed = 0;
  for (io::FaultOp op : {io::FaultOp::kCreate, io::FaultOp::kWrite, io::FaultOp::kSync, io::FaultOp::kRename}) {
    for (int n = 1; n <= 3; ++n) {
      io::FaultInjectingFileIO fio;
      MaintainTable t(&fio);
      BuildHistory(t);
      const std::vector<std::string> files_before = t.ListAll();
      fio.InjectFault(op, n);
      auto r = ExpireSnapshots(t.ops(), AllOld(3));
      fio.ClearFaults();
      fio.DropUnsyncedData();
      const auto m = t.State().metadata;
      if (!r.has_value()) {
        ++failed;
        EXPECT_EQ(m->snapshots.size(), 11u) << io::FaultOpName(op) << " #" << n;
        // Nothing deleted: every file before is still there.
        const std::vector<std::string> after = t.ListAll();
        const std::set<std::string> after_set(after.begin(), after.end());
        for (const std::string& f : files_before) {
          if (f.ends_with(".tmp")) continue;
          EXPECT_TRUE(after_set.contains(f)) << io::FaultOpName(op) << " #" << n << ": " << f;
        }
      }
      EXPECT_EQ(t.ScanIds(), Range(100)) << io::FaultOpName(op) << " #" << n;
      for (const FileRef& f : t.Referenced()) {
        EXPECT_TRUE(t.Exists(f.path)) << io::FaultOpName(op) << " #" << n << ": " << f.path;
      }
    }
  }
  EXPECT_GE(failed, 4);  // the metadata write failed at each kind of step at least once
}

}  // namespace
}  // namespace firn::maintain
