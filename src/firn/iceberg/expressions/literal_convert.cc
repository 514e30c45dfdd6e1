#include "firn/iceberg/expressions/literal_convert.h"

#include <cmath>
#include <cstdlib>
#include <limits>

#include "firn/common/macros.h"
#include "firn/iceberg/types/temporal.h"

namespace firn::iceberg {
namespace {

using Kind = ConvertedLiteral::Kind;

ConvertedLiteral Value(Literal v) { return ConvertedLiteral{Kind::kValue, std::move(v)}; }
ConvertedLiteral Above() { return ConvertedLiteral{Kind::kAboveMax, Literal{}}; }
ConvertedLiteral Below() { return ConvertedLiteral{Kind::kBelowMin, Literal{}}; }

Int128 Pow10(int32_t n) {
  Int128 p = 1;
  for (int32_t i = 0; i < n; ++i) p *= 10;
  return p;
}

// An unscaled value of `scale` rescaled to `to`; InvalidArgument when digits would be lost.
Result<ConvertedLiteral> ToDecimal(Int128 unscaled, int32_t scale, const Type& to, const Literal& v) {
  if (scale > to.scale()) {
    Int128 div = Pow10(scale - to.scale());
    if (unscaled % div != 0) {
      return InvalidArgument("{} has more fraction digits than {}", DescribeLiteral(v), to.ToString());
    }
    unscaled /= div;
  } else if (scale < to.scale()) {
    int32_t digits = to.scale() - scale;
    // Digits of |unscaled| beyond 38 can not be represented: out of range either way.
    Int128 limit = Pow10(38 - digits);
    if (unscaled >= limit) return Above();
    if (unscaled <= -limit) return Below();
    unscaled *= Pow10(digits);
  }
  Int128 max = Pow10(to.precision());
  if (unscaled >= max) return Above();
  if (unscaled <= -max) return Below();
  return Value(Literal{to, unscaled});
}

Result<ConvertedLiteral> FromDouble(double d, const Type& to, const Literal& v) {
  if (std::isnan(d)) {
    return InvalidArgument("{} can not be compared; use IS NAN / IS NOT NAN", DescribeLiteral(v));
  }
  if (to.id() == TypeId::kDouble) return Value(Literal::Double(d));
  if (to.id() == TypeId::kFloat) {
    if (d > std::numeric_limits<float>::max()) return Above();
    if (d < std::numeric_limits<float>::lowest()) return Below();
    return Value(Literal::Float(static_cast<float>(d)));
  }
  return InvalidArgument("can not compare a {} column with {}", to.ToString(), DescribeLiteral(v));
}

Result<ConvertedLiteral> FromString(const std::string& s, const Type& to, const Literal& v) {
  auto wrap = [&](auto r) -> Result<ConvertedLiteral> {
    if (!r) {
      return InvalidArgument("{} is not a valid {} value: {}", DescribeLiteral(v), to.ToString(),
                             r.error().message());
    }
    return Value(Literal{to, *r});
  };
  switch (to.id()) {
    case TypeId::kString: return Value(v);
    case TypeId::kDate: return wrap(ParseDate(s));
    case TypeId::kTime: return wrap(ParseTime(s, false));
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs: {
      bool nanos = to.id() == TypeId::kTimestampNs || to.id() == TypeId::kTimestampTzNs;
      if (s.find('T') == std::string::npos && s.find(' ') == std::string::npos) {
        auto days = ParseDate(s);
        if (days) return Value(Literal{to, int64_t{*days} * (nanos ? kMicrosPerDay * 1000 : kMicrosPerDay)});
      }
      return wrap(ParseTimestamp(s, nanos, false, false));
    }
    case TypeId::kUuid: {
      auto u = Literal::ParseUuid(s);
      if (!u) return InvalidArgument("{} is not a valid uuid", DescribeLiteral(v));
      return Value(*u);
    }
    case TypeId::kDecimal: {
      auto r = ParseDecimal(s, to.precision(), to.scale());
      if (!r) return InvalidArgument("{} is not a valid {}: {}", DescribeLiteral(v), to.ToString(), r.error().message());
      return Value(Literal{to, *r});
    }
    default:
      return InvalidArgument("can not compare a {} column with {}", to.ToString(), DescribeLiteral(v));
  }
}

}  // namespace

std::string DescribeLiteral(const Literal& v) {
  if (v.type.id() == TypeId::kString) return fmt::format("'{}' (string)", v.bytes());
  if (v.type.id() == TypeId::kBoolean) return fmt::format("{} (boolean)", std::get<bool>(v.value));
  return fmt::format("{} ({})", v.ToString(), v.type.ToString());
}

Result<ConvertedLiteral> ConvertLiteral(const Literal& v, const Type& to) {
  TypeId from = v.type.id();
  if (from == to.id() && v.type == to && from != TypeId::kFloat && from != TypeId::kDouble) return Value(v);
  switch (from) {
    case TypeId::kInt:
    case TypeId::kLong: {
      int64_t x = from == TypeId::kInt ? v.int32() : v.int64();
      switch (to.id()) {
        case TypeId::kInt:
          if (x > std::numeric_limits<int32_t>::max()) return Above();
          if (x < std::numeric_limits<int32_t>::min()) return Below();
          return Value(Literal::Int(static_cast<int32_t>(x)));
        case TypeId::kLong: return Value(Literal::Long(x));
        case TypeId::kFloat: return Value(Literal::Float(static_cast<float>(x)));
        case TypeId::kDouble: return Value(Literal::Double(static_cast<double>(x)));
        case TypeId::kDecimal: return ToDecimal(x, 0, to, v);
        default: break;
      }
      break;
    }
    case TypeId::kDecimal:
      if (to.id() == TypeId::kDecimal) return ToDecimal(v.unscaled(), v.type.scale(), to, v);
      if (to.id() == TypeId::kFloat || to.id() == TypeId::kDouble) {
        std::string text = DecimalToString(v.unscaled(), v.type.scale());
        return FromDouble(std::strtod(text.c_str(), nullptr), to, v);
      }
      break;
    case TypeId::kFloat:
    case TypeId::kDouble:
      return FromDouble(from == TypeId::kFloat ? std::get<float>(v.value) : std::get<double>(v.value), to, v);
    case TypeId::kString:
      return FromString(v.bytes(), to, v);
    default:
      break;
  }
  return InvalidArgument("can not compare a {} column with {}", to.ToString(), DescribeLiteral(v));
}

}  // namespace firn::iceberg
