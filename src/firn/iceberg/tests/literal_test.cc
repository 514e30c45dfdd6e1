#include "firn/iceberg/types/literal.h"

#include <gtest/gtest.h>

#include <cmath>

#include "firn/iceberg/types/literal_bytes.h"
#include "firn/iceberg/types/literal_json.h"
#include "firn/iceberg/types/temporal.h"

namespace firn::iceberg {
namespace {

std::string B(std::initializer_list<int> bytes) {
  std::string s;
  for (int b : bytes) s += static_cast<char>(b);
  return s;
}

void ExpectBytes(const Literal& v, const std::string& expected) {
  EXPECT_EQ(ToBytes(v), expected) << v.type.ToString();
  auto back = FromBytes(v.type, expected);
  ASSERT_TRUE(back.has_value()) << back.error().ToString();
  EXPECT_EQ(*back, v) << v.type.ToString();
}

TEST(LiteralBytesTest, ByteExactPerType) {
  ExpectBytes(Literal::Boolean(true), B({1}));
  ExpectBytes(Literal::Boolean(false), B({0}));
  ExpectBytes(Literal::Int(34), B({0x22, 0, 0, 0}));
  ExpectBytes(Literal::Int(-2), B({0xfe, 0xff, 0xff, 0xff}));
  ExpectBytes(Literal::Long(34), B({0x22, 0, 0, 0, 0, 0, 0, 0}));
  ExpectBytes(Literal::Float(1.0f), B({0, 0, 0x80, 0x3f}));
  ExpectBytes(Literal::Double(1.0), B({0, 0, 0, 0, 0, 0, 0xf0, 0x3f}));
  ExpectBytes(Literal::Date(17486), B({0x4e, 0x44, 0, 0}));
  ExpectBytes(Literal::Time(1), B({1, 0, 0, 0, 0, 0, 0, 0}));
  ExpectBytes(Literal::Timestamp(-1), B({0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}));
  ExpectBytes(Literal::TimestampTzNs(256), B({0, 1, 0, 0, 0, 0, 0, 0}));
  ExpectBytes(Literal::String("iceberg"), "iceberg");
  ExpectBytes(Literal::String(""), "");
  ExpectBytes(*Literal::ParseUuid("f79c3e09-677c-4bbd-a479-3f349cb785e7"),
              B({0xF7, 0x9C, 0x3E, 0x09, 0x67, 0x7C, 0x4B, 0xBD, 0xA4, 0x79, 0x3F, 0x34, 0x9C, 0xB7,
                 0x85, 0xE7}));
  ExpectBytes(Literal::Fixed(B({0, 1, 2, 3})), B({0, 1, 2, 3}));
  ExpectBytes(Literal::Binary(B({0xff})), B({0xff}));
  // Decimals: minimal big-endian two's complement.
  ExpectBytes(Literal::Decimal(1420, 9, 2), B({0x05, 0x8c}));
  ExpectBytes(Literal::Decimal(0, 9, 2), B({0x00}));
  ExpectBytes(Literal::Decimal(127, 9, 2), B({0x7f}));
  ExpectBytes(Literal::Decimal(128, 9, 2), B({0x00, 0x80}));
  ExpectBytes(Literal::Decimal(-1, 9, 2), B({0xff}));
  ExpectBytes(Literal::Decimal(-128, 9, 2), B({0x80}));
  ExpectBytes(Literal::Decimal(-129, 9, 2), B({0xff, 0x7f}));
  Int128 big = static_cast<Int128>(1) << 100;
  EXPECT_EQ(ToBytes(Literal::Decimal(big, 38, 0)).size(), 13u);
  EXPECT_EQ(*DecimalFromBytes(ToBytes(Literal::Decimal(-big, 38, 0))), -big);
}

TEST(LiteralBytesTest, PromotedBoundsAndDamagedInput) {
  EXPECT_EQ(FromBytes(Type::Long(), B({0xfe, 0xff, 0xff, 0xff}))->int64(), -2);
  EXPECT_EQ(std::get<double>(FromBytes(Type::Double(), B({0, 0, 0x80, 0x3f}))->value), 1.0);
  for (auto [type, bytes] :
       std::vector<std::pair<Type, std::string>>{{Type::Int(), B({1, 2, 3})},
                                                 {Type::Long(), B({1, 2, 3, 4, 5})},
                                                 {Type::Boolean(), ""},
                                                 {Type::Uuid(), B({1})},
                                                 {Type::Fixed(4), B({1, 2})},
                                                 {Type::Decimal(9, 2), ""},
                                                 {Type::Date(), B({1, 2, 3, 4, 5, 6, 7, 8})}}) {
    auto r = FromBytes(type, bytes);
    ASSERT_FALSE(r.has_value()) << type.ToString();
    EXPECT_EQ(r.error().kind(), ErrorKind::kCorrupt);
  }
}

TEST(LiteralJsonTest, SpecExamples) {
  EXPECT_EQ(LiteralToJson(Literal::Int(34)), "34");
  EXPECT_EQ(LiteralToJson(Literal::Double(1.0)), "1.0");
  EXPECT_EQ(LiteralToJson(Literal::Decimal(1420, 9, 2)), R"("14.20")");
  EXPECT_EQ(LiteralToJson(Literal::Decimal(-5, 9, 2)), R"("-0.05")");
  EXPECT_EQ(LiteralToJson(Literal::Date(17486)), R"("2017-11-16")");
  int64_t t = *ParseTime("22:31:08.123456");
  EXPECT_EQ(LiteralToJson(Literal::Time(t)), R"("22:31:08.123456")");
  int64_t ts = *ParseTimestamp("2017-11-16T22:31:08.123456", false, false, true);
  EXPECT_EQ(LiteralToJson(Literal::Timestamp(ts)), R"("2017-11-16T22:31:08.123456")");
  EXPECT_EQ(LiteralToJson(Literal::TimestampTz(ts)), R"("2017-11-16T22:31:08.123456+00:00")");
  int64_t ns = *ParseTimestamp("2017-11-16T22:31:08.123456789", true, false, true);
  EXPECT_EQ(LiteralToJson(Literal::TimestampNs(ns)), R"("2017-11-16T22:31:08.123456789")");
  EXPECT_EQ(LiteralToJson(Literal::TimestampTzNs(ns)), R"("2017-11-16T22:31:08.123456789+00:00")");
  EXPECT_EQ(LiteralToJson(*Literal::ParseUuid("F79C3E09-677C-4BBD-A479-3F349CB785E7")),
            R"("f79c3e09-677c-4bbd-a479-3f349cb785e7")");
  EXPECT_EQ(LiteralToJson(Literal::Binary(B({0, 1, 2, 0xff}))), R"("000102ff")");
  EXPECT_EQ(LiteralToJson(Literal::Null(Type::Int())), "null");
  // Before 1970 and far years.
  EXPECT_EQ(LiteralToJson(Literal::Timestamp(-1)), R"("1969-12-31T23:59:59.999999")");
  EXPECT_EQ(FormatDate(*ParseDate("0011-03-05")), "0011-03-05");
}

TEST(LiteralJsonTest, ParseRejects) {
  auto doc = JsonDocument::Parse(R"({"a":"2017-11-16T22:31:08+00:00","b":"2017-11-16T22:31:08",
      "c":"1.234","d":"12","e":"0g","f":3.5,"g":"2017-02-30"})");
  auto obj = (*doc)->root().AsObject();
  EXPECT_FALSE(LiteralFromJson(Type::Timestamp(), *obj->Get("a")).has_value());  // no zone allowed
  EXPECT_FALSE(LiteralFromJson(Type::TimestampTz(), *obj->Get("b")).has_value());  // zone required
  EXPECT_TRUE(LiteralFromJson(Type::TimestampTz(), *obj->Get("a")).has_value());
  EXPECT_FALSE(LiteralFromJson(Type::Decimal(9, 2), *obj->Get("c")).has_value());
  EXPECT_FALSE(LiteralFromJson(Type::Decimal(1, 0), *obj->Get("d")).has_value());
  EXPECT_FALSE(LiteralFromJson(Type::Binary(), *obj->Get("e")).has_value());
  EXPECT_FALSE(LiteralFromJson(Type::Int(), *obj->Get("f")).has_value());
  auto bad_date = LiteralFromJson(Type::Date(), *obj->Get("g"));
  ASSERT_FALSE(bad_date.has_value());
  EXPECT_EQ(bad_date.error().message(), "g: invalid date '2017-02-30' (expected YYYY-MM-DD)");
}

TEST(LiteralTest, CompareInTypeOrder) {
  EXPECT_TRUE(Compare(Literal::String("a"), Literal::String("b")) < 0);
  // Unsigned byte order: 0xff sorts after 'z'; a prefix sorts first.
  EXPECT_TRUE(Compare(Literal::String("\xff"), Literal::String("z")) > 0);
  EXPECT_TRUE(Compare(Literal::Binary("ab"), Literal::Binary("abc")) < 0);
  EXPECT_TRUE(Compare(Literal::Binary(B({0x80})), Literal::Binary(B({0x7f}))) > 0);
  EXPECT_TRUE(Compare(Literal::Int(-5), Literal::Int(3)) < 0);
  EXPECT_TRUE(Compare(Literal::Decimal(-1, 9, 2), Literal::Decimal(1, 9, 2)) < 0);
  EXPECT_TRUE(Compare(Literal::Double(-0.0), Literal::Double(0.0)) < 0);
  EXPECT_TRUE(Compare(Literal::Double(NAN), Literal::Double(INFINITY)) > 0);
  EXPECT_TRUE(Compare(Literal::Float(NAN), Literal::Float(NAN)) == 0);
  EXPECT_TRUE(Compare(Literal::Null(Type::Int()), Literal::Int(INT32_MIN)) < 0);
}

TEST(LiteralTest, HumanStrings) {
  EXPECT_EQ(Literal::Decimal(1065, 4, 2).ToString(), "10.65");
  EXPECT_EQ(Literal::Decimal(5, 4, 3).ToString(), "0.005");
  EXPECT_EQ(Literal::Decimal(-5, 4, 3).ToString(), "-0.005");
  EXPECT_EQ(Literal::Date(-1).ToString(), "1969-12-31");
  EXPECT_EQ(Literal::Time(*ParseTime("22:31:00")).ToString(), "22:31");
  EXPECT_EQ(Literal::Time(*ParseTime("22:31:08.5")).ToString(), "22:31:08.500");
  EXPECT_EQ(Literal::Binary(B({1, 2, 3, 0xff, 3})).ToString(), "AQID/wM=");
  EXPECT_EQ(Literal::Double(1.0).ToString(), "1.0");
  EXPECT_EQ(Literal::Boolean(true).ToString(), "true");
}

}  // namespace
}  // namespace firn::iceberg
