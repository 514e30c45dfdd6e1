// The fuzzer's seed files (fuzz/corpus/): small files firn writes, covering dictionaries
// and their fallback, page v1 and v2, every codec, nesting and a legacy 2-level list.
// The test checks that each seed reads back and stays under 20 KB; with
// FIRN_FUZZ_CORPUS_OUT=<dir> it also writes them there, which is how fuzz/corpus/firn_*
// was made:
//   FIRN_FUZZ_CORPUS_OUT=fuzz/corpus build/src/firn/parquet/parquet_test --gtest_filter='ReaderCorpus*'
#include <gtest/gtest.h>

#include <cstdlib>
#include <fstream>

#include "reader_test_util.h"

namespace firn::parquet {
namespace {

using P = IcebergPrimitiveType;

std::string AllTypesSmall(CompressionKind codec, bool v2) {
  std::vector<SchemaNode> f;
  int32_t id = 1;
  for (int t = 0; t <= static_cast<int>(P::kBinary); ++t) {
    f.push_back(IcebergPrimitive("p" + std::to_string(t), id++, t % 2 == 0, static_cast<P>(t)));
  }
  f.push_back(IcebergDecimal("d9", id++, false, 9, 2));
  f.push_back(IcebergDecimal("d18", id++, false, 18, 4));
  f.push_back(IcebergDecimal("d38", id++, false, 38, 10));
  f.push_back(IcebergFixed("fx", id++, false, 5));
  auto schema = *Schema::Make(testing::Root(std::move(f)));
  testing::RandomVectors gen(21);
  std::vector<RecordBatch> batches;
  batches.push_back(gen.Batch(*schema, 40));
  WriterOptions options;
  options.compression = codec;
  options.write_page_v2 = v2;
  options.page_row_limit = 16;
  return testing::WriteParquet(schema, batches, options);
}

std::string TwoLevelList(CompressionKind codec) {
  SchemaNode prim = IcebergPrimitive("array", 2, true, P::kInt);
  prim.repetition = Repetition::kRepeated;
  SchemaNode list = IcebergStruct("ints", 1, false, {prim});
  list.logical.kind = LogicalType::Kind::kList;
  auto schema = *Schema::Make(testing::Root({list, IcebergPrimitive("s", 3, false, P::kString)}));
  testing::RandomVectors gen(22);
  std::vector<RecordBatch> batches;
  batches.push_back(gen.Batch(*schema, 60));
  WriterOptions options;
  options.compression = codec;
  options.write_page_v2 = true;
  options.page_size_bytes = 128;
  return testing::WriteParquet(schema, batches, options);
}

std::vector<std::pair<std::string, std::string>> Seeds() {
  using C = CompressionKind;
  std::vector<std::pair<std::string, std::string>> seeds;
  seeds.emplace_back("firn_flat_v1_uncompressed.parquet", testing::FlatFile(C::kUncompressed, false, 2 << 20, 60));
  seeds.emplace_back("firn_flat_v2_snappy_fallback.parquet", testing::FlatFile(C::kSnappy, true, 48, 80));
  seeds.emplace_back("firn_nested_v1_gzip.parquet", testing::NestedFile(C::kGzip, false, 50));
  seeds.emplace_back("firn_nested_v2_zstd.parquet", testing::NestedFile(C::kZstd, true, 50));
  seeds.emplace_back("firn_alltypes_v1_lz4.parquet", AllTypesSmall(C::kLz4Raw, false));
  seeds.emplace_back("firn_alltypes_v2_brotli.parquet", AllTypesSmall(C::kBrotli, true));
  seeds.emplace_back("firn_twolevel_v2_uncompressed.parquet", TwoLevelList(C::kUncompressed));
  return seeds;
}

TEST(ReaderCorpusTest, SeedsReadBackAndStaySmall) {
  const char* out = std::getenv("FIRN_FUZZ_CORPUS_OUT");
  for (const auto& [name, bytes] : Seeds()) {
    EXPECT_LT(bytes.size(), 20u * 1024) << name;
    auto rows = testing::ReadEverything(bytes);
    ASSERT_TRUE(rows.has_value()) << name << ": " << rows.error().ToString();
    EXPECT_GT(*rows, 0) << name;
    if (out != nullptr) {
      std::ofstream(std::string(out) + "/" + name, std::ios::binary) << bytes;
    }
  }
}

}  // namespace
}  // namespace firn::parquet
