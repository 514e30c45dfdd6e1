#include "firn/parquet/encoding/rle_hybrid.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "firn/parquet/encoding/dictionary_indices.h"
#include "firn/parquet/encoding/levels.h"

namespace firn::parquet {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes ToBytes(const Buffer& b) { return Bytes(b.data(), b.data() + b.size()); }

Bytes Encode(const std::vector<uint64_t>& values, int bit_width) {
  Buffer out;
  RleEncoder encoder(bit_width, &out);
  for (uint64_t v : values) encoder.Put(v);
  encoder.Flush();
  return ToBytes(out);
}

std::vector<uint64_t> Repeat(uint64_t v, size_t n) { return std::vector<uint64_t>(n, v); }
std::vector<uint64_t> Concat(std::vector<uint64_t> a, const std::vector<uint64_t>& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}

template <typename T>
Result<std::vector<T>> Decode(const Bytes& bytes, int bit_width, size_t n) {
  RleDecoder decoder(bytes, bit_width);
  std::vector<T> out(n);
  auto got = decoder.GetBatch(out.data(), n);
  if (!got) return std::unexpected(got.error());
  out.resize(*got);
  return out;
}

TEST(RleHybridTest, RleRun) {
  // header 10 << 1 = 0x14, value in one byte.
  EXPECT_EQ(Encode(Repeat(4, 10), 3), (Bytes{0x14, 0x04}));
  // Bit width 9: the value takes two bytes, little endian.
  EXPECT_EQ(Encode(Repeat(300, 8), 9), (Bytes{0x10, 0x2C, 0x01}));
  // Bit width 0: no value bytes.
  EXPECT_EQ(Encode(Repeat(0, 9), 0), (Bytes{0x12}));
  // 1000 values: header 2000 = ULEB128 0xD0 0x0F.
  Buffer out;
  RleEncoder encoder(1, &out);
  encoder.PutRepeated(1, 1000);
  encoder.Flush();
  EXPECT_EQ(ToBytes(out), (Bytes{0xD0, 0x0F, 0x01}));
}

TEST(RleHybridTest, BitPackedRun) {
  // header (1 << 1) | 1, then the spec's packing of 0..7 at width 3.
  EXPECT_EQ(Encode({0, 1, 2, 3, 4, 5, 6, 7}, 3), (Bytes{0x03, 0x88, 0xC6, 0xFA}));
  // A partial group is padded with zeros: [1, 2, 3, 0, 0, 0, 0, 0] at width 2.
  EXPECT_EQ(Encode({1, 2, 3}, 2), (Bytes{0x03, 0x39, 0x00}));
}

TEST(RleHybridTest, MixedRuns) {
  // A bit-packed group, then 8 fives as an RLE run.
  EXPECT_EQ(Encode(Concat({0, 1, 2, 3, 4, 5, 6, 7}, Repeat(5, 8)), 3),
            (Bytes{0x03, 0x88, 0xC6, 0xFA, 0x10, 0x05}));
  // An RLE run, then a short literal tail.
  EXPECT_EQ(Encode(Concat(Repeat(2, 12), {1, 3}), 2), (Bytes{0x18, 0x02, 0x03, 0x0D, 0x00}));
  // [1] then ten 0s: seven 0s complete the first group, the last three go into a padded
  // second group rather than an RLE run of 3.
  EXPECT_EQ(Encode(Concat({1}, Repeat(0, 10)), 1), (Bytes{0x05, 0x01, 0x00}));
  // [1] then twenty 0s: seven complete the group, the other 13 become an RLE run.
  EXPECT_EQ(Encode(Concat({1}, Repeat(0, 20)), 1), (Bytes{0x03, 0x01, 0x1A, 0x00}));
}

TEST(RleHybridTest, BitPackedRunsAreSplitAt63Groups) {
  std::vector<uint64_t> values;
  for (int i = 0; i < 64 * 8; ++i) values.push_back(i % 2);
  Bytes bytes = Encode(values, 1);
  ASSERT_EQ(bytes.size(), 1 + 63 + 1 + 1u);
  EXPECT_EQ(bytes[0], 0x7F);  // (63 << 1) | 1
  EXPECT_EQ(bytes[1], 0xAA);  // 0,1,0,1,... LSB first
  EXPECT_EQ(bytes[64], 0x03);
  auto back = Decode<uint8_t>(bytes, 1, values.size());
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(std::vector<uint64_t>(back->begin(), back->end()), values);
}

TEST(RleHybridTest, DecodesLongBitPackedHeaders) {
  // Another writer may put 64 groups under one two-byte header: (64 << 1) | 1 = 129.
  Bytes bytes = {0x81, 0x01};
  for (int i = 0; i < 64; ++i) bytes.push_back(0xFF);
  auto back = Decode<uint32_t>(bytes, 1, 512);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, std::vector<uint32_t>(512, 1));
}

