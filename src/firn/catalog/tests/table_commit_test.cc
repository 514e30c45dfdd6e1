// The commit path end to end: SnapshotUpdate through CatalogTableOperations on both
// catalogs. Appends, racing committers, validation conflicts, manifest merging, and
// failing storage at every step.
#include <atomic>
#include <set>
#include <thread>

#include <gtest/gtest.h>

#include "catalog_test_util.h"
#include "firn/catalog/catalog_table_operations.h"
#include "firn/io/fault_injecting_file_io.h"
#include "firn/io/local_file_io.h"
#include "firn/iceberg/commit/snapshot_update.h"
#include "firn/iceberg/manifest/manifest_reader.h"
#include "firn/iceberg/metadata/table_metadata_builder.h"
#include "firn/iceberg/types/schema_json.h"

namespace firn::catalog {
namespace {

using namespace firn::iceberg;
using testing::CatalogFixtures;
using testing::FixtureNames;

Schema TestSchema() {
  return *SchemaFromJsonString(R"({"type":"struct","schema-id":0,"fields":[
    {"id":1,"name":"id","required":true,"type":"long"},
    {"id":2,"name":"region","required":false,"type":"string"}]})");
}

DataFile MakeDataFile(const std::string& path, int64_t rows, const std::string& region = "eu") {
  DataFile f;
  f.file_path = path;
  f.record_count = rows;
  f.file_size_in_bytes = 1000 + rows;
  f.partition = {Literal::String(region)};
  return f;
}

// Every live data file of the current snapshot, by path, and the total of their rows.
std::map<std::string, int64_t> LiveFiles(io::FileIO& io, const TableMetadata& m) {
  std::map<std::string, int64_t> out;
  const Snapshot* s = m.CurrentSnapshot();
  if (s == nullptr) return out;
  auto manifests = ReadManifestList(io, s->manifest_list);
  EXPECT_TRUE(manifests.has_value()) << manifests.error().ToString();
  if (!manifests) return out;
  for (const ManifestFile& mf : *manifests) {
    auto entries = ReadManifest(io, mf);
    EXPECT_TRUE(entries.has_value()) << entries.error().ToString();
    if (!entries) continue;
    for (const ManifestEntry& e : *entries) {
      if (e.status == ManifestEntryStatus::kDeleted) continue;
      EXPECT_FALSE(out.contains(e.data_file.file_path)) << "listed twice: " << e.data_file.file_path;
      out[e.data_file.file_path] = e.data_file.record_count;
    }
  }
  return out;
}

template <typename Fixture>
class TableCommitTest : public ::testing::Test {
 protected:
  void SetUp() override {
    catalog_ = fixture_.Open(&io_);
    ASSERT_TRUE(catalog_->CreateNamespace(*Namespace::Parse("db"), {}).has_value());
    PartitionSpec spec;
    spec.fields.push_back(PartitionField{FieldId(2), FieldId(1000), "region", *Transform::Parse("identity")});
    NewTable t{TestSchema(), spec, SortOrder::Unsorted(), extra_properties_};
    auto created = CreateTable(*catalog_, io_, ident_, t);
    ASSERT_TRUE(created.has_value()) << created.error().ToString();
  }

  Fixture fixture_;
  io::LocalFileIO io_;
  std::unique_ptr<Catalog> catalog_;
  TableIdentifier ident_ = *TableIdentifier::Parse("db.events");
  Properties extra_properties_ = {{"commit.retry.num-retries", "50"},
                                  {"commit.retry.min-wait-ms", "1"},
                                  {"commit.retry.max-wait-ms", "20"}};
};
TYPED_TEST_SUITE(TableCommitTest, CatalogFixtures, FixtureNames);

