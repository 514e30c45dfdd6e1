// Damaged and unusual input for the pipeline config parser, and the shipped example.
#include <gtest/gtest.h>

#include <fstream>
#include <random>
#include <sstream>
#include <string>

#include "firn/ingest/config/pipeline_config.h"
#include "firn/ingest/tests/pipeline_config_test_util.h"

namespace firn::ingest {
namespace {

using namespace firn::ingest::testing;  // NOLINT

// Damaged input (LevelDB's log_test style): whatever the bytes, parsing returns a config
// or an error whose every line names the file, and never crashes.
void ExpectConfigOrLocatedError(std::string_view text) {
  auto r = Parse(text);
  if (r.has_value()) return;
  ASSERT_EQ(r.error().kind(), ErrorKind::kInvalidArgument);
  std::istringstream lines(r.error().message());
  std::string line;
  while (std::getline(lines, line)) {
    ASSERT_EQ(line.rfind("p.toml:", 0), 0u) << line << "\nfrom:\n" << text;
  }
}

TEST(PipelineConfigDamageTest, TruncatedAtEveryOffset) {
  const std::string text(kFull);
  for (size_t cut = 0; cut <= text.size(); ++cut) {
    ExpectConfigOrLocatedError(std::string_view(text).substr(0, cut));
  }
}

TEST(PipelineConfigDamageTest, ChangedBytes) {
  const std::string original(kFull);
  std::mt19937 rng(20240611);
  const std::string interesting = "\"'[]{}=.,\n#\\ 0aZ-_\x7f\xc3\xff";
  for (int trial = 0; trial < 3000; ++trial) {
    std::string text = original;
    int changes = 1 + static_cast<int>(rng() % 3);
    for (int i = 0; i < changes; ++i) {
      size_t at = rng() % text.size();
      text[at] =
          rng() % 2 ? static_cast<char>(rng() % 256) : interesting[rng() % interesting.size()];
    }
    ExpectConfigOrLocatedError(text);
  }
}

TEST(PipelineConfigDamageTest, CutOutRanges) {
  const std::string original(kFull);
  std::mt19937 rng(7);
  for (int trial = 0; trial < 1000; ++trial) {
    std::string text = original;
    size_t at = rng() % text.size();
    text.erase(at, 1 + rng() % 40);
    ExpectConfigOrLocatedError(text);
  }
}

// std::regex compiles recursively: deep nesting within the size limit still works, and
// longer patterns are refused before they reach it.
TEST(PipelineConfigDamageTest, LargeRegexes) {
  std::string deep = std::string(499, '(') + "a" + std::string(499, ')');
  std::string text = "[[sink.route]]\nmatch = \"" + deep + "\"\ntable = \"db.t\"\n";
  EXPECT_EQ(ErrorOf(text), "OK");
  std::string big(1001, 'a');
  EXPECT_EQ(ErrorOf("[[sink.route]]\nmatch = \"" + big + "\"\ntable = \"db.t\"\n"),
            "p.toml:2:1: sink.route[0].match: the regex is 1001 bytes long; at most 1000 are "
            "allowed");
}

// examples/pipeline.toml, found from this file's path (src/firn/ingest/tests/), is a valid
// config and is the example shown in docs/configuration.md.
std::string RepoFile(const std::string& relative) {
  std::string here = __FILE__;
  const std::string tail = "src/firn/ingest/tests/pipeline_config_damage_test.cc";
  if (!here.ends_with(tail)) return "";
  std::ifstream in(here.substr(0, here.size() - tail.size()) + relative, std::ios::binary);
  if (!in) return "";
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

TEST(PipelineConfigTest, ExampleFileIsValidAndDocumented) {
  std::string example = RepoFile("examples/pipeline.toml");
  if (example.empty()) GTEST_SKIP() << "examples/pipeline.toml not found from " << __FILE__;
  auto c = ParsePipelineConfig("examples/pipeline.toml", example);
  ASSERT_TRUE(c.has_value()) << c.error().message();
  EXPECT_EQ(c->source.type, SourceType::kKafka);
  EXPECT_EQ(c->source.topic_pattern, "web\\.events\\..*");
  EXPECT_EQ(c->sink.routes.size(), 2u);
  TableSettings purchases = SettingsForTable(*c, "web.purchases");
  EXPECT_TRUE(purchases.auto_create);
  EXPECT_FALSE(purchases.evolve_schema);
  EXPECT_EQ(purchases.properties.at("write.target-file-size-bytes"), "536870912");
  EXPECT_EQ(purchases.properties.at("commit.retry.num-retries"), "10");

  std::string docs = RepoFile("docs/configuration.md");
  ASSERT_FALSE(docs.empty());
  EXPECT_NE(docs.find("```toml\n" + example + "```\n"), std::string::npos)
      << "docs/configuration.md must show examples/pipeline.toml verbatim";
}

}  // namespace
}  // namespace firn::ingest
