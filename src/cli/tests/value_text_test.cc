#include "cli/value_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstring>
#include <string>

#include "cli/schema_text.h"
#include "firn/parquet/schema/iceberg_types.h"

namespace firn::cli {
namespace {

using parquet::IcebergPrimitive;
using P = parquet::IcebergPrimitiveType;

template <typename T>
std::string Bytes(T v) {
  std::string s(sizeof(T), '\0');
  std::memcpy(s.data(), &v, sizeof(T));
  return s;
}

std::string Text(const parquet::SchemaNode& n, std::string_view bytes, bool quoted) {
  const ValueText t = RenderLeafValue(n, bytes);
  EXPECT_EQ(t.quoted, quoted) << t.text;
  return t.text;
}

TEST(ValueTextTest, ByLogicalType) {
  EXPECT_EQ(Text(IcebergPrimitive("b", 1, false, P::kBoolean), "\x01", false), "true");
  EXPECT_EQ(Text(IcebergPrimitive("i", 1, false, P::kInt), Bytes<int32_t>(-7), false), "-7");
  EXPECT_EQ(Text(IcebergPrimitive("l", 1, false, P::kLong), Bytes<int64_t>(1LL << 40), false),
            "1099511627776");
  EXPECT_EQ(Text(IcebergPrimitive("f", 1, false, P::kFloat), Bytes<float>(0.1f), false), "0.1");
  EXPECT_EQ(Text(IcebergPrimitive("d", 1, false, P::kDouble), Bytes<double>(31.1), false), "31.1");
  EXPECT_EQ(Text(IcebergPrimitive("d", 1, false, P::kDouble), Bytes<double>(NAN), true), "NaN");
  EXPECT_EQ(Text(IcebergPrimitive("d", 1, false, P::kDouble), Bytes<double>(-INFINITY), true),
            "-Infinity");
  EXPECT_EQ(Text(IcebergPrimitive("dt", 1, false, P::kDate), Bytes<int32_t>(20781), true),
            "2026-11-24");
  EXPECT_EQ(Text(IcebergPrimitive("t", 1, false, P::kTime), Bytes<int64_t>(3'723'000'004LL), true),
            "01:02:03.000004");
  EXPECT_EQ(Text(IcebergPrimitive("ts", 1, false, P::kTimestampTz),
                 Bytes<int64_t>(1'795'478'400'001'133LL), true),
            "2026-11-24T00:00:00.001133Z");
  EXPECT_EQ(Text(IcebergPrimitive("ts", 1, false, P::kTimestamp), Bytes<int64_t>(0), true),
            "1970-01-01T00:00:00.000000");
  EXPECT_EQ(Text(IcebergPrimitive("ns", 1, false, P::kTimestampTzNs), Bytes<int64_t>(1), true),
            "1970-01-01T00:00:00.000000001Z");
  EXPECT_EQ(Text(IcebergPrimitive("s", 1, false, P::kString), "h\xc3\xa9", true), "h\xc3\xa9");
  EXPECT_EQ(
      Text(IcebergPrimitive("u", 1, false, P::kUuid),
           std::string("\xbe\xeb\x8d\xa1\x65\x8e\x4c\x67\xb8\x93\xa2\xee\xfb\x32\x55\x5e", 16),
           true),
      "beeb8da1-658e-4c67-b893-a2eefb32555e");
  EXPECT_EQ(
      Text(IcebergPrimitive("bin", 1, false, P::kBinary), std::string("\x00\x00\xff", 3), true),
      "0000FF");
}

TEST(ValueTextTest, Decimals) {
  const auto d9 = parquet::IcebergDecimal("d", 1, false, 9, 2);    // INT32
  const auto d18 = parquet::IcebergDecimal("d", 1, false, 18, 4);  // INT64
  const auto d38 = parquet::IcebergDecimal("d", 1, false, 38, 3);  // fixed(16)
  EXPECT_EQ(Text(d9, Bytes<int32_t>(1420), true), "14.20");
  EXPECT_EQ(Text(d9, Bytes<int32_t>(-5), true), "-0.05");
  EXPECT_EQ(Text(d18, Bytes<int64_t>(123), true), "0.0123");
  EXPECT_EQ(Text(d38, std::string(15, '\xff') + "\xfe", true), "-0.002");
  EXPECT_EQ(Text(d38, std::string("\x80") + std::string(15, '\0'), true),
            "-170141183460469231731687303715884105.728");
}

TEST(ValueTextTest, WrongSizesRenderAsHex) {
  EXPECT_EQ(Text(IcebergPrimitive("l", 1, false, P::kLong), "\x01\x02", true), "0102");
  EXPECT_EQ(Text(IcebergPrimitive("u", 1, false, P::kUuid), "\x01", true), "01");
}

TEST(SchemaTextTest, MessageNotation) {
  auto root = parquet::IcebergStruct(
      "t", std::nullopt, true,
      {IcebergPrimitive("id", 1, true, P::kLong),
       parquet::IcebergMap("m", 2, false, IcebergPrimitive("key", 3, true, P::kString),
                           parquet::IcebergDecimal("value", 4, false, 10, 2))});
  EXPECT_EQ(SchemaText(root),
            "message t {\n"
            "  required int64 id = 1;\n"
            "  optional group m = 2 (MAP) {\n"
            "    repeated group key_value {\n"
            "      required binary key = 3 (STRING);\n"
            "      optional int64 value = 4 (DECIMAL(10,2));\n"
            "    }\n"
            "  }\n"
            "}\n");
}

}  // namespace
}  // namespace firn::cli
