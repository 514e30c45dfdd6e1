// Compaction: small files become fewer, larger ones with exactly the same rows, committed as
// replace snapshots that keep ingest's carried state and never lose a concurrent append.
#include "firn/maintain/compact/compactor.h"

#include <gtest/gtest.h>

#include <map>

#include "firn/catalog/catalog_table_operations.h"
#include "firn/catalog/catalog_uri.h"
#include "firn/iceberg/commit/snapshot_update.h"
#include "firn/iceberg/data/equality_delete_writer.h"
#include "firn/iceberg/data/parquet_schema.h"
#include "firn/iceberg/data/partitioned_writer.h"
#include "firn/iceberg/data/position_delete_writer.h"
#include "firn/iceberg/expressions/parser.h"
#include "firn/iceberg/partition/partition_spec_parser.h"
#include "firn/iceberg/scan/delete_file_index.h"
#include "firn/iceberg/types/literal_bytes.h"
#include "firn/iceberg/scan/table_scan.h"
#include "firn/parquet/writer/file_writer.h"
#include "firn/iceberg/types/schema_ddl.h"
#include "firn/io/local_file_io.h"
#include "firn/io/tests/temp_dir.h"

namespace firn::maintain {
namespace {

class CompactionTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto c = catalog::OpenCatalog({.uri = "", .warehouse = dir_.path() + "/wh"}, &io_);
    ASSERT_TRUE(c) << c.error().ToString();
    catalog_ = std::move(*c);
    ASSERT_TRUE(catalog_->CreateNamespace(*catalog::Namespace::Parse("db"), {}));
    auto schema = iceberg::ParseSchemaDdl("id long not null, k int not null, payload string");
    ASSERT_TRUE(schema);
    auto spec = iceberg::ParsePartitionSpec("k", *schema, 0, {}, 999);
    ASSERT_TRUE(spec) << spec.error().ToString();
    catalog::NewTable t{*schema, spec->spec, iceberg::SortOrder::Unsorted(), {}, "", 2};
    ASSERT_TRUE(catalog::CreateTable(*catalog_, io_, Ident(), t));
  }

  static catalog::TableIdentifier Ident() { return *catalog::TableIdentifier::Parse("db.t"); }
  std::unique_ptr<catalog::CatalogTableOperations> Ops() {
    return std::make_unique<catalog::CatalogTableOperations>(*catalog_, io_, Ident());
  }

  // One append of ids [first, first + n) over partitions k = id % parts: one small file
  // per partition. `offsets` goes into the summary as ingest's carried state.
  void Append(iceberg::TableOperations& ops, int64_t first, int n, int parts, const std::string& offsets) {
    auto state = ops.Refresh();
    ASSERT_TRUE(state);
    const iceberg::TableMetadata& m = *state->metadata;
    auto pschema = iceberg::ToParquetSchema(m.CurrentSchema());
    ASSERT_TRUE(pschema);
    auto options = iceberg::DataWriterOptionsFromTable(m, **pschema);
    ASSERT_TRUE(options);
    auto w = iceberg::PartitionedWriter::Make(io_, m.CurrentSchema(), *m.SpecById(m.default_spec_id), *options);
    ASSERT_TRUE(w);
    parquet::RecordBatch b = parquet::MakeBatch(**pschema);
    for (int64_t id = first; id < first + n; ++id) {
      b.columns[0].AppendValue<int64_t>(id);
      b.columns[1].AppendValue<int32_t>(static_cast<int32_t>(id % parts));
      b.columns[2].AppendBytes("payload-" + std::to_string(id * 7));
    }
    b.num_rows = n;
    ASSERT_TRUE((*w)->Write(b));
    auto files = (*w)->Finish();
    ASSERT_TRUE(files);
    std::map<std::string, std::string> summary;
    if (!offsets.empty()) summary["firn.kafka.offsets.g"] = offsets;
    auto committed = iceberg::AppendFiles(ops, std::move(*files), summary);
    ASSERT_TRUE(committed) << committed.error().ToString();
  }

