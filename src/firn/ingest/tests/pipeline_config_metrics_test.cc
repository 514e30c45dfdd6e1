// [metrics] of the pipeline config: firn run's HTTP endpoints.
#include <gtest/gtest.h>

#include <string>

#include "firn/ingest/tests/pipeline_config_test_util.h"

namespace firn::ingest {
namespace {

using testing::ErrorOf;
using testing::kKafka;
using testing::Parse;

TEST(PipelineConfigMetricsTest, OffWithoutTheSection) {
  auto c = Parse(kKafka);
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->metrics, MetricsSettings{});
  EXPECT_FALSE(c->metrics.enabled);
}

TEST(PipelineConfigMetricsTest, TheSectionTurnsThemOn) {
  auto c = Parse(std::string(kKafka) + "[metrics]\n");
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_TRUE(c->metrics.enabled);
  EXPECT_EQ(c->metrics.port, 0);
  EXPECT_EQ(c->metrics.address, "127.0.0.1");

  c = Parse(std::string(kKafka) + "[metrics]\nport = 9464\naddress = \"::1\"\n");
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->metrics.port, 9464);
  EXPECT_EQ(c->metrics.address, "::1");

  c = Parse(std::string(kKafka) + "[metrics]\nenabled = false\nport = 9464\n");
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_FALSE(c->metrics.enabled);

  c = Parse(std::string(kKafka) + "[metrics]\naddress = \"localhost\"\n");
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->metrics.address, "127.0.0.1");
}

TEST(PipelineConfigMetricsTest, ErrorsAreLocated) {
  const std::string base(kKafka);
  EXPECT_EQ(
      ErrorOf(base + "[metrics]\nport = 70000\n"),
      "p.toml:8:8: metrics.port: expected a TCP port, 0..65535 (0 = any free port), got 70000");
  EXPECT_EQ(
      ErrorOf(base + "[metrics]\nport = \"9464\"\n"),
      "p.toml:8:8: metrics.port: expected a TCP port, 0..65535 (0 = any free port), got \"9464\"");
  EXPECT_EQ(ErrorOf(base + "[metrics]\naddress = \"example.com\"\n"),
            "p.toml:8:11: metrics.address: expected a numeric IP address to bind (\"127.0.0.1\", "
            "\"0.0.0.0\", \"::1\"), got \"example.com\"");
  EXPECT_EQ(ErrorOf(base + "[metrics]\nprot = 1\n"),
            "p.toml:8:1: unknown key 'metrics.prot'; did you mean 'metrics.port'?");
  EXPECT_EQ(ErrorOf(base + "[metrcs]\nport = 1\n"),
            "p.toml:7:2: unknown key 'metrcs'; did you mean 'metrics'?");
}

}  // namespace
}  // namespace firn::ingest
