// The JSON report parsed back with firn's JSON reader, and the text report's shape, for a
// table built through the commit path and for an empty one.
#include "firn/observe/health/health_json.h"

#include <gtest/gtest.h>

#include "firn/common/json_reader.h"
#include "firn/observe/health/health_text.h"
#include "health_test_table.h"

namespace firn::observe {
namespace {

using testing::HealthTable;
using testing::kHour;

struct Report {
  TableHealth health;
  HealthVerdicts verdicts;
};

Report Analyze(HealthTable& t, int64_t now) {
  auto h = AnalyzeTableHealth(t.io(), *t.State().metadata, {.now_ms = now});
  EXPECT_TRUE(h.has_value()) << h.error().ToString();
  Report r{*h, JudgeHealth(*h, "db.events")};
  return r;
}

TEST(HealthJsonTest, RoundTripsThroughTheReader) {
  HealthTable t;
  const int64_t t0 = HealthTable::T0();
  for (int i = 0; i < 20; ++i) {
    const int64_t at = t0 + 20 * kHour + kHour / 2 + i * 10'000;
    t.Commit(at, {HealthTable::File("f" + std::to_string(i), "eu", 4'000)},
             {{std::string(kEventTimeWatermarkKey), std::to_string(at - 2'000)}});
  }
  const int64_t now = t0 + 21 * kHour;
  Report r = Analyze(t, now);
  const std::string json = HealthJson("db.events", r.health, r.verdicts);
  EXPECT_EQ(json.find('\n'), std::string::npos);
  auto doc = JsonDocument::Parse(json);
  ASSERT_TRUE(doc.has_value()) << doc.error().ToString();
  auto root = (*doc)->root().AsObject();
  ASSERT_TRUE(root.has_value());
  EXPECT_EQ(*root->GetString("table"), "db.events");
  EXPECT_EQ(*root->GetInt64("now_ms"), now);
  EXPECT_EQ(*root->GetInt64("current_snapshot_id"), *r.health.current_snapshot_id);
  EXPECT_EQ(*root->GetString("verdict"), "warn");  // 10 s commits, and all 20 files small

  auto commits = root->GetObject("commit_frequency");
  ASSERT_TRUE(commits.has_value()) << commits.error().ToString();
  EXPECT_EQ(*commits->GetString("verdict"), "warn");
  EXPECT_TRUE(
      commits->GetString("message")->starts_with("10 s commits make 8,640 snapshots a day"));
  EXPECT_EQ(*commits->GetInt64("ingest_commits"), 20);
  EXPECT_EQ(*commits->GetInt64("median_interval_ms"), 10'000);
  auto per_hour = commits->GetArray("commits_per_hour");
  ASSERT_TRUE(per_hour.has_value());
  ASSERT_EQ(per_hour->size(), 24u);
  EXPECT_EQ(*per_hour->Elements()[23].AsInt64(), 20);  // the last hour: (t0 + 20 h, t0 + 21 h]
  EXPECT_TRUE(commits->Get("history_starts_ms")->IsNull());

  auto sizes = root->GetObject("file_sizes");
  ASSERT_TRUE(sizes.has_value());
  EXPECT_EQ(*sizes->GetInt64("data_files"), 20);
  EXPECT_EQ(*sizes->GetInt64("small_files"), 20);
  EXPECT_DOUBLE_EQ(*sizes->GetDouble("small_share"), 1.0);
  auto dist = sizes->GetArray("distribution");
  ASSERT_TRUE(dist.has_value());
  ASSERT_EQ(dist->size(), 7u);
  auto first = dist->Elements()[0].AsObject();
  EXPECT_EQ(*first->GetInt64("files"), 20);  // 4,000 B is under 1% of 1 MiB
  EXPECT_TRUE(dist->Elements()[6].AsObject()->Get("max_bytes")->IsNull());

  auto lag = root->GetObject("compaction_lag");
  ASSERT_TRUE(lag.has_value());
  EXPECT_EQ(*lag->GetInt64("files"), 20);
  EXPECT_EQ(*lag->GetInt64("oldest_age_ms"), kHour / 2);
  EXPECT_EQ(*lag->GetString("worst_partition"), "region=eu");
  EXPECT_FALSE(*lag->GetBool("oldest_age_is_lower_bound"));

  auto latency = root->GetObject("latency");
  ASSERT_TRUE(latency.has_value());
  EXPECT_EQ(*latency->GetString("source"), "event-time");
  EXPECT_EQ(*latency->GetInt64("commits"), 20);
  EXPECT_EQ(*latency->GetInt64("p50_ms"), 2'000);
  EXPECT_EQ(*latency->GetInt64("p99_ms"), 2'000);
  EXPECT_EQ(*latency->GetObject("event_time")->GetInt64("future"), 0);
  EXPECT_TRUE(latency->Get("source_timestamp")->IsNull());

  auto table = root->GetObject("counts");
  ASSERT_TRUE(table.has_value());
  EXPECT_EQ(*table->GetInt64("snapshots"), 20);
  EXPECT_EQ(*table->GetInt64("delete_files"), 0);
  EXPECT_DOUBLE_EQ(*table->GetDouble("delete_ratio"), 0.0);
}

TEST(HealthJsonTest, EmptyTable) {
  HealthTable t;
  Report r = Analyze(t, HealthTable::T0());
  auto doc = JsonDocument::Parse(HealthJson("db.events", r.health, r.verdicts));
  ASSERT_TRUE(doc.has_value()) << doc.error().ToString();
  auto root = (*doc)->root().AsObject();
  EXPECT_EQ(*root->GetString("verdict"), "ok");
  EXPECT_TRUE(root->Get("current_snapshot_id")->IsNull());
  EXPECT_EQ(*root->GetObject("latency")->GetString("source"), "none");
  EXPECT_TRUE(root->GetObject("latency")->Get("p99_ms")->IsNull());
  EXPECT_TRUE(root->GetObject("commit_frequency")->Get("median_interval_ms")->IsNull());
  EXPECT_EQ(*root->GetObject("file_sizes")->GetInt64("data_files"), 0);
}

TEST(HealthTextTest, OneLinePerAspectWithDetailsBeneath) {
  HealthTable t;
  const int64_t t0 = HealthTable::T0();
  t.Commit(t0 + kHour, {HealthTable::File("a", "eu", 4'000), HealthTable::File("b", "eu", 4'000)});
  Report r = Analyze(t, t0 + 2 * kHour);
  const std::string text = HealthText("db.events", r.health, r.verdicts);
  EXPECT_TRUE(text.ends_with("\n"));
  EXPECT_NE(text.find("db.events: OK (at "), std::string::npos) << text;
  EXPECT_NE(text.find("\n1. commits      OK    1 commit in the last 24 h: 1.0/day, peak 1/h\n"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("per hour, oldest first: 0 0 0"), std::string::npos) << text;
  EXPECT_NE(text.find("\n2. file sizes   OK    2 of 2 files (100%) are under 768 KiB"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("0-1%          10.2 KiB         2     7.8 KiB\n"), std::string::npos) << text;
  EXPECT_NE(
      text.find(
          "\n3. compaction   OK    nothing to compact; 2 small files wait for more to join them\n"),
      std::string::npos)
      << text;
  EXPECT_NE(text.find("\n4. latency      OK    the last 24 h's commits carry no firn watermarks"),
            std::string::npos)
      << text;
  EXPECT_NE(text.find("\n   counts       OK    1 snapshot, 1 manifest, 0 delete files"),
            std::string::npos)
      << text;
}

}  // namespace
}  // namespace firn::observe
