#include "firn/common/result.h"

#include <gtest/gtest.h>

#include "firn/common/macros.h"
#include "firn/common/strong_type.h"

namespace firn {
namespace {

Result<int> ParsePositive(int v) {
  if (v <= 0) return InvalidArgument("value {} is not positive", v);
  return v;
}

Result<int> Doubled(int v) {
  FIRN_ASSIGN_OR_RETURN(int x, ParsePositive(v));
  return 2 * x;
}

Status CheckBoth(int a, int b) {
  FIRN_RETURN_NOT_OK(ParsePositive(a));
  FIRN_RETURN_NOT_OK_CTX(ParsePositive(b), fmt::format("second argument"));
  return OkStatus();
}

TEST(ResultTest, PropagatesValuesAndErrors) {
  EXPECT_EQ(*Doubled(21), 42);
  auto r = Doubled(-1);
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(r.error().message(), "value -1 is not positive");
}

TEST(ResultTest, AddsContextOnTheWayUp) {
  EXPECT_TRUE(CheckBoth(1, 2).has_value());
  auto s = CheckBoth(1, 0);
  ASSERT_FALSE(s.has_value());
  EXPECT_EQ(s.error().message(), "second argument: value 0 is not positive");
  EXPECT_EQ(s.error().ToString(), "InvalidArgument: second argument: value 0 is not positive");
}

TEST(ResultTest, ErrnoErrorNamesTheCause) {
  auto e = ErrnoError(ENOENT, "opening /x");
  EXPECT_EQ(e.error().kind(), ErrorKind::kIOError);
  EXPECT_EQ(e.error().message(), "opening /x: No such file or directory");
}

TEST(StrongTypeTest, ComparesAndHashes) {
  FieldId a(3), b(4);
  EXPECT_LT(a, b);
  EXPECT_EQ(a, FieldId(3));
  EXPECT_EQ(std::hash<FieldId>{}(a), std::hash<int32_t>{}(3));
  static_assert(!std::is_convertible_v<int32_t, FieldId>);
  static_assert(!std::is_convertible_v<FieldId, SnapshotId>);
}

}  // namespace
}  // namespace firn
