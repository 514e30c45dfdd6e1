// The fan-out writer: rows land in the file of their partition, files roll at the target
// size, and the DataFiles carry the partition tuple and metrics.
#include <gtest/gtest.h>

#include <set>

#include "firn/iceberg/data/parquet_schema.h"
#include "firn/iceberg/data/partitioned_writer.h"
#include "firn/iceberg/types/literal_bytes.h"
#include "firn/iceberg/types/schema_json.h"
#include "firn/io/memory_file_io.h"
#include "firn/parquet/reader/file_reader.h"

namespace firn::iceberg {
namespace {

Schema TestSchema() {
  return *SchemaFromJsonString(R"({"type":"struct","schema-id":0,"fields":[
    {"id":1,"name":"id","required":true,"type":"long"},
    {"id":2,"name":"ts","required":false,"type":"timestamptz"},
    {"id":3,"name":"loc","required":false,"type":{"type":"struct","fields":[
      {"id":4,"name":"country","required":false,"type":"string"}]}}]})");
}

// Rows i = 0..n-1: id i, ts = day (i % 3) of 2024-01, country "c<i % 2>" (null struct when i % 5 == 4).
parquet::RecordBatch MakeRows(const parquet::Schema& schema, int n) {
  parquet::RecordBatch b = parquet::MakeBatch(schema);
  for (int i = 0; i < n; ++i) {
    b.columns[0].AppendValue<int64_t>(i);
    b.columns[1].AppendValue<int64_t>(1704067200000000LL + (i % 3) * 86400000000LL + i);
    if (i % 5 == 4) {
      b.columns[2].children[0].AppendNull(0);
      b.columns[2].AppendStruct(false);
    } else {
      b.columns[2].children[0].AppendBytes("c" + std::to_string(i % 2));
      b.columns[2].AppendStruct(true);
    }
  }
  b.num_rows = n;
  return b;
}

PartitionSpec DayAndCountry() {
  PartitionSpec spec;
  spec.fields.push_back(PartitionField{FieldId(2), FieldId(1000), "ts_day", Transform::Day()});
  spec.fields.push_back(PartitionField{FieldId(4), FieldId(1001), "country", Transform::Identity()});
  return spec;
}

TEST(PartitionedWriterTest, SplitsRowsByPartitionWithMetrics) {
  io::MemoryFileIO io;
  Schema schema = TestSchema();
  PartitionSpec spec = DayAndCountry();
  auto file_schema = ToParquetSchema(schema);
  ASSERT_TRUE(file_schema.has_value()) << file_schema.error().ToString();
  DataWriterOptions opts;
  opts.data_location = "/t/data";
  auto w = PartitionedWriter::Make(io, schema, spec, opts);
  ASSERT_TRUE(w.has_value()) << w.error().ToString();
  ASSERT_TRUE((*w)->Write(MakeRows(**file_schema, 60)).has_value());
  auto files = (*w)->Finish();
  ASSERT_TRUE(files.has_value()) << files.error().ToString();
  // 3 days x {c0, c1, null} = 9 partitions.
  ASSERT_EQ(files->size(), 9u);
  int64_t rows = 0;
  for (const DataFile& f : *files) {
    rows += f.record_count;
    ASSERT_EQ(f.partition.size(), 2u);
    EXPECT_EQ(f.partition[0].type.id(), TypeId::kDate);
    int32_t day = f.partition[0].int32();
    EXPECT_GE(day, 19723);
    EXPECT_LE(day, 19725);
    EXPECT_NE(f.file_path.find("ts_day=2024-01-0"), std::string::npos) << f.file_path;
    if (f.partition[1].is_null()) {
      EXPECT_NE(f.file_path.find("/country=null/"), std::string::npos) << f.file_path;
    }
    EXPECT_EQ(f.value_counts.at(1), f.record_count);
    EXPECT_TRUE(f.lower_bounds.contains(1));
    // Every row in the file belongs to the partition: read it back.
    auto in = io.OpenInputFile(FilePath(f.file_path));
    ASSERT_TRUE(in.has_value());
    auto r = parquet::FileReader::Open(std::move(*in), {});
    ASSERT_TRUE(r.has_value()) << r.error().ToString();
    auto batch = (*r)->ReadAll();
    ASSERT_TRUE(batch.has_value()) << batch.error().ToString();
    ASSERT_EQ(batch->num_rows, f.record_count);
    for (int64_t i = 0; i < batch->num_rows; ++i) {
      int64_t id = batch->columns[0].ValueAt<int64_t>(i);
      EXPECT_EQ(19723 + id % 3, day) << f.file_path;
      EXPECT_EQ(id % 5 == 4, f.partition[1].is_null());
      if (!f.partition[1].is_null()) {
        EXPECT_EQ(f.partition[1].bytes(), "c" + std::to_string(id % 2));
      }
    }
  }
  EXPECT_EQ(rows, 60);
}

TEST(PartitionedWriterTest, RollsFilesAtTheTargetSizeAndAbandonLeavesNothing) {
  io::MemoryFileIO io;
  Schema schema = TestSchema();
  PartitionSpec unpartitioned;
  auto file_schema = ToParquetSchema(schema);
  DataWriterOptions opts;
  opts.data_location = "/t/data";
  opts.target_file_size_bytes = 2000;
  auto w = PartitionedWriter::Make(io, schema, unpartitioned, opts);
  ASSERT_TRUE(w.has_value());
  for (int i = 0; i < 20; ++i) ASSERT_TRUE((*w)->Write(MakeRows(**file_schema, 200)).has_value());
  EXPECT_GT((*w)->files_written(), 1);
  (*w)->Abandon();
  auto listed = io.List(FilePath("/t"));
  ASSERT_TRUE(listed.has_value());
  EXPECT_TRUE(listed->empty()) << listed->size() << " files left";

  auto w2 = PartitionedWriter::Make(io, schema, unpartitioned, opts);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE((*w2)->Write(MakeRows(**file_schema, 200)).has_value());
  auto files = (*w2)->Finish();
  ASSERT_TRUE(files.has_value());
  EXPECT_GT(files->size(), 1u);
  int64_t rows = 0;
  for (const DataFile& f : *files) rows += f.record_count;
  EXPECT_EQ(rows, 4000);
}

