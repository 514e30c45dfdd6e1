// FileWriter: footer structure, statistics, Iceberg metrics, dictionary fallback, row-group
// rolling, size reporting, Abandon and fault injection. Values are read back by the reader
// tests and, independently, by DuckDB and hyparquet in tests/interop.
#include "firn/parquet/writer/file_writer.h"

#include <cmath>
#include <cstring>

#include <gtest/gtest.h>

#include "firn/common/macros.h"
#include "firn/io/fault_injecting_file_io.h"
#include "firn/io/memory_file_io.h"
#include "firn/parquet/format/metadata_thrift.h"
#include "firn/parquet/reader/file_reader.h"
#include "firn/parquet/schema/iceberg_types.h"
#include "firn/parquet/schema/schema_thrift.h"
#include "firn/parquet/tests/reader_test_util.h"

namespace firn::parquet {
namespace {

using P = IcebergPrimitiveType;
namespace f = format;

std::shared_ptr<const Schema> EventSchema() {
  auto root = IcebergStruct("table", std::nullopt, true, {
      IcebergPrimitive("id", 1, true, P::kLong),
      IcebergPrimitive("name", 2, false, P::kString),
      IcebergPrimitive("score", 3, false, P::kDouble),
      IcebergList("tags", 4, false, IcebergPrimitive("element", 5, false, P::kString)),
  });
  return *Schema::Make(std::move(root));
}

// Rows i in [begin, end): id = i, name = "n<i % 10>" (null when i % 7 == 0), score = i / 2.0
// (NaN when i % 11 == 0), tags = ["t<i%3>"] * (i % 3) (null when i % 5 == 0).
RecordBatch EventBatch(const Schema& schema, int64_t begin, int64_t end) {
  RecordBatch b = MakeBatch(schema);
  for (int64_t i = begin; i < end; ++i) {
    b.columns[0].AppendValue<int64_t>(i);
    if (i % 7 == 0) b.columns[1].AppendNull(0);
    else b.columns[1].AppendBytes("n" + std::to_string(i % 10));
    b.columns[2].AppendValue<double>(i % 11 == 0 ? NAN : static_cast<double>(i) / 2.0);
    ColumnVector& tags = b.columns[3];
    if (i % 5 == 0) {
      tags.AppendListEnd(tags.children[0].length, false);
    } else {
      for (int k = 0; k < i % 3; ++k) tags.children[0].AppendBytes("t" + std::to_string(i % 3));
      tags.AppendListEnd(tags.children[0].length);
    }
  }
  b.num_rows = end - begin;
  return b;
}

class WriterTest : public ::testing::Test {
 protected:
  Result<WriteResult> Write(const std::vector<RecordBatch>& batches, const WriterOptions& options) {
    FIRN_ASSIGN_OR_RETURN(auto out, io_.NewOutputFile(FilePath("/t/data.parquet"), io::WriteMode::kOverwrite));
    FIRN_ASSIGN_OR_RETURN(auto w, FileWriter::Make(std::move(out), schema_, options));
    for (const auto& b : batches) FIRN_RETURN_NOT_OK(w->Write(b));
    return w->Finish();
  }
  Result<WriteResult> Write(RecordBatch batch, const WriterOptions& options) {
    std::vector<RecordBatch> v;
    v.push_back(std::move(batch));
    return Write(v, options);
  }
  Result<WriteResult> Write(RecordBatch batch) { return Write(std::move(batch), default_options_); }

  // Parses the footer of the written file independently of the writer's own copy.
  f::FileMetaData ReadFooter() {
    std::string bytes = *io_.ReadAll(FilePath("/t/data.parquet"));
    EXPECT_EQ(bytes.substr(0, 4), "PAR1");
    EXPECT_EQ(bytes.substr(bytes.size() - 4), "PAR1");
    uint32_t len;
    std::memcpy(&len, bytes.data() + bytes.size() - 8, 4);
    auto md = f::DeserializeFileMetaData(
        {reinterpret_cast<const uint8_t*>(bytes.data()) + bytes.size() - 8 - len, len});
    EXPECT_TRUE(md.has_value()) << md.error().ToString();
    return *md;
  }

