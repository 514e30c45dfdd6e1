#include "firn/iceberg/types/literal.h"

#include <cmath>

#include "firn/iceberg/types/temporal.h"

namespace firn::iceberg {

std::string Int128ToString(Int128 v) {
  if (v == 0) return "0";
  bool neg = v < 0;
  unsigned __int128 u = neg ? static_cast<unsigned __int128>(0) - static_cast<unsigned __int128>(v)
                            : static_cast<unsigned __int128>(v);
  std::string out;
  while (u != 0) {
    out.insert(out.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  }
  if (neg) out.insert(out.begin(), '-');
  return out;
}

std::string DecimalToString(Int128 unscaled, int32_t scale) {
  std::string digits = Int128ToString(unscaled < 0 ? -unscaled : unscaled);
  if (scale > 0) {
    if (static_cast<int32_t>(digits.size()) <= scale) {
      digits.insert(0, static_cast<size_t>(scale) - digits.size() + 1, '0');
    }
    digits.insert(digits.size() - static_cast<size_t>(scale), 1, '.');
  }
  return (unscaled < 0 ? "-" : "") + digits;
}

Result<Int128> ParseDecimal(std::string_view s, int32_t precision, int32_t scale) {
  auto bad = [&](std::string_view why) {
    return InvalidArgument("invalid decimal({}, {}) value '{}': {}", precision, scale, s, why);
  };
  size_t pos = 0;
  bool neg = false;
  if (pos < s.size() && (s[pos] == '-' || s[pos] == '+')) neg = s[pos++] == '-';
  Int128 v = 0;
  int32_t digits = 0, frac = -1;
  for (; pos < s.size(); ++pos) {
    char c = s[pos];
    if (c == '.') {
      if (frac >= 0) return bad("two decimal points");
      frac = 0;
      continue;
    }
    if (c < '0' || c > '9') return bad("not a number");
    v = v * 10 + (c - '0');
    if (v != 0) ++digits;
    if (digits > 38) return bad("too many digits");
    if (frac >= 0) ++frac;
  }
  if (frac < 0) frac = 0;
  if (frac != scale) return bad(fmt::format("expected {} digits after the point", scale));
  if (digits > precision) return bad("too many digits for the precision");
  if (s.empty() || s == "-" || s == "+") return bad("empty");
  return neg ? -v : v;
}

std::string UuidToString(std::string_view b) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < b.size(); ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    auto c = static_cast<unsigned char>(b[i]);
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

Result<Literal> Literal::ParseUuid(std::string_view s) {
  std::string bytes;
  auto hex = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
  };
  if (s.size() != 36) return InvalidArgument("invalid uuid '{}'", s);
  for (size_t i = 0; i < s.size();) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return InvalidArgument("invalid uuid '{}'", s);
      ++i;
      continue;
    }
    int hi = hex(s[i]), lo = hex(s[i + 1]);
    if (hi < 0 || lo < 0) return InvalidArgument("invalid uuid '{}'", s);
    bytes += static_cast<char>(hi * 16 + lo);
    i += 2;
  }
  return Literal::Uuid(std::move(bytes));
}

std::string Base64Encode(std::string_view in) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(in[k])); };
  for (; i + 3 <= in.size(); i += 3) {
    uint32_t n = b(i) << 16 | b(i + 1) << 8 | b(i + 2);
    for (int s = 18; s >= 0; s -= 6) out += kAlphabet[(n >> s) & 63];
  }
  if (in.size() - i == 1) {
    uint32_t n = b(i) << 16;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += "==";
  } else if (in.size() - i == 2) {
    uint32_t n = b(i) << 16 | b(i + 1) << 8;
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += kAlphabet[(n >> 6) & 63];
    out += '=';
  }
  return out;
}

namespace {

// Java's Float/Double.toString for ordinary magnitudes: "1.0", "0.5", "1.0E10" is not
// reproduced; shortest round-trip digits with a ".0" for integral values.
template <typename F>
std::string FloatString(F v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  std::string s = fmt::format("{}", v);
  if (s.find_first_of(".eE") == std::string::npos) s += ".0";
  return s;
}

}  // namespace

std::string Literal::ToString() const {
  if (is_null()) return "null";
  switch (type.id()) {
    case TypeId::kBoolean:
      return std::get<bool>(value) ? "true" : "false";
    case TypeId::kInt:
      return std::to_string(int32());
    case TypeId::kLong:
      return std::to_string(int64());
    case TypeId::kFloat:
      return FloatString(std::get<float>(value));
    case TypeId::kDouble:
      return FloatString(std::get<double>(value));
    case TypeId::kDecimal:
      return DecimalToString(unscaled(), type.scale());
    case TypeId::kDate:
      return FormatDate(int32());
    case TypeId::kTime:
      return HumanTime(int64());
    case TypeId::kTimestamp:
      return HumanTimestamp(int64(), false, false);
    case TypeId::kTimestampTz:
      return HumanTimestamp(int64(), false, true);
    case TypeId::kTimestampNs:
      return HumanTimestamp(int64(), true, false);
    case TypeId::kTimestampTzNs:
      return HumanTimestamp(int64(), true, true);
    case TypeId::kString:
      return bytes();
    case TypeId::kUuid:
      return UuidToString(bytes());
    case TypeId::kFixed:
    case TypeId::kBinary:
      return Base64Encode(bytes());
    default:
      return "<nested>";
  }
}

namespace {

template <typename F>
std::strong_ordering CompareFloat(F a, F b) {
  bool na = std::isnan(a), nb = std::isnan(b);
  if (na || nb)
    return na == nb ? std::strong_ordering::equal
                    : (na ? std::strong_ordering::greater : std::strong_ordering::less);
  if (a < b) return std::strong_ordering::less;
  if (a > b) return std::strong_ordering::greater;
  return std::signbit(b) <=> std::signbit(a);  // -0.0 < 0.0
}

}  // namespace

std::strong_ordering Compare(const Literal& a, const Literal& b) {
  if (a.is_null() || b.is_null()) return b.is_null() <=> a.is_null();
  return std::visit(
      [&](const auto& x) -> std::strong_ordering {
        using T = std::decay_t<decltype(x)>;
        const T& y = std::get<T>(b.value);
        if constexpr (std::is_same_v<T, std::monostate>) {
          return std::strong_ordering::equal;
        } else if constexpr (std::is_floating_point_v<T>) {
          return CompareFloat(x, y);
        } else if constexpr (std::is_same_v<T, std::string>) {
          // std::string compares bytes as unsigned char (char_traits<char>::compare).
          int c = x.compare(y);
          return c <=> 0;
        } else {
          return x < y ? std::strong_ordering::less
                       : (y < x ? std::strong_ordering::greater : std::strong_ordering::equal);
        }
      },
      a.value);
}

}  // namespace firn::iceberg