// 300 partitions (identity on k), a string payload that defeats dictionaries.
Schema WideSchema() {
  return *SchemaFromJsonString(R"({"type":"struct","schema-id":0,"fields":[
    {"id":1,"name":"id","required":true,"type":"long"},
    {"id":2,"name":"k","required":true,"type":"int"},
    {"id":3,"name":"payload","required":false,"type":"string"}]})");
}

parquet::RecordBatch WideRows(const parquet::Schema& schema, int64_t first, int n) {
  parquet::RecordBatch b = parquet::MakeBatch(schema);
  for (int64_t id = first; id < first + n; ++id) {
    b.columns[0].AppendValue<int64_t>(id);
    b.columns[1].AppendValue<int32_t>(static_cast<int32_t>(id * 7919 % 300));
    b.columns[2].AppendBytes(fmt::format("payload-{}-{}", id * 2654435761u, std::string(id % 40, 'x')));
  }
  b.num_rows = n;
  return b;
}

// The budget bounds everything the open files hold, not just their buffered row groups:
// after every Write, MemoryUsage is within it, and no row is lost on the way.
TEST(PartitionedWriterTest, MemoryStaysWithinTheBudgetWithManyOpenFiles) {
  io::MemoryFileIO io;
  Schema schema = WideSchema();
  PartitionSpec spec;
  spec.fields.push_back(PartitionField{FieldId(2), FieldId(1000), "k", Transform::Identity()});
  auto file_schema = ToParquetSchema(schema);
  ASSERT_TRUE(file_schema.has_value());
  DataWriterOptions opts;
  opts.data_location = "/t/data";
  opts.memory_budget_bytes = 2 << 20;
  auto w = PartitionedWriter::Make(io, schema, spec, opts);
  ASSERT_TRUE(w.has_value());
  const int kBatches = 40, kRows = 3000;
  int64_t peak = 0;
  for (int b = 0; b < kBatches; ++b) {
    ASSERT_TRUE((*w)->Write(WideRows(**file_schema, int64_t{b} * kRows, kRows)).has_value());
    peak = std::max(peak, (*w)->MemoryUsage());
    ASSERT_LE((*w)->MemoryUsage(), opts.memory_budget_bytes) << "after batch " << b;
  }
  EXPECT_GT(peak, opts.memory_budget_bytes / 2);  // the budget was what limited it
  auto files = (*w)->Finish();
  ASSERT_TRUE(files.has_value()) << files.error().ToString();
  EXPECT_GE(files->size(), 300u);
  std::set<int64_t> ids;
  int max_row_groups = 0;
  for (const DataFile& f : *files) {
    auto r = parquet::FileReader::Open(*io.OpenInputFile(FilePath(f.file_path)), {});
    ASSERT_TRUE(r.has_value()) << r.error().ToString();
    max_row_groups = std::max(max_row_groups, (*r)->num_row_groups());
    auto batch = (*r)->ReadAll();
    ASSERT_TRUE(batch.has_value()) << batch.error().ToString();
    ASSERT_EQ(batch->num_rows, f.record_count);
    for (int64_t i = 0; i < batch->num_rows; ++i) {
      const int64_t id = batch->columns[0].ValueAt<int64_t>(i);
      EXPECT_EQ(batch->columns[1].ValueAt<int32_t>(i), id * 7919 % 300);
      EXPECT_EQ(batch->columns[2].BytesAt(i),
                fmt::format("payload-{}-{}", id * 2654435761u, std::string(id % 40, 'x')));
      EXPECT_TRUE(ids.insert(id).second) << "id " << id << " twice";
    }
  }
  EXPECT_EQ(ids.size(), static_cast<size_t>(kBatches * kRows));
  EXPECT_GT(max_row_groups, 1);  // releasing memory wrote row groups early
}

// Without pressure nothing is released early: one row group per file.
TEST(PartitionedWriterTest, AmpleBudgetKeepsOneRowGroupPerFile) {
  io::MemoryFileIO io;
  Schema schema = WideSchema();
  PartitionSpec spec;
  spec.fields.push_back(PartitionField{FieldId(2), FieldId(1000), "k", Transform::Identity()});
  auto file_schema = ToParquetSchema(schema);
  DataWriterOptions opts;
  opts.data_location = "/t/data";
  auto w = PartitionedWriter::Make(io, schema, spec, opts);
  for (int b = 0; b < 5; ++b) ASSERT_TRUE((*w)->Write(WideRows(**file_schema, b * 3000, 3000)).has_value());
  EXPECT_EQ((*w)->files_closed_for_memory(), 0);
  auto files = (*w)->Finish();
  ASSERT_TRUE(files.has_value());
  EXPECT_EQ(files->size(), 300u);
  for (const DataFile& f : *files) {
    auto r = parquet::FileReader::Open(*io.OpenInputFile(FilePath(f.file_path)), {});
    ASSERT_TRUE(r.has_value());
    EXPECT_EQ((*r)->num_row_groups(), 1) << f.file_path;
  }
}

}  // namespace
}  // namespace firn::iceberg
