// TableScan planning and reading on hand-made tables: which delete files apply (sequence
// numbers, partitions), time travel, projection, filters, damaged input.
#include <gtest/gtest.h>

#include <algorithm>

#include "firn/common/macros.h"
#include "firn/iceberg/expressions/parser.h"
#include "firn/iceberg/scan/scan_to_batches.h"
#include "firn/iceberg/scan/table_scan.h"
#include "firn/iceberg/tests/scan_row_renderer.h"
#include "firn/iceberg/tests/scan_test_table.h"

namespace firn::iceberg {
namespace {

using testing::AppendInt;
using testing::AppendLong;
using testing::AppendString;
using testing::TestTable;

Schema TableSchema() {
  return Schema(0, {Required(1, "id", Type::Long()), Optional(2, "data", Type::String()),
                    Optional(3, "cat", Type::Int())});
}

PartitionSpec ByCat() {
  return PartitionSpec{0, {PartitionField{FieldId(3), FieldId(1000), "cat", Transform::Identity()}}};
}

// Rows (id, "row<id>", cat) for each id.
parquet::RecordBatch Rows(const std::vector<int64_t>& ids, std::optional<int32_t> cat = std::nullopt) {
  parquet::RecordBatch b;
  b.columns.resize(3);
  for (int64_t id : ids) {
    AppendLong(b.columns[0], id);
    AppendString(b.columns[1], "row" + std::to_string(id));
    AppendInt(b.columns[2], cat);
  }
  b.num_rows = static_cast<int64_t>(ids.size());
  return b;
}

// An equality delete file's batch on `id` only.
parquet::RecordBatch Ids(const std::vector<int64_t>& ids) {
  parquet::RecordBatch b;
  b.columns.resize(1);
  for (int64_t id : ids) AppendLong(b.columns[0], id);
  b.num_rows = static_cast<int64_t>(ids.size());
  return b;
}

Schema IdOnly() { return Schema(0, {Required(1, "id", Type::Long())}); }

// The `id` column of every row a scan returns, sorted.
Result<std::vector<int64_t>> ScanIds(TestTable& t, ScanOptions options = {}) {
  if (options.columns.empty()) options.columns = {"id"};
  FIRN_ASSIGN_OR_RETURN(ScanResult r, ScanToBatches(t.io, t.metadata, std::move(options)));
  std::vector<int64_t> ids;
  for (const auto& b : r.batches) {
    for (int64_t i = 0; i < b.num_rows; ++i) ids.push_back(b.columns[0].ValueAt<int64_t>(i));
  }
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::vector<std::string> ScanRows(TestTable& t, ScanOptions options = {}) {
  auto r = ScanToBatches(t.io, t.metadata, std::move(options));
  EXPECT_TRUE(r.has_value()) << r.error().ToString();
  if (!r.has_value()) return {};
  std::vector<std::string> rows;
  for (const auto& b : r->batches) {
    for (auto& s : testing::RenderRows(r->projected_schema, *r->schema, b)) rows.push_back(std::move(s));
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

TEST(ScanPlanningTest, EmptyTablePlansNothing) {
  TestTable t(TableSchema(), PartitionSpec{});
  auto scan = TableScan::Make(t.io, t.metadata, {});
  ASSERT_TRUE(scan.has_value()) << scan.error().ToString();
  auto tasks = (*scan)->PlanFiles();
  ASSERT_TRUE(tasks.has_value());
  EXPECT_TRUE(tasks->empty());
}

TEST(ScanPlanningTest, SequenceNumbersDecideWhichDeletesApply) {
  TestTable t(TableSchema(), PartitionSpec{});
  DataFile a = t.WriteData("mem://t/data/a.parquet", Rows({1, 2, 3, 4, 5}));
  t.Commit({a}, {}, 2000);  // seq 1
  // seq 2: delete a's position 0 (id 1) and id 2 everywhere older.
  DataFile pos_a = t.WritePositionDeletes("mem://t/data/pos-a.parquet", {{a.file_path, 0}});
  DataFile eq2 = t.WriteEqualityDeletes("mem://t/data/eq2.parquet", IdOnly(), Ids({2}), {1});
  t.Commit({}, {pos_a, eq2}, 3000);
  // seq 3: b is newer than both deletes: none applies to it.
  DataFile b = t.WriteData("mem://t/data/b.parquet", Rows({1, 2, 3, 4, 5}));
  t.Commit({b}, {}, 4000);
  // seq 4: c and deletes in one commit: the position delete applies (<=), the equality
  // delete does not apply to c (needs <) but does to a and b.
  DataFile c = t.WriteData("mem://t/data/c.parquet", Rows({10, 11}));
  DataFile pos_c = t.WritePositionDeletes("mem://t/data/pos-c.parquet", {{c.file_path, 1}});
  DataFile eq4 = t.WriteEqualityDeletes("mem://t/data/eq4.parquet", IdOnly(), Ids({10, 3}), {1});
  t.Commit({c}, {pos_c, eq4}, 5000);

  auto scan = TableScan::Make(t.io, t.metadata, {});
  ASSERT_TRUE(scan.has_value()) << scan.error().ToString();
  auto tasks = (*scan)->PlanFiles();
  ASSERT_TRUE(tasks.has_value()) << tasks.error().ToString();
  ASSERT_EQ(tasks->size(), 3u);
  for (const FileScanTask& task : *tasks) {
    std::vector<std::string> dels;
    for (const DataFile& d : task.delete_files) dels.push_back(d.file_path);
    std::sort(dels.begin(), dels.end());
    if (task.data_file.file_path == a.file_path) {
      EXPECT_EQ(task.data_sequence_number, SequenceNumber(1));
      // pos-c's bounds exclude a.parquet, so it is skipped.
      EXPECT_EQ(dels, (std::vector<std::string>{eq2.file_path, eq4.file_path, pos_a.file_path}));
    } else if (task.data_file.file_path == b.file_path) {
      EXPECT_EQ(dels, (std::vector<std::string>{eq4.file_path}));
    } else {
      EXPECT_EQ(task.data_sequence_number, SequenceNumber(4));
      EXPECT_EQ(dels, (std::vector<std::string>{pos_c.file_path}));
    }
  }
  auto ids = ScanIds(t);
  ASSERT_TRUE(ids.has_value()) << ids.error().ToString();
  EXPECT_EQ(*ids, (std::vector<int64_t>{1, 2, 4, 4, 5, 5, 10}));
  // Reading the five manifests on several threads plans the same.
  ScanOptions parallel;
  parallel.planning_threads = 3;
  auto ids_parallel = ScanIds(t, parallel);
  ASSERT_TRUE(ids_parallel.has_value()) << ids_parallel.error().ToString();
  EXPECT_EQ(*ids_parallel, *ids);
}

TEST(ScanPlanningTest, EqualityDeletesMatchNullsAndUnprojectedColumns) {
  TestTable t(TableSchema(), PartitionSpec{});
  parquet::RecordBatch rows = Rows({1, 2, 3, 4});
  // Row 2 has a null `data`, row 3 has data "row3" but cat 9.
  rows.columns[1] = parquet::ColumnVector();
  AppendString(rows.columns[1], "row1");
  AppendString(rows.columns[1], std::nullopt);
  AppendString(rows.columns[1], "row3");
  AppendString(rows.columns[1], "row4");
  rows.columns[2] = parquet::ColumnVector();
  for (int i = 0; i < 4; ++i) AppendInt(rows.columns[2], i == 2 ? std::optional<int32_t>(9) : std::nullopt);
  t.Commit({t.WriteData("mem://t/data/a.parquet", rows)}, {}, 2000);
  // Delete on (data, cat): (null, null) matches row 2 (null equals null); ("row3", null)
  // does not match row 3 (cat 9); ("row4", null) matches row 4.
  Schema key(0, {Optional(2, "data", Type::String()), Optional(3, "cat", Type::Int())});
  parquet::RecordBatch del;
  del.columns.resize(2);
  for (auto d : {std::optional<std::string>(), std::optional<std::string>("row3"), std::optional<std::string>("row4")}) {
    AppendString(del.columns[0], d);
    AppendInt(del.columns[1], std::nullopt);
  }
  del.num_rows = 3;
  t.Commit({}, {t.WriteEqualityDeletes("mem://t/data/eq.parquet", key, del, {2, 3})}, 3000);
  auto ids = ScanIds(t);  // projects only `id`: the key columns are read anyway
  ASSERT_TRUE(ids.has_value()) << ids.error().ToString();
  EXPECT_EQ(*ids, (std::vector<int64_t>{1, 3}));
}

TEST(ScanPlanningTest, DeletesAreScopedToTheirPartition) {
  TestTable t(TableSchema(), ByCat());
  DataFile p1 = t.WriteData("mem://t/data/cat1.parquet", Rows({7, 8}, 1), {Literal::Int(1)});
  DataFile p2 = t.WriteData("mem://t/data/cat2.parquet", Rows({7, 8}, 2), {Literal::Int(2)});
  DataFile pnull = t.WriteData("mem://t/data/catnull.parquet", Rows({7, 9}), {Literal::Null(Type::Int())});
  t.Commit({p1, p2, pnull}, {}, 2000);
  DataFile eq = t.WriteEqualityDeletes("mem://t/data/eq-cat1.parquet", IdOnly(), Ids({7}), {1}, {Literal::Int(1)});
  DataFile eq_null = t.WriteEqualityDeletes("mem://t/data/eq-catnull.parquet", IdOnly(), Ids({9}), {1},
                                            {Literal::Null(Type::Int())});
  // A position delete in partition 2 naming the file of partition 1 must not touch it.
  DataFile pos = t.WritePositionDeletes("mem://t/data/pos.parquet", {{p1.file_path, 1}}, {Literal::Int(2)});
  t.Commit({}, {eq, eq_null, pos}, 3000);
  EXPECT_EQ(ScanRows(t), (std::vector<std::string>{
                             R"({"id":7,"data":"row7","cat":2})", R"({"id":7,"data":"row7","cat":null})",
                             R"({"id":8,"data":"row8","cat":1})", R"({"id":8,"data":"row8","cat":2})"}));
}

TEST(ScanPlanningTest, UnpartitionedDeletesApplyToEveryPartition) {
  // Spec 0 is unpartitioned; spec 1 partitions by cat. A delete written under spec 0 is global.
  TestTable t(TableSchema(), PartitionSpec{});
  DataFile old = t.WriteData("mem://t/data/old.parquet", Rows({1, 2}));
  t.Commit({old}, {}, 2000);
  DataFile eq = t.WriteEqualityDeletes("mem://t/data/eq.parquet", IdOnly(), Ids({2}), {1});
  // The delete waits for the partitioned file: commit the file first, under spec 1.
  TableMetadataBuilder b(t.metadata, std::nullopt);
  PartitionSpec by_cat = ByCat();
  int32_t spec_id = b.AddPartitionSpec(by_cat);
  b.SetDefaultSpec(spec_id);
  t.metadata = *std::move(b).Build(2500);
  DataFile part = t.WriteData("mem://t/data/part.parquet", Rows({2, 3}, 5), {Literal::Int(5)});
  t.Commit({part}, {}, 3000);
  eq.spec_id = 0;
  // Commit the delete in a manifest of spec 0.
  TableMetadataBuilder b2(t.metadata, std::nullopt);
  b2.SetDefaultSpec(0);
  t.metadata = *std::move(b2).Build(3500);
  t.Commit({}, {eq}, 4000);
  auto ids = ScanIds(t);
  ASSERT_TRUE(ids.has_value()) << ids.error().ToString();
  EXPECT_EQ(*ids, (std::vector<int64_t>{1, 3}));
}

TEST(ScanPlanningTest, TimeTravelByIdAndTimestampUsesThatSnapshotsSchema) {
  TestTable t(TableSchema(), PartitionSpec{});
  SnapshotId s1 = t.Commit({t.WriteData("mem://t/data/1.parquet", Rows({1, 2}))}, {}, 2000);
  // Schema 1 adds column 4 "score"; snapshot 2 is written with it.
  Schema evolved(0, {Required(1, "id", Type::Long()), Optional(2, "data", Type::String()),
                     Optional(3, "cat", Type::Int()), Optional(4, "score", Type::Long())});
  t.EvolveSchema(evolved);
  parquet::RecordBatch rows = Rows({3});
  rows.columns.emplace_back();
  AppendLong(rows.columns[3], 30);
  SnapshotId s2 = t.Commit({t.WriteData("mem://t/data/2.parquet", rows)}, {}, 3000);
  t.Commit({}, {t.WriteEqualityDeletes("mem://t/data/eq.parquet", IdOnly(), Ids({1}), {1})}, 4000);

  ScanOptions by_id;
  by_id.snapshot_id = s1;
  EXPECT_EQ(ScanRows(t, by_id), (std::vector<std::string>{R"({"id":1,"data":"row1","cat":null})",
                                                          R"({"id":2,"data":"row2","cat":null})"}));
  ScanOptions by_ts;
  by_ts.as_of_timestamp_ms = 3500;  // snapshot 2: before the delete
  auto scan = TableScan::Make(t.io, t.metadata, by_ts);
  ASSERT_TRUE(scan.has_value());
  EXPECT_EQ((*scan)->snapshot()->snapshot_id, s2);
  EXPECT_EQ(ScanRows(t, by_ts), (std::vector<std::string>{R"({"id":1,"data":"row1","cat":null,"score":null})",
                                                          R"({"id":2,"data":"row2","cat":null,"score":null})",
                                                          R"({"id":3,"data":"row3","cat":null,"score":30})"}));
  EXPECT_EQ(ScanRows(t), (std::vector<std::string>{R"({"id":2,"data":"row2","cat":null,"score":null})",
                                                   R"({"id":3,"data":"row3","cat":null,"score":30})"}));
  ScanOptions too_early;
  too_early.as_of_timestamp_ms = 10;
  EXPECT_FALSE(TableScan::Make(t.io, t.metadata, too_early).has_value());
  ScanOptions unknown;
  unknown.snapshot_id = SnapshotId(42);
  auto bad = TableScan::Make(t.io, t.metadata, unknown);
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().kind(), ErrorKind::kNotFound);
}

TEST(ScanPlanningTest, FiltersPruneFilesAndRowsAreExact) {
  TestTable t(TableSchema(), ByCat());
  std::vector<DataFile> files;
  for (int32_t c = 0; c < 4; ++c) {
    files.push_back(t.WriteData("mem://t/data/f" + std::to_string(c) + ".parquet",
                                Rows({c * 10 + 1, c * 10 + 2, c * 10 + 3}, c), {Literal::Int(c)}));
  }
  t.Commit(files, {}, 2000);

  ScanOptions options;
  options.filter = *ParseWhere("id = 22");
  options.columns = {"id"};
  auto scan = TableScan::Make(t.io, t.metadata, options);
  ASSERT_TRUE(scan.has_value()) << scan.error().ToString();
  auto tasks = (*scan)->PlanFiles();
  ASSERT_TRUE(tasks.has_value()) << tasks.error().ToString();
  ASSERT_EQ(tasks->size(), 1u);  // id bounds exclude the other three files
  EXPECT_EQ(tasks->front().data_file.file_path, "mem://t/data/f2.parquet");
  auto batches = (*scan)->ReadTask(tasks->front());
  ASSERT_TRUE(batches.has_value()) << batches.error().ToString();
  EXPECT_EQ((*scan)->data_files_opened(), 1);
  ASSERT_EQ(batches->size(), 1u);
  ASSERT_EQ((*batches)[0].num_rows, 1);
  EXPECT_EQ((*batches)[0].columns[0].ValueAt<int64_t>(0), 22);

  // A partition filter prunes by partition; a filter on an unprojected column still works.
  options.filter = *ParseWhere("cat >= 2 AND data != 'row31'");
  auto ids = ScanIds(t, options);
  ASSERT_TRUE(ids.has_value()) << ids.error().ToString();
  EXPECT_EQ(*ids, (std::vector<int64_t>{21, 22, 23, 32, 33}));
  auto scan2 = TableScan::Make(t.io, t.metadata, options);
  ASSERT_TRUE(scan2.has_value());
  EXPECT_EQ((*scan2)->PlanFiles()->size(), 2u);

  options.filter = *ParseWhere("nope = 1");
  EXPECT_FALSE(TableScan::Make(t.io, t.metadata, options).has_value());
}

TEST(ScanPlanningTest, ProjectionAndMissingColumns) {
  TestTable t(TableSchema(), PartitionSpec{});
  t.Commit({t.WriteData("mem://t/data/1.parquet", Rows({1}))}, {}, 2000);
  NestedField with_default = Optional(4, "flag", Type::Boolean());
  with_default.initial_default = Literal::Boolean(true);
  NestedField name = Optional(5, "label", Type::String());
  name.initial_default = Literal::String("none");
  t.EvolveSchema(Schema(0, {Required(1, "id", Type::Long()), Optional(2, "data", Type::String()),
                            Optional(3, "cat", Type::Int()), with_default, name,
                            Optional(6, "plain", Type::Double())}));
  EXPECT_EQ(ScanRows(t), (std::vector<std::string>{
                             R"({"id":1,"data":"row1","cat":null,"flag":true,"label":"none","plain":null})"}));
  ScanOptions options;
  options.columns = {"LABEL", "id"};
  options.case_sensitive = false;
  EXPECT_EQ(ScanRows(t, options), (std::vector<std::string>{R"({"id":1,"label":"none"})"}));
  options.case_sensitive = true;
  auto bad = TableScan::Make(t.io, t.metadata, options);
  ASSERT_FALSE(bad.has_value());
  EXPECT_NE(bad.error().message().find("LABEL"), std::string::npos);

  // A required column that the file lacks and that has no default: refused, not null.
  t.EvolveSchema(Schema(0, {Required(1, "id", Type::Long()), Required(7, "must", Type::Int())}));
  auto r = ScanToBatches(t.io, t.metadata, {});
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find("must"), std::string::npos) << r.error().ToString();
}

TEST(ScanPlanningTest, IntPromotedToLongAndIdentityPartitionFill) {
  // Written with an int id, read after promoting id to long.
  Schema narrow(0, {Required(1, "id", Type::Int())});
  TestTable t(narrow, PartitionSpec{});
  parquet::RecordBatch b;
  b.columns.resize(1);
  AppendInt(b.columns[0], -5);
  AppendInt(b.columns[0], 2147483647);
  b.num_rows = 2;
  t.Commit({t.WriteData("mem://t/data/1.parquet", b)}, {}, 2000);
  t.EvolveSchema(Schema(0, {Required(1, "id", Type::Long())}));
  auto ids = ScanIds(t);
  ASSERT_TRUE(ids.has_value()) << ids.error().ToString();
  EXPECT_EQ(*ids, (std::vector<int64_t>{-5, 2147483647}));
}

TEST(ScanPlanningTest, IdentityPartitionValueFillsAColumnMissingFromTheFile) {
  TestTable t(TableSchema(), ByCat());
  // The file lacks column 3 (cat): its value comes from the partition tuple.
  Schema without_cat(0, {Required(1, "id", Type::Long()), Optional(2, "data", Type::String())});
  parquet::RecordBatch b = Rows({1});
  b.columns.pop_back();
  t.Commit({t.WriteData("mem://t/data/1.parquet", b, {Literal::Int(7)}, &without_cat)}, {}, 2000);
  EXPECT_EQ(ScanRows(t), (std::vector<std::string>{R"({"id":1,"data":"row1","cat":7})"}));
}

TEST(ScanPlanningTest, PathMappingRewritesEveryLocation) {
  TestTable t(TableSchema(), PartitionSpec{});
  DataFile a = t.WriteData("mem://t/data/a.parquet", Rows({1, 2}));
  t.Commit({a}, {}, 2000);
  t.Commit({}, {t.WritePositionDeletes("mem://t/data/pos.parquet", {{a.file_path, 0}})}, 3000);
  // Copy every file to mem://copy/..., as if the table had been moved.
  auto files = t.io.List(FilePath("mem://t"));
  ASSERT_TRUE(files.has_value());
  for (const auto& f : *files) {
    auto bytes = t.io.ReadAll(f.path);
    ASSERT_TRUE(bytes.has_value());
    std::string to = "mem://copy" + f.path.value().substr(std::string("mem://t").size());
    ASSERT_TRUE(t.io.WriteAll(FilePath(to), *bytes).has_value());
    ASSERT_TRUE(t.io.Delete(f.path).has_value());
  }
  auto unmapped = ScanIds(t);
  ASSERT_FALSE(unmapped.has_value());
  ScanOptions options;
  options.path_mapper = *PathMapper::Parse({"mem://t=mem://copy"});
  auto ids = ScanIds(t, options);
  ASSERT_TRUE(ids.has_value()) << ids.error().ToString();
  EXPECT_EQ(*ids, (std::vector<int64_t>{2}));
}

TEST(ScanPathMapperTest, PrefixRulesAndRelativePaths) {
  PathMapper m({{"s3a://bucket/wh/t", "/local/t"}, {"fruit", "table"}}, "/fix/fruit/");
  EXPECT_EQ(m.Map("s3a://bucket/wh/t"), "/local/t");
  EXPECT_EQ(m.Map("s3a://bucket/wh/t/data/x.parquet"), "/local/t/data/x.parquet");
  EXPECT_EQ(m.Map("s3a://bucket/wh/tt/x.parquet"), "s3a://bucket/wh/tt/x.parquet");  // not under the prefix
  EXPECT_EQ(m.Map("fruit/metadata/v1.json"), "/fix/fruit/table/metadata/v1.json");
  EXPECT_EQ(m.Map("fruity/x"), "/fix/fruit/fruity/x");
  EXPECT_EQ(m.Map("/abs/x"), "/abs/x");
  EXPECT_FALSE(PathMapper::Parse({"nothing"}).has_value());
  EXPECT_FALSE(PathMapper::Parse({"=x"}).has_value());
  EXPECT_TRUE(PathMapper().is_identity());
}

TEST(ScanDamagedTest, MissingDataFileIsNamed) {
  TestTable t(TableSchema(), PartitionSpec{});
  t.Commit({t.WriteData("mem://t/data/a.parquet", Rows({1}))}, {}, 2000);
  ASSERT_TRUE(t.io.Delete(FilePath("mem://t/data/a.parquet")).has_value());
  auto r = ScanToBatches(t.io, t.metadata, {});
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind(), ErrorKind::kNotFound);
  EXPECT_NE(r.error().message().find("mem://t/data/a.parquet"), std::string::npos) << r.error().ToString();
}

TEST(ScanDamagedTest, TruncatedManifestIsNamed) {
  TestTable t(TableSchema(), PartitionSpec{});
  t.Commit({t.WriteData("mem://t/data/a.parquet", Rows({1}))}, {}, 2000);
  auto list = ReadManifestList(t.io, t.metadata.CurrentSnapshot()->manifest_list);
  ASSERT_TRUE(list.has_value());
  const std::string manifest = list->front().manifest_path;
  auto bytes = t.io.ReadAll(FilePath(manifest));
  ASSERT_TRUE(bytes.has_value());
  ASSERT_TRUE(t.io.WriteAll(FilePath(manifest), bytes->substr(0, bytes->size() / 2),
                            io::WriteMode::kOverwrite).has_value());
  auto r = ScanToBatches(t.io, t.metadata, {});
  ASSERT_FALSE(r.has_value());
  EXPECT_NE(r.error().message().find(manifest), std::string::npos) << r.error().ToString();
}

TEST(ScanDamagedTest, TruncatedDataFileAndUnsupportedFormatsAreErrors) {
  TestTable t(TableSchema(), PartitionSpec{});
  DataFile a = t.WriteData("mem://t/data/a.parquet", Rows({1, 2, 3}));
  DataFile orc = a;
  orc.file_path = "mem://t/data/b.orc";
  orc.file_format = FileFormat::kOrc;
  t.Commit({a, orc}, {}, 2000);
  auto scan = TableScan::Make(t.io, t.metadata, {});
  ASSERT_TRUE(scan.has_value());
  auto tasks = (*scan)->PlanFiles();
  ASSERT_TRUE(tasks.has_value());
  ASSERT_EQ(tasks->size(), 2u);
  for (const FileScanTask& task : *tasks) {
    auto r = (*scan)->ReadTask(task);
    if (task.data_file.file_format == FileFormat::kOrc) {
      ASSERT_FALSE(r.has_value());
      EXPECT_EQ(r.error().kind(), ErrorKind::kNotSupported);
      EXPECT_NE(r.error().message().find("b.orc"), std::string::npos);
    } else {
      EXPECT_TRUE(r.has_value());
    }
  }
  auto bytes = t.io.ReadAll(FilePath(a.file_path));
  ASSERT_TRUE(t.io.WriteAll(FilePath(a.file_path), bytes->substr(0, bytes->size() - 10),
                            io::WriteMode::kOverwrite).has_value());
  for (const FileScanTask& task : *tasks) {
    if (task.data_file.file_format != FileFormat::kParquet) continue;
    auto r = (*scan)->ReadTask(task);
    ASSERT_FALSE(r.has_value());
    EXPECT_NE(r.error().message().find("a.parquet"), std::string::npos) << r.error().ToString();
  }
}

}  // namespace
}  // namespace firn::iceberg
