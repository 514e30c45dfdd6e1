#include "firn/iceberg/expressions/row_filter.h"

#include <cmath>

#include <gtest/gtest.h>

#include "firn/iceberg/data/parquet_schema.h"
#include "firn/iceberg/expressions/parser.h"
#include "firn/iceberg/types/temporal.h"
#include "firn/parquet/schema/iceberg_types.h"

namespace firn::iceberg {
namespace {

Schema BatchSchema() {
  return Schema(0, {Optional(1, "n", Type::Int()), Optional(2, "amount", Type::Double()),
                    Optional(3, "country", Type::String()), Optional(4, "price", Type::Decimal(9, 2)),
                    Optional(5, "big", Type::Decimal(30, 4)), Optional(6, "ts", Type::TimestampTz()),
                    Optional(7, "device", Type::Struct({Optional(8, "os", Type::String()),
                                                        Required(9, "ver", Type::Int())})),
                    Optional(10, "flag", Type::Boolean()), Optional(11, "mid", Type::Decimal(15, 3)),
                    Optional(12, "tags", Type::List(13, false, Type::String()))});
}

int64_t Ts(std::string_view s) { return *ParseTimestamp(s, false, false, false); }

std::string BigEndian(Int128 v, int w) {
  std::string out(static_cast<size_t>(w), '\0');
  auto u = static_cast<unsigned __int128>(v);
  for (int i = w - 1; i >= 0; --i) {
    out[static_cast<size_t>(i)] = static_cast<char>(u & 0xff);
    u >>= 8;
  }
  return out;
}

struct Row {
  std::optional<int32_t> n;
  std::optional<double> amount;
  std::optional<std::string> country;
  std::optional<int32_t> price;
  std::optional<Int128> big;
  std::optional<int64_t> ts;
  bool device = true;
  std::optional<std::string> os;
  int32_t ver = 0;
  std::optional<bool> flag;
  std::optional<int64_t> mid;
  std::optional<std::vector<std::string>> tags;
};

parquet::RecordBatch MakeRows(const std::vector<Row>& rows) {
  auto pschema = ToParquetSchema(BatchSchema());
  EXPECT_TRUE(pschema.has_value());
  parquet::RecordBatch b = parquet::MakeBatch(**pschema);
  const int wbig = parquet::DecimalRequiredBytes(30);
  for (const Row& r : rows) {
    auto& c = b.columns;
    r.n ? c[0].AppendValue(*r.n) : c[0].AppendNull(4);
    r.amount ? c[1].AppendValue(*r.amount) : c[1].AppendNull(8);
    r.country ? c[2].AppendBytes(*r.country) : c[2].AppendNull(0);
    r.price ? c[3].AppendValue(*r.price) : c[3].AppendNull(4);
    r.big ? c[4].AppendFixedBytes(BigEndian(*r.big, wbig)) : c[4].AppendNull(wbig);
    r.ts ? c[5].AppendValue(*r.ts) : c[5].AppendNull(8);
    auto& dev = c[6];
    (r.device && r.os) ? dev.children[0].AppendBytes(*r.os) : dev.children[0].AppendNull(0);
    r.device ? dev.children[1].AppendValue(r.ver) : dev.children[1].AppendNull(4);
    dev.AppendStruct(r.device);
    r.flag ? c[7].AppendValue(static_cast<uint8_t>(*r.flag)) : c[7].AppendNull(1);
    r.mid ? c[8].AppendValue(*r.mid) : c[8].AppendNull(8);
    if (r.tags) {
      for (const auto& t : *r.tags) c[9].children[0].AppendBytes(t);
    }
    c[9].AppendListEnd(c[9].children[0].length, r.tags.has_value());
    ++b.num_rows;
  }
  EXPECT_TRUE(parquet::ValidateBatch(**pschema, b).has_value());
  return b;
}

const std::vector<Row>& Rows() {
  static const std::vector<Row> rows = {
      {1, 1.5, "US", 1050, Int128{123456789}, Ts("2024-01-01T00:00:00Z"), true, "iOS", 17, true, 1000,
       std::vector<std::string>{"a"}},
      {std::nullopt, std::nan(""), std::nullopt, -1, Int128{-1}, Ts("2023-12-31T23:59:59.999999Z"), false,
       std::nullopt, 0, false, std::nullopt, std::nullopt},
      {-5, -0.0, "FR", std::nullopt, std::nullopt, std::nullopt, true, std::nullopt, 3, std::nullopt, -2500,
       std::vector<std::string>{}},
      {7, std::nullopt, "USA", 9999, Int128{10000000000000000LL} * 1000000000, Ts("1969-12-31T12:00:00Z"), true,
       "Android", 14, true, 3000, std::vector<std::string>{"x", "y"}},
      {3, 0.0, "", 0, Int128{0}, Ts("2024-06-01T00:00:00Z"), true, "iOS", 16, false, 0,
       std::vector<std::string>{"b"}},
  };
  return rows;
}

std::string Select(std::string_view where) {
  static const parquet::RecordBatch batch = MakeRows(Rows());
  auto e = ParseWhere(where);
  if (!e) return "parse: " + e.error().message();
  auto f = RowFilter::Make(BatchSchema(), *e);
  if (!f) return "make: " + f.error().message();
  std::vector<uint8_t> sel;
  auto st = (*f)->Select(batch, &sel);
  if (!st) return "select: " + st.error().message();
  std::string out;
  for (uint8_t s : sel) out += s ? '1' : '0';
  return out;
}

TEST(ExprRowFilterTest, IntegersWithNulls) {
  EXPECT_EQ(Select("n = 1"), "10000");
  EXPECT_EQ(Select("n != 1"), "00111");
  EXPECT_EQ(Select("n < 3"), "10100");
  EXPECT_EQ(Select("n <= 3"), "10101");
  EXPECT_EQ(Select("n > 1"), "00011");
  EXPECT_EQ(Select("n >= 1"), "10011");
  EXPECT_EQ(Select("n in (1, 7, 100)"), "10010");
  EXPECT_EQ(Select("n not in (1, 7)"), "00101");
  EXPECT_EQ(Select("n is null"), "01000");
  EXPECT_EQ(Select("n is not null"), "10111");
  EXPECT_EQ(Select("NOT n = 1"), "00111");  // null stays unselected under NOT
  EXPECT_EQ(Select("NOT (n = 1 OR n > 5)"), "00101");
  EXPECT_EQ(Select("n < 3000000000"), "10111");
  EXPECT_EQ(Select("true"), "11111");
  EXPECT_EQ(Select("false"), "00000");
}

TEST(ExprRowFilterTest, DoublesWithNaNAndSignedZero) {
  EXPECT_EQ(Select("amount is nan"), "01000");
  EXPECT_EQ(Select("amount is not nan"), "10101");
  EXPECT_EQ(Select("amount > 0"), "10000");
  EXPECT_EQ(Select("amount >= 0"), "10001");  // -0.0 < 0.0 (Java's order)
  EXPECT_EQ(Select("amount < 0"), "00100");
  EXPECT_EQ(Select("amount < 100"), "10101");  // NaN compares false
  EXPECT_EQ(Select("amount != 1.5"), "01101");  // NaN != x
  EXPECT_EQ(Select("NOT amount < 100"), "00000");
  EXPECT_EQ(Select("amount in (1.5, 0)"), "10001");
  EXPECT_EQ(Select("amount not in (1.5)"), "01101");
}

TEST(ExprRowFilterTest, Strings) {
  EXPECT_EQ(Select("country = 'US'"), "10000");
  EXPECT_EQ(Select("country LIKE 'US%'"), "10010");
  EXPECT_EQ(Select("country NOT LIKE 'US%'"), "00101");
  EXPECT_EQ(Select("country LIKE '%'"), "10111");
  EXPECT_EQ(Select("country > 'US'"), "00010");
  EXPECT_EQ(Select("country < 'G'"), "00101");
  EXPECT_EQ(Select("country in ('', 'FR')"), "00101");
  EXPECT_EQ(Select("country IS NULL"), "01000");
}

TEST(ExprRowFilterTest, Decimals) {
  EXPECT_EQ(Select("price = 10.5"), "10000");
  EXPECT_EQ(Select("price < 0"), "01000");
  EXPECT_EQ(Select("price >= 0"), "10011");
  EXPECT_EQ(Select("price > 99.98"), "00010");
  EXPECT_EQ(Select("big > 0"), "10010");
  EXPECT_EQ(Select("big < 0"), "01000");
  EXPECT_EQ(Select("big = 12345.6789"), "10000");
  EXPECT_EQ(Select("big >= 1000000000000000000000"), "00010");
  EXPECT_EQ(Select("big = -0.0001"), "01000");
  EXPECT_EQ(Select("mid < 0"), "00100");
  EXPECT_EQ(Select("mid in (1, 3)"), "10010");
  EXPECT_EQ(Select("mid = -2.5"), "00100");
}

TEST(ExprRowFilterTest, Timestamps) {
  EXPECT_EQ(Select("ts < '2024-01-01T00:00:00Z'"), "01010");
  EXPECT_EQ(Select("ts >= '2024-01-01'"), "10001");
  EXPECT_EQ(Select("ts < '1970-01-01'"), "00010");
  EXPECT_EQ(Select("NOT ts < '2024-01-01T00:00:00Z'"), "10001");
  EXPECT_EQ(Select("ts = '2024-01-01T01:00:00+01:00'"), "10000");
}

TEST(ExprRowFilterTest, NestedStructs) {
  EXPECT_EQ(Select("device.os = 'iOS'"), "10001");
  EXPECT_EQ(Select("device.os IS NULL"), "01100");
  EXPECT_EQ(Select("device IS NULL"), "01000");
  EXPECT_EQ(Select("device.ver IS NULL"), "01000");  // null through its struct
  EXPECT_EQ(Select("device.ver > 10"), "10011");
  EXPECT_EQ(Select("device.ver < 100"), "10111");
  EXPECT_EQ(Select("\"device\".\"os\" != 'iOS'"), "00010");
}

TEST(ExprRowFilterTest, BooleansListsAndConnectives) {
  EXPECT_EQ(Select("flag = true"), "10010");
  EXPECT_EQ(Select("flag = false"), "01001");
  EXPECT_EQ(Select("flag IS NULL"), "00100");
  EXPECT_EQ(Select("tags IS NOT NULL"), "10111");
  EXPECT_EQ(Select("country = 'US' AND (amount > 1 OR n IN (1, 2, 3)) AND NOT ts < '2024-01-01T00:00:00Z' "
                   "AND tags IS NOT NULL AND device.os = 'iOS'"),
            "10000");
  EXPECT_EQ(Select("n = 1 OR country = 'FR' OR device.os = 'Android'"), "10110");
}

TEST(ExprRowFilterTest, Errors) {
  EXPECT_EQ(Select("tags.element = 'a'"),
            "make: column 'tags.element' is inside the list 'tags'; only struct fields can be filtered");
  auto f = RowFilter::Make(BatchSchema(), *ParseWhere("n = 1"));
  ASSERT_TRUE(f.has_value());
  parquet::RecordBatch bad;
  bad.num_rows = 1;
  std::vector<uint8_t> sel;
  EXPECT_FALSE((*f)->Select(bad, &sel).has_value());
  parquet::RecordBatch short_values = MakeRows({Row{}});
  short_values.columns[0].values.Clear();
  auto st = (*f)->Select(short_values, &sel);
  ASSERT_FALSE(st.has_value());
  EXPECT_EQ(st.error().message(), "column 'n': 0 value bytes for 1 rows of width 4");
}

// uuid and fixed are fixed-width bytes compared unsigned; time is int64 micros.
TEST(ExprRowFilterTest, UuidFixedAndTime) {
  Schema schema(0, {Optional(1, "u", Type::Uuid()), Optional(2, "fx", Type::Fixed(2)),
                    Optional(3, "t", Type::Time()), Optional(4, "b", Type::Binary())});
  auto ps = ToParquetSchema(schema);
  ASSERT_TRUE(ps.has_value());
  parquet::RecordBatch batch = parquet::MakeBatch(**ps);
  std::string u1 = Literal::ParseUuid("f79c3e09-677c-4bbd-a479-3f349cb785e7")->bytes();
  std::string u2 = Literal::ParseUuid("00000000-0000-0000-0000-000000000001")->bytes();
  auto& c = batch.columns;
  c[0].AppendFixedBytes(u1);
  c[0].AppendFixedBytes(u2);
  c[0].AppendNull(16);
  c[1].AppendFixedBytes(std::string("\xff\x00", 2));
  c[1].AppendFixedBytes(std::string("\x01\x02", 2));
  c[1].AppendNull(2);
  c[2].AppendValue(*ParseTime("10:00:00"));
  c[2].AppendNull(8);
  c[2].AppendValue(*ParseTime("23:59:59"));
  c[3].AppendBytes(std::string("\x80", 1));
  c[3].AppendBytes("a");
  c[3].AppendNull(0);
  batch.num_rows = 3;
  ASSERT_TRUE(parquet::ValidateBatch(**ps, batch).has_value());
  auto run = [&](ExprPtr e) {
    auto f = RowFilter::Make(schema, e);
    EXPECT_TRUE(f.has_value()) << (f ? "" : f.error().message());
    std::vector<uint8_t> sel;
    EXPECT_TRUE((*f)->Select(batch, &sel).has_value());
    std::string out;
    for (uint8_t s : sel) out += s ? '1' : '0';
    return out;
  };
  EXPECT_EQ(run(*ParseWhere("u = 'f79c3e09-677c-4bbd-a479-3f349cb785e7'")), "100");
  EXPECT_EQ(run(*ParseWhere("u > '00000000-0000-0000-0000-000000000001'")), "100");  // 0xf7 > 0x00 unsigned
  EXPECT_EQ(run(*ParseWhere("u IS NULL")), "001");
  EXPECT_EQ(run(Predicate(Operation::kGt, "fx", {Literal::Fixed(std::string("\x01\x02", 2))})), "100");
  EXPECT_EQ(run(Predicate(Operation::kEq, "fx", {Literal::Fixed(std::string("\x01\x02", 2))})), "010");
  EXPECT_EQ(run(*ParseWhere("t > '12:00'")), "001");
  EXPECT_EQ(run(*ParseWhere("t <= '10:00:00'")), "100");
  EXPECT_EQ(run(Predicate(Operation::kGt, "b", {Literal::Binary("a")})), "100");  // 0x80 > 'a' unsigned
}

}  // namespace
}  // namespace firn::iceberg
