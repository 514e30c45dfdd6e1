#include "firn/parquet/batch/column_vector.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "firn/parquet/schema/iceberg_types.h"

namespace firn::parquet {
namespace {

using P = IcebergPrimitiveType;

ColumnVector Strings(const std::vector<int64_t>& offsets, const std::vector<uint8_t>& validity, size_t bytes) {
  ColumnVector v;
  v.length = static_cast<int64_t>(offsets.size()) - 1;
  v.offsets.Append(offsets.data(), offsets.size() * sizeof(int64_t));
  if (!validity.empty()) v.validity.Append(validity.data(), validity.size());
  v.values.Resize(bytes);
  return v;
}

std::string Check(const ColumnVector& v, bool required = false) {
  const SchemaNode leaf = IcebergPrimitive("s", 1, required, P::kString);
  Status s = ValidateVector(leaf, v, v.length, "s");
  return s ? "ok" : s.error().message();
}

TEST(ColumnVectorTest, OffsetsThatAreFineAtEveryLength) {
  // Lengths around the four-wide steps of the check.
  for (int64_t n = 0; n < 11; ++n) {
    std::vector<int64_t> offsets;
    for (int64_t i = 0; i <= n; ++i) offsets.push_back(i * 3);
    EXPECT_EQ(Check(Strings(offsets, {}, static_cast<size_t>(n * 3))), "ok") << n;
  }
  EXPECT_EQ(Check(Strings({0, 0, 0}, {0, 0}, 0)), "ok");  // nulls are empty
  EXPECT_EQ(Check(Strings({5, 5, 9}, {0, 1}, 9)), "ok");  // offsets need not start at 0
}

TEST(ColumnVectorTest, BadOffsetsAreFoundWherever) {
  for (int64_t n = 1; n < 11; ++n) {
    for (int64_t at = 0; at < n; ++at) {
      std::vector<int64_t> offsets;
      for (int64_t i = 0; i <= n; ++i) offsets.push_back(i * 3);
      offsets[at + 1] = offsets[at] - 1;  // slot `at` ends before it starts
      const std::string got = Check(Strings(offsets, {}, static_cast<size_t>(n * 3)));
      EXPECT_NE(got.find("offsets decrease at slot"), std::string::npos) << n << " " << at << ": " << got;
    }
  }
  // A null slot that holds bytes.
  EXPECT_NE(Check(Strings({0, 2, 4}, {1, 0}, 4)).find("null slot 1 is not empty"), std::string::npos);
  // Offsets that leave the values, at either end.
  EXPECT_NE(Check(Strings({-1, 2}, {}, 4)).find("outside"), std::string::npos);
  EXPECT_NE(Check(Strings({0, 5}, {}, 4)).find("outside"), std::string::npos);
}

TEST(ColumnVectorTest, WildOffsetsInTheMiddleCannotWrapAround) {
  // Every step between these is smaller than 2^63 in magnitude except through the
  // negative middle: a check on differences alone would see no decrease.
  constexpr int64_t kBig = int64_t{1} << 62;
  const std::vector<int64_t> offsets = {0, kBig + 1, -kBig - 1, -1, 0};
  const std::string got = Check(Strings(offsets, {}, 4));
  EXPECT_NE(got.find("offsets decrease at slot 1"), std::string::npos) << got;
  const std::vector<int64_t> extreme = {0, std::numeric_limits<int64_t>::max(), std::numeric_limits<int64_t>::min(),
                                        0, 0};
  EXPECT_NE(Check(Strings(extreme, {}, 0)).find("offsets decrease at slot 1"), std::string::npos);
}

}  // namespace
}  // namespace firn::parquet