  // Commits equality deletes of `ids` (key: id, with k = id % parts for the partition) in
  // the table's spec, as an overwrite.
  void DeleteKeys(iceberg::TableOperations& ops, const std::vector<int64_t>& ids, int parts) {
    auto state = ops.Refresh();
    ASSERT_TRUE(state);
    const iceberg::TableMetadata& m = *state->metadata;
    auto key = iceberg::EqualityDeleteSchema(m.CurrentSchema(), {1, 2});
    ASSERT_TRUE(key) << key.error().ToString();
    auto pschema = iceberg::ToParquetSchema(*key);
    ASSERT_TRUE(pschema);
    iceberg::DataWriterOptions options;
    options.data_location = m.location + "/data";
    auto w = iceberg::EqualityDeleteWriter::Make(io_, *key, {1}, *m.SpecById(m.default_spec_id), options);
    ASSERT_TRUE(w) << w.error().ToString();
    parquet::RecordBatch b = parquet::MakeBatch(**pschema);
    for (int64_t id : ids) {
      b.columns[0].AppendValue<int64_t>(id);
      b.columns[1].AppendValue<int32_t>(static_cast<int32_t>(id % parts));
    }
    b.num_rows = static_cast<int64_t>(ids.size());
    ASSERT_TRUE((*w)->Write(b));
    auto files = (*w)->Finish();
    ASSERT_TRUE(files) << files.error().ToString();
    iceberg::SnapshotUpdate update(ops, iceberg::SnapshotOperation::kOverwrite);
    for (iceberg::DataFile& f : *files) update.AddFile(std::move(f));
    auto committed = update.Commit();
    ASSERT_TRUE(committed) << committed.error().ToString();
  }

  // Commits a position delete of row `pos` of `data_file` (written with the spec's
  // file_path bounds), as an overwrite.
  void DeletePosition(iceberg::TableOperations& ops, const iceberg::DataFile& data_file, int64_t pos) {
    auto state = ops.Refresh();
    ASSERT_TRUE(state);
    const iceberg::TableMetadata& m = *state->metadata;
    iceberg::DataWriterOptions options;
    options.data_location = m.location + "/data";
    auto w = iceberg::PositionDeleteWriter::Make(io_, *m.SpecById(m.default_spec_id), options);
    ASSERT_TRUE(w) << w.error().ToString();
    ASSERT_TRUE((*w)->Delete(data_file.file_path, pos, data_file.partition));
    auto files = (*w)->Finish();
    ASSERT_TRUE(files) << files.error().ToString();
    iceberg::SnapshotUpdate update(ops, iceberg::SnapshotOperation::kOverwrite);
    for (iceberg::DataFile& f : *files) update.AddFile(std::move(f));
    auto committed = update.Commit();
    ASSERT_TRUE(committed) << committed.error().ToString();
  }

  // The live data files of partition k = `k`.
  std::vector<iceberg::DataFile> FilesOf(int32_t k) {
    auto state = Ops()->Refresh();
    EXPECT_TRUE(state);
    auto scan = iceberg::TableScan::Make(io_, *state->metadata, {});
    auto tasks = (*scan)->PlanFiles();
    std::vector<iceberg::DataFile> out;
    for (const auto& t : *tasks) {
      if (t.data_file.partition.at(0) == iceberg::Literal::Int(k)) out.push_back(t.data_file);
    }
    return out;
  }

  // id -> payload of every row of the current snapshot (ids must be unique).
  std::map<int64_t, std::string> Rows(int64_t* data_files = nullptr) {
    auto state = Ops()->Refresh();
    EXPECT_TRUE(state);
    auto scan = iceberg::TableScan::Make(io_, *state->metadata, {});
    EXPECT_TRUE(scan);
    auto tasks = (*scan)->PlanFiles();
    EXPECT_TRUE(tasks);
    if (data_files) *data_files = static_cast<int64_t>(tasks->size());
    std::map<int64_t, std::string> rows;
    for (const auto& t : *tasks) {
      auto batches = (*scan)->ReadTask(t);
      EXPECT_TRUE(batches) << batches.error().ToString();
      for (const auto& b : *batches) {
        for (int64_t i = 0; i < b.num_rows; ++i) {
          EXPECT_TRUE(rows.emplace(b.columns[0].ValueAt<int64_t>(i), std::string(b.columns[2].BytesAt(i))).second)
              << "duplicate id " << b.columns[0].ValueAt<int64_t>(i);
        }
      }
    }
    return rows;
  }

