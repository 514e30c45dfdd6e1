#include <gtest/gtest.h>

#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "firn/parquet/encoding/delta_binary_packed.h"
#include "firn/parquet/encoding/delta_byte_array.h"

namespace firn::parquet {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes ToBytes(const Buffer& b) { return Bytes(b.data(), b.data() + b.size()); }
Bytes Cat(Bytes a, const Bytes& b) {
  a.insert(a.end(), b.begin(), b.end());
  return a;
}
Bytes Str(std::string_view s) { return Bytes(s.begin(), s.end()); }

template <typename T>
Bytes EncodeDelta(const std::vector<T>& values) {
  DeltaBinaryPackedEncoder<T> encoder;
  encoder.PutBatch(values);
  Buffer out;
  encoder.Finish(&out);
  return ToBytes(out);
}

template <typename T>
Result<std::vector<T>> DecodeDelta(std::span<const uint8_t> bytes, size_t* consumed = nullptr) {
  auto decoder = DeltaBinaryPackedDecoder<T>::Make(bytes);
  if (!decoder) return std::unexpected(decoder.error());
  std::vector<T> out(decoder->total_values());
  auto got = decoder->GetBatch(out.data(), out.size());
  if (!got) return std::unexpected(got.error());
  if (*got != out.size()) return Corrupt("short");
  if (consumed != nullptr) *consumed = decoder->position();
  return out;
}

// Header for firn's layout: block 128 (ULEB 0x80 0x01), 4 miniblocks.
Bytes Header(uint8_t count, uint8_t zigzag_first) {
  return {0x80, 0x01, 0x04, count, zigzag_first};
}

TEST(DeltaBinaryPackedTest, SpecExample1) {
  // 1..5: deltas all 1, min delta 1 (zigzag 2), every width 0, no miniblock bodies.
  Bytes expected = Cat(Header(5, 0x02), {0x02, 0, 0, 0, 0});
  EXPECT_EQ(EncodeDelta<int32_t>({1, 2, 3, 4, 5}), expected);
  EXPECT_EQ(EncodeDelta<int64_t>({1, 2, 3, 4, 5}), expected);
  size_t consumed = 0;
  EXPECT_EQ(DecodeDelta<int32_t>(Cat(expected, {0xAA, 0xBB}), &consumed).value(),
            (std::vector<int32_t>{1, 2, 3, 4, 5}));
  EXPECT_EQ(consumed, expected.size());
}

TEST(DeltaBinaryPackedTest, SpecExample2) {
  // 7,5,3,1,2,3,4,5: deltas -2,-2,-2,1,1,1,1, min -2 (zigzag 3), relative 0,0,0,3,3,3,3 at
  // width 2 in a 32-value miniblock of 8 bytes.
  Bytes expected = Cat(Header(8, 0x0E), {0x03, 0x02, 0, 0, 0, 0xC0, 0x3F, 0, 0, 0, 0, 0, 0});
  EXPECT_EQ(EncodeDelta<int64_t>({7, 5, 3, 1, 2, 3, 4, 5}), expected);
  EXPECT_EQ(DecodeDelta<int64_t>(expected).value(), (std::vector<int64_t>{7, 5, 3, 1, 2, 3, 4, 5}));
}

TEST(DeltaBinaryPackedTest, EmptyAndSingle) {
  EXPECT_EQ(EncodeDelta<int32_t>({}), (Bytes{0x80, 0x01, 0x04, 0x00, 0x00}));
  EXPECT_EQ(EncodeDelta<int32_t>({-1}), (Bytes{0x80, 0x01, 0x04, 0x01, 0x01}));
  EXPECT_EQ(DecodeDelta<int32_t>(Bytes{0x80, 0x01, 0x04, 0x01, 0x01}).value(),
            std::vector<int32_t>{-1});
}

TEST(DeltaBinaryPackedTest, OtherWritersLayouts) {
  // One miniblock of 128 per block.
  Bytes one = {0x80, 0x01, 0x01, 0x05, 0x02, 0x02, 0x00};
  EXPECT_EQ(DecodeDelta<int32_t>(one).value(), (std::vector<int32_t>{1, 2, 3, 4, 5}));
  // Widths of unused miniblocks may be anything (Encodings.md).
  Bytes junk = Cat(Header(5, 0x02), {0x02, 0x00, 0xFF, 0x99, 0x41});
  EXPECT_EQ(DecodeDelta<int32_t>(junk).value(), (std::vector<int32_t>{1, 2, 3, 4, 5}));
  // Block of 256 in 2 miniblocks of 128: 3 values, deltas 10, min 10, widths 0.
  Bytes big = {0x80, 0x02, 0x02, 0x03, 0x00, 0x14, 0x00, 0x00};
  EXPECT_EQ(DecodeDelta<int64_t>(big).value(), (std::vector<int64_t>{0, 10, 20}));
}

template <typename T>
void RoundTrip(uint64_t seed) {
  std::mt19937_64 rng(seed);
  const T kMin = std::numeric_limits<T>::min(), kMax = std::numeric_limits<T>::max();
  for (size_t n : {0, 1, 2, 31, 32, 33, 127, 128, 129, 130, 255, 256, 257, 1000, 5000}) {
    for (int shape = 0; shape < 5; ++shape) {
      std::vector<T> values(n);
      for (size_t i = 0; i < n; ++i) {
        switch (shape) {
          case 0:
            values[i] = static_cast<T>(rng());
            break;
          case 1:
            values[i] = i % 2 ? kMin : kMax;
            break;  // deltas overflow both ways
          case 2:
            values[i] = static_cast<T>(1000 + 3 * i);
            break;
          case 3:
            values[i] = static_cast<T>(rng() % 16) - 8;
            break;
          default:
            values[i] = rng() % 3 == 0 ? kMin : static_cast<T>(rng() % 100);
            break;
        }
      }
      Bytes bytes = EncodeDelta(values);
      size_t consumed = 0;
      auto back = DecodeDelta<T>(Cat(bytes, {1, 2, 3}), &consumed);
      ASSERT_TRUE(back.has_value()) << back.error().ToString();
      ASSERT_EQ(*back, values) << "n " << n << " shape " << shape;
      EXPECT_EQ(consumed, bytes.size());
      Buffer raw;
      ASSERT_EQ(DeltaBinaryPackedDecode<T>(bytes, n, raw).value(), bytes.size());
      ASSERT_EQ(raw.size(), n * sizeof(T));
      if (n > 0) {
        EXPECT_EQ(std::memcmp(raw.data(), values.data(), raw.size()), 0);
      }
    }
  }
}

TEST(DeltaBinaryPackedTest, RandomRoundTripsWithExtremes) {
  RoundTrip<int32_t>(1);
  RoundTrip<int64_t>(2);
}

TEST(DeltaBinaryPackedTest, EncoderIsReusableAfterFinish) {
  DeltaBinaryPackedEncoder<int64_t> encoder;
  Buffer first, second;
  for (int i = 0; i < 300; ++i) encoder.Put(i * i);
  EXPECT_LE(0u, encoder.EstimatedSize());
  encoder.Finish(&first);
  encoder.PutBatch(std::vector<int64_t>{1, 2, 3, 4, 5});
  encoder.Finish(&second);
  EXPECT_EQ(ToBytes(second), EncodeDelta<int64_t>({1, 2, 3, 4, 5}));
}

void ExpectDeltaCorrupt(const Bytes& bytes) {
  auto r64 = DecodeDelta<int64_t>(bytes);
  ASSERT_FALSE(r64.has_value());
  EXPECT_EQ(r64.error().kind(), ErrorKind::kCorrupt) << r64.error().ToString();
}

TEST(DeltaBinaryPackedTest, DamagedHeaders) {
  ExpectDeltaCorrupt({0x08, 0x01, 0x05, 0x02, 0x02, 0x00});  // block size 8 (the spec's toy)
  ExpectDeltaCorrupt({0x00, 0x01, 0x05, 0x02});              // block size 0
  ExpectDeltaCorrupt({0x80, 0x01, 0x03, 0x05, 0x02});        // 3 miniblocks do not divide 128
  ExpectDeltaCorrupt({0x80, 0x01, 0x08, 0x05, 0x02});        // miniblocks of 16 values
  ExpectDeltaCorrupt({0x80, 0x01, 0x00, 0x05, 0x02});        // 0 miniblocks
  ExpectDeltaCorrupt({0x80, 0x01, 0x04});                    // header cut short
  ExpectDeltaCorrupt({0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x01});
  // 2^62 values in a few bytes.
  ExpectDeltaCorrupt({0x80, 0x01, 0x04, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x40, 0x00,
                      0x00, 0x00, 0x00, 0x00, 0x00});
  // Miniblock width 65, and 33 for int32.
  ExpectDeltaCorrupt(Cat(Header(5, 0x02), {0x02, 65, 0, 0, 0}));
  Bytes w33 = Cat(Cat(Header(5, 0x02), {0x02, 33, 0, 0, 0}), Bytes(33 * 4, 0));
  EXPECT_FALSE(DecodeDelta<int32_t>(w33).has_value());
  EXPECT_TRUE(DecodeDelta<int64_t>(w33).has_value());
  // Miniblock body shorter than 32 * width / 8 bytes.
  ExpectDeltaCorrupt(Cat(Header(8, 0x0E), {0x03, 0x02, 0, 0, 0, 0xC0, 0x3F}));
}

TEST(DeltaBinaryPackedTest, TruncatedAtEveryLengthAndRandomBytes) {
  std::mt19937_64 rng(4);
  std::vector<int64_t> values;
  for (int i = 0; i < 700; ++i) values.push_back(static_cast<int64_t>(rng() >> (rng() % 64)));
  Bytes bytes = EncodeDelta(values);
  for (size_t len = 0; len < bytes.size(); ++len) {
    Bytes cut(bytes.begin(), bytes.begin() + len);  // exact size, for ASan
    EXPECT_FALSE(DecodeDelta<int64_t>(cut).has_value()) << len;
  }
  for (int trial = 0; trial < 20000; ++trial) {
    Bytes junk(rng() % 48);
    for (auto& b : junk) b = static_cast<uint8_t>(rng() % 3 == 0 ? rng() % 5 : rng());
    if (junk.size() > 2 && rng() % 2) junk[0] = 0x80, junk[1] = 0x01;  // plausible header
    auto decoder = DeltaBinaryPackedDecoder<int32_t>::Make(junk);
    if (!decoder) continue;
    std::vector<int32_t> out(std::min<uint64_t>(decoder->total_values(), 4096));
    auto got = decoder->GetBatch(out.data(), out.size());
    if (got) {
      EXPECT_LE(decoder->position(), junk.size());
    }
  }
}

// ---- DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY ---------------------------------------

std::vector<std::string> DecodeStrings(const Buffer& data, const std::vector<int64_t>& offsets) {
  std::vector<std::string> out;
  for (size_t i = 0; i + 1 < offsets.size(); ++i) {
    out.emplace_back(data.view().substr(offsets[i], offsets[i + 1] - offsets[i]));
  }
  return out;
}

TEST(DeltaLengthByteArrayTest, SpecExample) {
  DeltaLengthByteArrayEncoder encoder;
  for (const char* s : {"Hello", "World", "Foobar", "ABCDEF"}) encoder.Put(s);
  Buffer out;
  encoder.Finish(&out);
  // Lengths 5,5,6,6: first 5 (zigzag 10), deltas 0,1,0, min 0, relative 0,1,0 at width 1.
  Bytes expected = Cat(Cat(Header(4, 0x0A), {0x00, 0x01, 0, 0, 0, 0x02, 0, 0, 0}),
                       Str("HelloWorldFoobarABCDEF"));
  EXPECT_EQ(ToBytes(out), expected);

  DeltaLengthByteArrayDecoder decoder;
  Buffer data;
  std::vector<int64_t> offsets = {0};
  EXPECT_EQ(decoder.Decode(expected, 4, data, offsets).value(), expected.size());
  EXPECT_EQ(DecodeStrings(data, offsets),
            (std::vector<std::string>{"Hello", "World", "Foobar", "ABCDEF"}));
}

TEST(DeltaByteArrayTest, SpecExample) {
  DeltaByteArrayEncoder encoder;
  for (const char* s : {"axis", "axle", "babble", "babyhood"}) encoder.Put(s);
  Buffer out;
  encoder.Finish(&out);
  // Prefixes 0,2,0,3: first 0, deltas 2,-2,3, min -2 (zigzag 3), relative 4,0,5 at width 3.
  Bytes prefixes =
      Cat(Header(4, 0x00), {0x03, 0x03, 0, 0, 0, 0x44, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  // Suffix lengths 4,2,6,5: first 4 (zigzag 8), deltas -2,4,-1, min -2, relative 0,6,1.
  Bytes suffixes =
      Cat(Header(4, 0x08), {0x03, 0x03, 0, 0, 0, 0x70, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
  Bytes expected = Cat(Cat(prefixes, suffixes), Str("axislebabbleyhood"));
  EXPECT_EQ(ToBytes(out), expected);

  DeltaByteArrayDecoder decoder;
  Buffer data;
  std::vector<int64_t> offsets = {0};
  EXPECT_EQ(decoder.Decode(Cat(expected, {0xEE}), 4, data, offsets).value(), expected.size());
  EXPECT_EQ(DecodeStrings(data, offsets),
            (std::vector<std::string>{"axis", "axle", "babble", "babyhood"}));
}

std::vector<std::string> RandomStrings(std::mt19937_64& rng, size_t n) {
  std::vector<std::string> out;
  std::string prev;
  for (size_t i = 0; i < n; ++i) {
    std::string s = rng() % 2 ? prev.substr(0, rng() % (prev.size() + 1)) : "";
    size_t extra = rng() % 5 == 0 ? 0 : rng() % 20;
    for (size_t j = 0; j < extra; ++j) s.push_back(static_cast<char>('a' + rng() % 3));
    out.push_back(s);
    prev = s;
  }
  return out;
}

TEST(DeltaByteArrayTest, RandomRoundTripsAndBatchApi) {
  std::mt19937_64 rng(8);
  DeltaByteArrayEncoder dba;  // reused across pages
  DeltaLengthByteArrayEncoder dlba;
  DeltaByteArrayDecoder dba_decoder;
  DeltaLengthByteArrayDecoder dlba_decoder;
  for (size_t n : {0, 1, 5, 128, 129, 1000}) {
    auto strings = RandomStrings(rng, n);
    std::string flat;
    std::vector<int64_t> in_offsets = {0};
    for (const auto& s : strings) {
      flat += s;
      in_offsets.push_back(static_cast<int64_t>(flat.size()));
    }
    const auto* p = reinterpret_cast<const uint8_t*>(flat.data());
    for (int which = 0; which < 2; ++which) {
      Buffer out;
      if (which == 0) {
        dba.PutBatch(p, in_offsets);
        dba.Finish(&out);
      } else {
        dlba.PutBatch(p, in_offsets);
        dlba.Finish(&out);
      }
      Buffer data;
      data.Append(std::string_view("pre"));  // decoders append
      std::vector<int64_t> offsets = {3};
      auto r = which == 0 ? dba_decoder.Decode(out.span(), n, data, offsets)
                          : dlba_decoder.Decode(out.span(), n, data, offsets);
      ASSERT_TRUE(r.has_value()) << r.error().ToString();
      EXPECT_EQ(*r, out.size());
      EXPECT_EQ(DecodeStrings(data, offsets), strings);
      // The stream holds exactly n values.
      Buffer d2;
      std::vector<int64_t> o2 = {0};
      auto wrong = which == 0 ? dba_decoder.Decode(out.span(), n + 1, d2, o2)
                              : dlba_decoder.Decode(out.span(), n + 1, d2, o2);
      EXPECT_FALSE(wrong.has_value());
    }
  }
}

TEST(DeltaByteArrayTest, DamagedStreams) {
  // Prefix 1 for the first value (there is no previous value).
  DeltaBinaryPackedEncoder<int32_t> prefixes;
  prefixes.PutBatch(std::vector<int32_t>{1});
  DeltaLengthByteArrayEncoder suffixes;
  suffixes.Put("x");
  Buffer bad;
  prefixes.Finish(&bad);
  suffixes.Finish(&bad);
  DeltaByteArrayDecoder decoder;
  Buffer data;
  std::vector<int64_t> offsets = {0};
  EXPECT_FALSE(decoder.Decode(bad.span(), 1, data, offsets).has_value());
  // Negative length.
  DeltaBinaryPackedEncoder<int32_t> lengths;
  lengths.PutBatch(std::vector<int32_t>{2, -1});
  Buffer neg;
  lengths.Finish(&neg);
  neg.Append(std::string_view("abc"));
  DeltaLengthByteArrayDecoder dlba;
  EXPECT_FALSE(dlba.Decode(neg.span(), 2, data, offsets).has_value());

  std::mt19937_64 rng(12);
  DeltaByteArrayEncoder encoder;
  for (const auto& s : RandomStrings(rng, 300)) encoder.Put(s);
  Buffer good;
  encoder.Finish(&good);
  Bytes bytes = ToBytes(good);
  for (size_t len = 0; len < bytes.size(); ++len) {
    Bytes cut(bytes.begin(), bytes.begin() + len);
    Buffer d;
    std::vector<int64_t> o = {0};
    EXPECT_FALSE(decoder.Decode(cut, 300, d, o).has_value()) << len;
  }
  for (int trial = 0; trial < 20000; ++trial) {
    Bytes junk = bytes;
    for (int k = 0; k < 1 + static_cast<int>(rng() % 4); ++k) {
      junk[rng() % junk.size()] = static_cast<uint8_t>(rng());
    }
    junk.resize(rng() % (junk.size() + 1));
    Buffer d;
    std::vector<int64_t> o = {0};
    auto r = trial % 2 ? decoder.Decode(junk, 300, d, o) : dlba.Decode(junk, 300, d, o);
    if (r.has_value()) {
      EXPECT_LE(*r, junk.size());
      EXPECT_EQ(o.size(), 301u);
    }
  }
}

}  // namespace
}  // namespace firn::parquet
