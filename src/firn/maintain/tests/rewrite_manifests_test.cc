// Rewrite manifests: one manifest per commit becomes a few, clustered by partition, with the
// same live files, sequence numbers and carried state.
#include "firn/maintain/manifests/rewrite_manifests.h"

#include <gtest/gtest.h>

#include <map>

#include "firn/catalog/catalog_table_operations.h"
#include "firn/catalog/catalog_uri.h"
#include "firn/iceberg/commit/snapshot_update.h"
#include "firn/iceberg/manifest/manifest_reader.h"
#include "firn/iceberg/partition/partition_spec_parser.h"
#include "firn/iceberg/scan/table_scan.h"
#include "firn/iceberg/types/schema_ddl.h"
#include "firn/io/local_file_io.h"
#include "firn/io/tests/temp_dir.h"

namespace firn::maintain {
namespace {

// Files are registered without being written: manifests are all this test reads.
iceberg::DataFile FakeFile(const std::string& dir, int i, int k) {
  iceberg::DataFile f;
  f.file_path = dir + "/data/k=" + std::to_string(k) + "/f" + std::to_string(i) + ".parquet";
  f.file_format = iceberg::FileFormat::kParquet;
  f.partition = {iceberg::Literal::Int(k)};
  f.record_count = 10 + i;
  f.file_size_in_bytes = 1000 + i;
  return f;
}

TEST(RewriteManifestsTest, ClustersEntriesByPartitionKeepingEverythingLive) {
  io::testing::TempDir dir;
  io::LocalFileIO io;
  auto catalog = catalog::OpenCatalog({.uri = "", .warehouse = dir.path() + "/wh"}, &io);
  ASSERT_TRUE(catalog);
  ASSERT_TRUE((*catalog)->CreateNamespace(*catalog::Namespace::Parse("db"), {}));
  auto schema = iceberg::ParseSchemaDdl("id long not null, k int not null");
  auto spec = iceberg::ParsePartitionSpec("k", *schema, 0, {}, 999);
  const auto ident = *catalog::TableIdentifier::Parse("db.t");
  ASSERT_TRUE(catalog::CreateTable(**catalog, io, ident, {*schema, spec->spec, iceberg::SortOrder::Unsorted(), {}, "", 2}));
  catalog::CatalogTableOperations ops(**catalog, io, ident);
  std::map<std::string, int64_t> seq_before;
  for (int i = 0; i < 30; ++i) {
    auto r = iceberg::AppendFiles(ops, {FakeFile(dir.path(), i, i % 3)}, {{"firn.kafka.offsets.g", std::to_string(i)}});
    ASSERT_TRUE(r) << r.error().ToString();
  }
  auto live = [&](std::map<std::string, int64_t>* seqs) {
    auto state = ops.Refresh();
    auto scan = iceberg::TableScan::Make(io, *state->metadata, {});
    auto tasks = (*scan)->PlanFiles();
    EXPECT_TRUE(tasks);
    for (const auto& t : *tasks) (*seqs)[t.data_file.file_path] = t.data_sequence_number.value();
  };
  live(&seq_before);
  ASSERT_EQ(seq_before.size(), 30u);

  auto r = RewriteManifests(ops);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->manifests_before, 30);
  EXPECT_EQ(r->manifests_after, 1);  // 30 tiny entries fit one manifest of the 8 MB target
  std::map<std::string, int64_t> seq_after;
  live(&seq_after);
  EXPECT_EQ(seq_after, seq_before);  // same files, same data sequence numbers

  auto state = ops.Refresh();
  const iceberg::Snapshot* s = state->metadata->CurrentSnapshot();
  EXPECT_EQ(s->operation, iceberg::SnapshotOperation::kReplace);
  EXPECT_EQ(s->summary.at("firn.kafka.offsets.g"), "29");
  EXPECT_EQ(s->summary.at("manifests-replaced"), "30");
  EXPECT_EQ(s->summary.at("total-data-files"), "30");
  // Clustered: the entries of the one manifest come partition by partition.
  auto manifests = iceberg::ReadManifestList(io, s->manifest_list);
  ASSERT_TRUE(manifests);
  ASSERT_EQ(manifests->size(), 1u);
  auto entries = iceberg::ReadManifest(io, (*manifests)[0]);
  ASSERT_TRUE(entries);
  ASSERT_EQ(entries->size(), 30u);
  for (size_t i = 1; i < entries->size(); ++i) {
    EXPECT_LE((*entries)[i - 1].data_file.partition[0].int32(), (*entries)[i].data_file.partition[0].int32());
    EXPECT_EQ((*entries)[i].status, iceberg::ManifestEntryStatus::kExisting);
  }
}

}  // namespace
}  // namespace firn::maintain
