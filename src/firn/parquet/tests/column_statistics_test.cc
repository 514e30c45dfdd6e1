#include "firn/parquet/writer/column_statistics.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "firn/parquet/schema/iceberg_types.h"

namespace firn::parquet {
namespace {

using P = IcebergPrimitiveType;

// The reference orders, written plainly: unsigned lexicographic bytes, and signed
// big-endian two's complement for equal-length decimals.
bool UnsignedLess(std::string_view a, std::string_view b) {
  for (size_t i = 0; i < std::min(a.size(), b.size()); ++i) {
    const auto x = static_cast<uint8_t>(a[i]), y = static_cast<uint8_t>(b[i]);
    if (x != y) return x < y;
  }
  return a.size() < b.size();
}

bool SignedEqualLengthLess(std::string_view a, std::string_view b) {
  if (a.empty()) return false;
  const bool neg_a = static_cast<uint8_t>(a[0]) & 0x80, neg_b = static_cast<uint8_t>(b[0]) & 0x80;
  if (neg_a != neg_b) return neg_a;
  return UnsignedLess(a, b);  // same sign, same length: byte order is value order
}

// Values that share long prefixes (so the 8-byte steps of the comparison matter), differ
// in any byte including 0x00 and 0xFF, and include empty and duplicate values.
std::string RandomValue(std::mt19937_64& rng, size_t fixed_width) {
  static const std::string kPrefix = "https://shop.example.com/item-";
  std::string v;
  const size_t n = fixed_width != 0 ? fixed_width : rng() % 40;
  if (fixed_width == 0 && rng() % 2) v = kPrefix.substr(0, rng() % kPrefix.size());
  while (v.size() < n) {
    const uint64_t r = rng() % 8;
    v.push_back(r == 0 ? '\0' : r == 1 ? '\xff' : r == 2 ? '\x80' : static_cast<char>('a' + rng() % 3));
  }
  return v.substr(0, n);
}

struct Flat {
  std::string data;
  std::vector<int64_t> offsets{0};
  void Add(const std::string& v) {
    data += v;
    offsets.push_back(static_cast<int64_t>(data.size()));
  }
  const uint8_t* bytes() const { return reinterpret_cast<const uint8_t*>(data.data()); }
};

TEST(ColumnStatisticsTest, ByteArrayBatchesAgreeWithTheReferenceOrder) {
  const SchemaNode leaf = IcebergPrimitive("s", 1, false, P::kString);
  std::mt19937_64 rng(11);
  for (int round = 0; round < 300; ++round) {
    ColumnStatistics dense(leaf), sparse(leaf), single(leaf);
    std::string lo, hi;
    bool any = false;
    const int batches = 1 + static_cast<int>(rng() % 4);
    for (int b = 0; b < batches; ++b) {
      Flat flat;
      const int n = static_cast<int>(rng() % 30);
      for (int i = 0; i < n; ++i) flat.Add(RandomValue(rng, 0));
      dense.UpdateByteArrays(flat.bytes(), flat.offsets.data(), n);
      std::vector<int64_t> slots;
      for (int i = 0; i < n; ++i) {
        if (rng() % 3 != 0) slots.push_back(i);
      }
      sparse.UpdateByteArrays(flat.bytes(), flat.offsets.data(), slots.data(), static_cast<int64_t>(slots.size()));
      for (int i = 0; i < n; ++i) {
        const std::string v = flat.data.substr(flat.offsets[i], flat.offsets[i + 1] - flat.offsets[i]);
        single.UpdateBytes(v);
        if (!any || UnsignedLess(v, lo)) lo = v;
        if (!any || UnsignedLess(hi, v)) hi = v;
        any = true;
      }
    }
    ASSERT_EQ(dense.has_min_max(), any);
    ASSERT_EQ(single.has_min_max(), any);
    if (any) {
      EXPECT_EQ(dense.min(), lo);
      EXPECT_EQ(dense.max(), hi);
      EXPECT_EQ(single.min(), lo);
      EXPECT_EQ(single.max(), hi);
    }
    // The sparse statistics saw a subset: their extremes lie within the whole range.
    if (sparse.has_min_max()) {
      EXPECT_FALSE(UnsignedLess(sparse.min(), lo));
      EXPECT_FALSE(UnsignedLess(hi, sparse.max()));
      EXPECT_FALSE(UnsignedLess(sparse.max(), sparse.min()));
    }
  }
}

TEST(ColumnStatisticsTest, SlotsPickExactlyTheirValues) {
  const SchemaNode leaf = IcebergPrimitive("s", 1, false, P::kString);
  Flat flat;
  for (const char* v : {"zz", "a", "\xff", "", "b", "https://x/2", "https://x/10"}) flat.Add(v);
  ColumnStatistics s(leaf);
  const std::vector<int64_t> slots = {5, 6, 4};
  s.UpdateByteArrays(flat.bytes(), flat.offsets.data(), slots.data(), 3);
  EXPECT_EQ(s.min(), "b");
  EXPECT_EQ(s.max(), "https://x/2");
  s.UpdateByteArrays(flat.bytes(), flat.offsets.data(), 3);  // "zz", "a", "\xff"
  EXPECT_EQ(s.min(), "a");
  EXPECT_EQ(s.max(), "\xff");
}

TEST(ColumnStatisticsTest, FixedWidthBytesInBothOrders) {
  std::mt19937_64 rng(12);
  for (const size_t width : {size_t{3}, size_t{8}, size_t{16}, size_t{17}}) {
    // uuid is FIXED(16), unsigned; a decimal of precision 38 is FIXED(16), signed.
    const SchemaNode unsigned_leaf = IcebergFixed("f", 1, false, static_cast<int32_t>(width));
    const SchemaNode signed_leaf = IcebergDecimal("d", 2, false, 38, 2);
    for (int round = 0; round < 200; ++round) {
      const bool is_signed = width == 16 && round % 2 == 1;
      ColumnStatistics s(is_signed ? signed_leaf : unsigned_leaf);
      std::string values, lo, hi;
      const int n = 1 + static_cast<int>(rng() % 25);
      for (int i = 0; i < n; ++i) {
        const std::string v = RandomValue(rng, width);
        values += v;
        auto less = is_signed ? SignedEqualLengthLess : UnsignedLess;
        if (i == 0 || less(v, lo)) lo = v;
        if (i == 0 || less(hi, v)) hi = v;
      }
      s.UpdateFixed(reinterpret_cast<const uint8_t*>(values.data()), n);
      ASSERT_TRUE(s.has_min_max());
      EXPECT_EQ(s.min(), lo) << "width " << width << " signed " << is_signed;
      EXPECT_EQ(s.max(), hi) << "width " << width << " signed " << is_signed;
    }
  }
}

}  // namespace
}  // namespace firn::parquet