TEST(RleHybridTest, DecodeStopsAtEndOfData) {
  auto back = Decode<uint32_t>(Bytes{0x14, 0x04}, 3, 100);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, std::vector<uint32_t>(10, 4));
}

TEST(RleHybridTest, DecodeInSmallBatchesAcrossRuns) {
  std::mt19937_64 rng(7);
  std::vector<uint64_t> values;
  for (int i = 0; i < 5000; ++i) {
    if (rng() % 4 == 0) {
      auto r = Repeat(rng() % 32, 1 + rng() % 40);
      values.insert(values.end(), r.begin(), r.end());
    } else {
      values.push_back(rng() % 32);
    }
  }
  Bytes bytes = Encode(values, 5);
  RleDecoder decoder(bytes, 5);
  std::vector<uint64_t> back;
  while (back.size() < values.size()) {
    uint16_t chunk[13];
    size_t want = std::min<size_t>(1 + rng() % 13, values.size() - back.size());
    auto got = decoder.GetBatch(chunk, want);
    ASSERT_TRUE(got.has_value()) << got.error().ToString();
    ASSERT_EQ(*got, want);
    back.insert(back.end(), chunk, chunk + want);
  }
  EXPECT_EQ(back, values);
}

TEST(RleHybridTest, RandomRoundTripEveryWidth) {
  std::mt19937_64 rng(11);
  for (int width = 0; width <= 64; ++width) {
    uint64_t mask = width == 64 ? ~uint64_t{0} : (uint64_t{1} << width) - 1;
    for (int trial = 0; trial < 5; ++trial) {
      std::vector<uint64_t> values;
      size_t n = rng() % 3000;
      while (values.size() < n) {
        uint64_t v = rng() & mask;
        size_t run = rng() % 3 == 0 ? rng() % 50 : 1;
        for (size_t i = 0; i < run; ++i) values.push_back(v);
      }
      Buffer out;
      RleEncoder encoder(width, &out);
      for (size_t i = 0; i < values.size();) {
        size_t j = i;
        while (j < values.size() && values[j] == values[i]) ++j;
        if (rng() % 2) {
          encoder.PutRepeated(values[i], j - i);
        } else {
          for (size_t k = i; k < j; ++k) encoder.Put(values[k]);
        }
        i = j;
      }
      encoder.Flush();
      Buffer batched;
      RleEncoder batch_encoder(width, &batched);
      batch_encoder.PutBatch<uint64_t>(values);
      batch_encoder.Flush();
      ASSERT_EQ(ToBytes(batched), ToBytes(out)) << "PutBatch and Put disagree";
      auto back = Decode<uint64_t>(ToBytes(out), width, values.size());
      ASSERT_TRUE(back.has_value()) << back.error().ToString();
      ASSERT_EQ(*back, values) << "width " << width;
      if (width <= 32) {
        auto back32 = Decode<uint32_t>(ToBytes(out), width, values.size());
        ASSERT_TRUE(back32.has_value());
        ASSERT_EQ(std::vector<uint64_t>(back32->begin(), back32->end()), values);
      }
    }
  }
}

// ---- Damaged input -------------------------------------------------------------------

void ExpectCorrupt(const Bytes& bytes, int bit_width, size_t n) {
  auto back = Decode<uint64_t>(bytes, bit_width, n);
  ASSERT_FALSE(back.has_value());
  EXPECT_EQ(back.error().kind(), ErrorKind::kCorrupt) << back.error().ToString();
}

