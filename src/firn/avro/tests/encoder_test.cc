#include "firn/avro/encoder.h"

#include <gtest/gtest.h>

#include <limits>
#include <vector>

#include "firn/avro/decoder.h"

namespace firn::avro {
namespace {

std::vector<uint8_t> Bytes(const Buffer& b) { return {b.data(), b.data() + b.size()}; }

std::vector<uint8_t> EncodeLong(int64_t v) {
  Buffer b;
  Encoder(&b).WriteLong(v);
  return Bytes(b);
}

TEST(EncoderTest, LongZigZagVarint) {
  // Values from the spec's "Binary Encoding" table, and the extremes.
  EXPECT_EQ(EncodeLong(0), (std::vector<uint8_t>{0x00}));
  EXPECT_EQ(EncodeLong(-1), (std::vector<uint8_t>{0x01}));
  EXPECT_EQ(EncodeLong(1), (std::vector<uint8_t>{0x02}));
  EXPECT_EQ(EncodeLong(-2), (std::vector<uint8_t>{0x03}));
  EXPECT_EQ(EncodeLong(2), (std::vector<uint8_t>{0x04}));
  EXPECT_EQ(EncodeLong(-64), (std::vector<uint8_t>{0x7f}));
  EXPECT_EQ(EncodeLong(64), (std::vector<uint8_t>{0x80, 0x01}));
  EXPECT_EQ(EncodeLong(-65), (std::vector<uint8_t>{0x81, 0x01}));
  EXPECT_EQ(EncodeLong(8192), (std::vector<uint8_t>{0x80, 0x80, 0x01}));
  EXPECT_EQ(EncodeLong(std::numeric_limits<int64_t>::max()),
            (std::vector<uint8_t>{0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}));
  EXPECT_EQ(EncodeLong(std::numeric_limits<int64_t>::min()),
            (std::vector<uint8_t>{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01}));
}

TEST(EncoderTest, IntUsesTheSameVarint) {
  Buffer b;
  Encoder(&b).WriteInt(std::numeric_limits<int32_t>::min());
  EXPECT_EQ(Bytes(b), (std::vector<uint8_t>{0xff, 0xff, 0xff, 0xff, 0x0f}));
  b.Clear();
  Encoder(&b).WriteInt(std::numeric_limits<int32_t>::max());
  EXPECT_EQ(Bytes(b), (std::vector<uint8_t>{0xfe, 0xff, 0xff, 0xff, 0x0f}));
}

TEST(EncoderTest, FloatDoubleBooleanLittleEndian) {
  Buffer b;
  Encoder e(&b);
  e.WriteFloat(1.0f);   // 0x3f800000
  e.WriteDouble(-2.0);  // 0xc000000000000000
  e.WriteBoolean(true);
  e.WriteBoolean(false);
  EXPECT_EQ(Bytes(b), (std::vector<uint8_t>{0x00, 0x00, 0x80, 0x3f, 0, 0, 0, 0, 0, 0, 0x00, 0xc0,
                                            0x01, 0x00}));
}

TEST(EncoderTest, StringsAndBytesAreLengthPrefixed) {
  Buffer b;
  Encoder e(&b);
  e.WriteString("foo");  // the spec's example: 06 66 6f 6f
  e.WriteString("");
  const uint8_t raw[] = {0xde, 0xad};
  e.WriteBytes(raw);
  e.WriteFixed(raw);
  EXPECT_EQ(Bytes(b),
            (std::vector<uint8_t>{0x06, 'f', 'o', 'o', 0x00, 0x04, 0xde, 0xad, 0xde, 0xad}));
}

TEST(EncoderTest, ArrayBlocksAndUnion) {
  // The spec's example: array of longs {3, 27} is 04 06 36 00.
  Buffer b;
  Encoder e(&b);
  e.WriteBlockCount(2);
  e.WriteLong(3);
  e.WriteLong(27);
  e.WriteBlockCount(0);
  // Union ["null","string"]: null is 00; "a" is 02 02 61.
  e.WriteUnionIndex(0);
  e.WriteUnionIndex(1);
  e.WriteString("a");
  EXPECT_EQ(Bytes(b), (std::vector<uint8_t>{0x04, 0x06, 0x36, 0x00, 0x00, 0x02, 0x02, 0x61}));
}

TEST(EncoderTest, VarLongRoundTripsThroughDecoder) {
  std::vector<int64_t> values = {0,
                                 1,
                                 -1,
                                 63,
                                 -64,
                                 64,
                                 -65,
                                 1 << 20,
                                 -(1LL << 40),
                                 std::numeric_limits<int64_t>::max(),
                                 std::numeric_limits<int64_t>::min()};
  Buffer b;
  Encoder e(&b);
  for (int64_t v : values) e.WriteLong(v);
  Decoder d(b.span());
  for (int64_t v : values) {
    auto r = d.ReadLong();
    ASSERT_TRUE(r.has_value()) << r.error().ToString();
    EXPECT_EQ(*r, v);
  }
  EXPECT_TRUE(d.at_end());
}

}  // namespace
}  // namespace firn::avro
