#include "cli/pipeline_config.h"

#include <gtest/gtest.h>

#include "firn/io/memory_file_io.h"

namespace firn::cli {
namespace {

TEST(PipelineConfigTest, ValidToml) {
  auto c = ParsePipelineConfig("p.toml", "[source]\ntype = \"kafka\"\n[table]\nname = \"t\"\n");
  ASSERT_TRUE(c.has_value()) << c.error().ToString();
  EXPECT_EQ(c->path, "p.toml");
  EXPECT_EQ(c->keys, (std::vector<std::string>{"source", "table"}));
  EXPECT_TRUE(ParsePipelineConfig("empty.toml", "").has_value());
}

TEST(PipelineConfigTest, BrokenTomlSaysWhere) {
  struct Case {
    const char* text;
    const char* prefix;
  } cases[] = {
      {"[source]\ntype = \"kafka\"\nbrokers = [\"a\", \n", "p.toml:3:"},
      {"a = 1\na = 2\n", "p.toml:2:"},
      {"[t]\nx = \n", "p.toml:2:"},
      {"key = \"unterminated\n", "p.toml:1:"},
      {"[[a]]\n[a]\n", "p.toml:2:"},
  };
  for (const auto& c : cases) {
    auto r = ParsePipelineConfig("p.toml", c.text);
    ASSERT_FALSE(r.has_value()) << c.text;
    EXPECT_EQ(r.error().kind(), ErrorKind::kInvalidArgument);
    EXPECT_EQ(r.error().message().rfind(c.prefix, 0), 0u) << r.error().message();
  }
}

TEST(PipelineConfigTest, LoadNamesMissingFile) {
  io::MemoryFileIO io;
  auto r = LoadPipelineConfig(&io, "mem://nope.toml");
  ASSERT_FALSE(r.has_value());
  EXPECT_EQ(r.error().kind(), ErrorKind::kNotFound);
  EXPECT_NE(r.error().message().find("nope.toml"), std::string::npos);
}

}  // namespace
}  // namespace firn::cli
