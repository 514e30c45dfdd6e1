// Manifests and manifest lists: round trips through firn's writer and reader, inheritance,
// partition summaries, damaged files, and the manifests other engines wrote.
#include <filesystem>

#include <gtest/gtest.h>

#include "firn/avro/file_reader.h"
#include "firn/io/memory_file_io.h"
#include "firn/iceberg/manifest/manifest_list_writer.h"
#include "firn/iceberg/manifest/manifest_reader.h"
#include "firn/iceberg/manifest/manifest_writer.h"
#include "firn/iceberg/metadata/table_metadata_json.h"
#include "firn/iceberg/types/literal_bytes.h"
#include "firn/iceberg/types/schema_json.h"
#include "firn/io/local_file_io.h"

namespace firn::iceberg {
namespace {

namespace fs = std::filesystem;

Schema TestSchema() {
  return *SchemaFromJsonString(R"({"type":"struct","schema-id":0,"fields":[
    {"id":1,"name":"id","required":true,"type":"long"},
    {"id":2,"name":"day","required":false,"type":"date"},
    {"id":3,"name":"score","required":false,"type":"double"},
    {"id":4,"name":"name","required":false,"type":"string"}]})");
}

PartitionSpec TestSpec() {
  PartitionSpec spec{.spec_id = 3};
  spec.fields.push_back(PartitionField{FieldId(2), FieldId(1000), "day", *Transform::Parse("identity")});
  spec.fields.push_back(PartitionField{FieldId(1), FieldId(1001), "id_bucket", *Transform::Parse("bucket[8]")});
  spec.fields.push_back(PartitionField{FieldId(3), FieldId(1002), "score", *Transform::Parse("identity")});
  return spec;
}

DataFile MakeFile(std::string path, std::optional<int32_t> day, int32_t bucket, double score, int64_t rows) {
  DataFile f;
  f.file_path = std::move(path);
  f.partition = {day ? Literal::Date(*day) : Literal::Null(Type::Date()), Literal::Int(bucket), Literal::Double(score)};
  f.record_count = rows;
  f.file_size_in_bytes = rows * 10;
  f.column_sizes = {{1, 100}, {4, 50}};
  f.value_counts = {{1, rows}};
  f.null_value_counts = {{1, 0}, {4, 2}};
  f.nan_value_counts = {{3, 1}};
  f.lower_bounds = {{1, ToBytes(Literal::Long(-5))}};
  f.upper_bounds = {{1, ToBytes(Literal::Long(500))}};
  f.split_offsets = {4};
  f.sort_order_id = 0;
  return f;
}

TEST(ManifestTest, WriteReadRoundTripWithInheritanceAndSummaries) {
  io::MemoryFileIO io;
  Schema schema = TestSchema();
  PartitionSpec spec = TestSpec();
  ManifestWriterOptions opts{.format_version = 2, .snapshot_id = SnapshotId(77)};
  auto w = ManifestWriter::Make(io, FilePath("/t/metadata/m1.avro"), schema, spec, opts);
  ASSERT_TRUE(w.has_value()) << w.error().ToString();
  DataFile a = MakeFile("/t/data/a.parquet", 19000, 3, 1.5, 10);
  DataFile b = MakeFile("/t/data/b.parquet", std::nullopt, 7, std::nan(""), 20);
  ASSERT_TRUE((*w)->Add(a).has_value());
  ASSERT_TRUE((*w)->Add(b).has_value());
  ManifestEntry old{ManifestEntryStatus::kAdded, SnapshotId(5), SequenceNumber(2), SequenceNumber(2),
                    MakeFile("/t/data/c.parquet", 18000, 0, -2.0, 5)};
  ASSERT_TRUE((*w)->AddExisting(old).has_value());
  auto mf = (*w)->Finish();
  ASSERT_TRUE(mf.has_value()) << mf.error().ToString();
  EXPECT_EQ(mf->added_files_count, 2);
  EXPECT_EQ(mf->existing_files_count, 1);
  EXPECT_EQ(mf->added_rows_count, 30);
  EXPECT_EQ(mf->existing_rows_count, 5);
  EXPECT_EQ(mf->min_sequence_number, 2);
  EXPECT_EQ(mf->sequence_number, kUnassignedSequenceNumber);
  ASSERT_EQ(mf->partitions.size(), 3u);
  EXPECT_TRUE(mf->partitions[0].contains_null);
  EXPECT_EQ(*mf->partitions[0].lower_bound, ToBytes(Literal::Date(18000)));
  EXPECT_EQ(*mf->partitions[0].upper_bound, ToBytes(Literal::Date(19000)));
  EXPECT_FALSE(mf->partitions[1].contains_null);
  EXPECT_EQ(*mf->partitions[1].upper_bound, ToBytes(Literal::Int(7)));
  EXPECT_EQ(mf->partitions[2].contains_nan, true);
  EXPECT_EQ(*mf->partitions[2].upper_bound, ToBytes(Literal::Double(1.5)));

  ManifestListInfo info{.format_version = 2, .snapshot_id = SnapshotId(77),
                        .parent_snapshot_id = SnapshotId(5), .sequence_number = SequenceNumber(9)};
  auto listed = WriteManifestList(io, FilePath("/t/metadata/snap-77.avro"), info, {*mf});
  ASSERT_TRUE(listed.has_value()) << listed.error().ToString();
  auto back = ReadManifestList(io, "/t/metadata/snap-77.avro");
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  ASSERT_EQ(back->size(), 1u);
  EXPECT_EQ((*back)[0], (*listed)[0]);
  EXPECT_EQ((*back)[0].sequence_number, 9);
  EXPECT_EQ((*back)[0].min_sequence_number, 2);

  auto entries = ReadManifest(io, (*back)[0]);
  ASSERT_TRUE(entries.has_value()) << entries.error().ToString();
  ASSERT_EQ(entries->size(), 3u);
  const ManifestEntry& ea = (*entries)[0];
  EXPECT_EQ(ea.status, ManifestEntryStatus::kAdded);
  EXPECT_EQ(ea.snapshot_id, SnapshotId(77));
  EXPECT_EQ(ea.sequence_number, SequenceNumber(9));  // inherited
  EXPECT_EQ(ea.file_sequence_number, SequenceNumber(9));
  a.spec_id = 3;
  EXPECT_EQ(ea.data_file, a);
  EXPECT_TRUE((*entries)[1].data_file.partition[0].is_null());
  const ManifestEntry& ec = (*entries)[2];
  EXPECT_EQ(ec.status, ManifestEntryStatus::kExisting);
  EXPECT_EQ(ec.snapshot_id, SnapshotId(5));
  EXPECT_EQ(ec.sequence_number, SequenceNumber(2));  // kept

  // The header carries what other readers look for.
  auto in = io.OpenInputFile(FilePath("/t/metadata/m1.avro"));
  auto r = avro::FileReader::Open(**in);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ((*r)->Metadata("format-version"), "2");
  EXPECT_EQ((*r)->Metadata("content"), "data");
  EXPECT_EQ((*r)->Metadata("partition-spec-id"), "3");
  EXPECT_TRUE((*r)->Metadata("schema").has_value());
}