TEST(RleHybridTest, DamagedRunsAreCorrupt) {
  ExpectCorrupt({0x00, 0x01}, 1, 1);                          // RLE run of length 0
  ExpectCorrupt({0x01}, 1, 1);                                // bit-packed run of 0 groups
  ExpectCorrupt({0x14}, 3, 10);                               // RLE value missing
  ExpectCorrupt({0x10, 0x2C}, 9, 8);                          // RLE value of 2 bytes cut short
  ExpectCorrupt({0x10, 0x08}, 3, 8);                          // RLE value 8 wider than 3 bits
  ExpectCorrupt({0x03, 0x88}, 3, 8);                          // bit-packed values missing
  ExpectCorrupt({0x80, 0x80}, 3, 8);                          // header ULEB128 truncated
  ExpectCorrupt({0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x00}, 3, 8);  // run length >= 2^31
  ExpectCorrupt(Bytes(11, 0xFF), 3, 8);                       // header ULEB128 over 64 bits
  // Bit width 33 cannot decode into uint32_t.
  Bytes wide = {0x10, 1, 0, 0, 0, 0};
  RleDecoder decoder(wide, 33);
  uint32_t out[8];
  EXPECT_FALSE(decoder.GetBatch(out, 8).has_value());
}

TEST(RleHybridTest, TruncatedPaddingIsToleratedButMissingValuesAreNot) {
  // 3 values at width 8 declared as one group of 8: only the 3 real bytes present.
  Bytes bytes = {0x03, 10, 20, 30};
  auto back = Decode<uint32_t>(bytes, 8, 3);
  ASSERT_TRUE(back.has_value());
  EXPECT_EQ(*back, (std::vector<uint32_t>{10, 20, 30}));
  ExpectCorrupt(bytes, 8, 4);
}

TEST(RleHybridTest, TruncatedAtEveryLength) {
  std::mt19937_64 rng(3);
  std::vector<uint64_t> values;
  for (int i = 0; i < 300; ++i) values.push_back(i % 7 == 0 ? 5 : rng() % 1000);
  for (int i = 0; i < 30; ++i) values.push_back(999);
  for (int width : {10, 17, 40}) {
    Bytes bytes = Encode(values, width);
    for (size_t len = 0; len < bytes.size(); ++len) {
      Bytes cut(bytes.begin(), bytes.begin() + len);
      auto back = Decode<uint64_t>(cut, width, values.size());
      if (back.has_value()) {
        ASSERT_LT(back->size(), values.size());
        EXPECT_TRUE(std::equal(back->begin(), back->end(), values.begin()));
      }
    }
  }
}

TEST(RleHybridTest, RandomBytesNeverCrash) {
  std::mt19937_64 rng(5);
  for (int trial = 0; trial < 20000; ++trial) {
    Bytes bytes(rng() % 40);
    for (auto& b : bytes) b = static_cast<uint8_t>(rng());
    int width = static_cast<int>(rng() % 65);
    RleDecoder decoder(bytes, width);
    std::vector<uint64_t> out(rng() % 600);
    auto got = decoder.GetBatchBounded(out.data(), out.size(), 1 + rng() % 100);
    if (got.has_value()) {
      EXPECT_LE(*got, out.size());
    }
  }
}

// ---- Levels ---------------------------------------------------------------------------

TEST(LevelsTest, V1HasALengthPrefixV2DoesNot) {
  std::vector<int16_t> levels = {0, 1, 1, 2};
  Buffer v1, v2;
  EncodeLevelsV1(levels, 2, &v1);
  EncodeLevelsV2(levels, 2, &v2);
  // [0, 1, 1, 2, 0, 0, 0, 0] at width 2 -> 0x94 0x00, in one bit-packed run.
  EXPECT_EQ(ToBytes(v1), (Bytes{0x03, 0x00, 0x00, 0x00, 0x03, 0x94, 0x00}));
  EXPECT_EQ(ToBytes(v2), (Bytes{0x03, 0x94, 0x00}));

  Bytes page = ToBytes(v1);
  page.push_back(0xAB);  // the values follow
  std::vector<int16_t> back(4);
  auto consumed = DecodeLevelsV1(page, 2, 4, back.data());
  ASSERT_TRUE(consumed.has_value());
  EXPECT_EQ(*consumed, 7u);
  EXPECT_EQ(back, levels);
  ASSERT_TRUE(DecodeLevelsV2(ToBytes(v2), 2, 4, back.data()).has_value());
  EXPECT_EQ(back, levels);
}

TEST(LevelsTest, MaxLevelZeroHasNoSection) {
  Buffer out;
  EncodeLevelsV1(std::vector<int16_t>(5, 0), 0, &out);
  EXPECT_TRUE(out.empty());
  std::vector<int16_t> back(5, 7);
  EXPECT_EQ(DecodeLevelsV1({}, 0, 5, back.data()).value(), 0u);
  EXPECT_EQ(back, std::vector<int16_t>(5, 0));
}

