#include "firn/iceberg/expressions/binder.h"

#include <gtest/gtest.h>

#include "firn/iceberg/tests/expr_test_schema.h"

namespace firn::iceberg {
namespace {

using expr_test::BindWhere;
using expr_test::Days;
using expr_test::Micros;
using expr_test::TestSchema;

ExprPtr B(std::string_view where) {
  auto r = BindWhere(TestSchema(), where);
  EXPECT_TRUE(r.has_value()) << where << ": " << (r ? "" : r.error().message());
  return r ? *r : False();
}

std::string BindError(std::string_view where) {
  auto r = BindWhere(TestSchema(), where);
  if (r) return "bound: " + (*r)->ToString();
  EXPECT_EQ(r.error().kind(), ErrorKind::kInvalidArgument);
  return r.error().message();
}

TEST(ExprBinderTest, ResolvesFieldIdsAndTypes) {
  ExprPtr e = B("device.os = 'iOS'");
  ASSERT_TRUE(e->is_bound());
  EXPECT_EQ(e->ref->field_id, FieldId(13));
  EXPECT_EQ(e->ref->name, "device.os");
  EXPECT_EQ(e->ref->type, Type::String());
  EXPECT_EQ(e->literal(), Literal::String("iOS"));
  EXPECT_TRUE(IsBound(e));
  EXPECT_FALSE(IsBound(*ParseWhere("a = 1")));
}

TEST(ExprBinderTest, NumbersAreWidenedNarrowedAndRescaled) {
  EXPECT_EQ(B("user_id = 1")->literal(), Literal::Long(1));
  EXPECT_EQ(B("n = 5")->literal(), Literal::Int(5));
  EXPECT_EQ(B("amount > 10.5")->literal(), Literal::Double(10.5));
  EXPECT_EQ(B("amount > 10")->literal(), Literal::Double(10.0));
  EXPECT_EQ(B("f > 1.5e0")->literal(), Literal::Float(1.5f));
  EXPECT_EQ(B("price = 10.5")->literal(), Literal::Decimal(1050, 9, 2));
  EXPECT_EQ(B("price = 10")->literal(), Literal::Decimal(1000, 9, 2));
  EXPECT_EQ(B("price = 10.500")->literal(), Literal::Decimal(1050, 9, 2));
  EXPECT_EQ(B("price = '3.25'")->literal(), Literal::Decimal(325, 9, 2));
  EXPECT_EQ(B("big = -12345678901234567890.1234")->literal(),
            Literal::Decimal(-static_cast<Int128>(123456789012345678LL) * 1000000 - 901234, 30, 4));
}

TEST(ExprBinderTest, OutOfRangeLiteralsFoldWithNullSemantics) {
  EXPECT_EQ(B("n < 3000000000")->ToString(), "n not_null");
  EXPECT_EQ(B("n >= 3000000000")->ToString(), "false");
  EXPECT_EQ(B("n = 3000000000")->ToString(), "false");
  EXPECT_EQ(B("n != 3000000000")->ToString(), "n not_null");
  EXPECT_EQ(B("n > -3000000000")->ToString(), "n not_null");
  EXPECT_EQ(B("n < -3000000000")->ToString(), "false");
  EXPECT_EQ(B("n in (1, 3000000000)")->ToString(), "n == 1");
  EXPECT_EQ(B("n in (3000000000)")->ToString(), "false");
  EXPECT_EQ(B("n not in (3000000000)")->ToString(), "n not_null");
  EXPECT_EQ(B("price < 12345678.9")->ToString(), "price not_null");  // 8 integer digits > 7
  EXPECT_EQ(B("f < 1e300")->ToString(), "f not_nan");
}

TEST(ExprBinderTest, InListsAreSortedAndUnique) {
  ExprPtr e = B("n in (3, 1, 2, 3, 1)");
  EXPECT_EQ(e->ToString(), "n in (1, 2, 3)");
  EXPECT_EQ(B("n not in (7, 7)")->ToString(), "n != 7");
}

TEST(ExprBinderTest, StringsBecomeTemporalValues) {
  EXPECT_EQ(B("d = '2024-01-02'")->literal(), Literal::Date(Days("2024-01-02")));
  EXPECT_EQ(B("ts >= '2024-01-02'")->literal(), Literal::Timestamp(Micros("2024-01-02T00:00:00")));
  EXPECT_EQ(B("ts < '2024-01-02T10:30:00'")->literal(), Literal::Timestamp(Micros("2024-01-02T10:30:00")));
  EXPECT_EQ(B("tstz < '2024-01-01T00:00:00Z'")->literal(), Literal::TimestampTz(Micros("2024-01-01T00:00:00")));
  EXPECT_EQ(B("tstz < '2024-01-01T01:00:00+01:00'")->literal(),
            Literal::TimestampTz(Micros("2024-01-01T00:00:00")));
  EXPECT_EQ(B("d < '1969-12-31'")->literal(), Literal::Date(-1));
  auto uuid = B("uid = 'f79c3e09-677c-4bbd-a479-3f349cb785e7'");
  EXPECT_EQ(uuid->literal(), *Literal::ParseUuid("f79c3e09-677c-4bbd-a479-3f349cb785e7"));
}

TEST(ExprBinderTest, NotIsPushedDown) {
  EXPECT_EQ(B("NOT (n < 5 AND country IS NULL)")->ToString(), "(n >= 5 or country not_null)");
  EXPECT_EQ(B("NOT (n IN (1, 2) OR page LIKE 'a%')")->ToString(), "(n not_in (1, 2) and page not_starts_with 'a')");
  EXPECT_EQ(B("NOT NOT n = 1")->ToString(), "n == 1");
  EXPECT_EQ(B("NOT amount IS NAN")->ToString(), "amount not_nan");
}

TEST(ExprBinderTest, RequiredFieldsFoldNullChecks) {
  EXPECT_EQ(B("id IS NULL")->ToString(), "false");
  EXPECT_EQ(B("id IS NOT NULL")->ToString(), "true");
  EXPECT_EQ(B("id IS NULL OR n = 1")->ToString(), "n == 1");
  // Required inside an optional struct can still be null.
  EXPECT_EQ(B("device.ver IS NULL")->ToString(), "device.ver is_null");
  EXPECT_EQ(B("tags IS NOT NULL")->ToString(), "tags not_null");
}

TEST(ExprBinderTest, CaseInsensitive) {
  auto r = BindWhere(TestSchema(), "COUNTRY = 'x'", false);
  ASSERT_TRUE(r.has_value());
  EXPECT_EQ((*r)->ref->field_id, FieldId(6));
  EXPECT_EQ(BindError("COUNTRY = 'x'"), "unknown column 'COUNTRY'");
}

TEST(ExprBinderTest, ErrorsAreClear) {
  EXPECT_EQ(BindError("country = 10"), "column 'country' (string): can not compare a string column with 10 (long)");
  EXPECT_EQ(BindError("n = 'x'"), "column 'n' (int): can not compare a int column with 'x' (string)");
  EXPECT_EQ(BindError("nope = 1"), "unknown column 'nope'");
  EXPECT_EQ(BindError("tags.element = 'x'"),
            "column 'tags.element' is inside the list 'tags'; only struct fields can be filtered");
  EXPECT_EQ(BindError("country IS NAN"), "column 'country' (string): IS [NOT] NAN needs a float or double column");
  EXPECT_EQ(BindError("n LIKE 'a%'"), "column 'n' (int): starts with / LIKE needs a string column");
  EXPECT_EQ(BindError("price = 10.555"),
            "column 'price' (decimal(9, 2)): 10.555 (decimal(5, 3)) has more fraction digits than decimal(9, 2)");
  EXPECT_EQ(BindError("device = 1"),
            "column 'device' (struct<13: os: optional string, 14: ver: required int>): == is not supported on "
            "nested types (only IS [NOT] NULL)");
  EXPECT_NE(BindError("d = 'yesterday'").find("column 'd' (date): 'yesterday' (string) is not a valid date value"),
            std::string::npos);
  EXPECT_EQ(BindError("user_id > 1.5"),
            "column 'user_id' (long): can not compare a long column with 1.5 (decimal(2, 1))");
  EXPECT_EQ(BindError("flag = 1"), "column 'flag' (boolean): can not compare a boolean column with 1 (long)");
}

}  // namespace
}  // namespace firn::iceberg
