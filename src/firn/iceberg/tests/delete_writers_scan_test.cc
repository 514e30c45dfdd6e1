// Upserts end to end: data files, position deletes and equality deletes (partitioned and
// global) written by the writers and committed in ONE overwrite snapshot; TableScan must
// return exactly the rows an upsert means. Also damaged position delete files.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>

#include "firn/iceberg/commit/snapshot_update.h"
#include "firn/iceberg/data/equality_delete_writer.h"
#include "firn/iceberg/data/partitioned_writer.h"
#include "firn/iceberg/data/position_delete_writer.h"
#include "firn/iceberg/metadata/table_metadata_builder.h"
#include "firn/iceberg/scan/scan_to_batches.h"
#include "firn/iceberg/tests/scan_test_table.h"
#include "firn/io/memory_file_io.h"

namespace firn::iceberg {
namespace {

using testing::AppendInt;
using testing::AppendLong;
using testing::AppendString;

// An in-memory catalog of one table: the compare-and-swap is on the metadata location.
class MemoryOps final : public TableOperations {
 public:
  explicit MemoryOps(TableMetadata m) { state_ = {std::make_shared<const TableMetadata>(std::move(m)), "v0"}; }
  Result<TableState> Refresh() override { return state_; }
  Result<TableState> Commit(const TableState& base, const TableMetadata& updated) override {
    if (base.metadata_location != state_.metadata_location) return CommitConflict("stale base");
    state_ = {std::make_shared<const TableMetadata>(updated), "v" + std::to_string(++version_)};
    return state_;
  }
  io::FileIO& io() override { return io_; }
  const TableMetadata& metadata() const { return *state_.metadata; }
  io::MemoryFileIO io_;

