#include "firn/parquet/encoding/byte_stream_split.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <vector>

namespace firn::parquet {
namespace {

using Bytes = std::vector<uint8_t>;

Bytes ToBytes(const Buffer& b) { return Bytes(b.data(), b.data() + b.size()); }

TEST(ByteStreamSplitTest, SpecExample) {
  Bytes values = {0xAA, 0xBB, 0xCC, 0xDD, 0x00, 0x11, 0x22, 0x33, 0xA3, 0xB4, 0xC5, 0xD6};
  Bytes split = {0xAA, 0x00, 0xA3, 0xBB, 0x11, 0xB4, 0xCC, 0x22, 0xC5, 0xDD, 0x33, 0xD6};
  Buffer out;
  ByteStreamSplitEncode(values, 4, &out);
  EXPECT_EQ(ToBytes(out), split);
  Buffer back;
  ASSERT_TRUE(ByteStreamSplitDecode(split, 3, 4, back).has_value());
  EXPECT_EQ(ToBytes(back), values);
}

TEST(ByteStreamSplitTest, WidthsEightAndOdd) {
  Bytes values = {1, 2, 3, 4, 5, 6, 7, 8, 11, 12, 13, 14, 15, 16, 17, 18};
  Buffer out;
  ByteStreamSplitEncode(values, 8, &out);
  EXPECT_EQ(ToBytes(out), (Bytes{1, 11, 2, 12, 3, 13, 4, 14, 5, 15, 6, 16, 7, 17, 8, 18}));
  Buffer three;
  ByteStreamSplitEncode(Bytes{1, 2, 3, 4, 5, 6}, 3, &three);
  EXPECT_EQ(ToBytes(three), (Bytes{1, 4, 2, 5, 3, 6}));
}

TEST(ByteStreamSplitTest, RandomRoundTrips) {
  std::mt19937_64 rng(2);
  for (size_t width : {1, 2, 3, 4, 5, 8, 12, 16, 17}) {
    for (size_t n : {0, 1, 2, 7, 100, 1001}) {
      Bytes values(n * width);
      for (auto& b : values) b = static_cast<uint8_t>(rng());
      Buffer out;
      out.Append(std::string_view("x"));  // encoders append
      ByteStreamSplitEncode(values, width, &out);
      ASSERT_EQ(out.size(), 1 + values.size());
      Buffer back;
      ASSERT_TRUE(ByteStreamSplitDecode(out.span().subspan(1), n, width, back).has_value());
      EXPECT_EQ(ToBytes(back), values) << width << " " << n;
    }
  }
}

TEST(ByteStreamSplitTest, SizeMustMatchExactly) {
  Buffer back;
  for (size_t len = 0; len < 20; ++len) {
    auto s = ByteStreamSplitDecode(Bytes(len, 0), 4, 4, back);
    EXPECT_EQ(s.has_value(), len == 16) << len;
    if (!s) {
      EXPECT_EQ(s.error().kind(), ErrorKind::kCorrupt);
    }
  }
  EXPECT_FALSE(ByteStreamSplitDecode(Bytes(16, 0), SIZE_MAX / 2, 8, back).has_value());
}

}  // namespace
}  // namespace firn::parquet
