#include "firn/ingest/json/json_scalars.h"

#include <array>
#include <cctype>
#include <limits>
#include <optional>

#include "firn/common/macros.h"
#include "firn/iceberg/types/temporal.h"
#include "firn/ingest/timestamp_text.h"

namespace firn::ingest {

Result<Int128> ParseDecimalText(std::string_view s, int32_t precision, int32_t scale) {
  size_t pos = 0;
  const bool neg = !s.empty() && s[0] == '-';
  if (neg) ++pos;
  Int128 v = 0;
  int32_t int_digits = 0, frac_digits = 0;
  bool leading = true;
  const size_t int_start = pos;
  for (; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos) {
    if (leading && s[pos] == '0') continue;
    leading = false;
    if (++int_digits > precision - scale) {
      return InvalidArgument("'{}' does not fit decimal({}, {})", s, precision, scale);
    }
    v = v * 10 + (s[pos] - '0');
  }
  if (pos == int_start) return InvalidArgument("'{}' is not a decimal number", s);
  if (pos < s.size() && s[pos] == '.') {
    const size_t frac_start = ++pos;
    for (; pos < s.size() && s[pos] >= '0' && s[pos] <= '9'; ++pos) {
      if (++frac_digits > scale) {
        return InvalidArgument("'{}' has more than {} fraction digits (decimal({}, {}))", s, scale,
                               precision, scale);
      }
      v = v * 10 + (s[pos] - '0');
    }
    if (pos == frac_start) return InvalidArgument("'{}' is not a decimal number", s);
  }
  if (pos != s.size()) return InvalidArgument("'{}' is not a decimal number", s);
  for (; frac_digits < scale; ++frac_digits) v *= 10;
  return neg ? -v : v;
}

void StoreBigEndian(Int128 v, int32_t width, uint8_t* dst) {
  for (int32_t i = 0; i < width; ++i) {
    const int shift = 8 * (width - 1 - i);
    dst[i] = shift >= 128 ? (v < 0 ? 0xff : 0) : static_cast<uint8_t>(v >> shift);
  }
}

Int128 LoadBigEndian(const uint8_t* src, int32_t width) {
  unsigned __int128 u = (src[0] & 0x80) != 0 ? ~static_cast<unsigned __int128>(0) : 0;
  for (int32_t i = 0; i < width; ++i) u = (u << 8) | src[i];
  return static_cast<Int128>(u);
}

void AppendDecimal(Int128 unscaled, int32_t scale, std::string* out) {
  unsigned __int128 u = unscaled < 0 ? -static_cast<unsigned __int128>(unscaled)
                                     : static_cast<unsigned __int128>(unscaled);
  std::array<char, 48> digits;
  int n = 0;
  do {
    digits[n++] = static_cast<char>('0' + static_cast<int>(u % 10));
    u /= 10;
  } while (u != 0);
  while (n <= scale) digits[n++] = '0';  // at least one integer digit
  if (unscaled < 0) out->push_back('-');
  for (int i = n - 1; i >= 0; --i) {
    out->push_back(digits[i]);
    if (i == scale && scale > 0) out->push_back('.');
  }
}

namespace {

constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

constexpr std::array<int8_t, 256> MakeReverse() {
  std::array<int8_t, 256> r{};
  for (auto& x : r) x = -1;
  for (int i = 0; i < 64; ++i) r[static_cast<uint8_t>(kAlphabet[i])] = static_cast<int8_t>(i);
  return r;
}
constexpr std::array<int8_t, 256> kReverse = MakeReverse();

}  // namespace

bool Base64Decode(std::string_view t, std::string* out) {
  if (t.size() % 4 != 0) return false;
  for (size_t i = 0; i < t.size(); i += 4) {
    const bool last = i + 4 == t.size();
    int pad = 0;
    if (last) pad = (t[i + 3] == '=') + (t[i + 3] == '=' && t[i + 2] == '=');
    uint32_t acc = 0;
    for (int j = 0; j < 4 - pad; ++j) {
      const int8_t d = kReverse[static_cast<uint8_t>(t[i + j])];
      if (d < 0) return false;
      acc |= static_cast<uint32_t>(d) << (18 - 6 * j);
    }
    // Canonical padding: bits below the last byte must be zero.
    if ((pad == 1 && (acc & 0xff) != 0) || (pad == 2 && (acc & 0xffff) != 0)) return false;
    out->push_back(static_cast<char>(acc >> 16));
    if (pad < 2) out->push_back(static_cast<char>(acc >> 8));
    if (pad < 1) out->push_back(static_cast<char>(acc));
  }
  return true;
}

void AppendBase64(std::string_view b, std::string* out) {
  size_t i = 0;
  for (; i + 3 <= b.size(); i += 3) {
    const uint32_t acc = (static_cast<uint8_t>(b[i]) << 16) | (static_cast<uint8_t>(b[i + 1]) << 8) |
                         static_cast<uint8_t>(b[i + 2]);
    for (int j = 0; j < 4; ++j) out->push_back(kAlphabet[(acc >> (18 - 6 * j)) & 63]);
  }
  const size_t rest = b.size() - i;
  if (rest == 0) return;
  uint32_t acc = static_cast<uint32_t>(static_cast<uint8_t>(b[i])) << 16;
  if (rest == 2) acc |= static_cast<uint32_t>(static_cast<uint8_t>(b[i + 1])) << 8;
  out->push_back(kAlphabet[(acc >> 18) & 63]);
  out->push_back(kAlphabet[(acc >> 12) & 63]);
  out->push_back(rest == 2 ? kAlphabet[(acc >> 6) & 63] : '=');
  out->push_back('=');
}

Result<int32_t> ParseDateText(std::string_view s) { return iceberg::ParseDate(s); }

Result<int64_t> ParseTimeText(std::string_view s, bool nanos) {
  return iceberg::ParseTime(s, nanos);
}

namespace {

constexpr bool IsDigit(char c) { return c >= '0' && c <= '9'; }

// Digits [pos, pos + n) of `s` as a number; -1 unless all are digits.
constexpr int64_t Digits(std::string_view s, size_t pos, size_t n) {
  int64_t v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (!IsDigit(s[i])) return -1;
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

// The forms streams send, YYYY-MM-DD[T ]HH:MM:SS[.f...][Z|+HH:MM|-HH:MM], computed
// directly: nullopt for anything else or anything out of range, which then goes the
// general way (it accepts the same values and words the errors).
std::optional<int64_t> FastTimestamp(std::string_view s, bool nanos, bool with_zone) {
  if (s.size() < 19 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != ' ') || s[13] != ':' ||
      s[16] != ':') {
    return std::nullopt;
  }
  const int64_t year = Digits(s, 0, 4), month = Digits(s, 5, 2), day = Digits(s, 8, 2);
  const int64_t hour = Digits(s, 11, 2), minute = Digits(s, 14, 2), second = Digits(s, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59 ||
      second < 0 || second > 59) {
    return std::nullopt;
  }
  if (day > DaysInMonth(year, month)) return std::nullopt;
  size_t pos = 19;
  int64_t fraction = 0;  // in the column's unit
  if (pos < s.size() && s[pos] == '.') {
    const size_t first = ++pos;
    while (pos < s.size() && IsDigit(s[pos])) ++pos;
    const size_t n = pos - first;
    if (n == 0 || n > (nanos ? 9u : 6u)) return std::nullopt;
    fraction = Digits(s, first, n);
    for (size_t i = n; i < (nanos ? 9u : 6u); ++i) fraction *= 10;
  }
  int64_t offset_minutes = 0;
  if (with_zone) {
    if (pos + 1 == s.size() && s[pos] == 'Z') {
      pos = s.size();
    } else if (pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':') {
      const int64_t hh = Digits(s, pos + 1, 2), mm = Digits(s, pos + 4, 2);
      if (hh < 0 || mm < 0 || hh > 18 || mm > 59) return std::nullopt;
      offset_minutes = (s[pos] == '-' ? -1 : 1) * (hh * 60 + mm);
      pos = s.size();
    } else {
      return std::nullopt;  // no zone, or not one of these forms
    }
  }
  if (pos != s.size()) return std::nullopt;
  const Int128 per_second = nanos ? 1'000'000'000 : 1'000'000;
  const int64_t seconds = iceberg::DaysFromCivil(year, static_cast<int32_t>(month), static_cast<int32_t>(day)) * 86'400 +
                          hour * 3600 + minute * 60 + second - offset_minutes * 60;
  const Int128 v = static_cast<Int128>(seconds) * per_second + fraction;
  if (v < std::numeric_limits<int64_t>::min() || v > std::numeric_limits<int64_t>::max()) return std::nullopt;
  return static_cast<int64_t>(v);
}

}  // namespace

Result<int64_t> ParseTimestampText(std::string_view s, bool nanos, bool with_zone) {
  if (const std::optional<int64_t> v = FastTimestamp(s, nanos, with_zone)) return *v;
  // Split into date, clock and zone here so that the sum is computed in 128 bits and
  // range-checked (iceberg::ParseTimestamp does not detect overflow).
  const auto bad = [s](std::string_view why) {
    return InvalidArgument("invalid timestamp '{}': {}", s, why);
  };
  const size_t t = s.find_first_of("T ");
  if (t == std::string_view::npos) return bad("expected YYYY-MM-DDTHH:MM:SS[.ffffff]");
  std::string_view clock = s.substr(t + 1);
  int64_t offset_minutes = 0;
  const bool has_zone = clock.find_first_of("Z+-") != std::string_view::npos;
  if (has_zone != with_zone) {
    return bad(with_zone ? "a zone ('Z' or +HH:MM) is required" : "a zone is not allowed");
  }
  if (with_zone) {
    if (clock.back() == 'Z') {
      clock.remove_suffix(1);
    } else {
      const size_t z = clock.size() >= 6 ? clock.size() - 6 : 0;
      const std::string_view off = clock.substr(z);
      if (off.size() != 6 || (off[0] != '+' && off[0] != '-') || off[3] != ':' ||
          !std::isdigit(static_cast<unsigned char>(off[1])) ||
          !std::isdigit(static_cast<unsigned char>(off[2])) ||
          !std::isdigit(static_cast<unsigned char>(off[4])) ||
          !std::isdigit(static_cast<unsigned char>(off[5]))) {
        return bad("invalid zone offset (expected Z or +HH:MM)");
      }
      const int64_t hh = (off[1] - '0') * 10 + (off[2] - '0');
      const int64_t mm = (off[4] - '0') * 10 + (off[5] - '0');
      if (hh > 18 || mm > 59) return bad("invalid zone offset");
      offset_minutes = (off[0] == '-' ? -1 : 1) * (hh * 60 + mm);
      clock.remove_suffix(6);
    }
  }
  auto days = iceberg::ParseDate(s.substr(0, t));
  if (!days) return bad("invalid date");
  auto units = iceberg::ParseTime(clock, nanos);
  if (!units) return bad("invalid time of day");
  const Int128 per_second = nanos ? 1'000'000'000 : 1'000'000;
  const Int128 v = (static_cast<Int128>(*days) * 86'400 - offset_minutes * 60) * per_second + *units;
  if (v < std::numeric_limits<int64_t>::min() || v > std::numeric_limits<int64_t>::max()) {
    return bad(nanos ? "out of range for nanoseconds" : "out of range for microseconds");
  }
  return static_cast<int64_t>(v);
}

std::optional<int64_t> ScaleEpochCount(int64_t count, bool millis, bool nanos) {
  const int64_t factor = millis ? (nanos ? 1'000'000 : 1'000) : (nanos ? 1'000 : 1);
  int64_t out;
  if (__builtin_mul_overflow(count, factor, &out)) return std::nullopt;
  return out;
}

}  // namespace firn::ingest
