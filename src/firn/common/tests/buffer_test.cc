#include "firn/common/buffer.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

namespace firn {
namespace {

TEST(BufferTest, AppendsAndKeepsCapacityAcrossClear) {
  Buffer b;
  b.Append(std::string_view("hello"));
  b.PushBack(' ');
  b.AppendValue<uint32_t>(0x64636261);  // "abcd" little-endian
  EXPECT_EQ(b.view(), "hello abcd");
  size_t cap = b.capacity();
  b.Clear();
  EXPECT_TRUE(b.empty());
  EXPECT_EQ(b.capacity(), cap);
  for (int i = 0; i < 100000; ++i) b.PushBack(static_cast<uint8_t>(i));
  EXPECT_EQ(b.size(), 100000u);
  EXPECT_EQ(b.data()[99999], static_cast<uint8_t>(99999));
}

TEST(BufferTest, MoveLeavesSourceEmpty) {
  Buffer a;
  a.Append(std::string_view("xyz"));
  Buffer b(std::move(a));
  EXPECT_EQ(b.view(), "xyz");
  EXPECT_EQ(a.size(), 0u);  // NOLINT(bugprone-use-after-move): documented state
  a = std::move(b);
  EXPECT_EQ(a.view(), "xyz");
}

}  // namespace
}  // namespace firn

namespace firn {
namespace {

TEST(BufferPoolTest, LargeBuffersAreRecycled) {
  SetBufferPoolLimit(64u << 20);
  size_t before = BufferPoolCachedBytes();
  {
    Buffer b;
    b.Resize(3u << 20);  // a 4 MiB size class
    b.data()[0] = 1;
    b.data()[b.size() - 1] = 2;
  }
  EXPECT_EQ(BufferPoolCachedBytes(), before + (4u << 20));
  {
    Buffer b;
    b.Resize(4u << 20);  // takes the cached block
    EXPECT_EQ(BufferPoolCachedBytes(), before);
  }
  SetBufferPoolLimit(0);
  EXPECT_EQ(BufferPoolCachedBytes(), 0u);
  SetBufferPoolLimit(256u << 20);
}

TEST(BufferPoolTest, GrowthKeepsContents) {
  Buffer b;
  for (uint32_t i = 0; i < (1u << 20); ++i) b.AppendValue(i);  // grows through the pool classes
  for (uint32_t i = 0; i < (1u << 20); i += 4099) {
    uint32_t v;
    std::memcpy(&v, b.data() + 4 * i, 4);
    ASSERT_EQ(v, i);
  }
}

// The chain holds exactly what was appended, in order; appends never straddle segments;
// past the first segment none is bigger than kSegment or the append that opened it; Clear
// keeps one segment.
TEST(BufferChainTest, HoldsTheAppendsInOrderWithoutCopying) {
  std::mt19937_64 rng(7);
  BufferChain chain;
  std::string expected;
  std::vector<std::pair<size_t, size_t>> appends;  // offset, size
  for (int i = 0; i < 3000; ++i) {
    const size_t n = rng() % 50 == 0 ? BufferChain::kSegment + rng() % 5000 : rng() % 9000;
    std::string bytes(n, '\0');
    for (char& c : bytes) c = static_cast<char>(rng());
    appends.emplace_back(expected.size(), n);
    chain.Append(bytes.data(), n);
    expected += bytes;
  }
  ASSERT_EQ(chain.size(), expected.size());
  std::string got;
  std::vector<size_t> starts;
  for (const Buffer& b : chain.segments()) {
    starts.push_back(got.size());
    got.append(b.view());
  }
  ASSERT_EQ(got, expected);
  EXPECT_GT(chain.segments().size(), 10u);
  starts.push_back(got.size());
  for (const auto& [offset, n] : appends) {
    if (n == 0) continue;
    auto seg = std::upper_bound(starts.begin(), starts.end(), offset) - 1;
    EXPECT_LE(offset + n, *(seg + 1)) << "an append of " << n << " bytes at " << offset << " straddles segments";
  }
  for (size_t i = 1; i < chain.segments().size(); ++i) {
    const Buffer& b = chain.segments()[i];
    EXPECT_TRUE(b.size() <= BufferChain::kSegment || b.size() < 2 * BufferChain::kSegment) << b.size();
  }
  EXPECT_GE(chain.capacity(), chain.size());
  chain.Clear();
  EXPECT_EQ(chain.size(), 0u);
  EXPECT_EQ(chain.segments().size(), 1u);
  chain.Append("abc", 3);
  EXPECT_EQ(chain.segments()[0].view(), "abc");
  chain.Release();
  EXPECT_TRUE(chain.segments().empty());
}

}  // namespace
}  // namespace firn
