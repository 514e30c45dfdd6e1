#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "firn/parquet/encoding/plain.h"

namespace firn::parquet {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes ToBytes(const Buffer& b) { return Bytes(b.data(), b.data() + b.size()); }

TEST(PlainEncodingTest, Int32AndInt64) {
  Buffer out;
  PlainEncode<int32_t>(std::vector<int32_t>{1, -2}, &out);
  EXPECT_EQ(ToBytes(out), (Bytes{0x01, 0, 0, 0, 0xFE, 0xFF, 0xFF, 0xFF}));
  out.Clear();
  PlainEncode<int64_t>(std::vector<int64_t>{0x0102030405060708LL, -1}, &out);
  EXPECT_EQ(ToBytes(out),
            (Bytes{8, 7, 6, 5, 4, 3, 2, 1, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF}));
}

TEST(PlainEncodingTest, FloatAndDouble) {
  Buffer out;
  PlainEncode<float>(std::vector<float>{1.0f, -0.0f}, &out);
  EXPECT_EQ(ToBytes(out), (Bytes{0, 0, 0x80, 0x3F, 0, 0, 0, 0x80}));
  out.Clear();
  PlainEncode<double>(std::vector<double>{1.0}, &out);
  EXPECT_EQ(ToBytes(out), (Bytes{0, 0, 0, 0, 0, 0, 0xF0, 0x3F}));
}

TEST(PlainEncodingTest, Int96AndFixedLen) {
  Bytes int96 = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12};
  Buffer out;
  PlainEncodeFixedLen(int96, &out);
  EXPECT_EQ(ToBytes(out), int96);
  Buffer decoded;
  EXPECT_EQ(PlainDecodeInt96(int96, 1, decoded).value(), 12u);
  EXPECT_EQ(ToBytes(decoded), int96);
  decoded.Clear();
  EXPECT_EQ(PlainDecodeFixedLenByteArray(int96, 4, 3, decoded).value(), 12u);
  EXPECT_FALSE(PlainDecodeFixedLenByteArray(int96, 5, 3, decoded).has_value());
}

TEST(PlainEncodingTest, ByteArrays) {
  Buffer out;
  PlainEncodeByteArray("ab", &out);
  PlainEncodeByteArray("", &out);
  Bytes expected = {2, 0, 0, 0, 'a', 'b', 0, 0, 0, 0};
  EXPECT_EQ(ToBytes(out), expected);

  std::string data = "abxyz";
  std::vector<int64_t> offsets = {0, 2, 2, 5};
  Buffer batch;
  PlainEncodeByteArrays(reinterpret_cast<const uint8_t*>(data.data()), offsets, &batch);
  EXPECT_EQ(ToBytes(batch), (Bytes{2, 0, 0, 0, 'a', 'b', 0, 0, 0, 0, 3, 0, 0, 0, 'x', 'y', 'z'}));

  Buffer values;
  std::vector<int64_t> ends = {0};
  Bytes in = ToBytes(batch);
  in.push_back(0x99);  // trailing bytes belong to someone else
  EXPECT_EQ(PlainDecodeByteArrays(in, 3, values, ends).value(), 17u);
  EXPECT_EQ(values.view(), "abxyz");
  EXPECT_EQ(ends, offsets);

  // Gathered by slot: any order, repeats, empty values.
  const std::vector<int64_t> slots = {2, 0, 1, 2};
  Buffer gathered;
  PlainEncodeByteArrays(reinterpret_cast<const uint8_t*>(data.data()), offsets.data(), slots.data(), slots.size(),
                        &gathered);
  EXPECT_EQ(ToBytes(gathered), (Bytes{3, 0, 0, 0, 'x', 'y', 'z', 2, 0, 0, 0, 'a', 'b', 0, 0, 0, 0,
                                      3, 0, 0, 0, 'x', 'y', 'z'}));
  Buffer none;
  PlainEncodeByteArrays(reinterpret_cast<const uint8_t*>(data.data()), offsets.data(), slots.data(), 0, &none);
  EXPECT_EQ(none.size(), 0u);
}

