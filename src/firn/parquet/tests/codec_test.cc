#include "firn/parquet/compression/codec.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <thread>
#include <zlib.h>

#include <cstdint>
#include <random>
#include <string>
#include <vector>

namespace firn::parquet {
namespace {

using Bytes = std::vector<uint8_t>;

constexpr CompressionKind kAllKinds[] = {CompressionKind::kUncompressed, CompressionKind::kSnappy,
                                         CompressionKind::kGzip,         CompressionKind::kZstd,
                                         CompressionKind::kLz4Raw,       CompressionKind::kBrotli};

std::vector<Bytes> Inputs() {
  std::mt19937_64 rng(1);
  std::vector<Bytes> inputs;
  inputs.push_back({});
  inputs.push_back({42});
  Bytes text;
  for (int i = 0; i < 20000; ++i) {
    std::string line = "event " + std::to_string(i % 97) + " user=" + std::to_string(i % 13) + "\n";
    text.insert(text.end(), line.begin(), line.end());
  }
  inputs.push_back(text);
  Bytes random(100000);
  for (auto& b : random) b = static_cast<uint8_t>(rng());
  inputs.push_back(random);
  inputs.push_back(Bytes(1 << 20, 0));
  return inputs;
}

class CodecTest : public ::testing::TestWithParam<CompressionKind> {};

TEST_P(CodecTest, RoundTripsReusingContexts) {
  auto compressor = Compressor::Make(GetParam());
  ASSERT_TRUE(compressor.has_value()) << compressor.error().ToString();
  auto decompressor = Decompressor::Make(GetParam());
  ASSERT_TRUE(decompressor.has_value());
  EXPECT_EQ((*compressor)->kind(), GetParam());
  Buffer out;
  for (int pass = 0; pass < 2; ++pass) {
    for (const Bytes& input : Inputs()) {
      out.Clear();
      out.Append(std::string_view("prefix"));  // Compress appends
      ASSERT_TRUE((*compressor)->Compress(input, &out).has_value());
      ASSERT_LE(out.size() - 6, (*compressor)->MaxCompressedSize(input.size()));
      EXPECT_EQ(out.view().substr(0, 6), "prefix");
      auto compressed = out.span().subspan(6);
      Bytes back(input.size(), 0xCD);
      auto s = (*decompressor)->Decompress(compressed, back);
      ASSERT_TRUE(s.has_value()) << s.error().ToString();
      ASSERT_EQ(back, input);
      ASSERT_TRUE(Decompress(GetParam(), compressed, back).has_value());
      // Any other expected size is Corrupt.
      Bytes wrong(input.size() + 1);
      auto bigger = (*decompressor)->Decompress(compressed, wrong);
      ASSERT_FALSE(bigger.has_value());
      EXPECT_EQ(bigger.error().kind(), ErrorKind::kCorrupt);
      if (!input.empty()) {
        Bytes smaller(input.size() - 1);
        auto r = (*decompressor)->Decompress(compressed, smaller);
        ASSERT_FALSE(r.has_value());
        EXPECT_EQ(r.error().kind(), ErrorKind::kCorrupt) << r.error().ToString();
      }
    }
  }
}

TEST_P(CodecTest, DamagedStreamsNeverCrash) {
  auto compressor = Compressor::Make(GetParam()).value();
  auto decompressor = Decompressor::Make(GetParam()).value();
  Bytes input = Inputs()[2];
  Buffer out;
  ASSERT_TRUE(compressor->Compress(input, &out).has_value());
  Bytes compressed(out.data(), out.data() + out.size());
  Bytes back(input.size());
  // Every truncation fails: a shorter stream cannot produce the full page.
  for (size_t len = 0; len < compressed.size(); len += 1 + len / 16) {
    Bytes cut(compressed.begin(), compressed.begin() + len);
    EXPECT_FALSE(decompressor->Decompress(cut, back).has_value()) << len;
  }
  // Random damage: an error or a page of the right size, never a crash.
  std::mt19937_64 rng(3);
  int errors = 0;
  for (int trial = 0; trial < 300; ++trial) {
    Bytes damaged = compressed;
    for (int k = 0; k < 3; ++k)
      damaged[rng() % damaged.size()] ^= static_cast<uint8_t>(1 + rng() % 255);
    errors += !decompressor->Decompress(damaged, back).has_value();
  }
  if (GetParam() != CompressionKind::kUncompressed) {
    EXPECT_GT(errors, 0);
  }
}

INSTANTIATE_TEST_SUITE_P(AllCodecs, CodecTest, ::testing::ValuesIn(kAllKinds),
                         [](const auto& info) {
                           return std::string(CompressionKindName(info.param));
                         });

TEST(CodecCorruptionTest, OneTargetedCorruptionPerCodec) {
  Bytes input = Inputs()[2];
  auto damage = [&](CompressionKind kind, auto&& mutate) {
    Buffer out;
    EXPECT_TRUE(Compressor::Make(kind).value()->Compress(input, &out).has_value());
    Bytes bytes(out.data(), out.data() + out.size());
    mutate(bytes);
    Bytes back(input.size());
    auto s = Decompress(kind, bytes, back);
    EXPECT_FALSE(s.has_value()) << CompressionKindName(kind);
    if (!s) {
      EXPECT_EQ(s.error().kind(), ErrorKind::kCorrupt);
      EXPECT_EQ(s.error().message().rfind(std::string(CompressionKindName(kind).substr(0, 3)), 0),
                0u)
          << s.error().message();
    }
  };
  damage(CompressionKind::kZstd, [](Bytes& b) { b[0] ^= 0xFF; });              // frame magic
  damage(CompressionKind::kGzip, [](Bytes& b) { b[b.size() - 6] ^= 0x01; });   // CRC32
  damage(CompressionKind::kSnappy, [](Bytes& b) { b[0] ^= 0x01; });            // length varint
  damage(CompressionKind::kLz4Raw, [](Bytes& b) { b.resize(b.size() / 2); });  // truncated
  damage(CompressionKind::kBrotli, [](Bytes& b) { b.resize(b.size() - 3); });  // truncated
  damage(CompressionKind::kUncompressed, [](Bytes& b) { b.pop_back(); });
}

TEST(CodecCorruptionTest, ZstdMessageNamesSizes) {
  Buffer out;
  Bytes input(1000, 7);
  ASSERT_TRUE(Compressor::Make(CompressionKind::kZstd).value()->Compress(input, &out).has_value());
  Bytes back(2000);
  auto s = Decompress(CompressionKind::kZstd, out.span(), back);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().message(), "zstd: decompressed page has 1000 bytes, expected 2000 bytes");
}

// Compressors share one codec state per thread; interleaving compressors of different
// levels (and threads) must give each its own level and a valid stream.
TEST(CodecSharedStateTest, InterleavedLevelsAndThreads) {
  Bytes input = Inputs()[2];
  for (CompressionKind kind : {CompressionKind::kZstd, CompressionKind::kGzip}) {
    auto fast = Compressor::Make(kind, 1).value();
    auto best = Compressor::Make(kind, 9).value();
    Buffer a1, b1, a2, b2;
    ASSERT_TRUE(fast->Compress(input, &a1).has_value());
    ASSERT_TRUE(best->Compress(input, &b1).has_value());
    ASSERT_TRUE(fast->Compress(input, &a2).has_value());
    ASSERT_TRUE(best->Compress(input, &b2).has_value());
    EXPECT_TRUE(std::ranges::equal(a1.span(), a2.span())) << CompressionKindName(kind);
    EXPECT_TRUE(std::ranges::equal(b1.span(), b2.span())) << CompressionKindName(kind);
    EXPECT_FALSE(std::ranges::equal(a1.span(), b1.span())) << CompressionKindName(kind) << ": levels ignored";
    for (const Buffer* out : {&a1, &b1}) {
      Bytes back(input.size());
      ASSERT_TRUE(Decompress(kind, out->span(), back).has_value());
      EXPECT_EQ(back, input);
    }
    // Another thread compresses with its own state, to the same bytes.
    Buffer t1;
    std::thread([&] { ASSERT_TRUE(fast->Compress(input, &t1).has_value()); }).join();
    EXPECT_TRUE(std::ranges::equal(a1.span(), t1.span())) << CompressionKindName(kind);
  }
}

TEST(GzipTest, WritesGzipAndReadsZlibToo) {
  Bytes input = Inputs()[2];
  Buffer out;
  ASSERT_TRUE(
      Compressor::Make(CompressionKind::kGzip, 9).value()->Compress(input, &out).has_value());
  EXPECT_EQ(out.data()[0], 0x1F);  // gzip magic
  EXPECT_EQ(out.data()[1], 0x8B);

  uLongf zlib_size = compressBound(input.size());
  Bytes zlib(zlib_size);
  ASSERT_EQ(compress2(zlib.data(), &zlib_size, input.data(), input.size(), 6), Z_OK);
  zlib.resize(zlib_size);
  EXPECT_EQ(zlib[0], 0x78);  // zlib header
  Bytes back(input.size());
  ASSERT_TRUE(Decompress(CompressionKind::kGzip, zlib, back).has_value());
  EXPECT_EQ(back, input);

  // Two concatenated gzip members make one page.
  Buffer two;
  auto gzip = Compressor::Make(CompressionKind::kGzip).value();
  Bytes half1(input.begin(), input.begin() + 1000), half2(input.begin() + 1000, input.end());
  ASSERT_TRUE(gzip->Compress(half1, &two).has_value());
  ASSERT_TRUE(gzip->Compress(half2, &two).has_value());
  ASSERT_TRUE(Decompress(CompressionKind::kGzip, two.span(), back).has_value());
  EXPECT_EQ(back, input);
}

TEST(CompressionLevelTest, LevelsAreValidated) {
  using K = CompressionKind;
  EXPECT_TRUE(Compressor::Make(K::kZstd, 1).has_value());
  EXPECT_TRUE(Compressor::Make(K::kZstd, 22).has_value());
  EXPECT_TRUE(Compressor::Make(K::kZstd, -5).has_value());
  EXPECT_FALSE(Compressor::Make(K::kZstd, 0).has_value());
  EXPECT_FALSE(Compressor::Make(K::kZstd, 23).has_value());
  EXPECT_TRUE(Compressor::Make(K::kGzip, 1).has_value());
  EXPECT_TRUE(Compressor::Make(K::kGzip, 9).has_value());
  EXPECT_FALSE(Compressor::Make(K::kGzip, 0).has_value());
  EXPECT_FALSE(Compressor::Make(K::kGzip, 10).has_value());
  EXPECT_TRUE(Compressor::Make(K::kBrotli, 0).has_value());
  EXPECT_TRUE(Compressor::Make(K::kBrotli, 11).has_value());
  EXPECT_FALSE(Compressor::Make(K::kBrotli, 12).has_value());
  EXPECT_EQ(Compressor::Make(K::kBrotli, -1).error().kind(), ErrorKind::kInvalidArgument);
  // No levels: ignored.
  EXPECT_TRUE(Compressor::Make(K::kSnappy, 99).has_value());
  EXPECT_TRUE(Compressor::Make(K::kLz4Raw, 3).has_value());
  // Different levels give different output for the same input, and both round-trip.
  Bytes input = Inputs()[2];
  Buffer fast, small;
  ASSERT_TRUE(Compressor::Make(K::kZstd, 1).value()->Compress(input, &fast).has_value());
  ASSERT_TRUE(Compressor::Make(K::kZstd, 19).value()->Compress(input, &small).has_value());
  EXPECT_LT(small.size(), fast.size());
}

TEST(CompressionKindTest, ParsesIcebergNames) {
  EXPECT_EQ(ParseCompressionKind("zstd").value(), CompressionKind::kZstd);
  EXPECT_EQ(ParseCompressionKind("ZSTD").value(), CompressionKind::kZstd);
  EXPECT_EQ(ParseCompressionKind("Snappy").value(), CompressionKind::kSnappy);
  EXPECT_EQ(ParseCompressionKind("gzip").value(), CompressionKind::kGzip);
  EXPECT_EQ(ParseCompressionKind("uncompressed").value(), CompressionKind::kUncompressed);
  EXPECT_EQ(ParseCompressionKind("none").value(), CompressionKind::kUncompressed);
  EXPECT_EQ(ParseCompressionKind("lz4").value(), CompressionKind::kLz4Raw);
  EXPECT_EQ(ParseCompressionKind("LZ4_RAW").value(), CompressionKind::kLz4Raw);
  EXPECT_EQ(ParseCompressionKind("brotli").value(), CompressionKind::kBrotli);
  EXPECT_EQ(ParseCompressionKind("lzo").error().kind(), ErrorKind::kNotSupported);
  EXPECT_EQ(ParseCompressionKind("zip").error().kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(ParseCompressionKind("").error().kind(), ErrorKind::kInvalidArgument);
  for (CompressionKind kind : kAllKinds) {
    EXPECT_EQ(ParseCompressionKind(CompressionKindName(kind)).value(), kind);
  }
}

}  // namespace
}  // namespace firn::parquet
