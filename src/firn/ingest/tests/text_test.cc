#include <gtest/gtest.h>

#include <string>

#include "firn/ingest/timestamp_text.h"
#include "firn/ingest/uuid_text.h"

namespace firn::ingest {
namespace {

TEST(TimestampTextTest, ParsesRfc3339) {
  EXPECT_EQ(ParseTimestampMicros("1970-01-01T00:00:00Z"), 0);
  EXPECT_EQ(ParseTimestampMicros("1970-01-01T00:00:00.000001Z"), 1);
  EXPECT_EQ(ParseTimestampMicros("1970-01-01t00:00:01.5z"), 1'500'000);
  EXPECT_EQ(ParseTimestampMicros("1970-01-01 00:00:00.123456789Z"), 123'456);  // truncated
  EXPECT_EQ(ParseTimestampMicros("1969-12-31T23:59:59.999999Z"), -1);
  EXPECT_EQ(ParseTimestampMicros("1970-01-01T01:00:00+01:00"), 0);
  EXPECT_EQ(ParseTimestampMicros("1969-12-31T23:30:00-00:30"), 0);
  EXPECT_EQ(ParseTimestampMicros("2026-11-24T00:00:00.001133Z"), 1'795'478'400'001'133LL);
  EXPECT_EQ(ParseTimestampMicros("2024-02-29T12:00:00Z"), 1'709'208'000'000'000LL);
}

TEST(TimestampTextTest, RejectsMalformed) {
  for (const char* bad :
       {"", "2026", "2026-11-24", "2026-11-24T00:00:00", "2026-11-24T00:00:00.Z",
        "2026-11-24T00:00:00.1234567890Z", "2026-13-01T00:00:00Z", "2026-00-01T00:00:00Z",
        "2025-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-24T24:00:00Z",
        "2026-11-24T00:60:00Z", "2026-11-24T00:00:60Z", "2026-11-24X00:00:00Z",
        "2026-11-24T00:00:00+0100", "2026-11-24T00:00:00+24:00", "2026-11-24T00:00:00ZZ",
        "+2026-11-24T00:00:00Z", "2026-1a-24T00:00:00Z"}) {
    auto r = ParseTimestampMicros(bad);
    ASSERT_FALSE(r.has_value()) << bad;
    EXPECT_EQ(r.error().kind(), ErrorKind::kInvalidArgument);
    EXPECT_NE(r.error().message().find(bad), std::string::npos) << r.error().message();
  }
}

TEST(TimestampTextTest, Formats) {
  std::string s;
  AppendTimestamp(1'795'478'400'001'133LL, FractionDigits::kMicros, true, &s);
  EXPECT_EQ(s, "2026-11-24T00:00:00.001133Z");
  s.clear();
  AppendTimestamp(-1, FractionDigits::kMillis, false, &s);
  EXPECT_EQ(s, "1969-12-31T23:59:59.999");
  s.clear();
  AppendTimestamp(1, FractionDigits::kNanos, true, &s);
  EXPECT_EQ(s, "1970-01-01T00:00:00.000000001Z");
  s.clear();
  AppendDate(-719'528, &s);  // 0000-01-01
  EXPECT_EQ(s, "0000-01-01");
  s.clear();
  AppendDate(2'932'897, &s);  // 10000-01-01
  EXPECT_EQ(s, "+10000-01-01");
  s.clear();
  AppendTimeOfDay(3'723'000'004LL, FractionDigits::kMicros, &s);
  EXPECT_EQ(s, "01:02:03.000004");
  s.clear();
  AppendTimeOfDay(-5, FractionDigits::kMicros, &s);
  EXPECT_EQ(s, "-5");
}

TEST(TimestampTextTest, CivilRoundTrip) {
  for (int64_t d = -800'000; d <= 800'000; d += 997) {
    const CivilDate c = CivilFromDays(d);
    EXPECT_EQ(DaysFromCivil(c.year, c.month, c.day), d);
    std::string s;
    AppendTimestamp(d * 86'400'000'000LL + 7, FractionDigits::kMicros, true, &s);
    if (c.year >= 0 && c.year <= 9999) {
      EXPECT_EQ(ParseTimestampMicros(s), d * 86'400'000'000LL + 7) << s;
    }
  }
}

TEST(UuidTextTest, RoundTrip) {
  auto u = ParseUuid("BEEB8DA1-658e-4c67-b893-a2eefb32555e");
  ASSERT_TRUE(u.has_value());
  EXPECT_EQ((*u)[0], 0xbe);
  EXPECT_EQ((*u)[15], 0x5e);
  std::string s;
  AppendUuid({reinterpret_cast<const char*>(u->data()), 16}, &s);
  EXPECT_EQ(s, "beeb8da1-658e-4c67-b893-a2eefb32555e");
}

TEST(UuidTextTest, RejectsMalformed) {
  for (const char* bad :
       {"", "beeb8da1658e4c67b893a2eefb32555e", "beeb8da1-658e-4c67-b893-a2eefb32555",
        "beeb8da1-658e-4c67-b893-a2eefb32555g", "{eeb8da1-658e-4c67-b893-a2eefb32555}",
        "beeb8da1+658e-4c67-b893-a2eefb32555e", "beeb8da1-658e-4c67-b893-a2eefb32555e0"}) {
    EXPECT_FALSE(ParseUuid(bad).has_value()) << bad;
  }
}

}  // namespace
}  // namespace firn::ingest
