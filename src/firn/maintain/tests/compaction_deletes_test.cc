// Compaction with delete files: deletes applied to the rewritten rows, delete files that
// no longer apply removed, delete-heavy files rewritten, and deletes committed by ingest
// while a rewrite runs (equality deletes never conflict; position deletes only with the
// files they may name).
#include "firn/maintain/compact/compactor.h"

#include <gtest/gtest.h>

#include "firn/maintain/tests/compaction_test_table.h"

namespace firn::maintain {
namespace {

using testing::CompactionTest;

TEST_F(CompactionTest, AppliesPositionDeletesAndDropsTheDeleteFile) {
  auto ops = Ops();
  for (int i = 0; i < 5; ++i) Append(*ops, i * 10, 10, 1, "");
  auto state = ops->Refresh();
  ASSERT_TRUE(state);
  auto scan = iceberg::TableScan::Make(io_, *state->metadata, {});
  auto tasks = (*scan)->PlanFiles();
  ASSERT_TRUE(tasks);
  // The file holding ids 0..9: delete its rows at positions 0 and 1 (ids 0 and 1).
  std::string target;
  for (const auto& t : *tasks) {
    if (t.data_file.lower_bounds.at(1) == iceberg::ToBytes(iceberg::Literal::Long(0))) target = t.data_file.file_path;
  }
  ASSERT_FALSE(target.empty());
  iceberg::Schema ds(0, {iceberg::Required(iceberg::kDeleteFilePathFieldId, "file_path", iceberg::Type::String()),
                         iceberg::Required(iceberg::kDeletePosFieldId, "pos", iceberg::Type::Long())});
  auto pschema = iceberg::ToParquetSchema(ds);
  ASSERT_TRUE(pschema);
  const std::string path = dir_.path() + "/wh/db/t/data/k=0/deletes-1.parquet";
  parquet::WriterOptions writer_options;
  auto out = io_.NewOutputFile(FilePath(path));
  ASSERT_TRUE(out);
  auto writer = parquet::FileWriter::Make(std::move(*out), *pschema, writer_options);
  ASSERT_TRUE(writer);
  parquet::RecordBatch b = parquet::MakeBatch(**pschema);
  for (int64_t pos : {0, 1}) {
    b.columns[0].AppendBytes(target);
    b.columns[1].AppendValue<int64_t>(pos);
  }
  b.num_rows = 2;
  ASSERT_TRUE((*writer)->Write(b));
  auto written = (*writer)->Finish();
  ASSERT_TRUE(written);
  iceberg::DataFile del;
  del.content = iceberg::DataFileContent::kPositionDeletes;
  del.file_path = path;
  del.spec_id = state->metadata->default_spec_id;
  del.partition = (*tasks)[0].data_file.partition;
  del.record_count = 2;
  del.file_size_in_bytes = written->file_size_bytes;
  iceberg::SnapshotUpdate delete_rows(*ops, iceberg::SnapshotOperation::kDelete);
  delete_rows.AddFile(del);
  ASSERT_TRUE(delete_rows.Commit());
  ASSERT_EQ(Rows().size(), 48u);
  ASSERT_EQ(Current().summary.at("total-delete-files"), "1");

  auto r = Compact(*ops, CompactionOptions{});
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->records_read, 50);
  EXPECT_EQ(r->records_written, 48);
  EXPECT_EQ(r->delete_files_removed, 1);
  const auto rows = Rows();
  EXPECT_EQ(rows.size(), 48u);
  EXPECT_FALSE(rows.contains(0));
  EXPECT_FALSE(rows.contains(1));
  EXPECT_TRUE(rows.contains(2));
  EXPECT_EQ(Current().summary.at("total-delete-files"), "0");
}

TEST_F(CompactionTest, RemovesDeleteFilesThatApplyToNoDataFile) {
  auto ops = Ops();
  Append(*ops, 0, 10, 2, "");           // k = 0 and k = 1, one file each (seq 1)
  DeleteKeys(*ops, {3}, 2);             // k = 1: applies to the older file of k = 1 (seq 2)
  Append(*ops, 100, 10, 2, "");         // newer files (seq 3)
  DeleteKeys(*ops, {200, 202}, 2);      // k = 0: keys nobody has, but the files of k = 0 are older
  // k = 1 after the last data: it applies to no data file at all.
  Append(*ops, 300, 2, 1, "");          // k = 0 only (seq 5)
  ASSERT_EQ(Current().summary.at("total-delete-files"), "2");
  const auto before = Rows();
  EXPECT_FALSE(before.contains(3));

  // Nothing is small enough in number to rewrite: no data file moves, and both delete
  // files still apply to older files of their partitions, so both stay.
  CompactionOptions keep;
  keep.min_input_files = 100;
  keep.delete_ratio_threshold.reset();  // 2 delete rows on 5 rows of k = 0 would qualify
  auto r = Compact(*ops, keep);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->commits, 0);
  EXPECT_EQ(r->delete_files_removed, 0);

