// [maintenance] of the pipeline config: what firn run does beside ingest.
#include <gtest/gtest.h>

#include <string>

#include "firn/ingest/tests/pipeline_config_test_util.h"

namespace firn::ingest {
namespace {

using testing::ErrorOf;
using testing::kKafka;
using testing::Parse;

TEST(PipelineConfigMaintenanceTest, OnByDefaultWithTheIssuesCadence) {
  auto c = Parse(kKafka);
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_TRUE(c->maintenance.enabled);
  EXPECT_EQ(c->maintenance.compaction_interval_ms, 30 * 60'000);
  EXPECT_EQ(c->maintenance.expire_interval_ms, 24 * 3'600'000LL);
  EXPECT_EQ(c->maintenance.orphan_interval_ms, 7 * 24 * 3'600'000LL);
  EXPECT_EQ(c->maintenance.orphan_older_than_ms, 3 * 24 * 3'600'000LL);
  EXPECT_FALSE(c->maintenance.target_file_size);
}

TEST(PipelineConfigMaintenanceTest, KeysAreRead) {
  auto c = Parse(std::string(kKafka) +
                 "[maintenance]\ncheck-interval-ms = 2000\ncompaction-interval-ms = 60000\n"
                 "small-file-trigger = 10\nmin-input-files = 2\ntarget-file-size = \"128MB\"\n"
                 "expire-interval-ms = 3600000\norphan-interval-ms = 86400000\n");
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->maintenance.check_interval_ms, 2000);
  EXPECT_EQ(c->maintenance.compaction_interval_ms, 60000);
  EXPECT_EQ(c->maintenance.small_file_trigger, 10);
  EXPECT_EQ(c->maintenance.min_input_files, 2);
  EXPECT_EQ(c->maintenance.target_file_size, 128'000'000);
  EXPECT_EQ(c->maintenance.expire_interval_ms, 3'600'000);
  c = Parse(std::string(kKafka) + "[maintenance]\nenabled = false\n");
  ASSERT_TRUE(c);
  EXPECT_FALSE(c->maintenance.enabled);
}

TEST(PipelineConfigMaintenanceTest, ErrorsAreLocated) {
  const std::string base(kKafka);
  EXPECT_EQ(ErrorOf(base + "[maintenance]\norphan-older-than-ms = 1000\n"),
            "p.toml:8:24: maintenance.orphan-older-than-ms: expected milliseconds, got 1000");
  EXPECT_EQ(ErrorOf(base + "[maintenance]\nsmall-file-triger = 3\n"),
            "p.toml:8:1: unknown key 'maintenance.small-file-triger'; did you mean 'maintenance.small-file-trigger'?");
}

}  // namespace
}  // namespace firn::ingest