  // REQUIRES: the result is not used after the next call (it points into state_).
  const iceberg::Snapshot& Current() {
    state_ = *Ops()->Refresh();
    return *state_.metadata->CurrentSnapshot();
  }

  io::testing::TempDir dir_;
  io::LocalFileIO io_;
  std::unique_ptr<catalog::Catalog> catalog_;
  iceberg::TableState state_;
};

TEST_F(CompactionTest, RewritesSmallFilesPerPartitionWithTheSameRows) {
  auto ops = Ops();
  for (int i = 0; i < 8; ++i) Append(*ops, i * 100, 100, 4, "{\"events\":{\"0\":" + std::to_string((i + 1) * 100) + "}}");
  int64_t before_files = 0;
  const auto before = Rows(&before_files);
  EXPECT_EQ(before_files, 32);
  const SequenceNumber planned_seq = Current().sequence_number;

  auto r = Compact(*ops, CompactionOptions{});
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->plan.groups.size(), 4u);
  EXPECT_EQ(r->groups_rewritten, 4);
  EXPECT_EQ(r->commits, 1);
  EXPECT_EQ(r->files_removed, 32);
  EXPECT_EQ(r->files_added, 4);
  EXPECT_EQ(r->records_written, 800);

  int64_t after_files = 0;
  EXPECT_EQ(Rows(&after_files), before);
  EXPECT_EQ(after_files, 4);
  const iceberg::Snapshot& s = Current();
  EXPECT_EQ(s.operation, iceberg::SnapshotOperation::kReplace);
  EXPECT_EQ(s.summary.at("firn.kafka.offsets.g"), "{\"events\":{\"0\":800}}");  // carried forward
  EXPECT_EQ(s.summary.at("firn.maintenance"), "compaction");
  EXPECT_EQ(s.summary.at("total-records"), "800");
  // The new files keep the planned snapshot's data sequence number.
  auto scan = iceberg::TableScan::Make(io_, *state_.metadata, {});
  auto tasks = (*scan)->PlanFiles();
  ASSERT_TRUE(tasks);
  for (const auto& t : *tasks) EXPECT_EQ(t.data_sequence_number, planned_seq);

  // Nothing left to do: a second run plans nothing and commits nothing.
  auto again = Compact(*ops, CompactionOptions{});
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->plan.groups.empty());
  EXPECT_EQ(again->commits, 0);
  const SnapshotId replace_id = s.snapshot_id;  // Current() below replaces what `s` refers to
  EXPECT_EQ(Current().snapshot_id, replace_id);
}

TEST_F(CompactionTest, MinInputFilesAndTheFilterChooseWhatIsRewritten) {
  auto ops = Ops();
  for (int i = 0; i < 3; ++i) Append(*ops, i * 10, 10, 2, "");
  CompactionOptions o;  // 3 small files per partition, fewer than min-input-files 5
  auto none = Compact(*ops, o);
  ASSERT_TRUE(none);
  EXPECT_TRUE(none->plan.groups.empty());
  EXPECT_EQ(none->plan.candidate_files, 6);

  o.min_input_files = 2;
  auto f = iceberg::ParseWhere("k = 1");
  ASSERT_TRUE(f);
  o.filter = *f;  // selects partition k=1's files; every row of them is kept
  const auto before = Rows();
  auto r = Compact(*ops, o);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->groups_rewritten, 1);
  EXPECT_EQ(r->files_removed, 3);
  int64_t files = 0;
  EXPECT_EQ(Rows(&files), before);
  EXPECT_EQ(files, 4);  // k=0 untouched (3 files) + k=1 compacted (1 file)
}

// A TableOperations that lets another writer commit right before this one's first swap.
class RacingOps final : public iceberg::TableOperations {
 public:
  RacingOps(iceberg::TableOperations& inner, std::function<void()> race) : inner_(inner), race_(std::move(race)) {}
  Result<iceberg::TableState> Refresh() override { return inner_.Refresh(); }
  Result<iceberg::TableState> Commit(const iceberg::TableState& base, const iceberg::TableMetadata& updated) override {
    if (race_) std::exchange(race_, nullptr)();
    return inner_.Commit(base, updated);
  }
  io::FileIO& io() override { return inner_.io(); }

