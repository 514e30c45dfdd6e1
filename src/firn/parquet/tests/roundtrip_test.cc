// Round trips through firn's writer and reader: every Iceberg type and nesting, page v1
// and v2, every codec, tiny pages, tiny dictionaries (fallback to PLAIN mid-chunk), many
// row groups, and random schemas. The reader must give back logically equal vectors.
#include <gtest/gtest.h>

#include <tuple>

#include "reader_test_util.h"

#ifdef FIRN_HAVE_INTEROP_RANDOM
#include "random_table.h"
#endif

namespace firn::parquet {
namespace {

using testing::BatchesEqual;
using testing::RandomVectors;
using testing::WriteParquet;
using P = IcebergPrimitiveType;

SchemaNode Root(std::vector<SchemaNode> fields) {
  return IcebergStruct("table", std::nullopt, true, std::move(fields));
}

// Every Iceberg primitive (optional and required), decimals of each physical width,
// fixed, and the nestings Iceberg tables use.
std::shared_ptr<const Schema> AllTypesSchema() {
  int next_id = 1;
  // Argument evaluation order is unspecified, so ids are unique but not in source order.
  auto id = [&] { return next_id++; };
  std::vector<SchemaNode> f;
  for (int t = 0; t <= static_cast<int>(P::kBinary); ++t) {
    f.push_back(IcebergPrimitive("p" + std::to_string(t), id(), false, static_cast<P>(t)));
    f.push_back(IcebergPrimitive("r" + std::to_string(t), id(), true, static_cast<P>(t)));
  }
  f.push_back(IcebergDecimal("dec5", id(), false, 5, 2));
  f.push_back(IcebergDecimal("dec15", id(), true, 15, 3));
  f.push_back(IcebergDecimal("dec30", id(), false, 30, 10));
  f.push_back(IcebergDecimal("dec38", id(), true, 38, 0));
  f.push_back(IcebergFixed("fixed7", id(), false, 7));
  f.push_back(IcebergFixed("fixed1", id(), true, 1));
  f.push_back(IcebergStruct("st", id(), false, {
      IcebergPrimitive("a", id(), true, P::kInt),
      IcebergPrimitive("b", id(), false, P::kString),
      IcebergStruct("inner", id(), false, {IcebergPrimitive("x", id(), false, P::kDouble),
                                           IcebergPrimitive("d", id(), true, P::kDate)})}));
  f.push_back(IcebergList("li", id(), false, IcebergPrimitive("e", id(), false, P::kInt)));
  f.push_back(IcebergList("lreq", id(), true, IcebergPrimitive("e", id(), true, P::kString)));
  f.push_back(IcebergList("lol", id(), false,
                          IcebergList("e", id(), false, IcebergPrimitive("e", id(), false, P::kLong))));
  f.push_back(IcebergMap("m", id(), false, IcebergPrimitive("k", id(), true, P::kString),
                         IcebergPrimitive("v", id(), false, P::kLong)));
  f.push_back(IcebergMap("mi", id(), false, IcebergPrimitive("k", id(), true, P::kInt),
                         IcebergList("v", id(), false, IcebergDecimal("e", id(), false, 9, 2))));
  f.push_back(IcebergList("los", id(), false, IcebergStruct("e", id(), false, {
      IcebergPrimitive("k", id(), false, P::kString), IcebergDecimal("v", id(), true, 18, 4),
      IcebergPrimitive("ts", id(), false, P::kTimestamp)})));
  f.push_back(IcebergStruct("sol", id(), true, {
      IcebergList("xs", id(), false, IcebergPrimitive("e", id(), true, P::kLong)),
      IcebergList("tags", id(), true, IcebergPrimitive("e", id(), false, P::kString)),
      IcebergPrimitive("u", id(), false, P::kUuid)}));
  f.push_back(IcebergMap("ms", id(), true, IcebergPrimitive("k", id(), true, P::kString),
                         IcebergStruct("v", id(), false, {IcebergPrimitive("a", id(), false, P::kInt),
                                                          IcebergPrimitive("b", id(), true, P::kBinary)})));
  f.push_back(IcebergStruct("deep", id(), false, {IcebergStruct("s2", id(), true, {
      IcebergMap("m", id(), false, IcebergPrimitive("k", id(), true, P::kLong),
                 IcebergStruct("v", id(), true, {IcebergList("l", id(), false,
                                                             IcebergPrimitive("e", id(), false, P::kBoolean))}))})}));
  return *Schema::Make(Root(std::move(f)));
}

struct Case {
  bool v2;
  CompressionKind codec;
  int mode;  // 0 default sizes, 1 tiny pages and row groups, 2 tiny dictionaries
};

std::string CaseName(const ::testing::TestParamInfo<std::tuple<bool, CompressionKind, int>>& info) {
  auto [v2, codec, mode] = info.param;
  static const char* kModes[] = {"default", "tinypages", "tinydict"};
  return std::string(v2 ? "v2_" : "v1_") + std::string(CompressionKindName(codec)) + "_" + kModes[mode];
}

class RoundtripTest : public ::testing::TestWithParam<std::tuple<bool, CompressionKind, int>> {};

TEST_P(RoundtripTest, AllTypesReadBackEqual) {
  auto [v2, codec, mode] = GetParam();
  auto schema = AllTypesSchema();
  WriterOptions options;
  options.write_page_v2 = v2;
  options.compression = codec;
  if (mode == 1) {
    options.page_size_bytes = 200;
    options.page_row_limit = 7;
    options.row_group_size_bytes = 8192;
  } else if (mode == 2) {
    options.dict_size_bytes = 64;
    options.row_group_size_bytes = 64 * 1024;
  }
  RandomVectors gen(static_cast<uint64_t>(v2) * 1000 + static_cast<uint64_t>(codec) * 10 + mode);
  std::vector<RecordBatch> batches;
  for (int64_t n : {0, 1, 150, 400}) batches.push_back(gen.Batch(*schema, n));
  const std::string bytes = WriteParquet(schema, batches, options);

  auto reader = testing::OpenBytes(bytes);
  ASSERT_TRUE(reader.has_value()) << reader.error().ToString();
  if (mode == 1) {
    EXPECT_GE((*reader)->num_row_groups(), 2);
  }
  auto all = (*reader)->ReadAll();
  ASSERT_TRUE(all.has_value()) << all.error().ToString();
  EXPECT_TRUE(BatchesEqual(*schema, batches, *all));

  // Row group by row group, into one reused batch.
  auto projection = (*reader)->Project({});
  ASSERT_TRUE(projection.has_value());
  RecordBatch batch = MakeBatch(*schema);
  int64_t first = 0;
  for (int g = 0; g < (*reader)->num_row_groups(); ++g) {
    auto s = (*reader)->ReadRowGroupInto(g, *projection, &batch);
    ASSERT_TRUE(s.has_value()) << s.error().ToString();
    EXPECT_EQ(batch.num_rows, (*reader)->metadata().row_groups[g].num_rows);
    EXPECT_TRUE(BatchesEqual(*schema, batches, batch, first, false)) << "row group " << g;
    first += batch.num_rows;
  }
  EXPECT_EQ(first, 551);
}

INSTANTIATE_TEST_SUITE_P(
    Matrix, RoundtripTest,
    ::testing::Combine(::testing::Bool(),
                       ::testing::Values(CompressionKind::kUncompressed, CompressionKind::kSnappy,
                                         CompressionKind::kGzip, CompressionKind::kZstd,
                                         CompressionKind::kLz4Raw, CompressionKind::kBrotli),
                       ::testing::Values(0, 1, 2)),
    CaseName);

// ---------------------------------------------------------------- random schemas

class SchemaGen {
 public:
  explicit SchemaGen(uint64_t seed) : rng_(seed) {}
  std::shared_ptr<const Schema> Make() {
    std::vector<SchemaNode> fields;
    const int n = Uniform(1, 6);
    for (int i = 0; i < n; ++i) fields.push_back(Node("c" + std::to_string(i), 0));
    return *Schema::Make(Root(std::move(fields)));
  }

