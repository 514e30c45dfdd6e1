#include "cli/value_text.h"

#include <fmt/format.h>

#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstring>

#include "firn/ingest/timestamp_text.h"
#include "firn/ingest/uuid_text.h"

namespace firn::cli {
namespace {

using parquet::LogicalType;
using parquet::PhysicalType;
using K = LogicalType::Kind;
using ingest::FractionDigits;

template <typename T>
T Load(std::string_view b) {
  T v;
  std::memcpy(&v, b.data(), sizeof(T));
  return v;
}

ValueText Hex(std::string_view b) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string s;
  s.reserve(b.size() * 2);
  for (unsigned char c : b) {
    s += kHex[c >> 4];
    s += kHex[c & 15];
  }
  return {std::move(s), true};
}

// Shortest text that reads back as the same float or double.
template <typename F>
ValueText Float(F v) {
  if (std::isnan(v)) return {"NaN", true};
  if (std::isinf(v)) return {v > 0 ? "Infinity" : "-Infinity", true};
  char buf[32];
  return {std::string(buf, std::to_chars(buf, buf + sizeof(buf), v).ptr), false};
}

// IEEE 754 binary16 to double.
double HalfToDouble(uint16_t h) {
  const int exp = (h >> 10) & 0x1f;
  const int mant = h & 0x3ff;
  const double sign = (h & 0x8000) ? -1.0 : 1.0;
  if (exp == 0) return sign * std::ldexp(mant, -24);
  if (exp == 31) return mant ? std::nan("") : sign * INFINITY;
  return sign * std::ldexp(mant + 1024, exp - 25);
}

FractionDigits Digits(parquet::TimeUnit u) {
  switch (u) {
    case parquet::TimeUnit::kMillis:
      return FractionDigits::kMillis;
    case parquet::TimeUnit::kMicros:
      return FractionDigits::kMicros;
    case parquet::TimeUnit::kNanos:
      return FractionDigits::kNanos;
  }
  return FractionDigits::kMicros;
}

std::string Int128Text(__int128 v) {
  if (v == 0) return "0";
  const bool negative = v < 0;
  // Work on the magnitude as unsigned so that the minimum value does not overflow.
  unsigned __int128 m =
      negative ? -static_cast<unsigned __int128>(v) : static_cast<unsigned __int128>(v);
  std::string digits;
  while (m > 0) {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(m % 10)));
    m /= 10;
  }
  return negative ? "-" + digits : digits;
}

// The unscaled value with the decimal point placed `scale` digits from the right.
ValueText Decimal(__int128 unscaled, int32_t scale) {
  std::string digits = Int128Text(unscaled);
  const bool negative = digits[0] == '-';
  if (negative) digits.erase(0, 1);
  if (scale > 0) {
    if (digits.size() <= static_cast<size_t>(scale)) {
      digits.insert(0, static_cast<size_t>(scale) - digits.size() + 1, '0');
    }
    digits.insert(digits.size() - static_cast<size_t>(scale), 1, '.');
  } else if (scale < 0) {
    digits.append(static_cast<size_t>(-scale), '0');
  }
  return {negative ? "-" + digits : digits, true};
}

// A big-endian two's complement integer of 1..16 bytes (Parquet's decimal in binary).
__int128 BigEndianSigned(std::string_view b) {
  unsigned __int128 v =
      (static_cast<unsigned char>(b[0]) & 0x80) ? ~static_cast<unsigned __int128>(0) : 0;
  for (unsigned char c : b) v = (v << 8) | c;
  return static_cast<__int128>(v);
}

ValueText Timestamp(int64_t v, const LogicalType& t) {
  std::string s;
  ingest::AppendTimestamp(v, Digits(t.unit), t.adjusted_to_utc, &s);
  return {std::move(s), true};
}

ValueText Int32Value(int32_t v, const LogicalType& t) {
  switch (t.kind) {
    case K::kDate: {
      std::string s;
      ingest::AppendDate(v, &s);
      return {std::move(s), true};
    }
    case K::kTime: {
      std::string s;
      ingest::AppendTimeOfDay(v, Digits(t.unit), &s);
      return {std::move(s), true};
    }
    case K::kDecimal:
      return Decimal(v, t.scale);
    case K::kInteger:
      if (!t.is_signed) return {fmt::format("{}", static_cast<uint32_t>(v)), false};
      [[fallthrough]];
    default:
      return {fmt::format("{}", v), false};
  }
}

ValueText Int64Value(int64_t v, const LogicalType& t) {
  switch (t.kind) {
    case K::kTimestamp:
      return Timestamp(v, t);
    case K::kTime: {
      std::string s;
      ingest::AppendTimeOfDay(v, Digits(t.unit), &s);
      return {std::move(s), true};
    }
    case K::kDecimal:
      return Decimal(v, t.scale);
    case K::kInteger:
      if (!t.is_signed) return {fmt::format("{}", static_cast<uint64_t>(v)), false};
      [[fallthrough]];
    default:
      return {fmt::format("{}", v), false};
  }
}

ValueText BytesValue(std::string_view b, const LogicalType& t) {
  switch (t.kind) {
    case K::kString:
    case K::kEnum:
    case K::kJson:
      return {std::string(b), true};
    case K::kUuid: {
      if (b.size() != 16) return Hex(b);
      std::string s;
      ingest::AppendUuid(b, &s);
      return {std::move(s), true};
    }
    case K::kDecimal:
      if (b.empty() || b.size() > 16) return Hex(b);
      return Decimal(BigEndianSigned(b), t.scale);
    case K::kFloat16:
      if (b.size() != 2) return Hex(b);
      return Float(HalfToDouble(Load<uint16_t>(b)));
    default:
      return Hex(b);
  }
}

}  // namespace

ValueText RenderLeafValue(const parquet::SchemaNode& leaf, std::string_view b) {
  const LogicalType& t = leaf.logical;
  switch (leaf.physical) {
    case PhysicalType::kBoolean:
      if (b.size() != 1) return Hex(b);
      return {b[0] != 0 ? "true" : "false", false};
    case PhysicalType::kInt32:
      if (b.size() != 4) return Hex(b);
      return Int32Value(Load<int32_t>(b), t);
    case PhysicalType::kInt64:
      if (b.size() != 8) return Hex(b);
      return Int64Value(Load<int64_t>(b), t);
    case PhysicalType::kInt96: {
      if (b.size() != 12) return Hex(b);
      // nanoseconds of the day, then the Julian day number (2440588 = 1970-01-01)
      const int64_t nanos = Load<int64_t>(b);
      const int64_t days = static_cast<int64_t>(Load<uint32_t>(b.substr(8))) - 2'440'588;
      int64_t value;
      if (__builtin_mul_overflow(days, 86'400'000'000'000LL, &value) ||
          __builtin_add_overflow(value, nanos, &value)) {
        return Hex(b);  // outside what int64 nanoseconds can say
      }
      std::string s;
      ingest::AppendTimestamp(value, FractionDigits::kNanos, false, &s);
      return {std::move(s), true};
    }
    case PhysicalType::kFloat:
      if (b.size() != 4) return Hex(b);
      return Float(Load<float>(b));
    case PhysicalType::kDouble:
      if (b.size() != 8) return Hex(b);
      return Float(Load<double>(b));
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray:
      return BytesValue(b, t);
  }
  return Hex(b);
}

}  // namespace firn::cli