 private:
  iceberg::TableOperations& inner_;
  std::function<void()> race_;
};

TEST_F(CompactionTest, AConcurrentAppendIsKeptAndItsOffsetsCarried) {
  auto ops = Ops();
  for (int i = 0; i < 5; ++i) Append(*ops, i * 10, 10, 1, "{\"events\":{\"0\":" + std::to_string((i + 1) * 10) + "}}");
  auto ingest = Ops();
  RacingOps racing(*ops, [&] { Append(*ingest, 1000, 10, 1, "{\"events\":{\"0\":60}}"); });
  auto r = Compact(racing, CompactionOptions{});
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->groups_rewritten, 1);
  int64_t files = 0;
  const auto rows = Rows(&files);
  EXPECT_EQ(rows.size(), 60u);  // 50 compacted + 10 appended meanwhile
  EXPECT_TRUE(rows.contains(1005));
  EXPECT_EQ(files, 2);
  const iceberg::Snapshot& s = Current();
  EXPECT_EQ(s.operation, iceberg::SnapshotOperation::kReplace);
  // The replace landed on top of the append and carries the append's offsets, not the
  // ones current when compaction planned.
  EXPECT_EQ(s.summary.at("firn.kafka.offsets.g"), "{\"events\":{\"0\":60}}");
}

TEST_F(CompactionTest, ALostRaceWithAnotherCompactionIsSkippedAndCleanedUp) {
  auto ops = Ops();
  for (int i = 0; i < 5; ++i) Append(*ops, i * 10, 10, 1, "");
  auto other = Ops();
  Result<CompactionResult> first;
  RacingOps racing(*ops, [&] { first = Compact(*other, CompactionOptions{}); });
  auto second = Compact(racing, CompactionOptions{});
  ASSERT_TRUE(first) << first.error().ToString();
  EXPECT_EQ(first->groups_rewritten, 1);
  ASSERT_TRUE(second) << second.error().ToString();
  EXPECT_EQ(second->groups_rewritten, 0);
  EXPECT_EQ(second->groups_skipped, 1);
  ASSERT_EQ(second->skipped.size(), 1u);
  int64_t files = 0;
  EXPECT_EQ(Rows(&files).size(), 50u);
  EXPECT_EQ(files, 1);
  // The loser's rewritten file was deleted: the data folder holds the 5 inputs (still
  // referenced by older snapshots) and the winner's one output.
  int parquet_files = 0;
  auto listed = io_.List(FilePath(dir_.path() + "/wh"));
  ASSERT_TRUE(listed);
  for (const auto& f : *listed) parquet_files += f.path.value().ends_with(".parquet");
  EXPECT_EQ(parquet_files, 6);
}

TEST_F(CompactionTest, PartialProgressCommitsGroupsSeparately) {
  auto ops = Ops();
  for (int i = 0; i < 5; ++i) Append(*ops, i * 30, 30, 3, "{\"events\":{\"0\":1}}");
  CompactionOptions o;
  o.partial_progress = true;
  o.max_commits = 10;
  const auto before = Rows();
  auto r = Compact(*ops, o);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->commits, 3);  // one per partition's group
  EXPECT_EQ(r->snapshots.size(), 3u);
  EXPECT_EQ(Rows(), before);
  EXPECT_EQ(Current().summary.at("firn.kafka.offsets.g"), "{\"events\":{\"0\":1}}");
}

TEST_F(CompactionTest, BadOptionsAreClearErrors) {
  auto ops = Ops();
  CompactionOptions o;
  o.target_file_size_bytes = 100;
  o.min_file_size_bytes = 200;
  auto r = Compact(*ops, o);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::kInvalidArgument);
  EXPECT_NE(r.error().message().find("min file size 200"), std::string::npos) << r.error().message();
}

// Position deletes are applied to the rows rewritten, and a delete file whose every target
// was rewritten is dropped in the same commit.
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