TEST(LevelsTest, DamagedLevels) {
  std::vector<int16_t> out(8);
  // Prefix says 5 bytes, 2 present.
  EXPECT_FALSE(DecodeLevelsV1(Bytes{5, 0, 0, 0, 0x10, 0x01}, 1, 8, out.data()).has_value());
  EXPECT_FALSE(DecodeLevelsV1(Bytes{2, 0, 0}, 1, 8, out.data()).has_value());
  // Level 3 with max level 2 (width 2).
  EXPECT_FALSE(DecodeLevelsV2(Bytes{0x10, 0x03}, 2, 8, out.data()).has_value());
  // Fewer levels than the page needs.
  EXPECT_FALSE(DecodeLevelsV2(Bytes{0x08, 0x01}, 1, 8, out.data()).has_value());
  std::vector<int16_t> big(70000);
  for (int i = 0; i < 100; ++i) big[i * 7] = 1;
  Buffer v1;
  EncodeLevelsV1(big, 1, &v1);
  Bytes bytes = ToBytes(v1);
  std::vector<int16_t> back(big.size());
  ASSERT_TRUE(DecodeLevelsV1(bytes, 1, big.size(), back.data()).has_value());
  EXPECT_EQ(back, big);
  for (size_t len = 0; len < bytes.size(); ++len) {
    ASSERT_FALSE(
        DecodeLevelsV1(std::span(bytes).first(len), 1, big.size(), back.data()).has_value())
        << len;
  }
}

// ---- Dictionary indices -----------------------------------------------------------------

TEST(DictionaryIndicesTest, BitWidthByteThenRuns) {
  Buffer out;
  EncodeDictionaryIndices(std::vector<uint32_t>{0, 1, 2, 1}, DictionaryIndexBitWidth(3), &out);
  // width 2; [0, 1, 2, 1, 0, 0, 0, 0] -> 0x64 0x00.
  EXPECT_EQ(ToBytes(out), (Bytes{0x02, 0x03, 0x64, 0x00}));
  Bytes bytes = ToBytes(out);  // the decoder reads it in place
  auto decoder = DictionaryIndexDecoder::Make(bytes, 3);
  ASSERT_TRUE(decoder.has_value());
  std::vector<uint32_t> back(4);
  EXPECT_EQ(decoder->GetBatch(back.data(), 4).value(), 4u);
  EXPECT_EQ(back, (std::vector<uint32_t>{0, 1, 2, 1}));
}

TEST(DictionaryIndicesTest, BitWidths) {
  EXPECT_EQ(DictionaryIndexBitWidth(0), 0);
  EXPECT_EQ(DictionaryIndexBitWidth(1), 0);
  EXPECT_EQ(DictionaryIndexBitWidth(2), 1);
  EXPECT_EQ(DictionaryIndexBitWidth(256), 8);
  EXPECT_EQ(DictionaryIndexBitWidth(257), 9);
  // A one-entry dictionary: width 0, all zeros.
  Buffer out;
  EncodeDictionaryIndices(std::vector<uint32_t>(20, 0), 0, &out);
  EXPECT_EQ(ToBytes(out), (Bytes{0x00, 0x28}));
}

TEST(DictionaryIndicesTest, DamagedIndices) {
  EXPECT_FALSE(DictionaryIndexDecoder::Make({}, 10).has_value());
  EXPECT_FALSE(DictionaryIndexDecoder::Make(Bytes{33, 0x10, 0, 0, 0, 0, 0}, 10).has_value());
  // Index 5 in a dictionary of 3, as an RLE run and as a bit-packed value.
  uint32_t out[8];
  Bytes rle_bytes = {3, 0x10, 0x05};
  auto rle = DictionaryIndexDecoder::Make(rle_bytes, 3);
  ASSERT_TRUE(rle.has_value());
  EXPECT_FALSE(rle->GetBatch(out, 8).has_value());
  Bytes packed_bytes = {3, 0x03, 0x05, 0, 0};
  auto packed = DictionaryIndexDecoder::Make(packed_bytes, 3);
  ASSERT_TRUE(packed.has_value());
  EXPECT_FALSE(packed->GetBatch(out, 8).has_value());
  // An empty dictionary admits no index.
  Bytes empty_bytes = {0, 0x02};
  auto empty = DictionaryIndexDecoder::Make(empty_bytes, 0);
  ASSERT_TRUE(empty.has_value());
  EXPECT_FALSE(empty->GetBatch(out, 1).has_value());
}

}  // namespace
}  // namespace firn::parquet
