// Compaction's sort strategy: each group's rows are sorted by the table's sort order (or
// one given) before they are written, so every output file is sorted, the files of a
// group cover consecutive ranges, and each records the order as its sort_order_id.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <numeric>
#include <random>

#include "firn/iceberg/metadata/table_metadata_builder.h"
#include "firn/iceberg/sort/sort_order_parser.h"
#include "firn/iceberg/sort/spill_files.h"
#include "firn/maintain/compact/compactor.h"
#include "firn/maintain/tests/compaction_test_table.h"
#include "firn/parquet/reader/file_reader.h"

namespace firn::maintain {
namespace {

class CompactionSortTest : public testing::CompactionTest {
 protected:
  // Sets the table's default sort order; returns its id.
  int32_t SetSortOrder(const std::string& text) {
    auto ops = Ops();
    auto state = ops->Refresh();
    EXPECT_TRUE(state);
    auto order = iceberg::ParseSortOrder(text, state->metadata->CurrentSchema());
    EXPECT_TRUE(order) << order.error().ToString();
    iceberg::TableMetadataBuilder b(*state->metadata, state->metadata_location);
    const int32_t id = b.AddSortOrder(*order);
    b.SetDefaultSortOrder(id);
    auto updated = std::move(b).Build(1);
    EXPECT_TRUE(updated);
    EXPECT_TRUE(ops->Commit(*state, *updated));
    return id;
  }

  // Appends `ids` in the given order over partitions k = id % parts (one file each), with
  // payloads whose order differs from the ids'.
  void AppendIds(const std::vector<int64_t>& ids, int parts) {
    auto ops = Ops();
    auto state = ops->Refresh();
    ASSERT_TRUE(state);
    const iceberg::TableMetadata& m = *state->metadata;
    auto pschema = iceberg::ToParquetSchema(m.CurrentSchema());
    auto options = iceberg::DataWriterOptionsFromTable(m, **pschema);
    ASSERT_TRUE(options);
    auto w = iceberg::PartitionedWriter::Make(io_, m.CurrentSchema(), *m.SpecById(m.default_spec_id), *options);
    ASSERT_TRUE(w);
    parquet::RecordBatch b = parquet::MakeBatch(**pschema);
    for (int64_t id : ids) {
      b.columns[0].AppendValue<int64_t>(id);
      b.columns[1].AppendValue<int32_t>(static_cast<int32_t>(id % parts));
      b.columns[2].AppendBytes("payload-" + std::to_string((id * 7919) % 100003) + std::string(static_cast<size_t>(id % 13), 'x'));
    }
    b.num_rows = static_cast<int64_t>(ids.size());
    ASSERT_TRUE((*w)->Write(b));
    auto files = (*w)->Finish();
    ASSERT_TRUE(files);
    ASSERT_TRUE(iceberg::AppendFiles(*ops, std::move(*files), {}));
  }

  // `appends` appends of `per` shuffled ids each.
  void AppendShuffled(int appends, int per, int parts, uint64_t seed = 1) {
    std::vector<int64_t> ids(static_cast<size_t>(appends * per));
    std::iota(ids.begin(), ids.end(), int64_t{0});
    std::shuffle(ids.begin(), ids.end(), std::mt19937_64(seed));
    for (int a = 0; a < appends; ++a) {
      AppendIds(std::vector<int64_t>(ids.begin() + a * per, ids.begin() + (a + 1) * per), parts);
    }
  }

  // The ids of a data file in file order.
  std::vector<int64_t> FileIds(const iceberg::DataFile& f) {
    auto in = io_.OpenInputFile(FilePath(f.file_path));
    EXPECT_TRUE(in);
    auto reader = parquet::FileReader::Open(std::move(*in));
    EXPECT_TRUE(reader);
    auto all = (*reader)->ReadAll();
    EXPECT_TRUE(all);
    std::vector<int64_t> ids;
    for (int64_t i = 0; i < all->num_rows; ++i) ids.push_back(all->columns[0].ValueAt<int64_t>(i));
    return ids;
  }

