#include "firn/ingest/timestamp_text.h"

#include <fmt/format.h>

namespace firn::ingest {
namespace {

// Reads exactly `n` digits at `pos`.
bool Digits(std::string_view s, size_t pos, size_t n, int64_t* out) {
  if (pos + n > s.size()) return false;
  int64_t v = 0;
  for (size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return true;
}

int64_t FloorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

int64_t Pow10(FractionDigits digits) {
  switch (digits) {
    case FractionDigits::kMillis:
      return 1'000;
    case FractionDigits::kMicros:
      return 1'000'000;
    case FractionDigits::kNanos:
      return 1'000'000'000;
  }
  return 1'000'000;
}

void AppendYearMonthDay(const CivilDate& c, std::string* out) {
  if (c.year >= 0 && c.year <= 9999) {
    fmt::format_to(std::back_inserter(*out), "{:04}-{:02}-{:02}", c.year, c.month, c.day);
  } else {
    fmt::format_to(std::back_inserter(*out), "{:+05}-{:02}-{:02}", c.year, c.month, c.day);
  }
}

// "hh:mm:ss.fff" for `sub` units of a second in `second_of_day`.
void AppendClock(int64_t second_of_day, int64_t sub, FractionDigits digits, std::string* out) {
  fmt::format_to(std::back_inserter(*out), "{:02}:{:02}:{:02}.{:0{}}", second_of_day / 3600,
                 second_of_day / 60 % 60, second_of_day % 60, sub, static_cast<int>(digits));
}

}  // namespace

Result<int64_t> ParseTimestampMicros(std::string_view s) {
  const auto bad = [s](std::string_view why) {
    return InvalidArgument("'{}' is not an RFC 3339 timestamp: {}", s, why);
  };
  int64_t y, mo, d, h, mi, sec, frac = 0;
  if (s.size() < 20 || !Digits(s, 0, 4, &y) || s[4] != '-' || !Digits(s, 5, 2, &mo) ||
      s[7] != '-' || !Digits(s, 8, 2, &d) || (s[10] != 'T' && s[10] != 't' && s[10] != ' ') ||
      !Digits(s, 11, 2, &h) || s[13] != ':' || !Digits(s, 14, 2, &mi) || s[16] != ':' ||
      !Digits(s, 17, 2, &sec)) {
    return bad("expected YYYY-MM-DDThh:mm:ss");
  }
  if (mo < 1 || mo > 12) return bad("month out of range");
  if (d < 1 || d > DaysInMonth(y, mo)) return bad("day out of range");
  if (h > 23 || mi > 59 || sec > 59) return bad("time of day out of range");
  size_t pos = 19;
  if (s[pos] == '.') {
    const size_t start = ++pos;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
    const size_t n = pos - start;
    if (n == 0 || n > 9) return bad("the fraction of a second needs 1 to 9 digits");
    Digits(s, start, n < 6 ? n : 6, &frac);
    for (size_t i = n; i < 6; ++i) frac *= 10;
  }
  int64_t offset_minutes = 0;
  if (pos + 1 == s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    // UTC
  } else if (pos + 6 == s.size() && (s[pos] == '+' || s[pos] == '-') && s[pos + 3] == ':') {
    int64_t oh, om;
    if (!Digits(s, pos + 1, 2, &oh) || !Digits(s, pos + 4, 2, &om) || oh > 23 || om > 59) {
      return bad("bad UTC offset");
    }
    offset_minutes = (s[pos] == '+' ? 1 : -1) * (oh * 60 + om);
  } else {
    return bad("expected 'Z' or a UTC offset (+hh:mm) at the end");
  }
  const int64_t days = DaysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d));
  const int64_t minutes = (days * 24 + h) * 60 + mi - offset_minutes;
  return minutes * 60'000'000 + sec * 1'000'000 + frac;
}

void AppendTimestamp(int64_t value, FractionDigits digits, bool utc, std::string* out) {
  const int64_t per_second = Pow10(digits);
  // Floor division without forming seconds * per_second, which overflows near INT64_MIN.
  int64_t seconds = value / per_second;
  int64_t sub = value % per_second;
  if (sub < 0) {
    --seconds;
    sub += per_second;
  }
  const int64_t days = FloorDiv(seconds, 86'400);
  AppendYearMonthDay(CivilFromDays(days), out);
  out->push_back('T');
  AppendClock(seconds - days * 86'400, sub, digits, out);
  if (utc) out->push_back('Z');
}

void AppendDate(int64_t days, std::string* out) { AppendYearMonthDay(CivilFromDays(days), out); }

void AppendTimeOfDay(int64_t value, FractionDigits digits, std::string* out) {
  const int64_t per_second = Pow10(digits);
  if (value < 0 || value >= 86'400 * per_second) {
    fmt::format_to(std::back_inserter(*out), "{}", value);
    return;
  }
  AppendClock(value / per_second, value % per_second, digits, out);
}

unsigned DaysInMonth(int64_t y, int64_t m) {
  static constexpr unsigned kDays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

}  // namespace firn::ingest
