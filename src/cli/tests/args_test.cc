#include "cli/args.h"

#include <gtest/gtest.h>

#include <vector>

#include "cli/number_text.h"

namespace firn::cli {
namespace {

constexpr FlagSpec kSpecs[] = {{"--config", "-c"}, {"--events"}, {"--verbose", {}, false}};

Result<ParsedArgs> Parse(std::vector<std::string_view> args) { return ParseArgs(args, kSpecs); }

TEST(ArgsTest, FlagsAndPositionals) {
  auto p = Parse({"-c", "p.toml", "file", "--events=5", "--verbose", "--", "--not-a-flag", "-"});
  ASSERT_TRUE(p.has_value()) << p.error().ToString();
  EXPECT_EQ(p->Get("--config"), "p.toml");
  EXPECT_EQ(p->Get("--events"), "5");
  EXPECT_TRUE(p->Has("--verbose"));
  EXPECT_FALSE(p->Has("--help"));
  EXPECT_EQ(p->positional(), (std::vector<std::string_view>{"file", "--not-a-flag", "-"}));
  EXPECT_TRUE(Parse({"-h"})->Has("--help"));
  EXPECT_EQ(Parse({"--config="})->Get("--config"), "");
}

TEST(ArgsTest, Errors) {
  EXPECT_EQ(Parse({"--nope"}).error().message(), "unknown flag '--nope'");
  EXPECT_EQ(Parse({"--nope=1"}).error().message(), "unknown flag '--nope'");
  EXPECT_EQ(Parse({"--events"}).error().message(), "flag --events needs a value");
  EXPECT_EQ(Parse({"-c", "a", "--config", "b"}).error().message(),
            "flag --config given more than once");
  EXPECT_EQ(Parse({"--verbose=yes"}).error().message(), "flag --verbose takes no value");
}

TEST(ArgsTest, Numbers) {
  EXPECT_EQ(ParseCount("--n", "2000000"), 2'000'000);
  EXPECT_EQ(ParseCount("--n", "2_000_000"), 2'000'000);
  EXPECT_EQ(ParseCount("--n", "2,000,000"), 2'000'000);
  EXPECT_EQ(ParseCount("--n", "0"), 0);
  for (auto bad : {"", "-1", "1e6", "x", "99999999999999999999", "1 "}) {
    EXPECT_FALSE(ParseCount("--n", bad).has_value()) << bad;
  }
  EXPECT_EQ(ParseByteSize("--s", "134217728"), 134217728);
  EXPECT_EQ(ParseByteSize("--s", "128MiB"), 128LL << 20);
  EXPECT_EQ(ParseByteSize("--s", "128M"), 128LL << 20);
  EXPECT_EQ(ParseByteSize("--s", "64KiB"), 64LL << 10);
  EXPECT_EQ(ParseByteSize("--s", "1GiB"), 1LL << 30);
  EXPECT_EQ(ParseByteSize("--s", "10B"), 10);
  for (auto bad : {"", "0", "0MiB", "MiB", "12mb", "1.5GiB", "-3", "9999999999999999G"}) {
    EXPECT_FALSE(ParseByteSize("--s", bad).has_value()) << bad;
  }
}

TEST(NumberTextTest, Formats) {
  EXPECT_EQ(Grouped(0), "0");
  EXPECT_EQ(Grouped(999), "999");
  EXPECT_EQ(Grouped(1000), "1,000");
  EXPECT_EQ(Grouped(2'000'000), "2,000,000");
  EXPECT_EQ(Grouped(-1234567), "-1,234,567");
  EXPECT_EQ(HumanBytes(512), "512 B");
  EXPECT_EQ(HumanBytes(1536), "1.5 KiB");
  EXPECT_EQ(HumanBytes(128LL << 20), "128.0 MiB");
  EXPECT_EQ(HumanBytes(3LL << 40), "3.0 TiB");
}

}  // namespace
}  // namespace firn::cli
