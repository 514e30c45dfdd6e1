// The metrics registry and its Prometheus text exposition (format 0.0.4).
#include <gtest/gtest.h>

#include <limits>
#include <thread>
#include <vector>

#include "firn/observe/metrics/prometheus_text.h"
#include "firn/observe/metrics/registry.h"

namespace firn::observe {
namespace {

TEST(PrometheusTextTest, EscapesLabelValuesAndHelp) {
  std::string out;
  AppendEscapedLabelValue(&out, "a\\b\"c\nd");
  EXPECT_EQ(out, "a\\\\b\\\"c\\nd");
  out.clear();
  AppendEscapedHelp(&out, "x\\y \"q\"\nz");
  EXPECT_EQ(out, "x\\\\y \"q\"\\nz");  // quotes stay in HELP
}

TEST(PrometheusTextTest, SpellsValues) {
  auto v = [](double d) {
    std::string s;
    AppendValue(&s, d);
    return s;
  };
  EXPECT_EQ(v(0), "0");
  EXPECT_EQ(v(12345678901), "12345678901");
  EXPECT_EQ(v(-3), "-3");
  EXPECT_EQ(v(0.25), "0.25");
  EXPECT_EQ(v(std::numeric_limits<double>::infinity()), "+Inf");
  EXPECT_EQ(v(-std::numeric_limits<double>::infinity()), "-Inf");
  EXPECT_EQ(v(std::numeric_limits<double>::quiet_NaN()), "NaN");
}

TEST(PrometheusTextTest, ValidatesNames) {
  EXPECT_TRUE(IsValidMetricName("firn_commits_total"));
  EXPECT_TRUE(IsValidMetricName("a:b"));
  EXPECT_FALSE(IsValidMetricName("1abc"));
  EXPECT_FALSE(IsValidMetricName("a-b"));
  EXPECT_FALSE(IsValidMetricName(""));
  EXPECT_TRUE(IsValidLabelName("table"));
  EXPECT_FALSE(IsValidLabelName("a:b"));
  EXPECT_FALSE(IsValidLabelName("__name"));
}

TEST(RegistryTest, ExposesCountersAndGaugesWithLabels) {
  Registry r;
  auto& commits = r.AddCounter("firn_commits_total", "Snapshots committed.", {"table"});
  auto& lag = r.AddGauge("firn_consumer_lag", "Lag.", {"topic", "partition"});
  r.AddCounter("firn_unused_total", "Never touched.", {"table"});
  commits.With({"db.b"}).Add(2);
  commits.With({"db.a"}).Add();
  commits.With({"db.a"}).Add(4);
  lag.With({"ev\"ents", "3"}).Set(12);
  EXPECT_EQ(r.PrometheusText(),
            "# HELP firn_commits_total Snapshots committed.\n"
            "# TYPE firn_commits_total counter\n"
            "firn_commits_total{table=\"db.a\"} 5\n"
            "firn_commits_total{table=\"db.b\"} 2\n"
            "# HELP firn_consumer_lag Lag.\n"
            "# TYPE firn_consumer_lag gauge\n"
            "firn_consumer_lag{topic=\"ev\\\"ents\",partition=\"3\"} 12\n"
            "# HELP firn_unused_total Never touched.\n"
            "# TYPE firn_unused_total counter\n");
}

TEST(RegistryTest, ExposesHistogramsCumulatively) {
  Registry r;
  auto& h = r.AddHistogram("firn_commit_duration_seconds", "Commit time.", {}, {0.25, 1, 10});
  for (double v : {0.125, 0.25, 0.5, 20.0}) h.With({}).Observe(v);
  EXPECT_EQ(r.PrometheusText(),
            "# HELP firn_commit_duration_seconds Commit time.\n"
            "# TYPE firn_commit_duration_seconds histogram\n"
            "firn_commit_duration_seconds_bucket{le=\"0.25\"} 2\n"  // le is inclusive
            "firn_commit_duration_seconds_bucket{le=\"1\"} 3\n"
            "firn_commit_duration_seconds_bucket{le=\"10\"} 3\n"
            "firn_commit_duration_seconds_bucket{le=\"+Inf\"} 4\n"
            "firn_commit_duration_seconds_sum 20.875\n"
            "firn_commit_duration_seconds_count 4\n");
}

TEST(RegistryTest, HistogramLabelsComeBeforeLe) {
  Registry r;
  auto& h = r.AddHistogram("h", "x", {"table"}, {1});
  h.With({"t"}).Observe(2);
  const std::string text = r.PrometheusText();
  EXPECT_NE(text.find("h_bucket{table=\"t\",le=\"1\"} 0\n"), std::string::npos) << text;
  EXPECT_NE(text.find("h_bucket{table=\"t\",le=\"+Inf\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("h_sum{table=\"t\"} 2\n"), std::string::npos) << text;
}

TEST(RegistryTest, RemovedChildrenDisappear) {
  Registry r;
  auto& g = r.AddGauge("g", "x", {"p"});
  g.With({"0"}).Set(1);
  g.With({"1"}).Set(2);
  g.Remove({"0"});
  EXPECT_EQ(r.PrometheusText(), "# HELP g x\n# TYPE g gauge\ng{p=\"1\"} 2\n");
}

TEST(HistogramTest, ExponentialBuckets) {
  EXPECT_EQ(ExponentialBuckets(1024, 4, 3), (std::vector<double>{1024, 4096, 16384}));
}

// Writers on several threads while a reader exposes: nothing is lost, and every read is
// well formed (a histogram's count equals its +Inf bucket).
TEST(RegistryTest, ConcurrentUpdatesAndReads) {
  Registry r;
  auto& c = r.AddCounter("c_total", "x", {"table"});
  auto& h = r.AddHistogram("h", "x", {"table"}, {1, 2});
  constexpr int kThreads = 4, kUpdates = 20000;
  std::atomic<bool> done{false};
  std::thread reader([&] {
    while (!done.load()) {
      const std::string text = r.PrometheusText();
      const size_t inf = text.find("h_bucket{table=\"t\",le=\"+Inf\"} ");
      const size_t count = text.find("h_count{table=\"t\"} ");
      if (inf == std::string::npos) continue;
      ASSERT_NE(count, std::string::npos);
      const auto value_at = [&](size_t at) {
        const size_t sp = text.find(' ', text.find('}', at));
        return std::stoll(text.substr(sp + 1, text.find('\n', sp) - sp - 1));
      };
      ASSERT_EQ(value_at(inf), value_at(count));
    }
  });
  std::vector<std::thread> writers;
  for (int t = 0; t < kThreads; ++t) {
    writers.emplace_back([&, t] {
      for (int i = 0; i < kUpdates; ++i) {
        c.With({t % 2 == 0 ? "t" : "u"}).Add();
        h.With({"t"}).Observe(i % 3);
      }
    });
  }
  for (auto& w : writers) w.join();
  done = true;
  reader.join();
  EXPECT_EQ(c.With({"t"}).value() + c.With({"u"}).value(), kThreads * kUpdates);
  EXPECT_EQ(h.With({"t"}).Read().count, static_cast<uint64_t>(kThreads * kUpdates));
}

}  // namespace
}  // namespace firn::observe
