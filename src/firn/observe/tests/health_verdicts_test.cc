// Verdicts and recommendation texts on hand-made TableHealth values, at and around each
// threshold; and the number formats they use.
#include "firn/observe/health/health_verdicts.h"

#include <gtest/gtest.h>

#include "firn/observe/health/health_format.h"

namespace firn::observe {
namespace {

constexpr int64_t kSecond = 1000, kMinute = 60 * kSecond, kHour = 60 * kMinute;
constexpr int64_t kMiB = 1 << 20;
constexpr int64_t kNow = 1'800'000'000'000;

bool Contains(const std::string& s, std::string_view part) {
  return s.find(part) != std::string::npos;
}

// A healthy table: a commit a minute for 24 h, files near the 256 MiB target, fresh data.
TableHealth Healthy() {
  TableHealth h;
  h.now_ms = kNow;
  h.commits.commits_per_hour.assign(24, 60);
  h.commits.ingest_commits = 1440;
  h.commits.average_per_hour = 60;
  h.commits.peak_per_hour = 60;
  h.commits.median_interval_ms = kMinute;
  h.commits.last_commit_ms = kNow - 20 * kSecond;
  h.file_sizes.target_bytes = 256 * kMiB;
  h.file_sizes.small_below_bytes = 192 * kMiB;
  h.file_sizes.data_files = 430;
  h.file_sizes.small_files = 4;
  h.file_sizes.average_bytes = 250 * kMiB;
  h.latency.source = LatencySource::kEventTime;
  h.latency.event_time =
      LatencyStats{.commits = 1440, .p50_ms = 3100, .p99_ms = 14'200, .max_ms = 20'000};
  h.counts.snapshots = 300;
  h.counts.manifests = 40;
  return h;
}

TEST(HealthVerdictsTest, HealthyTableIsOkEverywhere) {
  const HealthVerdicts v = JudgeHealth(Healthy(), "db.t");
  EXPECT_EQ(v.overall(), Verdict::kOk);
  EXPECT_EQ(v.commits.message,
            "1,440 commits in the last 24 h: 60.0/h, peak 60/h, median interval 1 min");
  EXPECT_EQ(v.file_sizes.message,
            "4 of 430 files (1%) are under 192 MiB (average 250 MiB, target 256 MiB)");
  EXPECT_EQ(v.compaction.message, "nothing waiting for compaction");
  EXPECT_EQ(v.latency.message,
            "p50 3.1 s, p99 14.2 s from event time to commit, over 1,440 commits");
  EXPECT_EQ(v.counts.message, "300 snapshots, 40 manifests, 0 delete files, delete ratio 0%");
}

TEST(HealthVerdictsTest, MaintenanceAndExpiredHistoryAreNamed) {
  TableHealth h = Healthy();
  h.commits.maintenance_commits = 2;
  h.commits.history_starts_ms = kNow - 3 * kHour;
  EXPECT_EQ(JudgeHealth(h, "db.t").commits.message,
            "1,440 commits in the last 24 h: 60.0/h, peak 60/h, median interval 1 min; and 2 "
            "maintenance commits; "
            "history before 3 h ago is expired");
}

TEST(HealthVerdictsTest, FrequentCommits) {
  TableHealth h = Healthy();
  h.commits.median_interval_ms = 10 * kSecond;
  Finding f = JudgeHealth(h, "db.t").commits;
  EXPECT_EQ(f.verdict, Verdict::kWarn);
  EXPECT_TRUE(
      f.message.starts_with("10 s commits make 8,640 snapshots a day: raise commit.interval-ms or "
                            "expire daily (1,440 commits"))
      << f.message;
  h.commits.median_interval_ms = 2 * kSecond;
  f = JudgeHealth(h, "db.t").commits;
  EXPECT_EQ(f.verdict, Verdict::kBad);
  EXPECT_TRUE(f.message.starts_with("2 s commits make 43,200 snapshots a day")) << f.message;
  h.commits.median_interval_ms =
      thresholds::kCommitIntervalWarnMs;  // at the threshold: not below it
  EXPECT_EQ(JudgeHealth(h, "db.t").commits.verdict, Verdict::kOk);
}

TEST(HealthVerdictsTest, StalledIngest) {
  TableHealth h = Healthy();
  h.commits.median_interval_ms = 10 * kSecond;
  h.commits.last_commit_ms = kNow - 3 * kHour;
  Finding f = JudgeHealth(h, "db.t").commits;
  EXPECT_EQ(f.verdict, Verdict::kWarn);
  EXPECT_TRUE(f.message.starts_with(
      "the last ingest commit was 3 h ago, where commits come every 10 s: is ingest "
      "running?"))
      << f.message;
  // Below an hour it is not stale, even at 10 x the interval.
  h.commits.last_commit_ms = kNow - 30 * kMinute;
  EXPECT_FALSE(JudgeHealth(h, "db.t").commits.message.starts_with("the last ingest commit"));

  h.commits.ingest_commits = 0;
  h.commits.last_commit_ms = kNow - 3 * 24 * kHour;
  f = JudgeHealth(h, "db.t").commits;
  EXPECT_EQ(f.verdict, Verdict::kWarn);
  EXPECT_EQ(f.message,
            "no ingest commits in the last 24 h (the last was 3 d ago): is ingest running?");
}

TEST(HealthVerdictsTest, SmallFiles) {
  TableHealth h = Healthy();
  h.file_sizes.small_files = 412;
  h.file_sizes.average_bytes = 3 * kMiB;
  h.compaction.files = 400;
  Finding f = JudgeHealth(h, "db.t").file_sizes;
  EXPECT_EQ(f.verdict, Verdict::kBad);
  EXPECT_EQ(f.message,
            "412 of 430 files (96%) are under 192 MiB: run `firn maintain db.t compact` (average 3 "
            "MiB, target 256 MiB)");
  h.file_sizes.small_files = 100;  // 23%: warn
  EXPECT_EQ(JudgeHealth(h, "db.t").file_sizes.verdict, Verdict::kWarn);
  // Few small files never matter, whatever their share.
  h.file_sizes.data_files = 14;
  h.file_sizes.small_files = 11;
  EXPECT_EQ(JudgeHealth(h, "db.t").file_sizes.verdict, Verdict::kOk);
  // Many small files that compaction cannot merge: the partition spec is the problem.
  h.file_sizes.data_files = 500;
  h.file_sizes.small_files = 450;
  h.compaction.files = 0;
  h.compaction.below_min_input = 450;
  f = JudgeHealth(h, "db.t").file_sizes;
  EXPECT_EQ(f.verdict, Verdict::kWarn);
  EXPECT_TRUE(
      Contains(f.message, "too few per partition to compact: the partition spec may be too fine"))
      << f.message;
}

TEST(HealthVerdictsTest, CompactionLag) {
  TableHealth h = Healthy();
  h.compaction.files = 1204;
  h.compaction.bytes = 3 * 1024 * kMiB + 100 * kMiB;
  h.compaction.partitions = 24;
  h.compaction.worst_partition = "day=2026-11-30";
  h.compaction.worst_partition_files = 200;
  h.compaction.oldest_age_ms = 5 * kHour + 12 * kMinute;
  Finding f = JudgeHealth(h, "db.t").compaction;
  EXPECT_EQ(f.verdict, Verdict::kWarn);
  EXPECT_EQ(
      f.message,
      "1,204 files (3.1 GiB) in 24 partitions wait for compaction, the oldest for 5.2 h (most in "
      "day=2026-11-30: 200): compaction is behind (firn run compacts every 30 min): run `firn "
      "maintain db.t "
      "compact`");
  h.compaction.oldest_age_ms = 25 * kHour;
  h.compaction.oldest_age_is_lower_bound = true;
  f = JudgeHealth(h, "db.t").compaction;
  EXPECT_EQ(f.verdict, Verdict::kBad);
  EXPECT_TRUE(Contains(f.message, "the oldest for at least 25 h")) << f.message;
  // Fresh and few: compaction is keeping up.
  h.compaction.files = 20;
  h.compaction.oldest_age_ms = 10 * kMinute;
  EXPECT_EQ(JudgeHealth(h, "db.t").compaction.verdict, Verdict::kOk);
  // Many, even fresh, are too many.
  h.compaction.files = thresholds::kLagFilesBad;
  EXPECT_EQ(JudgeHealth(h, "db.t").compaction.verdict, Verdict::kBad);
}

TEST(HealthVerdictsTest, LatencyAndWhereItComesFrom) {
  TableHealth h = Healthy();
  // Late at the broker already: event time is 12 min behind, Kafka timestamps 3 s.
  h.latency.event_time->p99_ms = 12 * kMinute;
  h.latency.source_timestamp =
      LatencyStats{.commits = 1440, .p50_ms = 1000, .p99_ms = 3000, .max_ms = 4000};
  Finding f = JudgeHealth(h, "db.t").latency;
  EXPECT_EQ(f.verdict, Verdict::kWarn);
  EXPECT_TRUE(f.message.starts_with(
      "p99 latency 12 min from event time: from the Kafka timestamp it is only 3 s "
      "(p99): events reach Kafka late"))
      << f.message;
  // Slow commits explain it.
  h.latency.source_timestamp->p99_ms = 40 * kMinute;
  h.latency.event_time->p50_ms = 20 * kMinute;
  h.latency.event_time->p99_ms = 40 * kMinute;
  h.commits.median_interval_ms = 30 * kMinute;
  f = JudgeHealth(h, "db.t").latency;
  EXPECT_EQ(f.verdict, Verdict::kBad);
  EXPECT_TRUE(Contains(f.message, "commits every 30 min bound it: lower commit.interval-ms"))
      << f.message;
  // Days old: a backfill (or ingest far behind); the commit interval is not the reason.
  h.latency.event_time->p50_ms = 7 * 24 * kHour;
  h.latency.event_time->p99_ms = 7 * 24 * kHour;
  f = JudgeHealth(h, "db.t").latency;
  EXPECT_EQ(f.verdict, Verdict::kBad);
  EXPECT_EQ(f.message,
            "p99 latency 7 d from event time: records are days old when committed: a backfill of "
            "old data, or ingest "
            "far behind the stream (check consumer lag on firn run's /metrics) (p50 7 d, over "
            "1,440 commits)");
  h.latency.event_time->p50_ms = 20 * kMinute;
  h.latency.event_time->p99_ms = 40 * kMinute;
  // Neither: ingest is behind.
  h.commits.median_interval_ms = kMinute;
  EXPECT_TRUE(Contains(JudgeHealth(h, "db.t").latency.message, "ingest is behind the stream"));
  // No watermarks.
  h.latency = EndToEndLatency{};
  f = JudgeHealth(h, "db.t").latency;
  EXPECT_EQ(f.verdict, Verdict::kOk);
  EXPECT_EQ(f.message, "the last 24 h's commits carry no firn watermarks: latency unknown");
}

TEST(HealthVerdictsTest, SkewedEventTimesAreNamed) {
  TableHealth h = Healthy();
  h.latency.source = LatencySource::kSourceTimestamp;
  h.latency.event_time->future = 1440;
  h.latency.source_timestamp =
      LatencyStats{.commits = 1440, .p50_ms = 1000, .p99_ms = 3000, .max_ms = 4000};
  const Finding f = JudgeHealth(h, "db.t").latency;
  EXPECT_EQ(f.verdict, Verdict::kOk);
  EXPECT_EQ(f.message,
            "p50 1 s, p99 3 s from Kafka timestamp to commit, over 1,440 commits (event times of "
            "1,440 of 1,440 "
            "commits are ahead of the commit: producer clocks are skewed)");
}

TEST(HealthVerdictsTest, TableMetadata) {
  TableHealth h = Healthy();
  h.counts.snapshots = 12'000;
  h.counts.manifests = 250;
  h.counts.delete_files = 1;
  h.counts.delete_ratio = 0.3;
  const Finding f = JudgeHealth(h, "db.t").counts;
  EXPECT_EQ(f.verdict, Verdict::kBad);
  EXPECT_TRUE(Contains(f.message,
                       "12,000 snapshots are rewritten into every metadata file: expire snapshots "
                       "(`firn maintain db.t expire-snapshots`)"))
      << f.message;
  EXPECT_TRUE(Contains(f.message, "250 manifests make every scan plan slow")) << f.message;
  EXPECT_TRUE(
      Contains(f.message, "30% of rows are deleted by 1 delete file that every read applies"))
      << f.message;
  EXPECT_EQ(JudgeHealth(h, "db.t").overall(), Verdict::kBad);
}

TEST(HealthVerdictsTest, EmptyTable) {
  TableHealth h;
  h.now_ms = kNow;
  h.commits.commits_per_hour.assign(24, 0);
  const HealthVerdicts v = JudgeHealth(h, "db.t");
  EXPECT_EQ(v.overall(), Verdict::kOk);
  EXPECT_EQ(v.commits.message, "no ingest commits yet");
  EXPECT_EQ(v.file_sizes.message, "no data files");
  EXPECT_EQ(v.latency.message, "no ingest commits in the last 24 h to measure");
}

TEST(HealthFormatTest, Numbers) {
  EXPECT_EQ(FormatCount(0), "0");
  EXPECT_EQ(FormatCount(8640), "8,640");
  EXPECT_EQ(FormatCount(-1234567), "-1,234,567");
  EXPECT_EQ(FormatCount(INT64_MIN), "-9,223,372,036,854,775,808");
  EXPECT_EQ(FormatBytes(512), "512 B");
  EXPECT_EQ(FormatBytes(192 * kMiB), "192 MiB");
  EXPECT_EQ(FormatBytes(1536 * kMiB), "1.5 GiB");
  EXPECT_EQ(FormatDuration(850), "850 ms");
  EXPECT_EQ(FormatDuration(14'200), "14.2 s");
  EXPECT_EQ(FormatDuration(10'000), "10 s");
  EXPECT_EQ(FormatDuration(312'000), "5.2 min");
  EXPECT_EQ(FormatDuration(3 * kHour), "3 h");
  EXPECT_EQ(FormatDuration(7 * 24 * kHour), "7 d");
  EXPECT_EQ(FormatDuration(-2'500), "-2.5 s");
  EXPECT_EQ(FormatPercent(0.957), "96%");
  EXPECT_EQ(FormatPercent(0.001), "<1%");
  EXPECT_EQ(FormatPercent(0), "0%");
}

}  // namespace
}  // namespace firn::observe
