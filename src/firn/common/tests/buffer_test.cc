#include "firn/common/buffer.h"

#include <gtest/gtest.h>

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

}  // namespace
}  // namespace firn