TEST(PlainEncodingTest, Booleans) {
  std::vector<uint8_t> values = {1, 0, 1, 1, 0, 0, 0, 1, 7};  // non-zero is true
  Buffer out;
  PlainEncodeBooleans(values, &out);
  EXPECT_EQ(ToBytes(out), (Bytes{0x8D, 0x01}));

  Buffer streamed;
  PlainBooleanEncoder encoder(&streamed);
  for (uint8_t v : values) encoder.Put(v != 0);
  encoder.Flush();
  EXPECT_EQ(ToBytes(streamed), (Bytes{0x8D, 0x01}));

  Buffer decoded;
  EXPECT_EQ(PlainDecodeBooleans(ToBytes(out), 9, decoded).value(), 2u);
  EXPECT_EQ(ToBytes(decoded), (Bytes{1, 0, 1, 1, 0, 0, 0, 1, 1}));
  EXPECT_FALSE(PlainDecodeBooleans(ToBytes(out), 17, decoded).has_value());
}

TEST(PlainEncodingTest, FixedWidthRoundTrip) {
  std::mt19937_64 rng(1);
  std::vector<int64_t> values = {std::numeric_limits<int64_t>::min(),
                                 std::numeric_limits<int64_t>::max(), 0};
  for (int i = 0; i < 1000; ++i) values.push_back(static_cast<int64_t>(rng()));
  Buffer out;
  PlainEncode<int64_t>(values, &out);
  Buffer decoded;
  EXPECT_EQ(PlainDecodeInt64(out.span(), values.size(), decoded).value(), values.size() * 8);
  ASSERT_EQ(decoded.size(), values.size() * 8);
  EXPECT_EQ(std::memcmp(decoded.data(), values.data(), decoded.size()), 0);

  std::vector<double> doubles = {std::nan("1"), -0.0, std::numeric_limits<double>::infinity()};
  Buffer dout, ddec;
  PlainEncode<double>(doubles, &dout);
  ASSERT_TRUE(PlainDecodeDouble(dout.span(), 3, ddec).has_value());
  EXPECT_EQ(std::memcmp(ddec.data(), doubles.data(), 24), 0);
}

TEST(PlainEncodingTest, DecodersRejectEveryTruncation) {
  std::vector<std::string> strings = {"", "a", "hello world", std::string(300, 'x'), "z"};
  Buffer encoded;
  for (const auto& s : strings) PlainEncodeByteArray(s, &encoded);
  Bytes bytes = ToBytes(encoded);
  for (size_t len = 0; len < bytes.size(); ++len) {
    Buffer data;
    std::vector<int64_t> offsets = {0};
    auto r = PlainDecodeByteArrays(std::span(bytes).first(len), strings.size(), data, offsets);
    ASSERT_FALSE(r.has_value()) << len;
    EXPECT_EQ(r.error().kind(), ErrorKind::kCorrupt);
  }
  for (size_t len = 0; len < 40; ++len) {
    Bytes raw(len, 0);
    Buffer out;
    EXPECT_EQ(PlainDecodeInt32(raw, 10, out).has_value(), len >= 40);
    EXPECT_EQ(PlainDecodeDouble(raw, 5, out).has_value(), len >= 40);
    EXPECT_EQ(PlainDecodeInt96(raw, 3, out).has_value(), len >= 36);
    EXPECT_EQ(PlainDecodeBooleans(raw, 9, out).has_value(), len >= 2);
  }
  // A huge value count must not allocate or overflow.
  Buffer out;
  std::vector<int64_t> offsets = {0};
  EXPECT_FALSE(PlainDecodeInt64(Bytes(16), SIZE_MAX / 2, out).has_value());
  EXPECT_FALSE(PlainDecodeByteArrays(Bytes(16), SIZE_MAX / 2, out, offsets).has_value());
  EXPECT_FALSE(PlainDecodeBooleans(Bytes(16), SIZE_MAX - 3, out).has_value());
}

TEST(PlainEncodingTest, RandomBytesNeverCrash) {
  std::mt19937_64 rng(9);
  for (int trial = 0; trial < 20000; ++trial) {
    Bytes bytes(rng() % 64);
    for (auto& b : bytes) b = static_cast<uint8_t>(rng() % 4 == 0 ? rng() : rng() % 8);
    Buffer data;
    std::vector<int64_t> offsets = {0};
    size_t n = rng() % 20;
    auto r = PlainDecodeByteArrays(bytes, n, data, offsets);
    if (r.has_value()) {
      EXPECT_LE(*r, bytes.size());
      EXPECT_EQ(offsets.size(), n + 1);
      EXPECT_EQ(static_cast<size_t>(offsets.back()), data.size());
    }
  }
}

}  // namespace
}  // namespace firn::parquet
