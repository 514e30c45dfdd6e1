// ParseTimestampText: the direct path for the usual forms agrees with an independent
// computation (glibc's timegm) on random timestamps of every form, and everything the
// direct path leaves alone (out of range, unusual forms) still gets the general path's
// answer or error.
#include "firn/ingest/json/json_scalars.h"

#include <gtest/gtest.h>

#include <ctime>
#include <random>
#include <string>

#include "fmt/format.h"

namespace firn::ingest {
namespace {

struct Sample {
  std::string text;
  int64_t seconds = 0;    // UTC seconds since the epoch
  std::string fraction;   // the digits after '.', as written
};

int64_t Scaled(const Sample& s, bool nanos) {
  const int unit_digits = nanos ? 9 : 6;
  int64_t f = 0;
  for (int i = 0; i < unit_digits; ++i) {
    f = f * 10 + (i < static_cast<int>(s.fraction.size()) ? s.fraction[static_cast<size_t>(i)] - '0' : 0);
  }
  return s.seconds * (nanos ? 1'000'000'000 : 1'000'000) + f;
}

Sample RandomTimestamp(std::mt19937_64& rng, bool nanos, bool with_zone) {
  std::tm tm{};
  tm.tm_year = static_cast<int>((nanos ? 1700 : 1) + rng() % (nanos ? 560 : 9998)) - 1900;
  tm.tm_mon = static_cast<int>(rng() % 12);
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const int y = tm.tm_year + 1900;
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  tm.tm_mday = 1 + static_cast<int>(rng() % static_cast<uint64_t>(kDays[tm.tm_mon] + (tm.tm_mon == 1 && leap)));
  tm.tm_hour = static_cast<int>(rng() % 24);
  tm.tm_min = static_cast<int>(rng() % 60);
  tm.tm_sec = static_cast<int>(rng() % 60);
  Sample s;
  std::tm copy = tm;
  s.seconds = static_cast<int64_t>(timegm(&copy));
  s.text = fmt::format("{:04}-{:02}-{:02}{}{:02}:{:02}:{:02}", y, tm.tm_mon + 1, tm.tm_mday, rng() % 4 == 0 ? ' ' : 'T',
                       tm.tm_hour, tm.tm_min, tm.tm_sec);
  const size_t digits = rng() % (nanos ? 10 : 7);
  if (digits > 0) {
    for (size_t i = 0; i < digits; ++i) s.fraction += static_cast<char>('0' + rng() % 10);
    s.text += "." + s.fraction;
  }
  if (with_zone) {
    if (rng() % 2 == 0) {
      s.text += 'Z';
    } else {
      const int64_t hh = static_cast<int64_t>(rng() % 19), mm = static_cast<int64_t>(rng() % 60);
      const bool minus = rng() % 2 == 0;
      s.text += fmt::format("{}{:02}:{:02}", minus ? '-' : '+', hh, mm);
      s.seconds += (minus ? 1 : -1) * (hh * 3600 + mm * 60);  // local time minus the offset
    }
  }
  return s;
}

TEST(JsonScalarsTest, TimestampsAgreeWithTimegm) {
  std::mt19937_64 rng(20261202);
  int checked = 0;
  for (bool nanos : {false, true}) {
    for (bool with_zone : {false, true}) {
      for (int i = 0; i < 20'000; ++i) {
        const Sample s = RandomTimestamp(rng, nanos, with_zone);
        const Result<int64_t> got = ParseTimestampText(s.text, nanos, with_zone);
        // Nanoseconds only reach 1677..2262; near the ends the offset can push it out.
        const __int128 expected = static_cast<__int128>(s.seconds) * (nanos ? 1'000'000'000 : 1'000'000);
        if (nanos && (expected < INT64_MIN / 2 * 2 + 1'000'000'000LL || expected > INT64_MAX - 1'000'000'000LL)) {
          continue;
        }
        ASSERT_TRUE(got) << s.text << ": " << got.error().message();
        ASSERT_EQ(*got, Scaled(s, nanos)) << s.text << (nanos ? " (nanos)" : " (micros)");
        ++checked;
      }
    }
  }
  EXPECT_GT(checked, 75'000);
}

TEST(JsonScalarsTest, TimestampEdgesAndErrors) {
  EXPECT_EQ(ParseTimestampText("2024-02-29T12:00:00Z", false, true), 1'709'208'000'000'000LL);
  EXPECT_EQ(ParseTimestampText("1969-12-31T23:59:59.999999Z", false, true), -1);
  EXPECT_EQ(ParseTimestampText("0000-01-01T00:00:00Z", false, true), -62'167'219'200'000'000LL);
  EXPECT_EQ(ParseTimestampText("1970-01-01T00:00:00.1234560Z", false, true), 123'456);  // zeros past micros
  EXPECT_EQ(ParseTimestampText("1970-01-01T01:00+01:00", false, true), 0);            // no seconds
  for (const char* bad : {"2023-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-13-01T00:00:00Z",
                          "2026-01-01T24:00:00Z", "2026-01-01T00:60:00Z", "2026-01-01T00:00:00",
                          "2026-01-01T00:00:00+19:00", "2026-01-01T00:00:00+01:60", "2026-01-01T00:00:00.Z",
                          "2026-01-01T00:00:00.1234567Z", "2026-01-01T00:00:00ZZ", "2026-01-01T00:00:0xZ",
                          "2026-01-01X00:00:00Z", "2026-1-01T00:00:00Z"}) {
    EXPECT_FALSE(ParseTimestampText(bad, false, true)) << bad;
  }
  EXPECT_FALSE(ParseTimestampText("2026-01-01T00:00:00Z", false, false));  // a zone where none is allowed
  EXPECT_FALSE(ParseTimestampText("2300-01-01T00:00:00Z", true, true));    // beyond nanoseconds' range
  EXPECT_EQ(ParseTimestampText("2026-01-01 00:00:00", false, false), 1'767'225'600'000'000LL);
}

}  // namespace
}  // namespace firn::ingest
