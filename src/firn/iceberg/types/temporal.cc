#include "firn/iceberg/types/temporal.h"

#include <fmt/format.h>

#include <charconv>
#include <limits>

namespace firn::iceberg {

// Howard Hinnant's days_from_civil / civil_from_days algorithms (public domain
// descriptions), valid for the whole proleptic Gregorian calendar.
int64_t DaysFromCivil(int64_t y, int32_t m, int32_t d) {
  y -= m <= 2;
  const int64_t era = FloorDiv(y, 400);
  const int64_t yoe = y - era * 400;
  const int64_t mp = (m + 9) % 12;
  const int64_t doy = (153 * mp + 2) / 5 + d - 1;
  const int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = FloorDiv(z, 146097);
  const int64_t doe = z - era * 146097;
  const int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int64_t mp = (5 * doy + 2) / 153;
  const int32_t d = static_cast<int32_t>(doy - (153 * mp + 2) / 5 + 1);
  const int32_t m = static_cast<int32_t>(mp < 10 ? mp + 3 : mp - 9);
  return CivilDate{yoe + era * 400 + (m <= 2), m, d};
}

std::string FormatDate(int64_t days) {
  CivilDate c = CivilFromDays(days);
  if (c.year >= 0 && c.year <= 9999)
    return fmt::format("{:04}-{:02}-{:02}", c.year, c.month, c.day);
  return fmt::format("{}{:04}-{:02}-{:02}", c.year < 0 ? "-" : "+", c.year < 0 ? -c.year : c.year,
                     c.month, c.day);
}

namespace {

struct Split {
  int64_t days;
  int64_t hh, mm, ss, frac;  // frac in units below a second
};

Split SplitUnits(int64_t units, int64_t per_second) {
  int64_t per_day = 86'400 * per_second;
  Split s{};
  s.days = FloorDiv(units, per_day);
  int64_t rem = FloorMod(units, per_day);
  s.frac = rem % per_second;
  int64_t secs = rem / per_second;
  s.hh = secs / 3600;
  s.mm = secs / 60 % 60;
  s.ss = secs % 60;
  return s;
}

std::string FormatClock(const Split& s, bool nanos) {
  if (nanos) return fmt::format("{:02}:{:02}:{:02}.{:09}", s.hh, s.mm, s.ss, s.frac);
  return fmt::format("{:02}:{:02}:{:02}.{:06}", s.hh, s.mm, s.ss, s.frac);
}

std::string HumanClock(const Split& s, bool nanos) {
  std::string out = fmt::format("{:02}:{:02}", s.hh, s.mm);
  int64_t ns = nanos ? s.frac : s.frac * 1000;
  if (s.ss == 0 && ns == 0) return out;
  out += fmt::format(":{:02}", s.ss);
  if (ns == 0) return out;
  if (ns % 1'000'000 == 0) return out + fmt::format(".{:03}", ns / 1'000'000);
  if (ns % 1'000 == 0) return out + fmt::format(".{:06}", ns / 1'000);
  return out + fmt::format(".{:09}", ns);
}

}  // namespace

std::string FormatTime(int64_t units, bool nanos) {
  return FormatClock(SplitUnits(units, nanos ? 1'000'000'000 : kMicrosPerSecond), nanos);
}

std::string FormatTimestamp(int64_t units, bool nanos, bool with_zone) {
  Split s = SplitUnits(units, nanos ? 1'000'000'000 : kMicrosPerSecond);
  return FormatDate(s.days) + "T" + FormatClock(s, nanos) + (with_zone ? "+00:00" : "");
}

std::string HumanTime(int64_t micros) {
  return HumanClock(SplitUnits(micros, kMicrosPerSecond), false);
}

std::string HumanTimestamp(int64_t units, bool nanos, bool with_zone) {
  Split s = SplitUnits(units, nanos ? 1'000'000'000 : kMicrosPerSecond);
  return FormatDate(s.days) + "T" + HumanClock(s, nanos) + (with_zone ? "Z" : "");
}

namespace {

// Reads exactly `n` digits at s[pos].
bool Digits(std::string_view s, size_t& pos, size_t n, int64_t& out) {
  if (pos + n > s.size()) return false;
  out = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  pos += n;
  return true;
}

bool Expect(std::string_view s, size_t& pos, char c) {
  if (pos >= s.size() || s[pos] != c) return false;
  ++pos;
  return true;
}

bool ParseDateAt(std::string_view s, size_t& pos, int64_t& days) {
  int64_t y, m, d;
  bool neg = false;
  if (pos < s.size() && (s[pos] == '-' || s[pos] == '+')) neg = s[pos++] == '-';
  size_t start = pos;
  while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') ++pos;
  size_t ny = pos - start;
  pos = start;
  if (ny < 4 || ny > 9 || !Digits(s, pos, ny, y)) return false;
  if (!Expect(s, pos, '-') || !Digits(s, pos, 2, m) || !Expect(s, pos, '-') ||
      !Digits(s, pos, 2, d)) {
    return false;
  }
  if (neg) y = -y;
  if (m < 1 || m > 12 || d < 1 || d > 31) return false;
  days = DaysFromCivil(y, static_cast<int32_t>(m), static_cast<int32_t>(d));
  CivilDate back = CivilFromDays(days);
  return back.month == m && back.day == d;  // rejects 2017-02-30
}

// HH:MM[:SS[.f{1,9}]] into units of 1/per_second seconds.
bool ParseClockAt(std::string_view s, size_t& pos, int64_t per_second, int digits, int64_t& out) {
  int64_t hh, mm, ss = 0, frac = 0;
  if (!Digits(s, pos, 2, hh) || !Expect(s, pos, ':') || !Digits(s, pos, 2, mm)) return false;
  if (pos < s.size() && s[pos] == ':') {
    ++pos;
    if (!Digits(s, pos, 2, ss)) return false;
    if (pos < s.size() && s[pos] == '.') {
      ++pos;
      int n = 0;
      while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
        if (n < digits)
          frac = frac * 10 + (s[pos] - '0');
        else if (s[pos] != '0')
          return false;  // more precision than the type holds
        ++n;
        ++pos;
      }
      if (n == 0 || n > 9) return false;
      for (int i = n; i < digits; ++i) frac *= 10;
    }
  }
  if (hh > 23 || mm > 59 || ss > 59) return false;
  out = ((hh * 60 + mm) * 60 + ss) * per_second + frac;
  return true;
}

}  // namespace

Result<int32_t> ParseDate(std::string_view s) {
  size_t pos = 0;
  int64_t days;
  if (!ParseDateAt(s, pos, days) || pos != s.size() || days < std::numeric_limits<int32_t>::min() ||
      days > std::numeric_limits<int32_t>::max()) {
    return InvalidArgument("invalid date '{}' (expected YYYY-MM-DD)", s);
  }
  return static_cast<int32_t>(days);
}

Result<int64_t> ParseTime(std::string_view s, bool nanos) {
  size_t pos = 0;
  int64_t v;
  if (!ParseClockAt(s, pos, nanos ? 1'000'000'000 : kMicrosPerSecond, nanos ? 9 : 6, v) ||
      pos != s.size()) {
    return InvalidArgument("invalid time '{}' (expected HH:MM:SS[.ffffff])", s);
  }
  return v;
}

Result<int64_t> ParseTimestamp(std::string_view s, bool nanos, bool require_zone,
                               bool forbid_zone) {
  const int64_t per_second = nanos ? 1'000'000'000 : kMicrosPerSecond;
  size_t pos = 0;
  int64_t days, clock;
  auto bad = [&](std::string_view why) {
    return InvalidArgument("invalid timestamp '{}': {}", s, why);
  };
  if (!ParseDateAt(s, pos, days) || !(Expect(s, pos, 'T') || Expect(s, pos, ' ')) ||
      !ParseClockAt(s, pos, per_second, nanos ? 9 : 6, clock)) {
    return bad("expected YYYY-MM-DDTHH:MM:SS[.ffffff][+HH:MM]");
  }
  int64_t offset_seconds = 0;
  bool has_zone = pos < s.size();
  if (has_zone) {
    if (s[pos] == 'Z' && pos + 1 == s.size()) {
      ++pos;
    } else if (s[pos] == '+' || s[pos] == '-') {
      int sign = s[pos++] == '-' ? -1 : 1;
      int64_t oh, om;
      if (!Digits(s, pos, 2, oh) || !Expect(s, pos, ':') || !Digits(s, pos, 2, om) ||
          pos != s.size() || oh > 18 || om > 59) {
        return bad("invalid zone offset");
      }
      offset_seconds = sign * (oh * 3600 + om * 60);
    } else {
      return bad("unexpected characters after the time");
    }
  }
  if (require_zone && !has_zone) return bad("a zone offset is required");
  if (forbid_zone && has_zone) return bad("a zone offset is not allowed");
  // TODO: overflow for timestamps outside about +-292 years (nanos) is not detected.
  return days * 86'400 * per_second + clock - offset_seconds * per_second;
}

}  // namespace firn::iceberg