  const IcebergColumnMetrics& MetricsFor(const WriteResult& r, int32_t id) {
    for (const auto& m : r.column_metrics) if (m.field_id == id) return m;
    ADD_FAILURE() << "no metrics for field " << id;
    return r.column_metrics.front();
  }

  io::MemoryFileIO io_;
  const WriterOptions default_options_;
  std::shared_ptr<const Schema> schema_ = EventSchema();
};

TEST_F(WriterTest, FooterDescribesSchemaWithFieldIdsAndRows) {
  auto r = Write(EventBatch(*schema_, 0, 1000));
  ASSERT_TRUE(r) << r.error().ToString();
  f::FileMetaData md = ReadFooter();
  EXPECT_EQ(md.num_rows, 1000);
  EXPECT_EQ(r->record_count, 1000);
  EXPECT_EQ(r->file_size_bytes, static_cast<int64_t>(io_.ReadAll(FilePath("/t/data.parquet"))->size()));
  // root, id, name, score, tags, list, element
  ASSERT_EQ(md.schema.size(), 7u);
  EXPECT_EQ(md.schema[1].field_id, 1);
  EXPECT_EQ(md.schema[4].field_id, 4);
  EXPECT_FALSE(md.schema[5].field_id.has_value());  // the synthetic repeated group
  EXPECT_EQ(md.schema[5].name, "list");
  EXPECT_EQ(md.schema[6].field_id, 5);
  EXPECT_EQ(md.schema[6].name, "element");
  ASSERT_EQ(md.row_groups.size(), 1u);
  ASSERT_EQ(md.row_groups[0].columns.size(), 4u);
  EXPECT_EQ(md.row_groups[0].columns[3].meta_data->path_in_schema,
            (std::vector<std::string>{"tags", "list", "element"}));
  EXPECT_EQ(md.row_groups[0].columns[0].meta_data->codec, f::CompressionCodec::ZSTD);
  ASSERT_TRUE(md.column_orders.has_value());
  EXPECT_EQ(md.column_orders->size(), 4u);
}

TEST_F(WriterTest, ChunkStatisticsIgnoreNaNAndCountNulls) {
  ASSERT_TRUE(Write(EventBatch(*schema_, 0, 100)));
  f::FileMetaData md = ReadFooter();
  const f::Statistics& id = *md.row_groups[0].columns[0].meta_data->statistics;
  int64_t lo, hi;
  std::memcpy(&lo, id.min_value->data(), 8);
  std::memcpy(&hi, id.max_value->data(), 8);
  EXPECT_EQ(lo, 0);
  EXPECT_EQ(hi, 99);
  EXPECT_EQ(id.null_count, 0);
  const f::Statistics& name = *md.row_groups[0].columns[1].meta_data->statistics;
  EXPECT_EQ(*name.min_value, "n0");  // from i = 10
  EXPECT_EQ(*name.max_value, "n9");
  EXPECT_EQ(name.null_count, 15);  // i % 7 == 0 for i in [0, 100)
  const f::Statistics& score = *md.row_groups[0].columns[2].meta_data->statistics;
  double dlo, dhi;
  std::memcpy(&dlo, score.min_value->data(), 8);
  std::memcpy(&dhi, score.max_value->data(), 8);
  EXPECT_EQ(dlo, 0.5);    // 0 is NaN (0 % 11 == 0)
  EXPECT_EQ(dhi, 49.0);  // 99 is NaN
  EXPECT_EQ(score.nan_count, 10);  // 0, 11, ..., 99
}

TEST_F(WriterTest, IcebergMetricsPerFieldId) {
  auto r = Write(EventBatch(*schema_, 0, 100));
  ASSERT_TRUE(r);
  const auto& id = MetricsFor(*r, 1);
  EXPECT_EQ(id.value_count, 100);
  EXPECT_EQ(id.null_value_count, 0);
  EXPECT_FALSE(id.nan_value_count.has_value());
  int64_t lo, hi;
  ASSERT_EQ(id.lower_bound->size(), 8u);
  std::memcpy(&lo, id.lower_bound->data(), 8);
  std::memcpy(&hi, id.upper_bound->data(), 8);
  EXPECT_EQ(lo, 0);
  EXPECT_EQ(hi, 99);
  EXPECT_GT(id.column_size, 0);
  const auto& score = MetricsFor(*r, 3);
  EXPECT_EQ(score.nan_value_count, 10);
  // List elements: counts, but no bounds (Iceberg keeps none inside lists and maps).
  const auto& element = MetricsFor(*r, 5);
  EXPECT_FALSE(element.lower_bound.has_value());
  EXPECT_GT(*element.value_count, 0);
  // Column sizes add up to the chunks in the footer.
  f::FileMetaData md = ReadFooter();
  EXPECT_EQ(id.column_size, md.row_groups[0].columns[0].meta_data->total_compressed_size);
}

TEST_F(WriterTest, MetricsModesFromTableProperties) {
  auto opts = WriterOptions::FromProperties({{"write.metadata.metrics.default", "counts"},
                                             {"write.metadata.metrics.column.name", "truncate(1)"},
                                             {"write.metadata.metrics.column.id", "none"}},
                                            *schema_);
  ASSERT_TRUE(opts) << opts.error().ToString();
  auto r = Write(EventBatch(*schema_, 0, 100), *opts);
  ASSERT_TRUE(r);
  EXPECT_FALSE(MetricsFor(*r, 1).value_count.has_value());  // none
  EXPECT_FALSE(MetricsFor(*r, 3).lower_bound.has_value());  // counts
  EXPECT_EQ(MetricsFor(*r, 3).value_count, 100);
  EXPECT_EQ(*MetricsFor(*r, 2).lower_bound, "n");  // truncate(1) of "n1"
  EXPECT_EQ(*MetricsFor(*r, 2).upper_bound, "o");  // "n9" rounded up
}

TEST_F(WriterTest, BadPropertiesAreClearErrors) {
  auto a = WriterOptions::FromProperties({{"write.parquet.page-size-bytes", "big"}}, *schema_);
  ASSERT_FALSE(a);
  EXPECT_EQ(a.error().message(), "table property write.parquet.page-size-bytes: 'big' is not a positive integer");
  auto b = WriterOptions::FromProperties({{"write.metadata.metrics.column.nope", "full"}}, *schema_);
  ASSERT_FALSE(b);
  EXPECT_NE(b.error().message().find("no column 'nope'"), std::string::npos);
  auto c = WriterOptions::FromProperties({{"write.parquet.compression-codec", "lzo"}}, *schema_);
  ASSERT_FALSE(c);
}

TEST_F(WriterTest, DictionaryFallsBackToPlainPastTheLimit) {
  WriterOptions o;
  o.dict_size_bytes = 256;
  o.page_size_bytes = 1024;
  // Names are low-cardinality (dictionary stays), ids are unique (fallback).
  ASSERT_TRUE(Write(EventBatch(*schema_, 0, 5000), o));
  f::FileMetaData md = ReadFooter();
  const auto& ids = *md.row_groups[0].columns[0].meta_data;
  EXPECT_NE(std::find(ids.encodings.begin(), ids.encodings.end(), f::Encoding::PLAIN), ids.encodings.end());
  const auto& names = *md.row_groups[0].columns[1].meta_data;
  EXPECT_TRUE(names.dictionary_page_offset.has_value());
  EXPECT_NE(std::find(names.encodings.begin(), names.encodings.end(), f::Encoding::RLE_DICTIONARY),
            names.encodings.end());
  int data_pages = 0;
  for (const auto& s : *names.encoding_stats) if (s.page_type == f::PageType::DATA_PAGE) data_pages += s.count;
  EXPECT_GT(data_pages, 1);
}

TEST_F(WriterTest, MostlyDistinctColumnsGetNoDictionaryPage) {
  // Unique ids and keys: the early check gives up on the dictionary inside the first page,
  // re-encodes what that page holds as PLAIN, and no row group gets a dictionary page.
  auto schema = *Schema::Make(IcebergStruct("table", std::nullopt, true,
                                            {IcebergPrimitive("id", 1, true, P::kLong),
                                             IcebergPrimitive("key", 2, false, P::kString),
                                             IcebergPrimitive("kind", 3, false, P::kString)}));
  std::vector<RecordBatch> batches;
  for (int64_t part = 0; part < 2; ++part) {
    RecordBatch b = MakeBatch(*schema);
    for (int64_t i = part * 10000; i < (part + 1) * 10000; ++i) {
      b.columns[0].AppendValue<int64_t>(i * 7919 % 20000);
      b.columns[1].AppendBytes("key-" + std::to_string(i * 7919 % 20000));
      if (i % 9 == 0) b.columns[2].AppendNull(0);
      else b.columns[2].AppendBytes(i % 2 ? "odd" : "even");
    }
    b.num_rows = 10000;
    batches.push_back(std::move(b));
  }
  auto out = *io_.NewOutputFile(FilePath("/t/distinct.parquet"));
  auto w = *FileWriter::Make(std::move(out), schema, default_options_);
  for (const auto& b : batches) {
    ASSERT_TRUE(w->Write(b));
    ASSERT_TRUE(w->FlushRowGroup());
  }
  ASSERT_TRUE(w->Finish());
  std::string bytes = *io_.ReadAll(FilePath("/t/distinct.parquet"));
  auto reader = testing::OpenBytes(bytes);
  ASSERT_TRUE(reader) << reader.error().ToString();
  ASSERT_EQ((*reader)->num_row_groups(), 2);
  auto has = [](const f::ColumnMetaData& md, f::Encoding e) {
    return std::find(md.encodings.begin(), md.encodings.end(), e) != md.encodings.end();
  };
  for (int g = 0; g < 2; ++g) {
    const auto& rg = (*reader)->metadata().row_groups[static_cast<size_t>(g)];
    for (int c = 0; c < 2; ++c) {
      const auto& md = *rg.columns[static_cast<size_t>(c)].meta_data;
      EXPECT_FALSE(md.dictionary_page_offset.has_value()) << "row group " << g << " column " << c;
      EXPECT_FALSE(has(md, f::Encoding::RLE_DICTIONARY)) << "row group " << g << " column " << c;
      for (const auto& st : *md.encoding_stats) {
        EXPECT_NE(st.page_type, f::PageType::DICTIONARY_PAGE);
        EXPECT_EQ(st.encoding, f::Encoding::PLAIN);
      }
    }
    const auto& ids = *rg.columns[0].meta_data;
    int64_t lo, hi;
    std::memcpy(&lo, ids.statistics->min_value->data(), 8);
    std::memcpy(&hi, ids.statistics->max_value->data(), 8);
    int64_t want_lo = 20000, want_hi = -1;
    for (int64_t i = g * 10000; i < (g + 1) * 10000; ++i) {
      want_lo = std::min(want_lo, i * 7919 % 20000);
      want_hi = std::max(want_hi, i * 7919 % 20000);
    }
    EXPECT_EQ(lo, want_lo);
    EXPECT_EQ(hi, want_hi);
    // The low-cardinality column keeps its dictionary.
    EXPECT_TRUE(rg.columns[2].meta_data->dictionary_page_offset.has_value());
  }
  for (int g = 0; g < 2; ++g) {
    auto got = (*reader)->ReadRowGroup(g);
    ASSERT_TRUE(got) << got.error().ToString();
    EXPECT_TRUE(testing::BatchesEqual(*schema, batches, *got, g * 10000, /*whole=*/false));
  }
}

TEST_F(WriterTest, RollsRowGroupsAtTheConfiguredSize) {
  WriterOptions o;
  o.row_group_size_bytes = 8 * 1024;
  o.page_size_bytes = 1024;
  std::vector<RecordBatch> batches;
  for (int i = 0; i < 20; ++i) batches.push_back(EventBatch(*schema_, i * 1000, (i + 1) * 1000));
  auto r = Write(batches, o);
  ASSERT_TRUE(r);
  f::FileMetaData md = ReadFooter();
  EXPECT_GT(md.row_groups.size(), 2u);
  int64_t rows = 0;
  for (const auto& rg : md.row_groups) rows += rg.num_rows;
  EXPECT_EQ(rows, 20000);
  EXPECT_EQ(r->split_offsets.size(), md.row_groups.size());
  EXPECT_EQ(r->split_offsets[0], 4);
  EXPECT_TRUE(std::is_sorted(r->split_offsets.begin(), r->split_offsets.end()));
}

// MemoryUsage counts what the writer keeps beyond the buffered row group (dictionaries,
// page and scratch capacity); ReleaseMemory writes the row group out and frees it, and
// the writer goes on to produce a file with every row.
TEST_F(WriterTest, ReleaseMemoryFreesBuffersAndKeepsWriting) {
  auto out = *io_.NewOutputFile(FilePath("/t/x.parquet"));
  WriterOptions o;
  o.page_size_bytes = 16 * 1024;
  auto w = *FileWriter::Make(std::move(out), schema_, o);
  ASSERT_TRUE(w->Write(EventBatch(*schema_, 0, 30000)));
  const int64_t before = w->MemoryUsage();
  EXPECT_GT(before, w->BufferedBytes());
  ASSERT_TRUE(w->ReleaseMemory());
  EXPECT_EQ(w->BufferedBytes(), 0);
  EXPECT_LT(w->MemoryUsage(), before / 10) << "before " << before;
  ASSERT_TRUE(w->Write(EventBatch(*schema_, 30000, 40000)));
  ASSERT_TRUE(w->ReleaseMemory());
  ASSERT_TRUE(w->Write(EventBatch(*schema_, 40000, 41000)));
  auto r = w->Finish();
  ASSERT_TRUE(r) << r.error().ToString();
  EXPECT_EQ(r->metadata.row_groups.size(), 3u);

  auto reader = FileReader::Open(*io_.OpenInputFile(FilePath("/t/x.parquet")), {});
  ASSERT_TRUE(reader) << reader.error().ToString();
  auto got = (*reader)->ReadAll();
  ASSERT_TRUE(got) << got.error().ToString();
  RecordBatch want = EventBatch(*schema_, 0, 41000);
  ASSERT_EQ(got->num_rows, want.num_rows);
  for (int64_t i = 0; i < want.num_rows; i += 97) {
    EXPECT_EQ(got->columns[0].ValueAt<int64_t>(i), i);
    EXPECT_EQ(got->columns[1].IsValid(i), want.columns[1].IsValid(i)) << i;
    if (want.columns[1].IsValid(i)) {
      EXPECT_EQ(got->columns[1].BytesAt(i), want.columns[1].BytesAt(i));
    }
  }
}

TEST_F(WriterTest, ReportsBufferedWrittenAndEstimatedBytes) {
  auto out = *io_.NewOutputFile(FilePath("/t/x.parquet"));
  WriterOptions o;
  o.page_size_bytes = 16 * 1024;
  auto w = *FileWriter::Make(std::move(out), schema_, o);
  EXPECT_EQ(w->WrittenBytes(), 4);  // magic
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(w->Write(EventBatch(*schema_, i * 10000, (i + 1) * 10000)));
  EXPECT_GT(w->BufferedBytes(), 0);
  int64_t estimate = w->EstimatedFileSize();
  ASSERT_TRUE(w->FlushRowGroup());
  EXPECT_EQ(w->BufferedBytes(), 0);
  // With most data in closed (compressed) pages, the estimate is within 25% of the truth.
  EXPECT_GT(w->WrittenBytes(), estimate * 3 / 4);
  EXPECT_LT(w->WrittenBytes(), estimate * 5 / 4);
  auto r = w->Finish();
  ASSERT_TRUE(r);
}

TEST_F(WriterTest, RejectsMalformedBatchesAndStaysUsable) {
  auto out = *io_.NewOutputFile(FilePath("/t/x.parquet"));
  auto w = *FileWriter::Make(std::move(out), schema_, default_options_);
  RecordBatch bad = EventBatch(*schema_, 0, 10);
  bad.columns[0].AppendNull(8);  // required id holds a null, and 11 slots for 10 rows
  auto s = w->Write(bad);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().kind(), ErrorKind::kInvalidArgument);
  ASSERT_TRUE(w->Write(EventBatch(*schema_, 0, 10)));
  auto r = w->Finish();
  ASSERT_TRUE(r);
  EXPECT_EQ(r->record_count, 10);
}

TEST_F(WriterTest, AbandonLeavesNothingBehind) {
  {
    auto out = *io_.NewOutputFile(FilePath("/t/gone.parquet"));
    auto w = *FileWriter::Make(std::move(out), schema_, default_options_);
    ASSERT_TRUE(w->Write(EventBatch(*schema_, 0, 100)));
    ASSERT_TRUE(w->FlushRowGroup());
    w->Abandon();
  }
  {
    auto out = *io_.NewOutputFile(FilePath("/t/dropped.parquet"));
    auto w = *FileWriter::Make(std::move(out), schema_, default_options_);
    ASSERT_TRUE(w->Write(EventBatch(*schema_, 0, 100)));
  }  // destroyed without Finish
  EXPECT_TRUE(io_.List(FilePath("/t"))->empty());
}

TEST(WriterFaultTest, FailedWriteOrCommitLeavesNoFile) {
  auto schema = EventSchema();
  for (io::FaultOp op : {io::FaultOp::kWrite, io::FaultOp::kSync, io::FaultOp::kRename}) {
    for (int64_t n = 1; n <= 3; ++n) {
      io::FaultInjectingFileIO fio;
      const WriterOptions options;
      fio.InjectFault(op, n);
      Status result = [&]() -> Status {
        FIRN_ASSIGN_OR_RETURN(auto out, fio.NewOutputFile(FilePath("/w/f.parquet")));
        FIRN_ASSIGN_OR_RETURN(auto w, FileWriter::Make(std::move(out), schema, options));
        for (int i = 0; i < 5; ++i) {
          FIRN_RETURN_NOT_OK(w->Write(EventBatch(*schema, i * 100, (i + 1) * 100)));
          FIRN_RETURN_NOT_OK(w->FlushRowGroup());
        }
        FIRN_RETURN_NOT_OK(w->Finish());
        return OkStatus();
      }();
      auto exists = fio.Exists(FilePath("/w/f.parquet"));
      ASSERT_TRUE(exists);
      if (result) {
        // The fault hit an operation the writer did not perform (fewer syncs than n).
        EXPECT_TRUE(*exists);
      } else {
        EXPECT_FALSE(*exists) << "a failed write left a file; op " << static_cast<int>(op) << " n " << n;
        EXPECT_NE(result.error().message().find("/w/f.parquet"), std::string::npos) << result.error().message();
      }
      // A crash after a failure leaves no partial file either.
      fio.DropUnsyncedData();
      EXPECT_EQ(*fio.Exists(FilePath("/w/f.parquet")), static_cast<bool>(result));
    }
  }
}

}  // namespace
}  // namespace firn::parquet

namespace firn::parquet {
namespace {

TEST(SchemaThriftTest, UnknownLogicalTypesAreRefused) {
  std::vector<format::SchemaElement> elements(2);
  elements[0].name = "root";
  elements[0].num_children = 1;
  elements[1].name = "v";
  elements[1].type = format::Type::BYTE_ARRAY;
  elements[1].repetition_type = format::FieldRepetitionType::OPTIONAL;
  elements[1].logicalType = format::UnknownLogicalType{16};
  auto r = FromSchemaElements(elements);
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().kind(), ErrorKind::kNotSupported);
  EXPECT_NE(r.error().message().find("column 'v'"), std::string::npos);
  elements[1].logicalType = format::StringType{};
  ASSERT_TRUE(FromSchemaElements(elements));
}

}  // namespace
}  // namespace firn::parquet
