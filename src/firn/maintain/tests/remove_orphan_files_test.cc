// RemoveOrphanFiles on a real local table: old unreferenced files go, young ones and every
// referenced file stay, dry runs delete nothing, file: URIs match plain paths, nested
// tables are left alone, and it finds exactly what an expiry left behind.
#include "firn/maintain/orphans/remove_orphan_files.h"

#include <gtest/gtest.h>

#include <fstream>
#include <set>

#include "firn/maintain/expire/expire_snapshots.h"
#include "maintain_test_util.h"

namespace firn::maintain {
namespace {

using namespace firn::iceberg;
using testing::MaintainTable;
using testing::NowMs;
using testing::SetMtime;

constexpr int64_t kDay = 24LL * 3600 * 1000;

void WriteLocal(const std::string& path, std::string_view text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path) << text;
}

std::set<std::string> Keys(const std::vector<OrphanFile>& files) {
  std::set<std::string> out;
  for (const OrphanFile& f : files) out.insert(LocationKey(f.path));
  return out;
}

TEST(RemoveOrphanFilesTest, RemovesOldUnreferencedFilesOnly) {
  MaintainTable t;
  for (int i = 0; i < 3; ++i) t.Append(i * 10, 10);
  const std::string loc = t.State().metadata->location;
  // Every file the table has is old; the strays are what a crashed writer leaves.
  for (const std::string& f : t.ListAll()) SetMtime(f, -10 * kDay);
  const std::string old_data = loc + "/data/crashed-writer.parquet";
  const std::string old_tmp = loc + "/metadata/.00009-x.metadata.json.0123456789abcdef.tmp";
  const std::string young_data = loc + "/data/in-flight.parquet";
  const std::string young_tmp = loc + "/data/.in-flight-2.parquet.fedcba9876543210.tmp";
  WriteLocal(old_data, "old");
  WriteLocal(old_tmp, "old temp");
  WriteLocal(young_data, "young");
  WriteLocal(young_tmp, "young temp");
  SetMtime(old_data, -4 * kDay);
  SetMtime(old_tmp, -4 * kDay);
  SetMtime(young_data, -2 * kDay);  // younger than the 3-day default

  auto r = RemoveOrphanFiles(t.ops(), {});
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(Keys(r->orphans), (std::set<std::string>{old_data, old_tmp}));
  EXPECT_EQ(r->files_deleted, 2);
  EXPECT_EQ(r->bytes_deleted, 3 + 8);
  EXPECT_EQ(r->young_unreferenced, 2);
  EXPECT_FALSE(t.Exists(old_data));
  EXPECT_FALSE(t.Exists(old_tmp));
  EXPECT_TRUE(t.Exists(young_data));
  EXPECT_TRUE(t.Exists(young_tmp));
  for (const FileRef& f : t.Referenced()) EXPECT_TRUE(t.Exists(f.path)) << f.path;
  EXPECT_EQ(t.ScanIds().size(), 30u);
}

TEST(RemoveOrphanFilesTest, DryRunDeletesNothing) {
  MaintainTable t;
  t.Append(0, 10);
  const std::string stray = t.State().metadata->location + "/data/stray.parquet";
  WriteLocal(stray, "x");
  RemoveOrphanFilesOptions o;
  o.older_than_ms = NowMs() + 3'600'000;  // everything is old enough
  o.dry_run = true;
  const std::vector<std::string> before = t.ListAll();
  auto r = RemoveOrphanFiles(t.ops(), o);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(Keys(r->orphans), std::set<std::string>{stray});
  EXPECT_EQ(r->files_deleted, 0);
  EXPECT_EQ(t.ListAll(), before);
}

TEST(RemoveOrphanFilesTest, FileUrisInMetadataMatchPlainPathsInTheListing) {
  io::testing::TempDir dir;
  MaintainTable t(nullptr, {}, "file://" + dir.path() + "/t");
  for (int i = 0; i < 2; ++i) t.Append(i * 10, 10);
  ASSERT_TRUE(t.State().metadata->location.starts_with("file://"));
  WriteLocal(dir.path() + "/t/data/stray.parquet", "x");
  RemoveOrphanFilesOptions o;
  o.older_than_ms = NowMs() + 3'600'000;
  o.location = dir.path() + "/t";  // plain path, while the metadata records file: URIs
  auto r = RemoveOrphanFiles(t.ops(), o);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_EQ(Keys(r->orphans), std::set<std::string>{dir.path() + "/t/data/stray.parquet"});
  EXPECT_EQ(t.ScanIds().size(), 20u);
}

TEST(RemoveOrphanFilesTest, LeavesATableNestedInTheLocationAlone) {
  MaintainTable t;
  t.Append(0, 10);
  // Namespace db.t holds table x, whose default location is inside db.t's.
  ASSERT_TRUE(t.catalog().CreateNamespace(*catalog::Namespace::Parse("db.t"), {}).has_value());
  const auto nested_ident = *catalog::TableIdentifier::Parse("db.t.x");
  catalog::NewTable nt{*ParseSchemaDdl("id long"), PartitionSpec{}, SortOrder::Unsorted(), {}};
  auto nested = catalog::CreateTable(t.catalog(), t.io(), nested_ident, nt);
  ASSERT_TRUE(nested.has_value()) << nested.error().ToString();
  ASSERT_TRUE(IsUnder(LocationKey(nested->metadata->location), LocationKey(t.State().metadata->location)));
  RemoveOrphanFilesOptions o;
  o.older_than_ms = NowMs() + 3'600'000;
  auto r = RemoveOrphanFiles(t.ops(), o);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  EXPECT_TRUE(r->orphans.empty());
  EXPECT_GT(r->nested_table_files, 0);
  EXPECT_TRUE(t.Exists(nested->metadata_location));
}

TEST(RemoveOrphanFilesTest, FindsExactlyWhatAnExpiryWithoutCleanupLeft) {
  MaintainTable t;
  for (int i = 0; i < 6; ++i) t.Append(i * 10, 10);
  t.Replace(t.LiveDataFiles(), 0, 60);
  ExpireSnapshotsOptions e;
  e.older_than_ms = NowMs() + 3'600'000;
  e.retain_last = 1;
  e.dry_run = true;
  auto dry = ExpireSnapshots(t.ops(), e);
  ASSERT_TRUE(dry.has_value()) << dry.error().ToString();
  ASSERT_FALSE(dry->to_delete.empty());
  e.dry_run = false;
  e.delete_files = false;
  auto expired = ExpireSnapshots(t.ops(), e);
  ASSERT_TRUE(expired.has_value()) << expired.error().ToString();
  EXPECT_EQ(expired->snapshots_expired, 6);
  EXPECT_EQ(expired->deleted.total(), 0);

  RemoveOrphanFilesOptions o;
  o.older_than_ms = NowMs() + 3'600'000;
  auto r = RemoveOrphanFiles(t.ops(), o);
  ASSERT_TRUE(r.has_value()) << r.error().ToString();
  std::set<std::string> want;
  for (const std::string& p : dry->to_delete) want.insert(LocationKey(p));
  EXPECT_EQ(Keys(r->orphans), want);
  EXPECT_EQ(r->files_deleted, static_cast<int64_t>(want.size()));
  EXPECT_EQ(t.ScanIds().size(), 60u);
  for (const FileRef& f : t.Referenced()) EXPECT_TRUE(t.Exists(f.path)) << f.path;
}

TEST(RemoveOrphanFilesTest, DeletesNothingWhenTheMetadataCannotBeRead) {
  MaintainTable t;
  t.Append(0, 10);
  // The current manifest list is gone: what the table references is unknown.
  const std::string list = t.State().metadata->CurrentSnapshot()->manifest_list;
  ASSERT_TRUE(t.io().Delete(FilePath(list)).has_value());
  const std::vector<std::string> before = t.ListAll();
  RemoveOrphanFilesOptions o;
  o.older_than_ms = NowMs() + 3'600'000;
  auto r = RemoveOrphanFiles(t.ops(), o);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(t.ListAll(), before);
}

TEST(RemoveOrphanFilesTest, RefusesWhenTheListedLocationDoesNotHoldTheTable) {
  MaintainTable t;
  t.Append(0, 10);
  // A copy of the table's folder: its metadata names the original's files.
  io::testing::TempDir other;
  std::filesystem::copy(t.State().metadata->location, other.path() + "/copy",
                        std::filesystem::copy_options::recursive);
  RemoveOrphanFilesOptions o;
  o.older_than_ms = NowMs() + 3'600'000;
  o.location = other.path() + "/copy";
  auto r = RemoveOrphanFiles(t.ops(), o);
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("refusing"), std::string::npos) << r.error().ToString();
  size_t left = 0;
  for (const auto& e : std::filesystem::recursive_directory_iterator(other.path() + "/copy")) {
    left += e.is_regular_file() ? 1 : 0;
  }
  EXPECT_EQ(left, t.ListAll().size());
}

}  // namespace
}  // namespace firn::maintain