 private:
  TableState state_;
  int version_ = 0;
};

Schema TableSchema() {
  return Schema(0, {Required(1, "id", Type::Long()), Optional(2, "data", Type::String()),
                    Required(3, "cat", Type::Int())});
}

// One change of an upsert stream, keyed by id.
struct Op {
  bool upsert = true;  // false: delete the key
  int64_t id = 0;
  int32_t cat = 0;     // the row's partition (for a delete: where the key lives)
  std::string data;
  bool global = false;  // the key's equality delete goes to the global (unpartitioned) file
};

// Writes `ops` as an upsert commit would and commits it as one overwrite snapshot:
//   - every upserted row goes to the data writer, with its location;
//   - a key written earlier in this commit gets a position delete for that row (an
//     equality delete does not reach rows of its own sequence number);
//   - every key touched gets one equality delete (in its partition, or global), for the
//     rows of older commits.
// Returns the DataFiles committed (data and deletes).
std::vector<DataFile> CommitUpserts(MemoryOps& ops, const std::vector<Op>& ops_list, int32_t global_spec_id) {
  const TableMetadata& m = ops.metadata();
  const Schema& schema = m.CurrentSchema();
  const PartitionSpec& spec = m.DefaultSpec();
  const PartitionSpec* global_spec = m.SpecById(global_spec_id);
  EXPECT_NE(global_spec, nullptr);
  DataWriterOptions opts;
  opts.data_location = m.location + "/data";
  opts.target_file_size_bytes = 600;  // small files: rows of one key land in several files
  auto data = PartitionedWriter::Make(ops.io(), schema, spec, opts);
  auto pos = PositionDeleteWriter::Make(ops.io(), spec, opts);
  auto key_schema = EqualityDeleteSchema(schema, {1, 3});
  auto eq = EqualityDeleteWriter::Make(ops.io(), *key_schema, {1}, spec, opts);
  auto global_key = EqualityDeleteSchema(schema, {1});
  auto eq_global = EqualityDeleteWriter::Make(ops.io(), *global_key, {1}, *global_spec, opts);
  EXPECT_TRUE(data && pos && eq && eq_global);
  // (id, cat) -> its live row written by this commit. Keyed with the partition, so that
  // commit 1 can hold id 5 in two partitions for the global delete of commit 2.
  std::map<std::pair<int64_t, int32_t>, RowLocation> written;
  for (const Op& op : ops_list) {
    if (auto it = written.find({op.id, op.cat}); it != written.end()) {
      const RowLocation l = it->second;
      EXPECT_TRUE((*pos)->Delete((*data)->FilePath(l.file), l.position, (*data)->FilePartition(l.file)).has_value());
      written.erase(it);
    }
    parquet::RecordBatch key;
    key.columns.resize(op.global ? 1 : 2);
    AppendLong(key.columns[0], op.id);
    if (!op.global) AppendInt(key.columns[1], op.cat);
    key.num_rows = 1;
    EXPECT_TRUE((op.global ? *eq_global : *eq)->Write(key).has_value());
    if (!op.upsert) continue;
    parquet::RecordBatch row;
    row.columns.resize(3);
    AppendLong(row.columns[0], op.id);
    AppendString(row.columns[1], op.data);
    AppendInt(row.columns[2], op.cat);
    row.num_rows = 1;
    std::vector<RowLocation> where;
    EXPECT_TRUE((*data)->Write(row, &where).has_value());
    written[{op.id, op.cat}] = where[0];
  }
  std::vector<DataFile> all;
  for (Result<std::vector<DataFile>> files :
       {(*data)->Finish(), (*pos)->Finish(), (*eq)->Finish(), (*eq_global)->Finish()}) {
    EXPECT_TRUE(files.has_value()) << files.error().ToString();
    if (files) all.insert(all.end(), files->begin(), files->end());
  }
  SnapshotUpdate update(ops, SnapshotOperation::kOverwrite);
  for (const DataFile& f : all) update.AddFile(f);
  auto committed = update.Commit();
  EXPECT_TRUE(committed.has_value()) << committed.error().ToString();
  return all;
}

std::vector<std::string> ScanRows(MemoryOps& ops) {
  auto r = ScanToBatches(ops.io(), ops.metadata(), {});
  EXPECT_TRUE(r.has_value()) << r.error().ToString();
  std::vector<std::string> rows;
  if (!r) return rows;
  for (const auto& b : r->batches) {
    for (int64_t i = 0; i < b.num_rows; ++i) {
      rows.push_back(fmt::format("{}:{}:{}", b.columns[0].ValueAt<int64_t>(i), b.columns[1].BytesAt(i),
                                 b.columns[2].ValueAt<int32_t>(i)));
    }
  }
  std::sort(rows.begin(), rows.end());
  return rows;
}

// A table partitioned by identity(cat) (spec 0) that also knows an unpartitioned spec
// (spec 1) for global equality deletes.
TableMetadata NewTable() {
  PartitionSpec by_cat{0, {PartitionField{FieldId(3), FieldId(1000), "cat", Transform::Identity()}}};
  auto m = NewTableMetadata(TableSchema(), by_cat, SortOrder::Unsorted(), "mem://t", {}, 1000);
  EXPECT_TRUE(m.has_value());
  TableMetadataBuilder b(*m, std::nullopt);
  EXPECT_EQ(b.AddPartitionSpec(PartitionSpec{}), 1);
  auto built = std::move(b).Build(1001);
  EXPECT_TRUE(built.has_value()) << built.error().ToString();
  return std::move(*built);
}

TEST(DeleteWritersScanTest, UpsertsInOneCommitScanToTheExpectedRows) {
  MemoryOps ops(NewTable());
  ASSERT_EQ(ops.metadata().default_spec_id, 0);
  // Commit 1 (seq 1): ids 1..6 in cat 1, 5 and 11..16 in cat 2.
  std::vector<Op> first;
  for (int64_t id : {1, 2, 3, 4, 5, 6}) first.push_back({true, id, 1, "v1"});
  for (int64_t id : {5, 11, 12, 13, 14, 15, 16}) first.push_back({true, id, 2, "v1"});
  CommitUpserts(ops, first, 1);
  ASSERT_EQ(ScanRows(ops).size(), 13u);

  // Commit 2 (seq 2), one overwrite snapshot.
  auto files = CommitUpserts(ops,
                             {
                                 {true, 2, 1, "v2"},            // replaces a key of commit 1 (eq delete)
                                 {true, 20, 2, "a"},            // new key, written twice in this commit:
                                 {true, 20, 2, "b"},            //   "a" needs a position delete, "b" stays
                                 {true, 3, 1, "x"},             // old key replaced twice in this commit
                                 {true, 3, 1, "y"},
                                 {false, 99, 1, ""},            // delete of a key that never existed
                                 {false, 12, 2, ""},            // delete of an old key
                                 {false, 5, 0, "", true},       // global delete: id 5 in cat 1 and cat 2
                                 {true, 21, 1, "new", true},    // global eq delete + new row: row stays
                                 {true, 21, 1, "newer", true},  //   replaced in the same commit
                             },
                             1);
  int pos_files = 0, eq_files = 0, global_files = 0;
  for (const DataFile& f : files) {
    if (f.content == DataFileContent::kPositionDeletes) ++pos_files;
    if (f.content == DataFileContent::kEqualityDeletes) ++(f.spec_id == 1 ? global_files : eq_files);
  }
  EXPECT_GE(pos_files, 2);  // cat 1 and cat 2
  EXPECT_GE(eq_files, 2);
  EXPECT_EQ(global_files, 1);
  const Snapshot* s = ops.metadata().CurrentSnapshot();
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(s->operation, SnapshotOperation::kOverwrite);
  EXPECT_EQ(s->sequence_number, SequenceNumber(2));
  EXPECT_EQ(ScanRows(ops), (std::vector<std::string>{"11:v1:2", "13:v1:2", "14:v1:2", "15:v1:2", "16:v1:2",
                                                     "1:v1:1", "20:b:2", "21:newer:1", "2:v2:1", "3:y:1",
                                                     "4:v1:1", "6:v1:1"}));

  // Commit 3 (seq 3): the rows commit 2 kept are now older: equality deletes reach them.
  CommitUpserts(ops, {{true, 20, 2, "c"}, {false, 21, 0, "", true}, {true, 3, 1, "z"}}, 1);
  EXPECT_EQ(ScanRows(ops), (std::vector<std::string>{"11:v1:2", "13:v1:2", "14:v1:2", "15:v1:2", "16:v1:2",
                                                     "1:v1:1", "20:c:2", "2:v2:1", "3:z:1", "4:v1:1",
                                                     "6:v1:1"}));
}

// A position delete file that does not have the spec's columns is a clear error, not
// silently ignored.
TEST(DeleteWritersScanTest, PositionDeleteFileWithWrongColumnsIsCorrupt) {
  struct Case {
    const char* name;
    Schema schema;
  };
  const std::vector<Case> cases = {
      {"renamed-pos-id", Schema(0, {Required(kDeleteFilePathFieldId, "file_path", Type::String()),
                                    Required(7, "pos", Type::Long())})},
      {"int-pos", Schema(0, {Required(kDeleteFilePathFieldId, "file_path", Type::String()),
                             Required(kDeletePosFieldId, "pos", Type::Int())})},
      {"long-path", Schema(0, {Required(kDeleteFilePathFieldId, "file_path", Type::Long()),
                               Required(kDeletePosFieldId, "pos", Type::Long())})},
  };
  for (const Case& c : cases) {
    testing::TestTable t(TableSchema(), PartitionSpec{});
    parquet::RecordBatch rows;
    rows.columns.resize(3);
    AppendLong(rows.columns[0], 1);
    AppendString(rows.columns[1], "x");
    AppendInt(rows.columns[2], 1);
    rows.num_rows = 1;
    DataFile data = t.WriteData("mem://t/data/a.parquet", rows);
    t.Commit({data}, {}, 2000);
    parquet::RecordBatch del;
    del.columns.resize(2);
    if (std::string(c.name) == "long-path") AppendLong(del.columns[0], 1); else AppendString(del.columns[0], data.file_path);
    if (std::string(c.name) == "int-pos") AppendInt(del.columns[1], 0); else AppendLong(del.columns[1], 0);
    del.num_rows = 1;
    const std::string path = std::string("mem://t/data/bad-") + c.name + ".parquet";
    DataFile bad = t.WriteParquet(path, c.schema, del, DataFileContent::kPositionDeletes, {}, 0);
    bad.lower_bounds.clear();  // no pruning by bounds: the file must be read
    bad.upper_bounds.clear();
    t.Commit({}, {bad}, 3000);
    auto r = ScanToBatches(t.io, t.metadata, {});
    ASSERT_FALSE(r.has_value()) << c.name;
    EXPECT_EQ(r.error().kind(), ErrorKind::kCorrupt) << c.name << ": " << r.error().ToString();
    EXPECT_NE(r.error().message().find(path), std::string::npos) << r.error().ToString();
    EXPECT_NE(r.error().message().find("2147483545"), std::string::npos) << r.error().ToString();
  }
}

}  // namespace
}  // namespace firn::iceberg
