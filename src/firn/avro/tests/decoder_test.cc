#include "firn/avro/decoder.h"

#include <gtest/gtest.h>

#include <vector>

namespace firn::avro {
namespace {

template <typename T>
void ExpectCorrupt(const Result<T>& r, std::string_view fragment) {
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind(), ErrorKind::kCorrupt) << r.error().ToString();
  EXPECT_NE(r.error().message().find(fragment), std::string::npos) << r.error().ToString();
}

TEST(DecoderTest, TruncatedVarint) {
  std::vector<uint8_t> in = {0x80, 0x80};
  Decoder d(in, 100);
  ExpectCorrupt(d.ReadLong(), "offset 100 runs past the end");
}

TEST(DecoderTest, OverlongVarint) {
  std::vector<uint8_t> in(11, 0x80);
  in.back() = 0x00;
  Decoder d(in);
  ExpectCorrupt(d.ReadLong(), "longer than 10 bytes");
}

TEST(DecoderTest, VarintOverflowingSixtyFourBits) {
  std::vector<uint8_t> in = {0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02};
  Decoder d(in);
  ExpectCorrupt(d.ReadLong(), "overflows 64 bits");
}

TEST(DecoderTest, IntOutOfRange) {
  std::vector<uint8_t> in = {0x80, 0x80, 0x80, 0x80, 0x10};  // 2^31 after zig-zag
  Decoder d(in);
  ExpectCorrupt(d.ReadInt(), "out of range");
}

TEST(DecoderTest, NegativeAndOverlongLengths) {
  std::vector<uint8_t> neg = {0x01, 'a'};  // length -1
  Decoder d1(neg);
  ExpectCorrupt(d1.ReadString(), "negative length");
  std::vector<uint8_t> past = {0x08, 'a', 'b'};  // length 4, 2 bytes left
  Decoder d2(past);
  ExpectCorrupt(d2.ReadBytes(), "past the end");
  std::vector<uint8_t> huge = {0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01};
  Decoder d3(huge);
  ExpectCorrupt(d3.ReadString(), "past the end");
}

TEST(DecoderTest, FixedFloatDoubleBooleanBounds) {
  std::vector<uint8_t> three = {1, 2, 3};
  ExpectCorrupt(Decoder(three).ReadFixed(4), "past the end");
  ExpectCorrupt(Decoder(three).ReadFloat(), "past the end");
  ExpectCorrupt(Decoder(three).ReadDouble(), "past the end");
  std::vector<uint8_t> two = {2};
  ExpectCorrupt(Decoder(two).ReadBoolean(), "not 0 or 1");
  ExpectCorrupt(Decoder(std::span<const uint8_t>()).ReadBoolean(), "past the end");
}

TEST(DecoderTest, NegativeBlockCountReadsTheByteSize) {
  // -2 items, 2 bytes, then longs 3 and 27.
  std::vector<uint8_t> in = {0x03, 0x04, 0x06, 0x36, 0x00};
  Decoder d(in);
  auto count = d.ReadBlockCount();
  ASSERT_TRUE(count.has_value());
  EXPECT_EQ(*count, 2);
  EXPECT_EQ(*d.ReadLong(), 3);
  EXPECT_EQ(*d.ReadLong(), 27);
  EXPECT_EQ(*d.ReadBlockCount(), 0);
  EXPECT_TRUE(d.at_end());
}

TEST(DecoderTest, BlockByteSizePastTheEnd) {
  std::vector<uint8_t> in = {0x03, 0x40, 0x06};
  Decoder d(in);
  ExpectCorrupt(d.ReadBlockCount(), "byte size 32");
}

TEST(DecoderTest, OffsetsIncludeTheBase) {
  std::vector<uint8_t> in = {0x02, 0x80, 0x01};
  Decoder d(in, 1000);
  EXPECT_EQ(d.offset(), 1000u);
  ASSERT_TRUE(d.ReadLong().has_value());
  EXPECT_EQ(d.offset(), 1001u);
  EXPECT_EQ(*d.ReadLong(), 64);
  EXPECT_EQ(d.offset(), 1003u);
}

}  // namespace
}  // namespace firn::avro
