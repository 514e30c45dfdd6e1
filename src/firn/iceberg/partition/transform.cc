#include "firn/iceberg/partition/transform.h"

#include <algorithm>
#include <charconv>

#include "firn/common/macros.h"
#include "firn/iceberg/partition/murmur3.h"
#include "firn/iceberg/types/literal_bytes.h"
#include "firn/iceberg/types/temporal.h"

namespace firn::iceberg {
namespace {

bool IsTimestamp(TypeId t) {
  return t == TypeId::kTimestamp || t == TypeId::kTimestampTz || t == TypeId::kTimestampNs ||
         t == TypeId::kTimestampTzNs;
}
bool IsNanos(TypeId t) { return t == TypeId::kTimestampNs || t == TypeId::kTimestampTzNs; }

Result<int32_t> ParseParam(std::string_view s, std::string_view prefix) {
  std::string_view inner = s.substr(prefix.size(), s.size() - prefix.size() - 1);
  int32_t v = 0;
  auto r = std::from_chars(inner.data(), inner.data() + inner.size(), v);
  if (r.ec != std::errc() || r.ptr != inner.data() + inner.size() || v <= 0) {
    return InvalidArgument("invalid transform '{}': the parameter must be a positive integer", s);
  }
  return v;
}

}  // namespace

Result<Transform> Transform::Parse(std::string_view s) {
  if (s == "identity") return Identity();
  if (s == "year") return Year();
  if (s == "month") return Month();
  if (s == "day") return Day();
  if (s == "hour") return Hour();
  if (s == "void") return Void();
  if (s.starts_with("bucket[") && s.ends_with("]")) {
    auto n = ParseParam(s, "bucket[");
    if (!n) return std::unexpected(n.error());
    return Bucket(*n);
  }
  if (s.starts_with("truncate[") && s.ends_with("]")) {
    auto w = ParseParam(s, "truncate[");
    if (!w) return std::unexpected(w.error());
    return Truncate(*w);
  }
  return InvalidArgument("unknown transform '{}'", s);
}

std::string Transform::ToString() const {
  switch (kind) {
    case TransformKind::kIdentity:
      return "identity";
    case TransformKind::kBucket:
      return fmt::format("bucket[{}]", param);
    case TransformKind::kTruncate:
      return fmt::format("truncate[{}]", param);
    case TransformKind::kYear:
      return "year";
    case TransformKind::kMonth:
      return "month";
    case TransformKind::kDay:
      return "day";
    case TransformKind::kHour:
      return "hour";
    case TransformKind::kVoid:
      return "void";
  }
  return "?";
}

bool Transform::CanTransform(const Type& source) const {
  TypeId t = source.id();
  switch (kind) {
    case TransformKind::kIdentity:
      return source.is_primitive();
    case TransformKind::kVoid:
      return true;
    case TransformKind::kBucket:
      return source.is_primitive() && t != TypeId::kBoolean && t != TypeId::kFloat &&
             t != TypeId::kDouble;
    case TransformKind::kTruncate:
      return t == TypeId::kInt || t == TypeId::kLong || t == TypeId::kDecimal ||
             t == TypeId::kString || t == TypeId::kBinary;
    case TransformKind::kYear:
    case TransformKind::kMonth:
    case TransformKind::kDay:
      return t == TypeId::kDate || IsTimestamp(t);
    case TransformKind::kHour:
      return IsTimestamp(t);
  }
  return false;
}

Result<Type> Transform::ResultType(const Type& source) const {
  if (!CanTransform(source)) {
    return InvalidArgument("transform {} cannot be applied to type {}", ToString(),
                           source.ToString());
  }
  switch (kind) {
    case TransformKind::kBucket:
    case TransformKind::kYear:
    case TransformKind::kMonth:
    case TransformKind::kHour:
      return Type::Int();
    case TransformKind::kDay:
      return Type::Date();
    default:
      return source;
  }
}

int32_t YearsFromDays(int64_t days) {
  return static_cast<int32_t>(CivilFromDays(days).year - 1970);
}

int32_t MonthsFromDays(int64_t days) {
  CivilDate c = CivilFromDays(days);
  return static_cast<int32_t>((c.year - 1970) * 12 + (c.month - 1));
}

std::string_view TruncateUtf8(std::string_view s, int32_t w) {
  int32_t points = 0;
  for (size_t i = 0; i < s.size(); ++i) {
    // Count lead bytes (anything but 10xxxxxx continuation bytes).
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (points == w) return s.substr(0, i);
      ++points;
    }
  }
  return s;
}

int32_t BucketHashLiteral(const Literal& v) {
  switch (v.type.id()) {
    case TypeId::kInt:
    case TypeId::kDate:
      return HashLong(v.int32());
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      return HashLong(v.int64());
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs:
      return HashLong(FloorDiv(v.int64(), 1000));
    case TypeId::kDecimal:
      return HashBytes(DecimalMinBytes(v.unscaled()));
    default:
      return HashBytes(v.bytes());
  }
}

Result<Literal> Transform::Apply(const Literal& v) const {
  FIRN_ASSIGN_OR_RETURN(Type result_type, ResultType(v.type));
  if (v.is_null() || kind == TransformKind::kVoid) return Literal::Null(result_type);
  TypeId t = v.type.id();
  switch (kind) {
    case TransformKind::kIdentity:
      return v;
    case TransformKind::kBucket:
      return Literal::Int(BucketOf(BucketHashLiteral(v), param));
    case TransformKind::kTruncate:
      switch (t) {
        case TypeId::kInt:
          return Literal::Int(static_cast<int32_t>(TruncateInteger(v.int32(), param)));
        case TypeId::kLong:
          return Literal{v.type, TruncateInteger(v.int64(), param)};
        case TypeId::kDecimal: {
          Int128 u = v.unscaled(), w = param;
          return Literal{v.type, u - (((u % w) + w) % w)};
        }
        case TypeId::kString:
          return Literal{v.type, std::string(TruncateUtf8(v.bytes(), param))};
        default:
          return Literal{v.type, v.bytes().substr(0, std::min<size_t>(v.bytes().size(), param))};
      }
    default:
      break;
  }
  // Temporal transforms.
  int64_t micros = 0, days = 0;
  if (t == TypeId::kDate) {
    days = v.int32();
  } else {
    micros = IsNanos(t) ? FloorDiv(v.int64(), 1000) : v.int64();
    days = FloorDiv(micros, kMicrosPerDay);
  }
  switch (kind) {
    case TransformKind::kYear:
      return Literal::Int(YearsFromDays(days));
    case TransformKind::kMonth:
      return Literal::Int(MonthsFromDays(days));
    case TransformKind::kDay:
      return Literal::Date(static_cast<int32_t>(days));
    default:
      return Literal::Int(static_cast<int32_t>(FloorDiv(micros, kMicrosPerHour)));
  }
}

std::string Transform::ToHumanString(const Literal& r) const {
  if (r.is_null()) return "null";
  switch (kind) {
    case TransformKind::kYear:
      return fmt::format("{:04}", 1970 + static_cast<int64_t>(r.int32()));
    case TransformKind::kMonth:
      return fmt::format("{:04}-{:02}", 1970 + FloorDiv(r.int32(), 12),
                         1 + FloorMod(r.int32(), 12));
    case TransformKind::kHour: {
      int64_t hours = r.int32();
      CivilDate c = CivilFromDays(FloorDiv(hours, 24));
      return fmt::format("{:04}-{:02}-{:02}-{:02}", c.year, c.month, c.day, FloorMod(hours, 24));
    }
    default:
      return r.ToString();
  }
}

}  // namespace firn::iceberg
