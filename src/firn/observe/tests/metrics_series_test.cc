// FirnMetrics (the families `firn run` exposes, /health) and SeriesStore (the dashboard's
// /api/series), read back through a JSON parser.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "firn/common/json_reader.h"
#include "firn/observe/metrics/firn_metrics.h"
#include "firn/observe/metrics/ring.h"
#include "firn/observe/metrics/series_store.h"

namespace firn::observe {
namespace {

bool Has(const std::string& text, std::string_view line) {
  return text.find(line) != std::string::npos;
}

std::unique_ptr<JsonDocument> Parse(const std::string& json) {
  auto doc = JsonDocument::Parse(json);
  EXPECT_TRUE(doc) << json;
  return std::move(*doc);
}

TEST(RingTest, KeepsTheLastValuesOldestFirst) {
  Ring<int> r(3);
  for (int i = 1; i <= 5; ++i) r.Push(i);
  std::vector<int> seen;
  r.ForEach([&](int v) { seen.push_back(v); });
  EXPECT_EQ(seen, (std::vector<int>{3, 4, 5}));
  EXPECT_EQ(r.back(), 5);
  EXPECT_EQ(r.size(), 3u);
}

TEST(FirnMetricsTest, CompactionFamiliesShowZeroOnceATableIsKnown) {
  FirnMetrics m;
  const std::string before = m.PrometheusText();
  EXPECT_TRUE(Has(before, "# TYPE firn_compaction_runs_total counter\n"));
  EXPECT_FALSE(Has(before, "firn_compaction_runs_total{"));
  const std::vector<int64_t> sizes = {2000, 3'000'000};
  m.RecordCommit({.table = "db.events",
                  .records = 10,
                  .bytes = 3'002'000,
                  .file_sizes = sizes,
                  .duration_s = 0.02,
                  .latency_s = 1.5,
                  .delay_s = 1.0,
                  .time_ms = 1'000'000});
  const std::string text = m.PrometheusText();
  for (const char* line :
       {"firn_compaction_runs_total{table=\"db.events\"} 0\n",
        "firn_compaction_bytes_rewritten_total{table=\"db.events\"} 0\n",
        "firn_small_files_pending{table=\"db.events\"} 0\n",
        "firn_commits_total{table=\"db.events\"} 1\n",
        "firn_records_committed_total{table=\"db.events\"} 10\n",
        "firn_files_written_total{table=\"db.events\"} 2\n",
        "firn_file_size_bytes_bucket{table=\"db.events\",le=\"4096\"} 1\n",
        "firn_file_size_bytes_count{table=\"db.events\"} 2\n",
        "firn_end_to_end_latency_seconds_bucket{table=\"db.events\",le=\"2.5\"} 1\n",
        "firn_ingest_delay_seconds_count{table=\"db.events\"} 1\n",
        "firn_last_commit_timestamp_seconds{table=\"db.events\"} 1000\n"}) {
    EXPECT_TRUE(Has(text, line)) << line << "\nin\n" << text;
  }
}

TEST(FirnMetricsTest, CountsRecordsInDeadLettersAndCompactions) {
  FirnMetrics m;
  m.AddRecordsIn("events", 100, 5000);
  m.AddRecordsIn("events", 50, 2500);
  m.AddDeadLettered("db.events", 3);
  m.RecordCommitRefused("db.events");
  const std::vector<int64_t> in = {1000, 1000, 1000}, out = {3000};
  m.RecordCompaction({.table = "db.events",
                      .files_before = 3,
                      .bytes_before = 3000,
                      .files_after = 1,
                      .bytes_after = 3000,
                      .input_sizes = in,
                      .output_sizes = out,
                      .duration_s = 0.5});
  m.SetSmallFilesPending("db.events", 7);
  const std::string text = m.PrometheusText();
  for (const char* line : {"firn_records_in_total{topic=\"events\"} 150\n",
                           "firn_bytes_in_total{topic=\"events\"} 7500\n",
                           "firn_records_dead_lettered_total{table=\"db.events\"} 3\n",
                           "firn_commits_refused_total{table=\"db.events\"} 1\n",
                           "firn_compaction_runs_total{table=\"db.events\"} 1\n",
                           "firn_compaction_bytes_rewritten_total{table=\"db.events\"} 3000\n",
                           "firn_compaction_files_rewritten_total{table=\"db.events\"} 3\n",
                           "firn_small_files_pending{table=\"db.events\"} 7\n"}) {
    EXPECT_TRUE(Has(text, line)) << line << "\nin\n" << text;
  }
  auto doc = Parse(m.SeriesJson());
  auto tables = doc->root().AsObject()->GetArray("tables");
  ASSERT_TRUE(tables);
  ASSERT_EQ(tables->size(), 1u);
  auto t = tables->Elements()[0].AsObject();
  EXPECT_EQ(t->GetArray("compactions")->size(), 1u);
  auto sizes = t->GetObject("file_sizes");
  auto input = sizes->GetArray("compaction_input")->Elements();
  EXPECT_EQ(*input[0].AsInt64(), 3);  // 1000 B: the 1 KiB bucket
  EXPECT_EQ(*sizes->GetArray("compaction_output")->Elements()[1].AsInt64(), 1);  // <= 4 KiB
}

TEST(FirnMetricsTest, LagReplacesPartitionsNoLongerOwned) {
  FirnMetrics m;
  const std::vector<LagSample> first = {{"events", 0, 10}, {"events", 1, 20}, {"other", 0, 5}};
  m.SetLag(first, 1000);
  const std::vector<LagSample> second = {{"events", 1, 4}};
  m.SetLag(second, 2000);
  const std::string text = m.PrometheusText();
  EXPECT_TRUE(Has(text, "firn_consumer_lag{topic=\"events\",partition=\"1\"} 4\n")) << text;
  EXPECT_FALSE(Has(text, "partition=\"0\"")) << text;

  auto doc = Parse(m.SeriesJson());
  auto lag = doc->root().AsObject()->GetArray("lag")->Elements();
  ASSERT_EQ(lag.size(), 2u);
  auto events = lag[0].AsObject();
  EXPECT_EQ(*events->GetString("topic"), "events");
  auto points = events->GetArray("points")->Elements();
  ASSERT_EQ(points.size(), 2u);
  EXPECT_EQ(*points[0].AsArray()->Elements()[1].AsInt64(), 30);
  EXPECT_EQ(*points[1].AsArray()->Elements()[1].AsInt64(), 4);
  EXPECT_EQ(events->GetArray("partitions")->size(), 1u);
  EXPECT_EQ(lag[1].AsObject()->GetArray("partitions")->size(), 0u);  // "other": none owned now

  auto health = Parse(m.HealthJson());
  auto h = health->root().AsObject();
  EXPECT_EQ(*h->GetObject("lag")->GetInt64("total"), 4);
}

TEST(FirnMetricsTest, SeriesKeepsCommitsInOrder) {
  FirnMetrics m;
  for (int i = 0; i < 3; ++i) {
    m.RecordCommit({.table = "db.t",
                    .records = 10 + i,
                    .bytes = 100,
                    .duration_s = 0.01,
                    .latency_s = i == 1 ? std::optional<double>() : 2.0,
                    .delay_s = 1,
                    .time_ms = 1000 + i});
  }
  auto doc = Parse(m.SeriesJson());
  auto commits =
      doc->root().AsObject()->GetArray("tables")->Elements()[0].AsObject()->GetArray("commits");
  ASSERT_EQ(commits->size(), 3u);
  auto second = commits->Elements()[1].AsArray()->Elements();
  ASSERT_EQ(second.size(), 7u);
  EXPECT_EQ(*second[0].AsInt64(), 1001);
  EXPECT_EQ(*second[1].AsInt64(), 11);
  EXPECT_TRUE(second[5].IsNull());  // no latency known
}

TEST(FirnMetricsTest, HealthReportsTotalsAndTables) {
  FirnMetrics m;
  EXPECT_TRUE(Parse(m.HealthJson())->root().AsObject()->Get("lag")->IsNull());
  m.AddRecordsIn("events", 7, 70);
  m.RecordCommit(
      {.table = "db.t", .records = 7, .bytes = 100, .time_ms = FirnMetrics::NowMs() - 2000});
  m.RecordError("compaction of db.t failed: disk full");
  auto doc = Parse(m.HealthJson());
  auto h = doc->root().AsObject();
  EXPECT_EQ(*h->GetString("status"), "degraded");
  EXPECT_EQ(*h->GetInt64("records_in"), 7);
  EXPECT_EQ(*h->GetInt64("commits"), 1);
  EXPECT_EQ(*h->GetInt64("errors"), 1);
  EXPECT_EQ(*h->GetString("last_error"), "compaction of db.t failed: disk full");
  auto t = h->GetArray("tables")->Elements()[0].AsObject();
  EXPECT_EQ(*t->GetString("table"), "db.t");
  EXPECT_GE(*t->GetDouble("last_commit_age_seconds"), 1.9);
  EXPECT_TRUE(t->Get("last_latency_seconds")->IsNull());
}

}  // namespace
}  // namespace firn::observe
