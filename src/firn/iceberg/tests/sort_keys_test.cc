// Sort orders from text, the sort-key comparison, and the external sorter against a
// reference sort written independently (row tuples compared field by field).
#include "firn/iceberg/sort/external_sorter.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <optional>
#include <random>

#include "firn/iceberg/data/parquet_schema.h"
#include "firn/iceberg/sort/sort_keys.h"
#include "firn/iceberg/sort/sort_order_parser.h"
#include "firn/iceberg/sort/spill_files.h"
#include "firn/iceberg/types/schema_ddl.h"
#include "firn/io/fault_injecting_file_io.h"
#include "firn/io/memory_file_io.h"
#include "firn/parquet/batch/take.h"

namespace firn::iceberg {
namespace {

Schema TestSchema() {
  auto s = ParseSchemaDdl(
      "seq long not null, a int, s string, d double, ts timestamptz, loc struct<x:long>, tags list<string>");
  EXPECT_TRUE(s) << s.error().ToString();
  return *s;
}

TEST(SortOrderParserTest, TermsDirectionsAndNullOrders) {
  const Schema schema = TestSchema();
  auto o = ParseSortOrder("s, a DESC, day(ts) asc nulls last, bucket(16, seq) desc nulls first, loc.x", schema);
  ASSERT_TRUE(o) << o.error().ToString();
  ASSERT_EQ(o->fields.size(), 5u);
  EXPECT_EQ(o->order_id, 1);
  EXPECT_EQ(o->fields[0], (SortField{Transform::Identity(), FieldId(3), SortDirection::kAsc, NullOrder::kNullsFirst}));
  EXPECT_EQ(o->fields[1], (SortField{Transform::Identity(), FieldId(2), SortDirection::kDesc, NullOrder::kNullsLast}));
  EXPECT_EQ(o->fields[2], (SortField{Transform::Day(), FieldId(5), SortDirection::kAsc, NullOrder::kNullsLast}));
  EXPECT_EQ(o->fields[3], (SortField{Transform::Bucket(16), FieldId(1), SortDirection::kDesc, NullOrder::kNullsFirst}));
  EXPECT_EQ(o->fields[4].source_id, schema.FindField("loc.x")->id);
  EXPECT_EQ(SortOrderToString(*o, schema),
            "s asc nulls first, a desc nulls last, day(ts) asc nulls last, bucket(16, seq) desc nulls first, "
            "loc.x asc nulls first");
  // The text form reads back to the same order.
  auto again = ParseSortOrder(SortOrderToString(*o, schema), schema);
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, *o);
  auto empty = ParseSortOrder("  ", schema);
  ASSERT_TRUE(empty);
  EXPECT_TRUE(empty->IsUnsorted());
  EXPECT_EQ(empty->order_id, 0);
}

TEST(SortOrderParserTest, ClearErrors) {
  const Schema schema = TestSchema();
  auto err = [&](std::string_view text) {
    auto o = ParseSortOrder(text, schema);
    EXPECT_FALSE(o) << text;
    return o ? std::string() : o.error().message();
  };
  EXPECT_EQ(err("nope"), "sort term 'nope': column 'nope' does not exist");
  EXPECT_EQ(err("a,,s"), "empty sort term in 'a,,s'");
  EXPECT_EQ(err("a last"), "sort term 'a last': expected 'nulls last'");
  EXPECT_EQ(err("a sideways"), "sort term 'a sideways': expected a column or transform, then asc|desc, then "
                               "nulls first|last");
  EXPECT_EQ(err("day(a)"), "sort term 'day(a)': transform day cannot be applied to 'a' of type int");
  EXPECT_TRUE(err("loc").starts_with("sort term 'loc': transform identity cannot be applied to 'loc' of type struct"));
  EXPECT_EQ(err("desc"), "sort term 'desc': column 'desc' does not exist");
}

// One row of the test schema, for the reference sort.
struct Row {
  int64_t seq = 0;
  std::optional<int32_t> a;
  std::optional<std::string> s;
  std::optional<double> d;
  std::optional<int64_t> x;  // loc.x; also null when loc is null
  bool loc_null = false;
};

parquet::RecordBatch ToBatch(const parquet::Schema& ps, const std::vector<Row>& rows) {
  parquet::RecordBatch b = parquet::MakeBatch(ps);
  for (const Row& r : rows) {
    b.columns[0].AppendValue<int64_t>(r.seq);
    r.a ? b.columns[1].AppendValue<int32_t>(*r.a) : b.columns[1].AppendNull(4);
    r.s ? b.columns[2].AppendBytes(*r.s) : b.columns[2].AppendNull(0);
    r.d ? b.columns[3].AppendValue<double>(*r.d) : b.columns[3].AppendNull(8);
    b.columns[4].AppendValue<int64_t>(1'700'000'000'000'000 + r.seq);
    b.columns[5].AppendStruct(!r.loc_null);
    r.x && !r.loc_null ? b.columns[5].children[0].AppendValue<int64_t>(*r.x) : b.columns[5].children[0].AppendNull(8);
    // tags: seq % 4 elements ("t<seq>-<i>", the second one null), a null list when seq % 11 == 0.
    parquet::ColumnVector& elements = b.columns[6].children[0];
    if (r.seq % 11 != 0) {
      for (int64_t i = 0; i < r.seq % 4; ++i) {
        i == 1 ? elements.AppendNull(0) : elements.AppendBytes("t" + std::to_string(r.seq) + "-" + std::to_string(i));
      }
    }
    b.columns[6].AppendListEnd(elements.length, r.seq % 11 != 0);
  }
  b.num_rows = static_cast<int64_t>(rows.size());
  return b;
}

std::vector<int64_t> Seqs(const std::vector<parquet::RecordBatch>& batches) {
  std::vector<int64_t> out;
  for (const auto& b : batches) {
    for (int64_t i = 0; i < b.num_rows; ++i) out.push_back(b.columns[0].ValueAt<int64_t>(i));
  }
  return out;
}

// The reference: "s desc nulls last, d asc nulls first, loc.x desc nulls last, a asc
// nulls last", compared on plain values. Doubles: -NaN < -inf < ... < inf < NaN.
int DoubleRank(double v, double w) {
  auto key = [](double z) {
    if (std::isnan(z)) return std::signbit(z) ? -2 : 2;
    return 0;
  };
  int kv = key(v), kw = key(w);
  if (kv != kw) return kv < kw ? -1 : 1;
  if (kv != 0) return 0;
  if (v < w) return -1;
  if (v > w) return 1;
  if (v == 0 && w == 0 && std::signbit(v) != std::signbit(w)) return std::signbit(v) ? -1 : 1;
  return 0;
}

template <typename T, typename Cmp>
int CompareOpt(const std::optional<T>& x, const std::optional<T>& y, bool desc, bool nulls_first, Cmp cmp) {
  if (!x || !y) {
    if (!x && !y) return 0;
    return !x == nulls_first ? -1 : 1;
  }
  const int c = cmp(*x, *y);
  return desc ? -c : c;
}

bool ReferenceLess(const Row& p, const Row& q) {
  auto three = [](auto u, auto v) { return u < v ? -1 : (u > v ? 1 : 0); };
  int c = CompareOpt(p.s, q.s, true, false, [&](const std::string& u, const std::string& v) {
    return three(std::string_view(u).compare(v), 0);  // std::string compares as unsigned char
  });
  if (c == 0) c = CompareOpt(p.d, q.d, false, true, DoubleRank);
  if (c == 0) {
    // loc.x desc (nulls last, the default for desc); a null loc makes x null.
    const bool hp = !p.loc_null && p.x.has_value(), hq = !q.loc_null && q.x.has_value();
    if (!hp || !hq) {
      c = hp == hq ? 0 : (!hp ? 1 : -1);
    } else {
      c = -three(p.x.value(), q.x.value());
    }
  }
  if (c == 0) c = CompareOpt(p.a, q.a, false, false, three);
  return c < 0;
}

std::vector<Row> RandomRows(std::mt19937_64& rng, int64_t n, int64_t first_seq) {
  const double specials[] = {std::numeric_limits<double>::quiet_NaN(), -std::numeric_limits<double>::quiet_NaN(),
                             std::numeric_limits<double>::infinity(), -std::numeric_limits<double>::infinity(),
                             0.0, -0.0, 1.5, -1.5};
  const std::string strings[] = {"", "a", "ab", "b", "\xc3\xa9t\xc3\xa9", "zz", "\xff", "a\x01"};
  std::vector<Row> rows;
  for (int64_t i = 0; i < n; ++i) {
    Row r;
    r.seq = first_seq + i;
    if (rng() % 5 != 0) r.a = static_cast<int32_t>(rng() % 7) - 3;
    if (rng() % 6 != 0) r.s = strings[rng() % 8];
    if (rng() % 4 != 0) r.d = specials[rng() % 8];
    if (rng() % 5 != 0) r.x = static_cast<int64_t>(rng() % 3) - 1;
    r.loc_null = rng() % 7 == 0;
    rows.push_back(std::move(r));
  }
  return rows;
}

class ExternalSorterTest : public ::testing::TestWithParam<int> {};

// Random rows with many ties (so stability is visible), NaNs of both signs, -0, empty and
// non-ASCII strings and null structs; memory small enough for many runs and, with a
// fan-in of 2 or 3, several merge passes. Every run must equal std::stable_sort with the
// reference comparison, and no spill file may remain.
TEST_P(ExternalSorterTest, MatchesAStableReferenceSort) {
  const int seed = GetParam();
  std::mt19937_64 rng(static_cast<uint64_t>(seed));
  const Schema schema = TestSchema();
  auto order = ParseSortOrder("s desc nulls last, d asc nulls first, loc.x desc, a nulls last", schema);
  ASSERT_TRUE(order) << order.error().ToString();
  auto ps = ToParquetSchema(schema);
  ASSERT_TRUE(ps);
  io::MemoryFileIO io;
  ExternalSorterOptions options;
  options.spill_directory = "mem://spill";
  options.memory_bytes = seed % 4 == 0 ? (int64_t{64} << 20) : 16 * 1024 * (1 + seed % 3);  // seed 4, 8: in memory
  options.merge_fan_in = 2 + seed % 3;
  options.output_batch_rows = 1 + static_cast<int64_t>(rng() % 3000);
  auto sorter = ExternalSorter::Make(io, schema, *order, options);
  ASSERT_TRUE(sorter) << sorter.error().ToString();
  std::vector<Row> all;
  const int batches = 1 + static_cast<int>(rng() % 12);
  for (int i = 0; i < batches; ++i) {
    auto rows = RandomRows(rng, static_cast<int64_t>(rng() % 2500), static_cast<int64_t>(all.size()));
    ASSERT_TRUE((*sorter)->Add(ToBatch(**ps, rows)));
    all.insert(all.end(), rows.begin(), rows.end());
  }
  std::vector<parquet::RecordBatch> out;
  ASSERT_TRUE((*sorter)->Finish([&](const parquet::RecordBatch& b) {
    EXPECT_LE(b.num_rows, options.output_batch_rows);
    EXPECT_TRUE(parquet::ValidateBatch(**ps, b));
    parquet::RecordBatch copy = parquet::MakeBatch(**ps);
    std::vector<int64_t> idx(static_cast<size_t>(b.num_rows));
    for (size_t i = 0; i < idx.size(); ++i) idx[i] = static_cast<int64_t>(i);
    parquet::TakeRows(**ps, b, idx, &copy);
    out.push_back(std::move(copy));
    return OkStatus();
  }));
  std::vector<Row> expected = all;
  std::stable_sort(expected.begin(), expected.end(), ReferenceLess);
  std::vector<int64_t> want;
  for (const Row& r : expected) want.push_back(r.seq);
  if (Seqs(out) != want) {
    auto show = [&](int64_t q) {
      const Row& r = all[static_cast<size_t>(q)];
      return ::testing::PrintToString(r.s) + " d=" + ::testing::PrintToString(r.d) + " x=" + ::testing::PrintToString(r.x) +
             " locnull=" + std::to_string(r.loc_null) + " a=" + ::testing::PrintToString(r.a);
    };
    ADD_FAILURE() << "got first " << show(Seqs(out)[0]) << "\nwant first " << show(want[0]);
  }
  EXPECT_EQ(Seqs(out), want) << "seed " << seed << ", " << all.size() << " rows, "
                             << (*sorter)->stats().runs_spilled << " runs";
  // Whole rows travel with their keys: every output row equals its input row.
  int64_t k = 0;
  for (const auto& b : out) {
    for (int64_t i = 0; i < b.num_rows; ++i, ++k) {
      const Row& r = all[static_cast<size_t>(want[static_cast<size_t>(k)])];
      ASSERT_EQ(b.columns[2].IsValid(i), r.s.has_value());
      if (r.s) {
        ASSERT_EQ(b.columns[2].BytesAt(i), *r.s);
      }
      ASSERT_EQ(b.columns[4].ValueAt<int64_t>(i), 1'700'000'000'000'000 + r.seq);
      ASSERT_EQ(b.columns[5].IsValid(i), !r.loc_null);
      const parquet::ColumnVector& tags = b.columns[6];
      ASSERT_EQ(tags.IsValid(i), r.seq % 11 != 0);
      const int64_t* o = tags.offsets_data();
      ASSERT_EQ(o[i + 1] - o[i], r.seq % 11 != 0 ? r.seq % 4 : 0) << "row " << k;
      for (int64_t e = o[i]; e < o[i + 1]; ++e) {
        const int64_t n = e - o[i];
        ASSERT_EQ(tags.children[0].IsValid(e), n != 1);
        if (n != 1) {
          ASSERT_EQ(tags.children[0].BytesAt(e), "t" + std::to_string(r.seq) + "-" + std::to_string(n));
        }
      }
    }
  }
  if (options.memory_bytes < (int64_t{1} << 20) && all.size() > 4000) {
    EXPECT_GT((*sorter)->stats().runs_spilled, 1) << "the test should exercise spilling";
  }
  auto left = io.List(FilePath("mem://spill"));
  ASSERT_TRUE(left);
  EXPECT_TRUE(left->empty()) << left->size() << " spill files left";
}

INSTANTIATE_TEST_SUITE_P(Seeds, ExternalSorterTest, ::testing::Range(1, 25));

TEST(ExternalSorterTest, SpillsAndMergesInSeveralPasses) {
  const Schema schema = TestSchema();
  auto order = ParseSortOrder("a desc, seq", schema);
  ASSERT_TRUE(order);
  auto ps = ToParquetSchema(schema);
  io::MemoryFileIO io;
  ExternalSorterOptions options{.memory_bytes = 8 * 1024, .spill_directory = "mem://s", .merge_fan_in = 2,
                                .output_batch_rows = 1000};
  auto sorter = ExternalSorter::Make(io, schema, *order, options);
  ASSERT_TRUE(sorter);
  std::mt19937_64 rng(7);
  for (int i = 0; i < 20; ++i) ASSERT_TRUE((*sorter)->Add(ToBatch(**ps, RandomRows(rng, 500, i * 500))));
  // The runs are named after this host and process, so a sweep can tell them apart
  // from a killed process's (spill_files.h).
  auto spilled = io.List(FilePath("mem://s"));
  ASSERT_TRUE(spilled);
  ASSERT_FALSE(spilled->empty());
  for (const io::FileInfo& f : *spilled) {
    EXPECT_TRUE(f.path.value().starts_with("mem://s/" + SpillFilePrefix())) << f.path.value();
  }
  int64_t prev_a = std::numeric_limits<int64_t>::max(), prev_seq = -1, rows = 0;
  ASSERT_TRUE((*sorter)->Finish([&](const parquet::RecordBatch& b) {
    for (int64_t i = 0; i < b.num_rows; ++i, ++rows) {
      // nulls last for desc: model a null as the smallest value.
      const int64_t a = b.columns[1].IsValid(i) ? b.columns[1].ValueAt<int32_t>(i) : std::numeric_limits<int64_t>::min();
      const int64_t seq = b.columns[0].ValueAt<int64_t>(i);
      EXPECT_TRUE(a < prev_a || (a == prev_a && seq > prev_seq)) << "row " << rows;
      prev_a = a;
      prev_seq = seq;
    }
    return OkStatus();
  }));
  EXPECT_EQ(rows, 10'000);
  EXPECT_GT((*sorter)->stats().runs_spilled, 20);
  EXPECT_GE((*sorter)->stats().merge_passes, 5);
}

TEST(ExternalSorterTest, AFailingSpillIsAClearErrorAndLeavesNothing) {
  const Schema schema = TestSchema();
  auto order = ParseSortOrder("a", schema);
  ASSERT_TRUE(order);
  auto ps = ToParquetSchema(schema);
  io::FaultInjectingFileIO io;
  io.InjectFault(io::FaultOp::kWrite, 2);
  ExternalSorterOptions options{.memory_bytes = 8 * 1024, .spill_directory = "mem://s"};
  auto sorter = ExternalSorter::Make(io, schema, *order, options);
  ASSERT_TRUE(sorter);
  std::mt19937_64 rng(3);
  Status st = OkStatus();
  for (int i = 0; i < 10 && st; ++i) st = (*sorter)->Add(ToBatch(**ps, RandomRows(rng, 500, i * 500)));
  if (st) st = (*sorter)->Finish([](const parquet::RecordBatch&) { return OkStatus(); });
  ASSERT_FALSE(st);
  EXPECT_NE(st.error().ToString().find("spilling a sort run to mem://s/firn-sort-"), std::string::npos)
      << st.error().ToString();
  EXPECT_NE(st.error().ToString().find("injected fault"), std::string::npos) << st.error().ToString();
  sorter->reset();
  auto left = io.List(FilePath("mem://s"));
  ASSERT_TRUE(left);
  EXPECT_TRUE(left->empty()) << left->size() << " files left";
}

TEST(ExternalSorterTest, SinkErrorsStopTheMerge) {
  const Schema schema = TestSchema();
  auto order = ParseSortOrder("a", schema);
  auto ps = ToParquetSchema(schema);
  io::MemoryFileIO io;
  auto sorter = ExternalSorter::Make(io, schema, *order, {.memory_bytes = 8 * 1024, .spill_directory = "mem://s"});
  ASSERT_TRUE(sorter);
  std::mt19937_64 rng(5);
  for (int i = 0; i < 5; ++i) ASSERT_TRUE((*sorter)->Add(ToBatch(**ps, RandomRows(rng, 400, i * 400))));
  int calls = 0;
  Status st = (*sorter)->Finish([&](const parquet::RecordBatch&) -> Status {
    ++calls;
    return IOError("disk full");
  });
  ASSERT_FALSE(st);
  EXPECT_EQ(st.error().message(), "disk full");
  EXPECT_EQ(calls, 1);
  EXPECT_TRUE(io.List(FilePath("mem://s"))->empty());
  EXPECT_FALSE((*sorter)->Finish([](const parquet::RecordBatch&) { return OkStatus(); }));
}

TEST(ExternalSorterTest, RefusesBadSetups) {
  const Schema schema = TestSchema();
  io::MemoryFileIO io;
  EXPECT_FALSE(ExternalSorter::Make(io, schema, SortOrder::Unsorted(), {.spill_directory = "mem://s"}));
  auto order = ParseSortOrder("a", schema);
  EXPECT_FALSE(ExternalSorter::Make(io, schema, *order, {}));  // no spill directory
  EXPECT_FALSE(ExternalSorter::Make(io, schema, *order, {.spill_directory = "mem://s", .merge_fan_in = 1}));
}

// Decimals wider than 8 bytes compare by value (big-endian two's complement), floats by
// the spec's total order, booleans false < true.
TEST(SortKeysTest, WideDecimalsFloatsAndBooleans) {
  auto schema = ParseSchemaDdl("dec decimal(30, 2), f float, b boolean");
  ASSERT_TRUE(schema);
  auto ps = ToParquetSchema(*schema);
  ASSERT_TRUE(ps);
  const int32_t w = 13;  // bytes for precision 30
  auto dec = [&](int64_t v) {
    std::string out(static_cast<size_t>(w), v < 0 ? '\xff' : '\0');
    for (int i = 0; i < 8; ++i) out[static_cast<size_t>(w - 1 - i)] = static_cast<char>((static_cast<uint64_t>(v) >> (8 * i)) & 0xff);
    return out;
  };
  const std::vector<int64_t> decs = {5, -7, 0, -1, 1000000, -1000000};
  const std::vector<float> floats = {1.0f, -std::numeric_limits<float>::infinity(), std::nanf(""), -0.0f, 0.0f, -2.0f};
  parquet::RecordBatch b = parquet::MakeBatch(**ps);
  for (size_t i = 0; i < decs.size(); ++i) {
    b.columns[0].AppendFixedBytes(dec(decs[i]));
    b.columns[1].AppendValue<float>(floats[i]);
    b.columns[2].AppendValue<uint8_t>(i % 2);
  }
  b.num_rows = static_cast<int64_t>(decs.size());
  auto by_dec = SortKeys::Make(*schema, *ParseSortOrder("dec", *schema), b);
  ASSERT_TRUE(by_dec) << by_dec.error().ToString();
  EXPECT_EQ(by_dec->SortedRows(), (std::vector<int64_t>{5, 1, 3, 2, 0, 4}));
  auto by_float = SortKeys::Make(*schema, *ParseSortOrder("f desc", *schema), b);
  ASSERT_TRUE(by_float);
  EXPECT_EQ(by_float->SortedRows(), (std::vector<int64_t>{2, 0, 4, 3, 5, 1}));  // NaN, 1, 0, -0, -2, -inf
  auto by_bool = SortKeys::Make(*schema, *ParseSortOrder("b, dec desc", *schema), b);
  ASSERT_TRUE(by_bool);
  EXPECT_EQ(by_bool->SortedRows(), (std::vector<int64_t>{4, 0, 2, 3, 1, 5}));
}

}  // namespace
}  // namespace firn::iceberg