TEST(ManifestTest, RefusesMismatchedPartitionTupleAndDamagedFiles) {
  io::MemoryFileIO io;
  Schema schema = TestSchema();
  PartitionSpec spec = TestSpec();
  auto w = ManifestWriter::Make(io, FilePath("/m.avro"), schema, spec, {.snapshot_id = SnapshotId(1)});
  ASSERT_TRUE(w.has_value());
  DataFile bad = MakeFile("/x.parquet", 1, 1, 1.0, 1);
  bad.partition.pop_back();
  EXPECT_FALSE((*w)->Add(bad).has_value());
  ASSERT_TRUE((*w)->Add(MakeFile("/y.parquet", 1, 1, 1.0, 1)).has_value());
  auto mf = (*w)->Finish();
  ASSERT_TRUE(mf.has_value());
  mf->sequence_number = 1;
  std::string bytes = *io.ReadAll(FilePath("/m.avro"));
  for (size_t n = 0; n < bytes.size(); n += 13) {
    ASSERT_TRUE(io.WriteAll(FilePath("/cut.avro"), bytes.substr(0, n), io::WriteMode::kOverwrite).has_value());
    ManifestFile cut = *mf;
    cut.manifest_path = "/cut.avro";
    auto e = ReadManifest(io, cut);
    if (e.has_value()) {
      EXPECT_LE(e->size(), 1u);  // a cut at a block boundary is a shorter valid file
    } else {
      EXPECT_NE(e.error().message().find("/cut.avro"), std::string::npos) << e.error().ToString();
    }
  }
}

#ifdef FIRN_SHARED_ICEBERG_FIXTURES
// Every manifest list and manifest reachable from the fixtures' current snapshots, as
// Spark, Java and PyIceberg wrote them.
TEST(ManifestTest, ReadsFixtureManifests) {
  fs::path root(FIRN_SHARED_ICEBERG_FIXTURES);
  if (!fs::exists(root)) GTEST_SKIP();
  io::LocalFileIO io;
  int lists = 0, manifests = 0, entries_seen = 0;
  for (const auto& e : fs::directory_iterator(root)) {
    if (!e.is_directory()) continue;
    fs::path meta_dir = e.path() / "table" / "metadata";
    for (const auto& list : fs::directory_iterator(meta_dir)) {
      std::string name = list.path().filename().string();
      if (!name.starts_with("snap-") || !name.ends_with(".avro")) continue;
      auto files = ReadManifestList(io, list.path().string());
      ASSERT_TRUE(files.has_value()) << files.error().ToString();
      ++lists;
      for (ManifestFile m : *files) {
        // Point the recorded location at the copy in the fixture.
        m.manifest_path = (meta_dir / fs::path(m.manifest_path).filename()).string();
        if (!fs::exists(m.manifest_path)) continue;
        auto entries = ReadManifest(io, m);
        ASSERT_TRUE(entries.has_value()) << entries.error().ToString();
        ++manifests;
        int64_t added = 0;
        for (const ManifestEntry& me : *entries) {
          EXPECT_FALSE(me.data_file.file_path.empty());
          EXPECT_TRUE(me.snapshot_id.has_value());
          if (me.status == ManifestEntryStatus::kAdded) added += me.data_file.record_count;
          ++entries_seen;
        }
        if (m.added_rows_count > 0) {
          EXPECT_EQ(added, m.added_rows_count) << m.manifest_path;
        }
      }
    }
  }
  EXPECT_GE(lists, 9);
  EXPECT_GE(manifests, 9);
  EXPECT_GT(entries_seen, 20);
}
#endif

}  // namespace
}  // namespace firn::iceberg