  std::vector<iceberg::DataFile> AllFiles() {
    std::vector<iceberg::DataFile> out;
    auto state = Ops()->Refresh();
    auto scan = iceberg::TableScan::Make(io_, *state->metadata, {});
    auto tasks = (*scan)->PlanFiles();
    EXPECT_TRUE(tasks);
    for (const auto& t : *tasks) out.push_back(t.data_file);
    return out;
  }
};

TEST_F(CompactionSortTest, SortsEveryOutputFileAndRecordsTheOrder) {
  AppendShuffled(8, 200, 2);
  const auto before = Rows();
  const int32_t order_id = SetSortOrder("id desc");
  EXPECT_EQ(order_id, 1);
  auto ops = Ops();
  auto r = Compact(*ops, CompactionOptions{});
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->sort_order, "id desc nulls last");
  EXPECT_EQ(r->files_added, 2);
  EXPECT_EQ(r->bytes_spilled, 0);  // 1,600 rows fit in memory
  EXPECT_EQ(Rows(), before);
  for (const iceberg::DataFile& f : AllFiles()) {
    const std::vector<int64_t> ids = FileIds(f);
    EXPECT_EQ(ids.size(), 800u);
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end(), std::greater<>())) << f.file_path;
    EXPECT_EQ(f.sort_order_id, std::optional<int32_t>(1));
  }
}

// A group bigger than the sort's memory spills runs and merges them; several output files
// of one group hold consecutive, non-overlapping id ranges.
TEST_F(CompactionSortTest, SpillsBeyondMemoryAndSplitsGroupsIntoConsecutiveRanges) {
  AppendShuffled(10, 6000, 1, 2);
  const auto before = Rows();
  SetSortOrder("id");
  const std::string spill = dir_.path() + "/spill";
  std::filesystem::create_directories(spill);
  CompactionOptions options;
  options.target_file_size_bytes = 200 * 1024;  // 60,000 rows: a few files
  CompactionRun run;
  run.memory_budget_bytes = 2 << 20;  // the sort gets 1 MB: ~1.3 MB of payloads spill
  run.spill_directory = spill;
  auto ops = Ops();
  auto r = Compact(*ops, options, run);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_GT(r->bytes_spilled, 0);
  EXPECT_GE(r->files_added, 2);
  EXPECT_EQ(Rows(), before);
  std::vector<std::pair<int64_t, int64_t>> ranges;
  int64_t rows = 0;
  for (const iceberg::DataFile& f : AllFiles()) {
    const std::vector<int64_t> ids = FileIds(f);
    ASSERT_FALSE(ids.empty());
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end())) << f.file_path;
    ranges.emplace_back(ids.front(), ids.back());
    rows += static_cast<int64_t>(ids.size());
  }
  EXPECT_EQ(rows, 60'000);
  std::sort(ranges.begin(), ranges.end());
  for (size_t i = 1; i < ranges.size(); ++i) {
    EXPECT_EQ(ranges[i].first, ranges[i - 1].second + 1) << "file ranges overlap or leave a gap";
  }
  EXPECT_TRUE(std::filesystem::is_empty(spill)) << "spill files left behind";
}

// Runs that a killed compaction left behind (a pid no process has) are swept by the next
// sorted compaction; a live process's runs and unrelated files stay.
TEST_F(CompactionSortTest, SweepsTheRunsOfAKilledProcess) {
  AppendShuffled(6, 300, 1);
  SetSortOrder("id");
  const std::string spill = dir_.path() + "/spill";
  std::filesystem::create_directories(spill);
  const std::string ours = iceberg::SpillFilePrefix();  // firn-sort-<host>-<pid>-
  const std::string host_part = ours.substr(0, ours.rfind('-', ours.size() - 2) + 1);  // firn-sort-<host>-
  const std::string dead = spill + "/" + host_part + "2147483647-0f0e-3.parquet";  // above any pid_max
  const std::string live = spill + "/" + host_part + "1-0f0e-3.parquet";           // init always runs
  const std::string other = spill + "/notes.parquet";
  for (const std::string& p : {dead, live, other}) std::ofstream(p) << "run bytes";
  CompactionRun run;
  run.spill_directory = spill;
  auto ops = Ops();
  auto r = Compact(*ops, CompactionOptions{}, run);
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->groups_rewritten, 1);
  EXPECT_EQ(r->abandoned_spill_files_removed, 1);
  EXPECT_FALSE(std::filesystem::exists(dead));
  EXPECT_TRUE(std::filesystem::exists(live));
  EXPECT_TRUE(std::filesystem::exists(other));
}

