// The writers behind upserts: row locations from the fan-out writer (exact across rolls
// and memory-budget flushes), the position delete writer (spec layout, sorting, repeats,
// bounds, partitions, rolling) and the equality delete writer (validation, projection).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "firn/common/macros.h"
#include "firn/iceberg/data/equality_delete_writer.h"
#include "firn/iceberg/data/parquet_schema.h"
#include "firn/iceberg/data/partitioned_writer.h"
#include "firn/iceberg/data/position_delete_writer.h"
#include "firn/iceberg/types/literal_bytes.h"
#include "firn/io/memory_file_io.h"
#include "firn/parquet/reader/file_reader.h"

namespace firn::iceberg {
namespace {

Schema KvSchema() {
  return Schema(0, {Required(1, "id", Type::Long()), Required(2, "k", Type::Int()),
                    Optional(3, "payload", Type::String())});
}

PartitionSpec ByK() {
  return PartitionSpec{0, {PartitionField{FieldId(2), FieldId(1000), "k", Transform::Identity()}}};
}

// Rows id = first..first+n-1 over `partitions` values of k, with payloads that defeat
// dictionaries (so that files grow and roll).
parquet::RecordBatch KvRows(int64_t first, int n, int partitions) {
  parquet::RecordBatch b;
  b.columns.resize(3);
  for (int64_t id = first; id < first + n; ++id) {
    b.columns[0].AppendValue<int64_t>(id);
    b.columns[1].AppendValue<int32_t>(static_cast<int32_t>(id * 7919 % partitions));
    b.columns[2].AppendBytes(fmt::format("payload-{}-{}", id * 2654435761u, std::string(id % 50, 'x')));
  }
  b.num_rows = n;
  return b;
}

Result<parquet::RecordBatch> ReadFile(io::FileIO& io, const std::string& path, int* row_groups = nullptr) {
  FIRN_ASSIGN_OR_RETURN(auto in, io.OpenInputFile(FilePath(path)));
  FIRN_ASSIGN_OR_RETURN(auto r, parquet::FileReader::Open(std::move(in), {}));
  if (row_groups != nullptr) *row_groups = r->num_row_groups();
  return r->ReadAll();
}

TEST(RowLocationTest, PositionsAreExactAcrossRollsAndMemoryFlushes) {
  io::MemoryFileIO io;
  Schema schema = KvSchema();
  PartitionSpec spec = ByK();
  DataWriterOptions opts;
  opts.data_location = "mem://t/data";
  opts.target_file_size_bytes = 24 << 10;  // rolls
  opts.memory_budget_bytes = 256 << 10;    // flushes row groups and closes files early
  auto w = PartitionedWriter::Make(io, schema, spec, opts);
  ASSERT_TRUE(w.has_value()) << w.error().ToString();
  const int kPartitions = 40, kBatches = 30, kRows = 1500;
  std::map<std::pair<int32_t, int64_t>, int64_t> id_at;  // (file, position) -> id
  for (int b = 0; b < kBatches; ++b) {
    std::vector<RowLocation> locations;
    ASSERT_TRUE((*w)->Write(KvRows(int64_t{b} * kRows, kRows, kPartitions), &locations).has_value());
    ASSERT_EQ(locations.size(), static_cast<size_t>(kRows));
    for (int i = 0; i < kRows; ++i) {
      const RowLocation& l = locations[static_cast<size_t>(i)];
      ASSERT_GE(l.file, 0);
      ASSERT_LT(l.file, (*w)->files_opened());
      ASSERT_TRUE(id_at.emplace(std::pair(l.file, l.position), int64_t{b} * kRows + i).second)
          << "two rows at file " << l.file << " position " << l.position;
    }
  }
  // The plain Write keeps working beside the other and is located by neither.
  ASSERT_TRUE((*w)->Write(KvRows(int64_t{kBatches} * kRows, 10, kPartitions)).has_value());
  const int64_t closed_for_memory = (*w)->files_closed_for_memory();
  std::vector<std::string> paths;
  std::vector<std::vector<Literal>> partitions;
  for (int32_t f = 0; f < (*w)->files_opened(); ++f) {
    paths.push_back((*w)->FilePath(f));
    partitions.push_back((*w)->FilePartition(f));
  }
  auto files = (*w)->Finish();
  ASSERT_TRUE(files.has_value()) << files.error().ToString();
  ASSERT_EQ(files->size(), paths.size());
  EXPECT_GT(files->size(), static_cast<size_t>(kPartitions));  // some partitions rolled
  EXPECT_GT(closed_for_memory, 0);
  int max_row_groups = 0;
  int64_t located = 0;
  for (const DataFile& f : *files) {
    auto ordinal = std::find(paths.begin(), paths.end(), f.file_path) - paths.begin();
    ASSERT_LT(ordinal, static_cast<ptrdiff_t>(paths.size())) << f.file_path;
    EXPECT_EQ(f.partition, partitions[static_cast<size_t>(ordinal)]);
    int row_groups = 0;
    auto batch = ReadFile(io, f.file_path, &row_groups);
    ASSERT_TRUE(batch.has_value()) << batch.error().ToString();
    max_row_groups = std::max(max_row_groups, row_groups);
    for (int64_t pos = 0; pos < batch->num_rows; ++pos) {
      const int64_t id = batch->columns[0].ValueAt<int64_t>(pos);
      auto it = id_at.find({static_cast<int32_t>(ordinal), pos});
      if (id >= int64_t{kBatches} * kRows) {
        EXPECT_EQ(it, id_at.end());
        continue;
      }
      ASSERT_NE(it, id_at.end()) << f.file_path << " position " << pos;
      ASSERT_EQ(it->second, id) << f.file_path << " position " << pos;
      ++located;
    }
  }
  EXPECT_EQ(located, int64_t{kBatches} * kRows);
  EXPECT_GT(max_row_groups, 1);  // row groups were flushed early for the budget
}

TEST(RowLocationTest, UnpartitionedSingleGroupBatches) {
  io::MemoryFileIO io;
  Schema schema = KvSchema();
  DataWriterOptions opts;
  opts.data_location = "mem://t/data";
  const PartitionSpec unpartitioned;  // the writer keeps a reference: it must outlive it
  auto w = PartitionedWriter::Make(io, schema, unpartitioned, opts);
  ASSERT_TRUE(w.has_value());
  std::vector<RowLocation> a, b;
  ASSERT_TRUE((*w)->Write(KvRows(0, 3, 1), &a).has_value());
  ASSERT_TRUE((*w)->Write(KvRows(3, 2, 1), &b).has_value());
  EXPECT_EQ(a, (std::vector<RowLocation>{{0, 0}, {0, 1}, {0, 2}}));
  EXPECT_EQ(b, (std::vector<RowLocation>{{0, 3}, {0, 4}}));
  EXPECT_TRUE((*w)->FilePartition(0).empty());
  // An invalid batch is refused and changes nothing.
  parquet::RecordBatch bad;
  bad.columns.resize(1);
  EXPECT_FALSE((*w)->Write(bad, &a).has_value());
  auto files = (*w)->Finish();
  ASSERT_TRUE(files.has_value());
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ((*files)[0].file_path, (*w)->FilePath(0));
  EXPECT_EQ((*files)[0].record_count, 5);
}

// --- PositionDeleteWriter ---

TEST(PositionDeleteWriterTest, SortedDedupedPerPartitionWithSpecLayoutAndBounds) {
  io::MemoryFileIO io;
  PartitionSpec spec = ByK();
  DataWriterOptions opts;
  opts.data_location = "mem://t/data";
  opts.parquet.metrics.default_mode = parquet::MetricsMode{parquet::MetricsMode::Kind::kCounts, 0};
  auto w = PositionDeleteWriter::Make(io, spec, opts);
  ASSERT_TRUE(w.has_value()) << w.error().ToString();
  const std::string long_prefix = "mem://t/data/k=1/a-very-long-file-name-beyond-sixteen-chars-";
  const std::vector<Literal> k1{Literal::Int(1)}, k2{Literal::Int(2)};
  for (auto [path, pos] : std::vector<std::pair<std::string, int64_t>>{
           {long_prefix + "b.parquet", 7}, {long_prefix + "a.parquet", 9}, {long_prefix + "b.parquet", 1},
           {long_prefix + "a.parquet", 9}, {long_prefix + "a.parquet", 0}}) {
    ASSERT_TRUE((*w)->Delete(path, pos, k1).has_value());
  }
  ASSERT_TRUE((*w)->Delete("mem://t/data/k=2/c.parquet", 4, k2).has_value());
  EXPECT_EQ((*w)->size(), 6);
  EXPECT_GT((*w)->MemoryUsage(), 0);
  EXPECT_EQ((*w)->Delete("x", -1, k1).error().kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ((*w)->Delete("x", 1, {}).error().kind(), ErrorKind::kInvalidArgument);
  auto files = (*w)->Finish();
  ASSERT_TRUE(files.has_value()) << files.error().ToString();
  ASSERT_EQ(files->size(), 2u);
  const DataFile& f1 = (*files)[0];
  EXPECT_EQ(f1.content, DataFileContent::kPositionDeletes);
  EXPECT_EQ(f1.spec_id, 0);
  EXPECT_EQ(f1.partition, k1);
  EXPECT_EQ(f1.record_count, 4);  // (a,9) once
  EXPECT_FALSE(f1.sort_order_id.has_value());
  EXPECT_NE(f1.file_path.find("mem://t/data/k=1/"), std::string::npos) << f1.file_path;
  // Whole bounds (the table's metrics mode notwithstanding), for readers' pruning.
  EXPECT_EQ(f1.lower_bounds.at(kDeleteFilePathFieldId), long_prefix + "a.parquet");
  EXPECT_EQ(f1.upper_bounds.at(kDeleteFilePathFieldId), long_prefix + "b.parquet");
  EXPECT_EQ(f1.lower_bounds.at(kDeletePosFieldId), ToBytes(Literal::Long(0)));
  EXPECT_EQ(f1.upper_bounds.at(kDeletePosFieldId), ToBytes(Literal::Long(9)));
  EXPECT_EQ((*files)[1].partition, k2);

  auto in = io.OpenInputFile(FilePath(f1.file_path));
  ASSERT_TRUE(in.has_value());
  auto r = parquet::FileReader::Open(std::move(*in), {});
  ASSERT_TRUE(r.has_value());
  const auto& cols = (*r)->schema()->root().children;
  ASSERT_EQ(cols.size(), 2u);
  EXPECT_EQ(cols[0].name, "file_path");
  EXPECT_EQ(cols[0].field_id.value_or(-1), kDeleteFilePathFieldId);
  EXPECT_EQ(cols[0].repetition, parquet::Repetition::kRequired);
  EXPECT_EQ(cols[1].name, "pos");
  EXPECT_EQ(cols[1].field_id.value_or(-1), kDeletePosFieldId);
  EXPECT_EQ(cols[1].physical, parquet::PhysicalType::kInt64);
  auto batch = (*r)->ReadAll();
  ASSERT_TRUE(batch.has_value());
  std::vector<std::pair<std::string, int64_t>> rows;
  for (int64_t i = 0; i < batch->num_rows; ++i) {
    rows.emplace_back(std::string(batch->columns[0].BytesAt(i)), batch->columns[1].ValueAt<int64_t>(i));
  }
  EXPECT_EQ(rows, (std::vector<std::pair<std::string, int64_t>>{{long_prefix + "a.parquet", 0},
                                                                {long_prefix + "a.parquet", 9},
                                                                {long_prefix + "b.parquet", 1},
                                                                {long_prefix + "b.parquet", 7}}));
}

TEST(PositionDeleteWriterTest, RollsAtTargetSizeAndAbandonLeavesNothing) {
  io::MemoryFileIO io;
  DataWriterOptions opts;
  opts.data_location = "mem://t/data";
  opts.target_file_size_bytes = 4096;
  for (bool abandon : {false, true}) {
    const PartitionSpec unpartitioned;  // kept by reference
    auto w = PositionDeleteWriter::Make(io, unpartitioned, opts);
    ASSERT_TRUE(w.has_value());
    for (int64_t pos = 0; pos < 100000; ++pos) {
      ASSERT_TRUE((*w)->Delete(fmt::format("mem://t/data/f{}.parquet", pos % 7), pos * 13, {}).has_value());
    }
    if (abandon) {
      (*w)->Abandon();
      break;
    }
    auto files = (*w)->Finish();
    ASSERT_TRUE(files.has_value()) << files.error().ToString();
    EXPECT_GT(files->size(), 1u);
    int64_t rows = 0;
    std::string last_path;
    int64_t last_pos = -1;
    for (const DataFile& f : *files) {
      rows += f.record_count;
      auto batch = ReadFile(io, f.file_path);
      ASSERT_TRUE(batch.has_value());
      for (int64_t i = 0; i < batch->num_rows; ++i) {  // sorted across the rolled files
        std::string p(batch->columns[0].BytesAt(i));
        const int64_t pos = batch->columns[1].ValueAt<int64_t>(i);
        ASSERT_TRUE(p > last_path || (p == last_path && pos > last_pos)) << p << " " << pos;
        last_path = p;
        last_pos = pos;
      }
    }
    EXPECT_EQ(rows, 100000);
    for (const DataFile& f : *files) ASSERT_TRUE(io.Delete(FilePath(f.file_path)).has_value());
  }
  auto listed = io.List(FilePath("mem://t"));
  ASSERT_TRUE(listed.has_value());
  EXPECT_TRUE(listed->empty()) << listed->size() << " files left";
}

// --- EqualityDeleteWriter ---

TEST(EqualityDeleteWriterTest, ValidatesKeysAndPartitionSources) {
  io::MemoryFileIO io;
  Schema table(0, {Required(1, "id", Type::Long()), Optional(2, "k", Type::Int()),
                   Optional(3, "s", Type::Struct({Optional(4, "x", Type::Int())}))});
  DataWriterOptions opts;
  opts.data_location = "mem://t/data";
  auto key = EqualityDeleteSchema(table, {1});
  ASSERT_TRUE(key.has_value());
  // Partitioned by k, but k is not in the delete schema.
  PartitionSpec by_k{0, {PartitionField{FieldId(2), FieldId(1000), "k", Transform::Identity()}}};
  auto w = EqualityDeleteWriter::Make(io, *key, {1}, by_k, opts);
  ASSERT_FALSE(w.has_value());
  EXPECT_EQ(w.error().kind(), ErrorKind::kInvalidArgument);
  EXPECT_NE(w.error().message().find("unpartitioned"), std::string::npos) << w.error().message();
  EXPECT_NE(w.error().message().find("source field id 2"), std::string::npos) << w.error().message();
  // Nested and non-primitive keys are refused by name.
  auto nested = EqualityDeleteSchema(table, {4});
  ASSERT_FALSE(nested.has_value());
  EXPECT_EQ(nested.error().kind(), ErrorKind::kNotSupported);
  EXPECT_NE(nested.error().message().find("s.x"), std::string::npos) << nested.error().message();
  EXPECT_EQ(EqualityDeleteSchema(table, {3}).error().kind(), ErrorKind::kNotSupported);
  EXPECT_EQ(EqualityDeleteSchema(table, {9}).error().kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(EqualityDeleteSchema(table, {1, 1}).error().kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(EqualityDeleteWriter::Make(io, *key, {}, PartitionSpec{}, opts).error().kind(),
            ErrorKind::kInvalidArgument);
  EXPECT_EQ(EqualityDeleteWriter::Make(io, *key, {2}, PartitionSpec{}, opts).error().kind(),
            ErrorKind::kInvalidArgument);
}

TEST(EqualityDeleteWriterTest, ProjectsKeysAndWritesPartitionedFiles) {
  io::MemoryFileIO io;
  Schema table = KvSchema();
  auto key = EqualityDeleteSchema(table, {1, 2});
  ASSERT_TRUE(key.has_value());
  parquet::RecordBatch rows = KvRows(0, 10, 3);
  auto projected = ProjectColumns(table, rows, *key);
  ASSERT_TRUE(projected.has_value()) << projected.error().ToString();
  ASSERT_EQ(projected->columns.size(), 2u);
  EXPECT_EQ(projected->num_rows, 10);
  DataWriterOptions opts;
  opts.data_location = "mem://t/data";
  opts.file_prefix = "w";
  auto w = EqualityDeleteWriter::Make(io, *key, {1}, ByK(), opts);
  ASSERT_TRUE(w.has_value()) << w.error().ToString();
  ASSERT_TRUE((*w)->Write(*projected).has_value());
  EXPECT_FALSE((*w)->Write(rows).has_value());  // the table's layout is not the delete schema's
  auto files = (*w)->Finish();
  ASSERT_TRUE(files.has_value()) << files.error().ToString();
  ASSERT_EQ(files->size(), 3u);
  int64_t total = 0;
  for (const DataFile& f : *files) {
    EXPECT_EQ(f.content, DataFileContent::kEqualityDeletes);
    EXPECT_EQ(f.equality_ids, (std::vector<int32_t>{1}));
    EXPECT_EQ(f.partition.size(), 1u);
    EXPECT_NE(f.file_path.find("/w-eq-deletes-"), std::string::npos) << f.file_path;
    auto batch = ReadFile(io, f.file_path);
    ASSERT_TRUE(batch.has_value());
    ASSERT_EQ(batch->columns.size(), 2u);
    for (int64_t i = 0; i < batch->num_rows; ++i) {
      EXPECT_EQ(Literal::Int(batch->columns[1].ValueAt<int32_t>(i)), f.partition[0]);
    }
    total += f.record_count;
  }
  EXPECT_EQ(total, 10);
}

}  // namespace
}  // namespace firn::iceberg
