#include "firn/iceberg/expressions/parser.h"

#include <gtest/gtest.h>

namespace firn::iceberg {
namespace {

std::string P(std::string_view text) {
  auto r = ParseWhere(text);
  if (!r) return "ERROR: " + r.error().message();
  return (*r)->ToString();
}

std::string Err(std::string_view text) {
  auto r = ParseWhere(text);
  if (r) return "parsed: " + (*r)->ToString();
  EXPECT_EQ(r.error().kind(), ErrorKind::kInvalidArgument);
  return r.error().message();
}

TEST(ExprParserTest, EveryOperator) {
  EXPECT_EQ(P("a = 1"), "a == 1");
  EXPECT_EQ(P("a == 1"), "a == 1");
  EXPECT_EQ(P("a != 1"), "a != 1");
  EXPECT_EQ(P("a <> 1"), "a != 1");
  EXPECT_EQ(P("a < 1"), "a < 1");
  EXPECT_EQ(P("a <= 1"), "a <= 1");
  EXPECT_EQ(P("a > 1"), "a > 1");
  EXPECT_EQ(P("a >= 1"), "a >= 1");
  EXPECT_EQ(P("a IN (1, 2, 3)"), "a in (1, 2, 3)");
  EXPECT_EQ(P("a NOT IN ('x')"), "a not_in ('x')");
  EXPECT_EQ(P("a IS NULL"), "a is_null");
  EXPECT_EQ(P("a IS NOT NULL"), "a not_null");
  EXPECT_EQ(P("a is nan"), "a is_nan");
  EXPECT_EQ(P("a Is Not NaN"), "a not_nan");
  EXPECT_EQ(P("page LIKE 'https://x%'"), "page starts_with 'https://x'");
  EXPECT_EQ(P("page NOT LIKE 'ab%'"), "page not_starts_with 'ab'");
  EXPECT_EQ(P("TRUE"), "true");
  EXPECT_EQ(P("false"), "false");
}

TEST(ExprParserTest, PrecedenceAndOverOr) {
  EXPECT_EQ(P("a = 1 OR b = 2 AND c = 3"), "(a == 1 or (b == 2 and c == 3))");
  EXPECT_EQ(P("a = 1 AND b = 2 OR c = 3"), "((a == 1 and b == 2) or c == 3)");
  EXPECT_EQ(P("(a = 1 OR b = 2) AND c = 3"), "((a == 1 or b == 2) and c == 3)");
  EXPECT_EQ(P("a = 1 and b = 2 and c = 3"), "((a == 1 and b == 2) and c == 3)");
}

TEST(ExprParserTest, NotBindsTighterThanAnd) {
  EXPECT_EQ(P("NOT a = 1 AND b = 2"), "(not(a == 1) and b == 2)");
  EXPECT_EQ(P("NOT (a = 1 AND b = 2)"), "not((a == 1 and b == 2))");
  EXPECT_EQ(P("NOT NOT a = 1"), "a == 1");
  EXPECT_EQ(P("not true"), "false");
}

TEST(ExprParserTest, TheBriefsExample) {
  EXPECT_EQ(P("country = 'US' AND (amount > 10.5 OR user_id IN (1, 2, 3)) AND NOT event_time < "
              "'2024-01-01T00:00:00Z' AND tags IS NOT NULL AND device.os = 'iOS' AND page LIKE 'https://x%'"),
            "(((((country == 'US' and (amount > 10.5 or user_id in (1, 2, 3))) and "
            "not(event_time < '2024-01-01T00:00:00Z')) and tags not_null) and device.os == 'iOS') and "
            "page starts_with 'https://x')");
}

TEST(ExprParserTest, LiteralsAndIdentifiers) {
  auto e = ParseWhere("x = 'it''s'");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ((*e)->literal().bytes(), "it's");
  EXPECT_EQ(P("\"weird col\".\"a\"\"b\" = 1"), "weird col.a\"b == 1");
  e = ParseWhere("x = 10.50");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ((*e)->literal().type, Type::Decimal(4, 2));
  EXPECT_EQ((*e)->literal().unscaled(), 1050);
  e = ParseWhere("x = -0.05");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ((*e)->literal().type, Type::Decimal(2, 2));
  EXPECT_EQ((*e)->literal().unscaled(), -5);
  e = ParseWhere("x = 1.5e3");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ((*e)->literal(), Literal::Double(1500.0));
  e = ParseWhere("x = -9223372036854775808");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ((*e)->literal(), Literal::Long(INT64_MIN));
  e = ParseWhere("x = TRUE AND y=false");
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ((*e)->left->literal(), Literal::Boolean(true));
  EXPECT_EQ((*e)->right->literal(), Literal::Boolean(false));
  EXPECT_EQ(P("a.b.c>=.5"), "a.b.c >= 0.5");
  e = ParseWhere("x = 99999999999999999999");  // beyond a long: decimal(20, 0)
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ((*e)->literal().type, Type::Decimal(20, 0));
  EXPECT_EQ(P("SELECTED = 1"), "SELECTED == 1");  // not a keyword
}

TEST(ExprParserTest, ErrorsNameTheColumn) {
  EXPECT_EQ(Err("country = AND x = 1").substr(0, 52), "--where: at column 11: expected a value after '=', f");
  EXPECT_EQ(Err("amount > 10 AND country ="), "--where: at column 26: expected a value after '=', reached the end");
  EXPECT_EQ(Err("a = 'open"), "--where: at column 5: unterminated string (quotes inside are written '')");
  EXPECT_EQ(Err("(a = 1"), "--where: at column 7: missing ')' for the '(' at column 1");
  EXPECT_EQ(Err("a = 1 b = 2"),
            "--where: at column 7: unexpected 'b' after a complete condition (missing AND or OR?)");
  EXPECT_EQ(Err("a = NULL"), "--where: at column 5: comparison with NULL is never true; use IS NULL or IS NOT NULL");
  EXPECT_EQ(Err("a IS 3"), "--where: at column 6: expected NULL or NaN after 'IS', found 3");
  EXPECT_EQ(Err("a LIKE '%x'").substr(0, 56), "--where: at column 8: LIKE supports only prefix patterns");
  EXPECT_EQ(Err("a LIKE 'a_c%'").substr(0, 56), "--where: at column 8: LIKE supports only prefix patterns");
  EXPECT_EQ(Err("a LIKE 'abc'").substr(0, 56), "--where: at column 8: LIKE supports only prefix patterns");
  EXPECT_EQ(Err("a IN (1, )"), "--where: at column 10: expected a value after ',', found )");
  EXPECT_EQ(Err("a IN (1 2)"), "--where: at column 9: expected ',' or ')' after 'a value', found 2");
  EXPECT_EQ(Err("a IN (NULL)"), "--where: at column 7: NULL is not allowed in IN lists");
  EXPECT_EQ(Err("a ~ 1"), "--where: at column 3: unexpected character '~'");
  EXPECT_EQ(Err("= 1"), "--where: at column 1: expected a column name, found =");
  EXPECT_EQ(Err(""), "--where: at column 1: expected a condition, reached the end");
  EXPECT_EQ(Err("a = 123456789012345678901234567890123456789"),
            "--where: at column 5: number 123456789012345678901234567890123456789 has more than 38 digits");
  EXPECT_EQ(Err("a = 12abc"), "--where: at column 5: malformed number '12a'");
  EXPECT_EQ(Err("a NOT = 1"), "--where: at column 7: expected IN or LIKE after 'NOT', found =");
  EXPECT_EQ(Err("a"), "--where: at column 2: expected an operator (=, !=, <, <=, >, >=, IN, IS, LIKE) after 'a', "
                      "reached the end");
}

}  // namespace
}  // namespace firn::iceberg
