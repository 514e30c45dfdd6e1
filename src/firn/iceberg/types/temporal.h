// Proleptic Gregorian calendar arithmetic and ISO-8601 text for Iceberg's date, time and
// timestamp values (days since 1970-01-01, microseconds or nanoseconds since midnight or
// since 1970-01-01T00:00:00 UTC). Used by literals (Appendix D JSON form), the temporal
// partition transforms and the human strings of partition paths.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "firn/common/result.h"

namespace firn::iceberg {

inline constexpr int64_t kMicrosPerSecond = 1'000'000;
inline constexpr int64_t kMicrosPerDay = 86'400 * kMicrosPerSecond;
inline constexpr int64_t kMicrosPerHour = 3'600 * kMicrosPerSecond;

struct CivilDate {
  int64_t year;
  int32_t month;  // 1..12
  int32_t day;    // 1..31
};

int64_t DaysFromCivil(int64_t year, int32_t month, int32_t day);
CivilDate CivilFromDays(int64_t days);

// Floor division and modulo (the results used for values before 1970).
inline int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
inline int64_t FloorMod(int64_t a, int64_t b) { return a - FloorDiv(a, b) * b; }

// "2017-11-16" (years outside 0..9999 get a sign and at least four digits, as in Java).
std::string FormatDate(int64_t days);
// "22:31:08.123456": always six fraction digits (or nine with nanos = true).
std::string FormatTime(int64_t units, bool nanos = false);
// "2017-11-16T22:31:08.123456", with "+00:00" appended when with_zone.
std::string FormatTimestamp(int64_t units, bool nanos, bool with_zone);

// Java's LocalTime/LocalDateTime.toString forms used in partition paths: seconds are
// omitted when they and the fraction are zero, the fraction has 3, 6 or 9 digits.
std::string HumanTime(int64_t micros);
// "2017-11-16T22:31:08.000001", and "...Z" when with_zone (OffsetDateTime in UTC).
std::string HumanTimestamp(int64_t units, bool nanos, bool with_zone);

// Parsers for the ISO forms above. Times accept HH:MM[:SS[.fraction]]; timestamps
// accept an optional zone ("Z" or +HH:MM / -HH:MM) and are converted to UTC. A zone is
// required when require_zone, refused when forbid_zone. Errors are InvalidArgument.
Result<int32_t> ParseDate(std::string_view s);
Result<int64_t> ParseTime(std::string_view s, bool nanos = false);
Result<int64_t> ParseTimestamp(std::string_view s, bool nanos, bool require_zone, bool forbid_zone);

}  // namespace firn::iceberg
