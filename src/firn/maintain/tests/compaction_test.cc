// Compaction: small files become fewer, larger ones with exactly the same rows, committed as
// replace snapshots that keep ingest's carried state and never lose a concurrent append.
// Deletes: compaction_deletes_test.cc.
#include "firn/maintain/compact/compactor.h"

#include <gtest/gtest.h>

#include "firn/maintain/tests/compaction_test_table.h"

namespace firn::maintain {
namespace {

using testing::CompactionTest;

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
}  // namespace
}  // namespace firn::maintain
