#include "firn/iceberg/expressions/projection.h"

#include <gtest/gtest.h>

#include "firn/iceberg/tests/expr_test_schema.h"

namespace firn::iceberg {
namespace {

using expr_test::BindWhere;
using expr_test::TestSchema;

PartitionField PF(int32_t source, int32_t id, std::string name, Transform t) {
  return PartitionField{FieldId(source), FieldId(id), std::move(name), t};
}

std::string Project(const PartitionSpec& spec, std::string_view where) {
  Schema schema = TestSchema();
  auto bound = BindWhere(schema, where);
  if (!bound) return "bind error: " + bound.error().message();
  auto p = InclusiveProjection(schema, spec, *bound);
  if (!p) return "error: " + p.error().message();
  return (*p)->ToString();
}

std::string Day(std::string_view where) {
  return Project(PartitionSpec{1, {PF(10, 1000, "ts_day", Transform::Day())}}, where);
}

TEST(ExprProjectionTest, DayBoundaries) {
  EXPECT_EQ(Day("ts < '2024-01-02T00:00:00Z'"), "ts_day <= '2024-01-01'");
  EXPECT_EQ(Day("ts <= '2024-01-02T00:00:00Z'"), "ts_day <= '2024-01-02'");
  EXPECT_EQ(Day("ts < '2024-01-02T00:00:00.000001'"), "ts_day <= '2024-01-02'");
  EXPECT_EQ(Day("ts > '2024-01-01T23:59:59.999999'"), "ts_day >= '2024-01-02'");
  EXPECT_EQ(Day("ts >= '2024-01-01T23:59:59.999999'"), "ts_day >= '2024-01-01'");
  EXPECT_EQ(Day("ts > '2024-01-01T12:00:00'"), "ts_day >= '2024-01-01'");
  EXPECT_EQ(Day("ts = '2024-01-01T12:00:00'"), "ts_day == '2024-01-01'");
  EXPECT_EQ(Day("ts in ('2024-01-01T12:00:00', '2024-01-01T13:00:00', '2023-05-01')"),
            "ts_day in ('2023-05-01', '2024-01-01')");
  EXPECT_EQ(Day("ts != '2024-01-01T12:00:00'"), "true");
  EXPECT_EQ(Day("ts IS NULL"), "ts_day is_null");
  EXPECT_EQ(Day("ts IS NOT NULL"), "ts_day not_null");
  EXPECT_EQ(Day("n = 1"), "true");  // not a source of the spec
}

TEST(ExprProjectionTest, DayBeforeEpoch) {
  EXPECT_EQ(Day("ts < '1970-01-01T00:00:00'"), "ts_day <= '1969-12-31'");
  EXPECT_EQ(Day("ts <= '1969-12-31T23:59:59.999999'"), "ts_day <= '1969-12-31'");
  EXPECT_EQ(Day("ts > '1969-12-31T00:00:00'"), "ts_day >= '1969-12-31'");
  EXPECT_EQ(Day("ts >= '1969-12-31T00:00:00.000001'"), "ts_day >= '1969-12-31'");
  EXPECT_EQ(Day("ts > '1969-12-31T23:59:59.999999'"), "ts_day >= '1970-01-01'");
  EXPECT_EQ(Day("ts = '1969-12-31T06:00:00'"), "ts_day == '1969-12-31'");
}

TEST(ExprProjectionTest, YearMonthHour) {
  PartitionSpec spec{1, {PF(10, 1000, "y", Transform::Year()), PF(11, 1001, "m", Transform::Month()),
                         PF(11, 1002, "h", Transform::Hour()), PF(9, 1003, "dm", Transform::Month())}};
  // year(ts) is years since 1970; month is months since 1970-01; hour is hours since epoch.
  EXPECT_EQ(Project(spec, "ts < '2024-01-01T00:00:00'"), "y <= 53");
  EXPECT_EQ(Project(spec, "ts >= '2024-01-01T00:00:00'"), "y >= 54");
  EXPECT_EQ(Project(spec, "ts < '1970-01-01'"), "y <= -1");
  EXPECT_EQ(Project(spec, "tstz < '2024-03-01T00:00:00Z'"), "(m <= 649 and h <= 474791)");
  EXPECT_EQ(Project(spec, "tstz > '2024-02-29T23:59:59.999999Z'"), "(m >= 650 and h >= 474792)");
  EXPECT_EQ(Project(spec, "d < '1970-01-01'"), "dm <= -1");
  EXPECT_EQ(Project(spec, "d > '1969-12-31'"), "dm >= 0");
  EXPECT_EQ(Project(spec, "d = '1969-12-15'"), "dm == -1");
}

TEST(ExprProjectionTest, TruncateIntegers) {
  PartitionSpec spec{1, {PF(2, 1000, "n10", Transform::Truncate(10)), PF(7, 1001, "p", Transform::Truncate(100))}};
  EXPECT_EQ(Project(spec, "n < 20"), "n10 <= 10");
  EXPECT_EQ(Project(spec, "n <= 20"), "n10 <= 20");
  EXPECT_EQ(Project(spec, "n > 19"), "n10 >= 20");
  EXPECT_EQ(Project(spec, "n >= 19"), "n10 >= 10");
  EXPECT_EQ(Project(spec, "n = -1"), "n10 == -10");
  EXPECT_EQ(Project(spec, "n < -10"), "n10 <= -20");
  EXPECT_EQ(Project(spec, "n in (1, 5, 11)"), "n10 in (0, 10)");
  EXPECT_EQ(Project(spec, "n != 5"), "true");
  EXPECT_EQ(Project(spec, "price < 2.00"), "p <= 1.00");   // unscaled 200 - 1 = 199 -> 100
  EXPECT_EQ(Project(spec, "price > 1.99"), "p >= 2.00");
  EXPECT_EQ(Project(spec, "price = -0.01"), "p == -1.00");
}

TEST(ExprProjectionTest, TruncateStrings) {
  PartitionSpec spec{1, {PF(6, 1000, "c", Transform::Truncate(3))}};
  EXPECT_EQ(Project(spec, "country = 'abcdef'"), "c == 'abc'");
  EXPECT_EQ(Project(spec, "country < 'abcdef'"), "c <= 'abc'");
  EXPECT_EQ(Project(spec, "country > 'abcdef'"), "c >= 'abc'");
  EXPECT_EQ(Project(spec, "country in ('abcd', 'abce', 'x')"), "c in ('abc', 'x')");
  EXPECT_EQ(Project(spec, "country LIKE 'ab%'"), "c starts_with 'ab'");
  EXPECT_EQ(Project(spec, "country LIKE 'abc%'"), "c == 'abc'");
  EXPECT_EQ(Project(spec, "country LIKE 'abcdef%'"), "c == 'abc'");
  EXPECT_EQ(Project(spec, "country NOT LIKE 'ab%'"), "c not_starts_with 'ab'");
  EXPECT_EQ(Project(spec, "country NOT LIKE 'abcd%'"), "true");
  EXPECT_EQ(Project(spec, "country LIKE 'éé%'"), "c starts_with 'éé'");  // code points, not bytes
  EXPECT_EQ(Project(spec, "country LIKE 'ééé%'"), "c == 'ééé'");
}

TEST(ExprProjectionTest, Bucket) {
  PartitionSpec spec{1, {PF(3, 1000, "b", Transform::Bucket(16)), PF(6, 1001, "cb", Transform::Bucket(4))}};
  int32_t b34 = (BucketHashLiteral(Literal::Long(34)) & 0x7fffffff) % 16;
  EXPECT_EQ(Project(spec, "user_id = 34"), fmt::format("b == {}", b34));
  int32_t b35 = (BucketHashLiteral(Literal::Long(35)) & 0x7fffffff) % 16;
  std::string in = b34 == b35 ? fmt::format("b == {}", b34)
                              : fmt::format("b in ({}, {})", std::min(b34, b35), std::max(b34, b35));
  EXPECT_EQ(Project(spec, "user_id in (34, 35)"), in);
  EXPECT_EQ(Project(spec, "user_id < 34"), "true");
  EXPECT_EQ(Project(spec, "user_id != 34"), "true");
  int32_t ice = (BucketHashLiteral(Literal::String("iceberg")) & 0x7fffffff) % 4;
  EXPECT_EQ(Project(spec, "country = 'iceberg'"), fmt::format("cb == {}", ice));
  EXPECT_EQ(Project(spec, "country LIKE 'ice%'"), "true");
  EXPECT_EQ(Project(spec, "user_id IS NULL"), "b is_null");
}

TEST(ExprProjectionTest, IdentityVoidAndConnectives) {
  PartitionSpec spec{1, {PF(6, 1000, "country", Transform::Identity()), PF(2, 1001, "nv", Transform::Void()),
                         PF(4, 1002, "amount", Transform::Identity())}};
  EXPECT_EQ(Project(spec, "country != 'US' and n = 1"), "country != 'US'");
  EXPECT_EQ(Project(spec, "country = 'US' or n = 1"), "true");
  EXPECT_EQ(Project(spec, "country = 'US' or country in ('FR', 'DE')"),
            "(country == 'US' or country in ('DE', 'FR'))");
  EXPECT_EQ(Project(spec, "amount is nan or amount not in (1, 2)"), "(amount is_nan or amount not_in (1.0, 2.0))");
  EXPECT_EQ(Project(spec, "n IS NULL"), "true");
  EXPECT_EQ(Project(spec, "NOT (country LIKE 'U%')"), "country not_starts_with 'U'");
  // Two fields on one source: both projections apply.
  PartitionSpec two{1, {PF(10, 1000, "d", Transform::Day()), PF(10, 1001, "h", Transform::Hour())}};
  EXPECT_EQ(Project(two, "ts < '1970-01-02'"), "(d <= '1970-01-01' and h <= 23)");
}

}  // namespace
}  // namespace firn::iceberg
