// Timestamps and dates as text (RFC 3339, the profile of ISO 8601 that JSON producers
// use) and the civil-calendar arithmetic behind them: proleptic Gregorian calendar, days
// counted from 1970-01-01, as Iceberg's date, time and timestamp types are.
//
// Decoders parse event times with ParseTimestampMicros; tools render Parquet statistics
// and values with the Append* functions. The calendar conversions are H. Hinnant's
// days_from_civil / civil_from_days algorithms, exact for every int64 day count that fits
// a year in int64.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "firn/common/result.h"

namespace firn::ingest {

struct CivilDate {
  int64_t year = 1970;
  unsigned month = 1;  // 1..12
  unsigned day = 1;    // 1..31
};

// Days since 1970-01-01 of a date. REQUIRES: 1 <= month <= 12, 1 <= day <= 31.
// Days in month `m` (1..12) of year `y` (proleptic Gregorian). REQUIRES: 1 <= m <= 12.
unsigned DaysInMonth(int64_t y, int64_t m);

constexpr int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

// The date `days` after 1970-01-01 (negative: before it).
constexpr CivilDate CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int64_t>(yoe) + era * 400 + (m <= 2), m, d};
}

// Parses an RFC 3339 date-time into microseconds since 1970-01-01T00:00:00Z:
//   YYYY-MM-DD('T'|'t'|' ')hh:mm:ss[.fraction]('Z'|'z'|('+'|'-')hh:mm)
// The fraction has 1 to 9 digits; digits past microseconds are truncated. Fields are
// range-checked (month 1-12, day within the month, hour < 24, minute and second < 60;
// leap seconds are rejected). InvalidArgument, quoting the text, for anything else.
Result<int64_t> ParseTimestampMicros(std::string_view text);

// Number of fraction digits for a timestamp or time unit: 3 (millis), 6 (micros), 9 (nanos).
enum class FractionDigits : int { kMillis = 3, kMicros = 6, kNanos = 9 };

// Appends "YYYY-MM-DDThh:mm:ss.ffffff" for `value` units since the epoch, then "Z" if
// `utc` (an instant) and nothing if not (a local date-time). Years outside 0..9999 are
// written with a sign and as many digits as needed.
void AppendTimestamp(int64_t value, FractionDigits digits, bool utc, std::string* out);
// Appends "YYYY-MM-DD" for a day count since the epoch.
void AppendDate(int64_t days, std::string* out);
// Appends "hh:mm:ss.fff..." for `value` units since midnight; values outside a day are
// rendered as a plain number (they are not valid times).
void AppendTimeOfDay(int64_t value, FractionDigits digits, std::string* out);

}  // namespace firn::ingest
