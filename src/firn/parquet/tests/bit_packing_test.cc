#include "firn/parquet/encoding/bit_packing.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace firn::parquet {
namespace {

using Bytes = std::vector<uint8_t>;

template <typename T>
Bytes Pack(const std::vector<T>& values, int bit_width) {
  Bytes out(BitPackedBytes(values.size(), bit_width) + 8, 0xEE);  // canary tail
  BitPack<T>(values.data(), values.size(), bit_width, out.data());
  for (size_t i = out.size() - 8; i < out.size(); ++i) EXPECT_EQ(out[i], 0xEE) << "wrote past end";
  out.resize(out.size() - 8);
  return out;
}

// Independent bit-at-a-time reference of Encodings.md note 1.
Bytes ReferencePack(const std::vector<uint64_t>& values, int bit_width) {
  Bytes out(BitPackedBytes(values.size(), bit_width), 0);
  size_t bit = 0;
  for (uint64_t v : values) {
    for (int b = 0; b < bit_width; ++b, ++bit) {
      if ((v >> b) & 1) out[bit / 8] |= static_cast<uint8_t>(1u << (bit % 8));
    }
  }
  return out;
}

TEST(BitPackingTest, SpecExampleZeroToSevenAtWidth3) {
  std::vector<uint32_t> values = {0, 1, 2, 3, 4, 5, 6, 7};
  EXPECT_EQ(Pack(values, 3), (Bytes{0x88, 0xC6, 0xFA}));
  std::vector<uint32_t> back(8);
  Bytes packed = {0x88, 0xC6, 0xFA};
  BitUnpack<uint32_t>(packed.data(), 8, 3, back.data());
  EXPECT_EQ(back, values);
}

TEST(BitPackingTest, HandWorkedWidths) {
  // Width 1: bit i of the byte is value i.
  EXPECT_EQ(Pack(std::vector<uint8_t>{1, 0, 1, 1, 0, 0, 0, 1}, 1), (Bytes{0x8D}));
  // Width 12: 0xABC then 0x123 form the 24-bit little-endian number 0x123ABC.
  EXPECT_EQ(Pack(std::vector<uint16_t>{0xABC, 0x123}, 12), (Bytes{0xBC, 0x3A, 0x12}));
  // Partial group: three values at width 3 take 9 bits, two bytes, zero padded.
  EXPECT_EQ(Pack(std::vector<uint32_t>{0, 1, 2}, 3), (Bytes{0x88, 0x00}));
  // Width 8 is the identity; width 0 takes no bytes.
  EXPECT_EQ(Pack(std::vector<uint32_t>{1, 2, 255}, 8), (Bytes{1, 2, 255}));
  EXPECT_EQ(Pack(std::vector<uint32_t>{0, 0, 0, 0, 0, 0, 0, 0, 0}, 0), Bytes{});
  // Width 64 is the little-endian bytes of each value.
  EXPECT_EQ(Pack(std::vector<uint64_t>{0x0102030405060708ULL}, 64),
            (Bytes{8, 7, 6, 5, 4, 3, 2, 1}));
  // Width 33: value 1 then 2^32 (bit 33 + 32 = 65: byte 8, bit 1).
  Bytes wide = Pack(std::vector<uint64_t>{1, uint64_t{1} << 32}, 33);
  ASSERT_EQ(wide.size(), 9u);
  EXPECT_EQ(wide, (Bytes{1, 0, 0, 0, 0, 0, 0, 0, 2}));
}

TEST(BitPackingTest, HighBitsAboveWidthAreIgnored) {
  EXPECT_EQ(Pack(std::vector<uint32_t>{0xFF, 0xF0}, 4), (Bytes{0x0F}));
}

template <typename T>
void RoundTripAllWidths(uint32_t seed) {
  std::mt19937_64 rng(seed);
  for (int width = 0; width <= static_cast<int>(8 * sizeof(T)); ++width) {
    for (size_t n : {0, 1, 7, 8, 9, 15, 16, 17, 63, 64, 65, 200}) {
      std::vector<T> values(n);
      std::vector<uint64_t> wide(n);
      for (size_t i = 0; i < n; ++i) {
        uint64_t v = rng();
        if (width < 64) v &= (uint64_t{1} << width) - 1;
        values[i] = static_cast<T>(v);
        wide[i] = v;
      }
      Bytes packed = Pack(values, width);
      ASSERT_EQ(packed, ReferencePack(wide, width)) << "width " << width << " n " << n;
      std::vector<T> back(n + 1, T{0x5A});
      BitUnpack<T>(packed.data(), n, width, back.data());
      EXPECT_EQ(back[n], T{0x5A}) << "wrote past end";
      back.resize(n);
      EXPECT_EQ(back, values) << "width " << width << " n " << n;
    }
  }
}

TEST(BitPackingTest, RoundTripEveryWidthAgainstReference) {
  RoundTripAllWidths<uint8_t>(1);
  RoundTripAllWidths<uint16_t>(2);
  RoundTripAllWidths<uint32_t>(3);
  RoundTripAllWidths<uint64_t>(4);
}

TEST(BitPackingTest, UnpackReadsExactlyTheBytesItNeeds) {
  // 5 values at width 7 = 35 bits = 5 bytes; give exactly 5 bytes in a tight vector so
  // that ASan would flag an over-read.
  std::vector<uint8_t> values = {127, 0, 85, 42, 1};
  Bytes packed = Pack(values, 7);
  ASSERT_EQ(packed.size(), 5u);
  auto tight = std::make_unique<uint8_t[]>(5);
  std::copy(packed.begin(), packed.end(), tight.get());
  std::vector<uint8_t> back(5);
  BitUnpack<uint8_t>(tight.get(), 5, 7, back.data());
  EXPECT_EQ(back, values);
}

}  // namespace
}  // namespace firn::parquet