TEST_F(CompactionSortTest, StrategyChoicesAndErrors) {
  AppendShuffled(6, 50, 1);
  auto ops = Ops();
  // No sort order: the default is bin-pack (files stamped unsorted); asking for a sort is
  // an error that names the fix.
  CompactionOptions sort;
  sort.strategy = CompactionStrategy::kSort;
  auto refused = Compact(*ops, sort);
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message().find("the sort strategy needs a sort order"), std::string::npos);
  CompactionOptions bad;
  bad.sort_order = "nope desc";
  auto unbound = Compact(*ops, bad);
  ASSERT_FALSE(unbound);
  EXPECT_NE(unbound.error().ToString().find("column 'nope' does not exist"), std::string::npos)
      << unbound.error().ToString();
  auto binpack = Compact(*ops, CompactionOptions{});
  ASSERT_TRUE(binpack) << binpack.error().ToString();
  EXPECT_EQ(binpack->sort_order, "");
  ASSERT_EQ(AllFiles().size(), 1u);
  EXPECT_EQ(AllFiles()[0].sort_order_id, std::optional<int32_t>(0));
  const std::vector<int64_t> unsorted = FileIds(AllFiles()[0]);
  EXPECT_FALSE(std::is_sorted(unsorted.begin(), unsorted.end()));

  // One large file is left alone by size; rewrite-all re-sorts it. An order the table does
  // not have is written without a sort_order_id.
  CompactionOptions all;
  all.rewrite_all = true;
  all.sort_order = "payload";
  auto resorted = Compact(*ops, all);
  ASSERT_TRUE(resorted) << resorted.error().ToString();
  EXPECT_EQ(resorted->files_removed, 1);
  ASSERT_EQ(AllFiles().size(), 1u);
  EXPECT_EQ(AllFiles()[0].sort_order_id, std::nullopt);
  auto rows = Rows();
  std::vector<std::string> payloads;
  {
    auto in = io_.OpenInputFile(FilePath(AllFiles()[0].file_path));
    auto reader = parquet::FileReader::Open(std::move(*in));
    auto b = (*reader)->ReadAll();
    for (int64_t i = 0; i < b->num_rows; ++i) payloads.emplace_back(b->columns[2].BytesAt(i));
  }
  EXPECT_EQ(payloads.size(), 300u);
  EXPECT_TRUE(std::is_sorted(payloads.begin(), payloads.end()));

  // The binpack strategy keeps arrival order even when the table has a sort order.
  SetSortOrder("id");
  CompactionOptions keep;
  keep.strategy = CompactionStrategy::kBinPack;
  keep.rewrite_all = true;
  auto kept = Compact(*ops, keep);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->sort_order, "");
  EXPECT_EQ(AllFiles()[0].sort_order_id, std::optional<int32_t>(0));
  // And the table's order, by default.
  CompactionOptions dflt;
  dflt.rewrite_all = true;
  auto sorted = Compact(*ops, dflt);
  ASSERT_TRUE(sorted);
  EXPECT_EQ(sorted->sort_order, "id asc nulls first");
  const std::vector<int64_t> ids = FileIds(AllFiles()[0]);
  EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end()));
  EXPECT_EQ(AllFiles()[0].sort_order_id, std::optional<int32_t>(1));  // "payload" never became a table order
  EXPECT_EQ(Rows(), rows);
}

TEST_F(CompactionSortTest, DeletesAreAppliedBeforeSorting) {
  AppendShuffled(6, 100, 2, 3);
  auto ops = Ops();
  DeleteKeys(*ops, {0, 1, 2, 3, 10, 599}, 2);
  const auto before = Rows();
  EXPECT_EQ(before.size(), 594u);
  SetSortOrder("id desc");
  auto r = Compact(*ops, CompactionOptions{});
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->records_written, 594);
  EXPECT_EQ(Rows(), before);
  for (const iceberg::DataFile& f : AllFiles()) {
    const std::vector<int64_t> ids = FileIds(f);
    EXPECT_TRUE(std::is_sorted(ids.begin(), ids.end(), std::greater<>()));
  }
  EXPECT_EQ(Current().summary.at("total-delete-files"), "0");
}

}  // namespace
}  // namespace firn::maintain