 private:
  int Uniform(int lo, int hi) { return std::uniform_int_distribution<int>(lo, hi)(rng_); }
  SchemaNode Node(std::string name, int depth) {
    const bool req = Uniform(0, 2) == 0;
    const int k = Uniform(0, depth >= 3 ? 4 : 8);
    if (k <= 2) return IcebergPrimitive(name, id_++, req, static_cast<P>(Uniform(0, 13)));
    if (k == 3) return IcebergDecimal(name, id_++, req, Uniform(1, 38), 0);
    if (k == 4) return IcebergFixed(name, id_++, req, Uniform(1, 20));
    if (k == 5) {
      std::vector<SchemaNode> kids;
      for (int i = 0, m = Uniform(1, 3); i < m; ++i) kids.push_back(Node("f" + std::to_string(i), depth + 1));
      return IcebergStruct(name, id_++, req, std::move(kids));
    }
    if (k == 6 || k == 7) return IcebergList(name, id_++, req, Node("e", depth + 1));
    SchemaNode key = IcebergPrimitive("k", id_++, true, static_cast<P>(Uniform(0, 13)));
    return IcebergMap(name, id_++, req, std::move(key), Node("v", depth + 1));
  }
  std::mt19937_64 rng_;
  int id_ = 1;
};

TEST(RoundtripRandomTest, ManySeeds) {
  for (uint64_t seed = 1; seed <= 150; ++seed) {
    std::mt19937_64 rng(seed * 7919);
    auto schema = SchemaGen(seed).Make();
    WriterOptions options;
    options.write_page_v2 = rng() % 2 == 0;
    static constexpr CompressionKind kCodecs[] = {CompressionKind::kUncompressed, CompressionKind::kSnappy,
                                                  CompressionKind::kGzip, CompressionKind::kZstd,
                                                  CompressionKind::kLz4Raw, CompressionKind::kBrotli};
    options.compression = kCodecs[rng() % 6];
    options.page_size_bytes = std::array<int64_t, 3>{128, 2048, 1 << 20}[rng() % 3];
    options.page_row_limit = std::array<int64_t, 3>{5, 100, 20000}[rng() % 3];
    options.dict_size_bytes = std::array<int64_t, 3>{32, 1024, 1 << 20}[rng() % 3];
    options.row_group_size_bytes = std::array<int64_t, 3>{1024, 16384, 1 << 27}[rng() % 3];
    RandomVectors gen(seed, static_cast<int>(rng() % 60));
    std::vector<RecordBatch> batches;
    for (int b = 0, nb = static_cast<int>(rng() % 3) + 1; b < nb; ++b) {
      batches.push_back(gen.Batch(*schema, static_cast<int64_t>(rng() % 300)));
    }
    const std::string bytes = WriteParquet(schema, batches, options);
    auto reader = testing::OpenBytes(bytes);
    ASSERT_TRUE(reader.has_value()) << "seed " << seed << ": " << reader.error().ToString();
    auto all = (*reader)->ReadAll();
    ASSERT_TRUE(all.has_value()) << "seed " << seed << ": " << all.error().ToString();
    ASSERT_TRUE(BatchesEqual(*schema, batches, *all)) << "seed " << seed;
  }
}

#ifdef FIRN_HAVE_INTEROP_RANDOM
// The interop generator's tables (every Iceberg type, extreme values, NaN, deep nesting),
// with the writer options it picks.
TEST(RoundtripRandomTest, InteropRandomTables) {
  for (uint64_t seed = 1; seed <= 200; ++seed) {
    auto table = interop::GenerateRandomTable(seed);
    const std::string bytes = WriteParquet(table.schema, table.batches, table.options);
    auto reader = testing::OpenBytes(bytes);
    ASSERT_TRUE(reader.has_value()) << "seed " << seed << ": " << reader.error().ToString();
    auto all = (*reader)->ReadAll();
    ASSERT_TRUE(all.has_value()) << "seed " << seed << ": " << all.error().ToString();
    ASSERT_TRUE(BatchesEqual(*table.schema, table.batches, *all)) << "seed " << seed;
  }
}
#endif

// ---------------------------------------------------------------- legacy list shapes

// 2-level lists, as old writers produce: a repeated primitive, and a repeated group whose
// fields are the element's. firn's writer can produce both, so they round-trip.
TEST(RoundtripTest, TwoLevelLists) {
  SchemaNode prim = IcebergPrimitive("array", 2, true, P::kInt);
  prim.repetition = Repetition::kRepeated;
  SchemaNode list1 = IcebergStruct("ints", 1, false, {prim});
  list1.logical.kind = LogicalType::Kind::kList;
  SchemaNode group = IcebergStruct("array", 4, false, {IcebergPrimitive("a", 5, false, P::kString),
                                                       IcebergPrimitive("b", 6, true, P::kLong)});
  group.repetition = Repetition::kRepeated;
  SchemaNode list2 = IcebergStruct("pairs", 3, true, {group});
  list2.logical.kind = LogicalType::Kind::kList;
  auto schema = *Schema::Make(Root({list1, list2}));
  RandomVectors gen(5);
  std::vector<RecordBatch> batches;
  batches.push_back(gen.Batch(*schema, 300));
  for (bool v2 : {false, true}) {
    WriterOptions options;
    options.write_page_v2 = v2;
    options.page_size_bytes = 300;
    auto reader = testing::OpenBytes(WriteParquet(schema, batches, options));
    ASSERT_TRUE(reader.has_value()) << reader.error().ToString();
    auto all = (*reader)->ReadAll();
    ASSERT_TRUE(all.has_value()) << all.error().ToString();
    EXPECT_TRUE(BatchesEqual(*schema, batches, *all));
  }
}

// ---------------------------------------------------------------- projection, statistics

TEST(ReaderProjectionTest, ProjectsTopLevelFieldsById) {
  auto schema = AllTypesSchema();
  RandomVectors gen(9);
  std::vector<RecordBatch> batches;
  batches.push_back(gen.Batch(*schema, 50));
  const WriterOptions options;
  auto reader = testing::OpenBytes(WriteParquet(schema, batches, options));
  ASSERT_TRUE(reader.has_value());
  const auto& top = schema->root().children;
  const int32_t a = *top[5].field_id, b = *top[30].field_id;  // a primitive and a struct
  auto batch = (*reader)->ReadRowGroup(0, {b, a});
  ASSERT_TRUE(batch.has_value()) << batch.error().ToString();
  ASSERT_EQ(batch->columns.size(), 2u);
  auto p = (*reader)->Project({b, a});
  ASSERT_TRUE(p.has_value());
  EXPECT_EQ(p->schema->root().children[0].name, top[30].name);
  EXPECT_EQ(p->fields, (std::vector<size_t>{30, 5}));
  for (int64_t r = 0; r < 50; ++r) {
    EXPECT_TRUE(testing::SlotsEqual(top[30], batches[0].columns[30], r, batch->columns[0], r, "b"));
    EXPECT_TRUE(testing::SlotsEqual(top[5], batches[0].columns[5], r, batch->columns[1], r, "a"));
  }
  auto unknown = (*reader)->ReadRowGroup(0, {999999});
  ASSERT_FALSE(unknown.has_value());
  EXPECT_EQ(unknown.error().kind(), ErrorKind::kInvalidArgument);
  auto twice = (*reader)->Project({a, a});
  ASSERT_FALSE(twice.has_value());
  EXPECT_EQ(twice.error().kind(), ErrorKind::kInvalidArgument);
  auto no_group = (*reader)->ReadRowGroup(7);
  ASSERT_FALSE(no_group.has_value());
  EXPECT_EQ(no_group.error().kind(), ErrorKind::kOutOfRange);
}

TEST(ReaderStatisticsTest, ChunkStatisticsForPruning) {
  auto schema = *Schema::Make(Root({IcebergPrimitive("i", 1, false, P::kInt),
                                    IcebergPrimitive("s", 2, true, P::kString),
                                    IcebergPrimitive("d", 3, false, P::kDouble)}));
  RecordBatch b = MakeBatch(*schema);
  for (int32_t v : {5, -3, 17}) b.columns[0].AppendValue(v);
  b.columns[0].AppendNull(4);
  for (const char* s : {"pear", "apple", "zebra", "fig"}) b.columns[1].AppendBytes(s);
  for (double d : {0.0, 2.5, -0.0}) b.columns[2].AppendValue(d);
  b.columns[2].AppendValue(std::numeric_limits<double>::quiet_NaN());
  b.num_rows = 4;
  std::vector<RecordBatch> batches;
  batches.push_back(std::move(b));
  const WriterOptions options;
  auto reader = testing::OpenBytes(WriteParquet(schema, batches, options));
  ASSERT_TRUE(reader.has_value());
  auto i = (*reader)->ChunkStatistics(0, 0);
  ASSERT_TRUE(i.has_value() && i->has_value());
  int32_t lo, hi;
  std::memcpy(&lo, (*i)->min->data(), 4);
  std::memcpy(&hi, (*i)->max->data(), 4);
  EXPECT_EQ(lo, -3);
  EXPECT_EQ(hi, 17);
  EXPECT_EQ((*i)->null_count, 1);
  EXPECT_EQ((*i)->num_values, 4);
  EXPECT_TRUE((*i)->min_exact && (*i)->max_exact);
  auto s = (*reader)->ChunkStatistics(0, 1);
  ASSERT_TRUE(s.has_value() && s->has_value());
  EXPECT_EQ((*s)->min, "apple");
  EXPECT_EQ((*s)->max, "zebra");
  auto d = (*reader)->ChunkStatistics(0, 2);
  ASSERT_TRUE(d.has_value() && d->has_value());
  ASSERT_TRUE((*d)->min.has_value());
  double dlo, dhi;
  std::memcpy(&dlo, (*d)->min->data(), 8);
  std::memcpy(&dhi, (*d)->max->data(), 8);
  EXPECT_TRUE(dlo == 0.0 && std::signbit(dlo));
  EXPECT_EQ(dhi, 2.5);
  EXPECT_EQ((*d)->nan_count, 1);
  EXPECT_FALSE((*reader)->ChunkStatistics(0, 3).has_value());
  EXPECT_FALSE((*reader)->ChunkStatistics(1, 0).has_value());
}

}  // namespace
}  // namespace firn::parquet