  // Rewriting partition k = 1 (its files get the planned sequence number, 5) leaves the
  // delete of id 3 with nothing to apply to: it goes with the rewrite.
  CompactionOptions k1;
  k1.min_input_files = 1;
  auto filter = iceberg::ParseWhere("k = 1");
  ASSERT_TRUE(filter) << filter.error().ToString();
  k1.filter = *filter;
  r = Compact(*ops, k1);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->delete_files_removed, 1);
  EXPECT_EQ(Current().summary.at("total-delete-files"), "1");
  EXPECT_EQ(Rows(), before);

  // Rewriting k = 0 too: the delete of 200 and 202 now applies to nothing either.
  CompactionOptions all;
  all.min_input_files = 1;
  r = Compact(*ops, all);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(Current().summary.at("total-delete-files"), "0");
  EXPECT_EQ(Rows(), before);
}

TEST_F(CompactionTest, DanglingDeleteFilesGoEvenWhenNothingIsRewritten) {
  auto ops = Ops();
  Append(*ops, 0, 10, 2, "");
  // A delete in a partition with no data (k = 1 holds ids 1, 3, ...; use parts = 4 so that
  // id 2 lands in k = 2, a partition nobody wrote).
  DeleteKeys(*ops, {2}, 4);
  ASSERT_EQ(Current().summary.at("total-delete-files"), "1");
  const auto before = Rows();

  CompactionOptions keep;
  keep.min_input_files = 100;
  keep.remove_dangling_deletes = false;
  auto r = Compact(*ops, keep);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->commits, 0);
  EXPECT_EQ(Current().summary.at("total-delete-files"), "1");

  keep.remove_dangling_deletes = true;
  r = Compact(*ops, keep);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->commits, 1);
  EXPECT_EQ(r->files_removed, 0);
  EXPECT_EQ(r->delete_files_removed, 1);
  EXPECT_EQ(Current().summary.at("total-delete-files"), "0");
  EXPECT_EQ(Current().operation, iceberg::SnapshotOperation::kReplace);
  EXPECT_EQ(Rows(), before);
}

// Ingest in upsert mode commits equality deletes every cycle. A compaction that started
// before such a commit keeps the planned sequence number, so the new deletes still apply
// to the rewritten rows: it lands, and the deleted row stays deleted.
TEST_F(CompactionTest, EqualityDeletesCommittedDuringARewriteDoNotConflict) {
  auto ops = Ops();
  for (int i = 0; i < 5; ++i) Append(*ops, i * 10, 10, 1, "");
  CompactionOptions o;
  o.min_input_files = 2;
  CompactionProgress progress;
  progress.on_group = [&](const FileGroup&, int, int) {
    auto other = Ops();
    DeleteKeys(*other, {7, 42}, 1);
  };
  auto r = Compact(*ops, o, {}, progress);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->commits, 1);
  EXPECT_EQ(r->groups_skipped, 0) << (r->skipped.empty() ? "" : r->skipped[0]);
  int64_t files = 0;
  const auto rows = Rows(&files);
  EXPECT_EQ(files, 1);
  EXPECT_EQ(rows.size(), 48u);
  EXPECT_FALSE(rows.contains(7));
  EXPECT_FALSE(rows.contains(42));
  // The delete still applies to the rewritten file (it is newer than the file's
  // sequence number); a later compaction folds it in.
  EXPECT_EQ(Current().summary.at("total-delete-files"), "1");
  r = Compact(*ops, CompactionOptions{.min_input_files = 1, .delete_file_threshold = 1});
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(Rows().size(), 48u);
  EXPECT_EQ(Current().summary.at("total-delete-files"), "0");
}