TYPED_TEST(TableCommitTest, AppendsBuildAChainOfSnapshotsWithTotals) {
  CatalogTableOperations ops(*this->catalog_, this->io_, this->ident_);
  for (int i = 0; i < 3; ++i) {
    auto st = AppendFiles(ops, {MakeDataFile("/d/f" + std::to_string(i) + ".parquet", 10 * (i + 1))});
    ASSERT_TRUE(st.has_value()) << st.error().ToString();
  }
  auto state = ops.Refresh();
  ASSERT_TRUE(state.has_value());
  const TableMetadata& m = *state->metadata;
  ASSERT_EQ(m.snapshots.size(), 3u);
  EXPECT_EQ(m.last_sequence_number, SequenceNumber(3));
  EXPECT_EQ(m.snapshots[2].parent_snapshot_id, m.snapshots[1].snapshot_id);
  EXPECT_EQ(m.snapshots[2].summary.at("total-records"), "60");
  EXPECT_EQ(m.snapshots[2].summary.at("total-data-files"), "3");
  EXPECT_EQ(m.snapshots[2].summary.at("added-records"), "30");
  EXPECT_EQ(m.snapshot_log.size(), 3u);
  EXPECT_EQ(m.metadata_log.size(), 3u);
  auto live = LiveFiles(this->io_, m);
  EXPECT_EQ(live.size(), 3u);
  EXPECT_EQ(live["/d/f2.parquet"], 30);
}

