// Transform: a partition or sort transform (spec "Partition Transforms"), as a value.
//
//   identity, bucket[N], truncate[W], year, month, day, hour, void
//
// Parsing and printing use the spec strings. Which source types a transform accepts and
// its result type follow the spec's table (day's result is `date`, as in Java; the
// partition path shows it as 2017-11-16). Apply() transforms one Literal; the columnar
// form for whole batches is in transform_columnar.h.
//
// TODO: unknown transforms (which v3 readers must tolerate) are refused by Parse.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "firn/common/result.h"
#include "firn/iceberg/types/literal.h"
#include "firn/iceberg/types/type.h"

namespace firn::iceberg {

enum class TransformKind : int8_t {
  kIdentity,
  kBucket,
  kTruncate,
  kYear,
  kMonth,
  kDay,
  kHour,
  kVoid
};

struct Transform {
  TransformKind kind = TransformKind::kIdentity;  // which transform
  int32_t param = 0;                              // N for bucket, W for truncate; else 0

  static Transform Identity() { return {TransformKind::kIdentity, 0}; }
  static Transform Bucket(int32_t n) { return {TransformKind::kBucket, n}; }
  static Transform Truncate(int32_t w) { return {TransformKind::kTruncate, w}; }
  static Transform Year() { return {TransformKind::kYear, 0}; }
  static Transform Month() { return {TransformKind::kMonth, 0}; }
  static Transform Day() { return {TransformKind::kDay, 0}; }
  static Transform Hour() { return {TransformKind::kHour, 0}; }
  static Transform Void() { return {TransformKind::kVoid, 0}; }

  // "bucket[16]" -> Bucket(16). InvalidArgument for malformed or unknown strings.
  static Result<Transform> Parse(std::string_view s);
  std::string ToString() const;

  bool CanTransform(const Type& source) const;
  // InvalidArgument when the source type is not accepted.
  Result<Type> ResultType(const Type& source) const;
  bool IsTemporal() const {
    return kind == TransformKind::kYear || kind == TransformKind::kMonth ||
           kind == TransformKind::kDay || kind == TransformKind::kHour;
  }

  // Transforms one value of the source type; null gives a null of the result type.
  Result<Literal> Apply(const Literal& value) const;

  // The partition-path form of a transformed value: year "2017", month "2017-11",
  // day "2017-11-16", hour "2017-11-16-22", others as Literal::ToString; null "null".
  std::string ToHumanString(const Literal& result) const;

  bool operator==(const Transform&) const = default;
};

// Scalar kernels shared with the columnar path.
int32_t BucketHashLiteral(const Literal& v);  // REQUIRES: non-null, bucketable type
int32_t YearsFromDays(int64_t days);
int32_t MonthsFromDays(int64_t days);
inline int64_t TruncateInteger(int64_t v, int64_t w) { return v - (((v % w) + w) % w); }
// The first `w` unicode code points of UTF-8 text.
std::string_view TruncateUtf8(std::string_view s, int32_t w);

}  // namespace firn::iceberg