// A position delete of a file being rewritten, committed meanwhile, would be lost with the
// file: that rewrite is skipped. One naming a file outside the rewrite is no conflict.
TEST_F(CompactionTest, PositionDeletesCommittedDuringARewriteConflictOnlyWithItsFiles) {
  auto ops = Ops();
  for (int i = 0; i < 4; ++i) Append(*ops, i * 10, 10, 2, "");  // k = 0 (even ids) and k = 1
  const auto k0 = FilesOf(0);
  const auto k1 = FilesOf(1);
  ASSERT_EQ(k0.size(), 4u);
  ASSERT_EQ(k1.size(), 4u);
  auto only_k0 = iceberg::ParseWhere("k = 0");
  ASSERT_TRUE(only_k0);
  CompactionOptions o;
  o.min_input_files = 2;
  o.filter = *only_k0;

  CompactionProgress other_partition;
  other_partition.on_group = [&](const FileGroup&, int, int) {
    auto other = Ops();
    DeletePosition(*other, k1[0], 0);
  };
  auto r = Compact(*ops, o, {}, other_partition);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->commits, 1) << (r->skipped.empty() ? "" : r->skipped[0]);
  EXPECT_EQ(Rows().size(), 39u);

  Append(*ops, 100, 10, 1, "");  // a second k = 0 file to compact with the first
  const auto again = FilesOf(0);
  ASSERT_EQ(again.size(), 2u);
  CompactionProgress same_file;
  same_file.on_group = [&](const FileGroup&, int, int) {
    auto other = Ops();
    DeletePosition(*other, again[0], 1);
  };
  r = Compact(*ops, o, {}, same_file);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->commits, 0);
  EXPECT_EQ(r->groups_skipped, 1);
  ASSERT_EQ(r->skipped.size(), 1u);
  EXPECT_NE(r->skipped[0].find("position deletes"), std::string::npos) << r->skipped[0];
  EXPECT_EQ(Rows().size(), 48u);  // 39 + 10 - the row deleted meanwhile
  EXPECT_EQ(FilesOf(0).size(), 2u);
}

// delete-ratio-threshold (0.3 by default): a file whose delete files hold 30% as many rows
// as it is rewritten even alone in its partition (below min-input-files).
TEST_F(CompactionTest, FilesWithManyDeletedRowsAreRewrittenAlone) {
  auto ops = Ops();
  Append(*ops, 0, 10, 1, "");
  DeleteKeys(*ops, {1, 2}, 1);  // 2 delete rows for 10 rows: 0.2
  auto r = Compact(*ops, CompactionOptions{});
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_TRUE(r->plan.groups.empty());
  DeleteKeys(*ops, {3}, 1);  // 3 for 10: 0.3
  CompactionOptions off;
  off.delete_ratio_threshold.reset();
  r = Compact(*ops, off);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_TRUE(r->plan.groups.empty());
  r = Compact(*ops, CompactionOptions{});
  ASSERT_TRUE(r) << r.error().ToString();
  ASSERT_EQ(r->plan.groups.size(), 1u);
  EXPECT_EQ(r->records_written, 7);
  EXPECT_EQ(Current().summary.at("total-delete-files"), "0");
  EXPECT_EQ(Rows().size(), 7u);
  CompactionOptions bad;
  bad.delete_ratio_threshold = 1.5;
  EXPECT_EQ(Compact(*ops, bad).error().kind(), ErrorKind::kInvalidArgument);
}

}  // namespace
}  // namespace firn::maintain