TYPED_TEST(TableCommitTest, ConcurrentAppendersAllLand) {
  constexpr int kThreads = 4, kCommits = 6;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      auto catalog = this->fixture_.Open(&this->io_);  // own connection, as another process
      CatalogTableOperations ops(*catalog, this->io_, this->ident_);
      for (int c = 0; c < kCommits; ++c) {
        auto st = AppendFiles(ops, {MakeDataFile(fmt::format("/d/t{}-{}.parquet", t, c), 1)});
        if (!st) {
          ADD_FAILURE() << st.error().ToString();
          ++failures;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  ASSERT_EQ(failures, 0);
  CatalogTableOperations ops(*this->catalog_, this->io_, this->ident_);
  auto state = ops.Refresh();
  ASSERT_TRUE(state.has_value());
  EXPECT_EQ(state->metadata->snapshots.size(), size_t{kThreads * kCommits});
  EXPECT_EQ(state->metadata->last_sequence_number, SequenceNumber(kThreads * kCommits));
  EXPECT_EQ(LiveFiles(this->io_, *state->metadata).size(), size_t{kThreads * kCommits});
  EXPECT_EQ(state->metadata->CurrentSnapshot()->summary.at("total-records"),
            std::to_string(kThreads * kCommits));
}

TYPED_TEST(TableCommitTest, RemovingAFileThatIsGoneConflicts) {
  CatalogTableOperations ops(*this->catalog_, this->io_, this->ident_);
  ASSERT_TRUE(AppendFiles(ops, {MakeDataFile("/d/a.parquet", 5), MakeDataFile("/d/b.parquet", 7, "us")}).has_value());
  SnapshotUpdate first(ops, SnapshotOperation::kReplace);
  first.RemoveFile("/d/a.parquet").AddFile(MakeDataFile("/d/a2.parquet", 5));
  ASSERT_TRUE(first.Commit().has_value());
  SnapshotUpdate second(ops, SnapshotOperation::kOverwrite);
  second.RemoveFile("/d/a.parquet").AddFile(MakeDataFile("/d/a3.parquet", 5));
  auto st = second.Commit();
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().kind(), ErrorKind::kCommitConflict);
  EXPECT_NE(st.error().message().find("/d/a.parquet"), std::string::npos) << st.error().ToString();
  auto state = ops.Refresh();
  auto live = LiveFiles(this->io_, *state->metadata);
  EXPECT_EQ(live, (std::map<std::string, int64_t>{{"/d/a2.parquet", 5}, {"/d/b.parquet", 7}}));
  EXPECT_EQ(state->metadata->CurrentSnapshot()->operation, SnapshotOperation::kReplace);
  EXPECT_EQ(state->metadata->CurrentSnapshot()->summary.at("total-records"), "12");
  EXPECT_EQ(state->metadata->CurrentSnapshot()->summary.at("deleted-data-files"), "1");
}

TYPED_TEST(TableCommitTest, ManifestsAreMergedSoTheListStaysShort) {
  CatalogTableOperations ops(*this->catalog_, this->io_, this->ident_);
  {
    auto state = ops.Refresh();
    TableMetadataBuilder b(*state->metadata, state->metadata_location);
    b.SetProperties({{"commit.manifest.min-count-to-merge", "10"}});
    ASSERT_TRUE(ops.Commit(*state, *std::move(b).Build(state->metadata->last_updated_ms)).has_value());
  }
  int max_in_list = 0;
  for (int i = 0; i < 45; ++i) {
    SnapshotUpdate u(ops, SnapshotOperation::kAppend);
    u.AddFile(MakeDataFile(fmt::format("/d/m{}.parquet", i), 1));
    ASSERT_TRUE(u.Commit().has_value());
    max_in_list = std::max(max_in_list, u.stats().manifests_in_list);
  }
  EXPECT_LE(max_in_list, 10);
  auto state = ops.Refresh();
  EXPECT_EQ(LiveFiles(this->io_, *state->metadata).size(), 45u);
}

// Storage failing at the nth create, write, fsync or rename of an append: the commit
// fails or succeeds as a whole, the table stays readable, and after a crash (unsynced data
// dropped) every acknowledged commit is still there.
TEST(TableCommitFaultTest, FailingStorageNeverLeavesAHalfCommittedTable) {
  for (io::FaultOp op : {io::FaultOp::kCreate, io::FaultOp::kWrite, io::FaultOp::kSync, io::FaultOp::kRename}) {
    for (int n = 1; n <= 12; ++n) {
      testing::SqlCatalogFixture fixture;
      io::FaultInjectingFileIO io;
      auto catalog = fixture.Open(&io);
      ASSERT_TRUE(catalog->CreateNamespace(*Namespace::Parse("db"), {}).has_value());
      TableIdentifier ident = *TableIdentifier::Parse("db.t");
      NewTable t{TestSchema(), PartitionSpec{}, SortOrder::Unsorted(), {}};
      ASSERT_TRUE(CreateTable(*catalog, io, ident, t).has_value());
      CatalogTableOperations ops(*catalog, io, ident);
      DataFile f0 = MakeDataFile("/d/0.parquet", 3);
      f0.partition.clear();
      ASSERT_TRUE(AppendFiles(ops, {f0}).has_value());

      io.InjectFault(op, n);
      DataFile f1 = MakeDataFile("/d/1.parquet", 4);
      f1.partition.clear();
      auto st = AppendFiles(ops, {f1});
      io.ClearFaults();
      io.DropUnsyncedData();
      auto state = ops.Refresh();
      ASSERT_TRUE(state.has_value()) << io::FaultOpName(op) << " #" << n << ": " << state.error().ToString();
      auto live = LiveFiles(io, *state->metadata);
      if (st.has_value()) {
        EXPECT_EQ(live.size(), 2u) << io::FaultOpName(op) << " #" << n;
      } else {
        // Failed: the table is at the earlier version or, if the failure came after the
        // swap (cleanup), at the later one; never in between.
        EXPECT_TRUE(live.size() == 1u || live.size() == 2u) << io::FaultOpName(op) << " #" << n;
      }
      EXPECT_TRUE(live.contains("/d/0.parquet")) << io::FaultOpName(op) << " #" << n;
      // The table still takes commits.
      DataFile f2 = MakeDataFile("/d/2.parquet", 5);
      f2.partition.clear();
      EXPECT_TRUE(AppendFiles(ops, {f2}).has_value()) << io::FaultOpName(op) << " #" << n;
    }
  }
}

}  // namespace
}  // namespace firn::catalog
