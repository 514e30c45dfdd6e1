// AnalyzeTableHealth on tables built through the real commit path: commits per hour,
// maintenance commits, file-size distribution, compaction lag, latency percentiles,
// delete counts; an empty table; damaged and missing manifests.
#include "firn/observe/health/table_health.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "firn/iceberg/manifest/manifest_reader.h"
#include "health_test_table.h"

namespace firn::observe {
namespace {

using iceberg::SnapshotOperation;
using testing::HealthTable;
using testing::kHour;
using testing::kTarget;

constexpr int64_t kMinute = 60'000;

std::string LocalPath(std::string p) {
  if (p.starts_with("file://")) p.erase(0, 7);
  return p;
}

TEST(TableHealthTest, EmptyTableIsAReportOfZeros) {
  HealthTable t;
  auto state = t.State();
  auto h = AnalyzeTableHealth(t.io(), *state.metadata, {.now_ms = HealthTable::T0()});
  ASSERT_TRUE(h.has_value()) << h.error().ToString();
  EXPECT_FALSE(h->current_snapshot_id);
  EXPECT_EQ(h->commits.ingest_commits, 0);
  EXPECT_EQ(h->commits.commits_per_hour, std::vector<int64_t>(24, 0));
  EXPECT_FALSE(h->commits.median_interval_ms);
  EXPECT_FALSE(h->commits.last_commit_ms);
  EXPECT_EQ(h->file_sizes.data_files, 0);
  EXPECT_EQ(h->file_sizes.target_bytes, kTarget);
  EXPECT_EQ(h->file_sizes.small_below_bytes, kTarget * 3 / 4);
  EXPECT_EQ(h->file_sizes.distribution.size(), 7u);
  EXPECT_EQ(h->compaction.files, 0);
  EXPECT_FALSE(h->compaction.oldest_age_ms);
  EXPECT_EQ(h->latency.source, LatencySource::kNone);
  EXPECT_EQ(h->latency.primary(), nullptr);
  EXPECT_EQ(h->counts.snapshots, 0);
  EXPECT_EQ(h->counts.manifests, 0);
}

TEST(TableHealthTest, CommitsPerHourCountIngestAndMaintenanceApart) {
  HealthTable t;
  const int64_t t0 = HealthTable::T0();
  const int64_t now = t0 + 24 * kHour;
  int n = 0;
  auto file = [&] { return HealthTable::File("f" + std::to_string(n++), "eu", 1000); };
  t.Commit(t0 - kHour, {file()});  // before the window
  t.Commit(t0 + 5 * kHour + 10 * kMinute, {file()});
  t.Commit(t0 + 5 * kHour + 20 * kMinute, {file()});
  for (int i = 0; i < 30; ++i) t.Commit(t0 + 22 * kHour + kMinute + i * 10'000, {file()});
  // Compaction of two files: a replace snapshot, not an ingest commit.
  t.Commit(t0 + 23 * kHour, {HealthTable::File("compacted", "eu", 2000)}, {},
           SnapshotOperation::kReplace, {"/data/f0.parquet", "/data/f1.parquet"});
  auto state = t.State();
  auto h = AnalyzeTableHealth(t.io(), *state.metadata, {.now_ms = now});
  ASSERT_TRUE(h.has_value()) << h.error().ToString();
  const CommitFrequency& c = h->commits;
  EXPECT_EQ(c.ingest_commits, 32);
  EXPECT_EQ(c.maintenance_commits, 1);
  std::vector<int64_t> expected(24, 0);
  expected[5] = 2;
  expected[22] = 30;
  EXPECT_EQ(c.commits_per_hour, expected);
  EXPECT_EQ(c.peak_per_hour, 30);
  EXPECT_DOUBLE_EQ(c.average_per_hour, 32.0 / 24);
  ASSERT_TRUE(c.median_interval_ms);
  EXPECT_EQ(*c.median_interval_ms, 10'000);  // 29 of the 31 gaps
  EXPECT_EQ(c.last_commit_ms, t0 + 22 * kHour + kMinute + 29 * 10'000);
  EXPECT_FALSE(c.history_starts_ms);
  EXPECT_EQ(h->counts.snapshots, 34);
  // The replace removed two files and added one.
  EXPECT_EQ(h->file_sizes.data_files, 32);
}

TEST(TableHealthTest, WindowBoundaries) {
  HealthTable t;
  const int64_t t0 = HealthTable::T0();
  const int64_t now = t0 + 24 * kHour;
  t.Commit(t0, {HealthTable::File("a", "eu", 1)});  // exactly 24 h old: outside (now - 24 h, now]
  t.Commit(t0 + 1, {HealthTable::File("b", "eu", 1)});  // first hour
  t.Commit(now, {HealthTable::File("c", "eu", 1)});     // last hour
  auto h = AnalyzeTableHealth(t.io(), *t.State().metadata, {.now_ms = now});
  ASSERT_TRUE(h.has_value()) << h.error().ToString();
  EXPECT_EQ(h->commits.ingest_commits, 2);
  EXPECT_EQ(h->commits.commits_per_hour.front(), 1);
  EXPECT_EQ(h->commits.commits_per_hour.back(), 1);
}

// Sizes against a 1 MiB target: small is under 768 KiB.
class FileSizeTest : public ::testing::Test {
 protected:
  void SetUp() override {
    t0_ = HealthTable::T0();
    using F = HealthTable;
    // eu: 6 small files over three commits (the oldest at t0 + 1 h) and a large one.
    t_.Commit(t0_ + 1 * kHour, {F::File("eu0", "eu", 50'000), F::File("eu1", "eu", 50'000)});
    t_.Commit(t0_ + 2 * kHour, {F::File("eu2", "eu", 50'000), F::File("eu3", "eu", 50'000),
                                F::File("eu-big", "eu", 2'000'000)});
    // us: 2 small files, together under the target: too few to compact yet.
    t_.Commit(t0_ + 3 * kHour, {F::File("us0", "us", 200'000), F::File("us1", "us", 200'000)});
    // ap: one small file alone beside one on target.
    t_.Commit(t0_ + 4 * kHour, {F::File("ap0", "ap", 5'000), F::File("ap-ok", "ap", 900'000)});
    // sa: 3 small files, more bytes than a target file: compaction rewrites them.
    t_.Commit(t0_ + 5 * kHour, {F::File("sa0", "sa", 400'000), F::File("sa1", "sa", 400'000),
                                F::File("sa2", "sa", 400'000), F::File("eu4", "eu", 50'000),
                                F::File("eu5", "eu", 50'000)});
  }
  HealthTable t_;
  int64_t t0_ = 0;
};

TEST_F(FileSizeTest, DistributionAgainstTheTarget) {
  auto h = AnalyzeTableHealth(t_.io(), *t_.State().metadata, {.now_ms = t0_ + 24 * kHour});
  ASSERT_TRUE(h.has_value()) << h.error().ToString();
  const FileSizes& s = h->file_sizes;
  EXPECT_EQ(s.data_files, 14);
  EXPECT_EQ(s.data_bytes, 4'805'000);
  EXPECT_EQ(s.average_bytes, 4'805'000 / 14);
  EXPECT_EQ(s.small_files, 12);
  EXPECT_EQ(s.small_bytes, 6 * 50'000 + 2 * 200'000 + 5'000 + 3 * 400'000);
  ASSERT_EQ(s.distribution.size(), 7u);
  std::vector<int64_t> files;
  for (const SizeBucket& b : s.distribution) files.push_back(b.files);
  EXPECT_EQ(files, (std::vector<int64_t>{1, 6, 2, 3, 0, 1, 1}));
  EXPECT_EQ(s.distribution[4].min_bytes, kTarget / 2);
  EXPECT_EQ(s.distribution[4].max_bytes, kTarget * 3 / 4);
  EXPECT_EQ(s.distribution[6].max_bytes, 0);  // unbounded
  EXPECT_EQ(s.distribution[6].bytes, 2'000'000);
}

TEST_F(FileSizeTest, CompactionLagCountsWhatCompactionWouldRewrite) {
  auto h = AnalyzeTableHealth(t_.io(), *t_.State().metadata, {.now_ms = t0_ + 24 * kHour});
  ASSERT_TRUE(h.has_value()) << h.error().ToString();
  const CompactionLag& l = h->compaction;
  EXPECT_EQ(l.files, 9);  // eu's 6 and sa's 3
  EXPECT_EQ(l.bytes, 6 * 50'000 + 3 * 400'000);
  EXPECT_EQ(l.partitions, 2);
  EXPECT_EQ(l.below_min_input, 3);  // us's 2 and ap's 1
  EXPECT_EQ(l.worst_partition, "region=eu");
  EXPECT_EQ(l.worst_partition_files, 6);
  EXPECT_EQ(l.oldest_added_ms, t0_ + 1 * kHour);
  EXPECT_EQ(l.oldest_age_ms, 23 * kHour);
  EXPECT_FALSE(l.oldest_age_is_lower_bound);
}

TEST_F(FileSizeTest, MinInputFilesTwoCountsEveryPairOfSmallFiles) {
  HealthOptions o{.now_ms = t0_ + 24 * kHour};
  o.min_input_files = 2;
  auto h = AnalyzeTableHealth(t_.io(), *t_.State().metadata, o);
  ASSERT_TRUE(h.has_value()) << h.error().ToString();
  EXPECT_EQ(h->compaction.files, 11);  // us joins; ap's lone small file still cannot
  EXPECT_EQ(h->compaction.partitions, 3);
  EXPECT_EQ(h->compaction.below_min_input, 1);
}

TEST_F(FileSizeTest, ExpiredAddingSnapshotMakesTheAgeALowerBound) {
  iceberg::TableMetadata m = *t_.State().metadata;
  // As if expiry had removed the first snapshot (which added eu0 and eu1).
  m.snapshots.erase(m.snapshots.begin());
  auto h = AnalyzeTableHealth(t_.io(), m, {.now_ms = t0_ + 24 * kHour});
  ASSERT_TRUE(h.has_value()) << h.error().ToString();
  EXPECT_TRUE(h->compaction.oldest_age_is_lower_bound);
  EXPECT_EQ(h->compaction.oldest_added_ms, t0_ + 2 * kHour);  // the oldest retained snapshot
  EXPECT_EQ(h->commits.history_starts_ms, t0_ + 2 * kHour);
  // 4 commits over the 22 h the retained history covers.
  EXPECT_DOUBLE_EQ(h->commits.average_per_hour, 4.0 / 22);
}

TEST_F(FileSizeTest, TargetFromOptionsAndBadProperty) {
  auto h = AnalyzeTableHealth(t_.io(), *t_.State().metadata,
                              {.now_ms = t0_ + 24 * kHour, .target_file_size_bytes = 100'000});
  ASSERT_TRUE(h.has_value()) << h.error().ToString();
  EXPECT_EQ(h->file_sizes.small_below_bytes, 75'000);
  EXPECT_EQ(h->file_sizes.small_files, 7);  // eu's 6 and ap's 1

  iceberg::TableMetadata m = *t_.State().metadata;
  m.properties["write.target-file-size-bytes"] = "big";
  auto bad = AnalyzeTableHealth(t_.io(), m, {.now_ms = t0_});
  ASSERT_FALSE(bad.has_value());
  EXPECT_EQ(bad.error().kind(), ErrorKind::kInvalidArgument);
  EXPECT_NE(bad.error().message().find("write.target-file-size-bytes"), std::string::npos);
  m.properties.erase("write.target-file-size-bytes");
  auto def = AnalyzeTableHealth(t_.io(), m, {.now_ms = t0_});
  ASSERT_TRUE(def.has_value());
  EXPECT_EQ(def->file_sizes.target_bytes, kDefaultTargetFileSizeBytes);
}

std::map<std::string, std::string> Watermarks(int64_t commit_ms, int64_t event_lag,
                                              int64_t kafka_lag) {
  return {{std::string(kEventTimeWatermarkKey), std::to_string(commit_ms - event_lag)},
          {std::string(kSourceTimestampWatermarkKey), std::to_string(commit_ms - kafka_lag)}};
}

TEST(TableHealthTest, LatencyPercentilesFromWatermarks) {
  HealthTable t;
  const int64_t t0 = HealthTable::T0();
  // Commit i (1..100) is i x 100 ms behind event time and i x 10 ms behind Kafka.
  for (int i = 1; i <= 100; ++i) {
    const int64_t at = t0 + i * kMinute;
    t.Commit(at, {HealthTable::File("f" + std::to_string(i), "eu", 1000)},
             Watermarks(at, i * 100, i * 10));
  }
  // A commit without watermarks (another writer) and a replace are not measured.
  t.Commit(t0 + 101 * kMinute, {HealthTable::File("x", "eu", 1000)});
  auto h = AnalyzeTableHealth(t.io(), *t.State().metadata, {.now_ms = t0 + 3 * kHour});
  ASSERT_TRUE(h.has_value()) << h.error().ToString();
  const EndToEndLatency& l = h->latency;
  EXPECT_EQ(l.source, LatencySource::kEventTime);
  ASSERT_TRUE(l.event_time && l.source_timestamp);
  EXPECT_EQ(l.event_time->commits, 100);
  EXPECT_EQ(l.event_time->p50_ms, 5'000);
  EXPECT_EQ(l.event_time->p99_ms, 9'900);
  EXPECT_EQ(l.event_time->max_ms, 10'000);
  EXPECT_EQ(l.event_time->future, 0);
  EXPECT_EQ(l.source_timestamp->p50_ms, 500);
  EXPECT_EQ(l.source_timestamp->p99_ms, 990);
  EXPECT_EQ(l.primary(), &*l.event_time);
}

TEST(TableHealthTest, EventTimesAheadOfCommitsFallBackToKafkaTimestamps) {
  HealthTable t;
  const int64_t t0 = HealthTable::T0();
  for (int i = 1; i <= 3; ++i) {
    const int64_t at = t0 + i * kMinute;
    // Event time an hour in the future (a producer's clock), Kafka 2 s behind.
    t.Commit(at, {HealthTable::File("f" + std::to_string(i), "eu", 1000)},
             Watermarks(at, -kHour, 2'000));
  }
  auto h = AnalyzeTableHealth(t.io(), *t.State().metadata, {.now_ms = t0 + kHour});
  ASSERT_TRUE(h.has_value()) << h.error().ToString();
  EXPECT_EQ(h->latency.source, LatencySource::kSourceTimestamp);
  EXPECT_EQ(h->latency.event_time->future, 3);
  EXPECT_EQ(h->latency.event_time->p50_ms, -kHour);
  EXPECT_EQ(h->latency.primary()->p99_ms, 2'000);
}

TEST(TableHealthTest, OnlyKafkaTimestamps) {
  HealthTable t;
  const int64_t t0 = HealthTable::T0();
  t.Commit(t0 + kMinute, {HealthTable::File("f", "eu", 1000)},
           {{std::string(kSourceTimestampWatermarkKey), std::to_string(t0 + kMinute - 1'500)}});
  auto h = AnalyzeTableHealth(t.io(), *t.State().metadata, {.now_ms = t0 + kHour});
  ASSERT_TRUE(h.has_value()) << h.error().ToString();
  EXPECT_EQ(h->latency.source, LatencySource::kSourceTimestamp);
  EXPECT_FALSE(h->latency.event_time);
  EXPECT_EQ(h->latency.primary()->p50_ms, 1'500);
}

TEST(TableHealthTest, DeleteFilesAndManifests) {
  HealthTable t;
  const int64_t t0 = HealthTable::T0();
  t.Commit(t0 + kMinute,
           {HealthTable::File("a", "eu", 1000, 60), HealthTable::File("b", "us", 1000, 40)});
  t.Commit(t0 + 2 * kMinute,
           {HealthTable::File("pos", "eu", 500, 25, iceberg::DataFileContent::kPositionDeletes),
            HealthTable::File("eq", "us", 500, 5, iceberg::DataFileContent::kEqualityDeletes)},
           {}, SnapshotOperation::kOverwrite);
  auto h = AnalyzeTableHealth(t.io(), *t.State().metadata, {.now_ms = t0 + kHour});
  ASSERT_TRUE(h.has_value()) << h.error().ToString();
  const TableCounts& c = h->counts;
  EXPECT_EQ(c.snapshots, 2);
  EXPECT_EQ(c.manifests, 2);
  EXPECT_EQ(c.delete_manifests, 1);
  EXPECT_EQ(c.delete_files, 2);
  EXPECT_EQ(c.position_delete_files, 1);
  EXPECT_EQ(c.equality_delete_files, 1);
  EXPECT_EQ(c.records, 100);
  EXPECT_EQ(c.deleted_records, 30);
  EXPECT_DOUBLE_EQ(c.delete_ratio, 0.3);
  EXPECT_EQ(h->file_sizes.data_files, 2);  // delete files are not data files
  EXPECT_EQ(c.data_files, 2);
  EXPECT_DOUBLE_EQ(c.delete_file_ratio, 1.0);
  // Each delete file applies to the older data file of its partition: a (eu) reads 25
  // delete rows, b (us) 5.
  EXPECT_EQ(c.delete_rows_read, 30);
  EXPECT_DOUBLE_EQ(c.read_amplification, 1.3);
}

TEST(TableHealthTest, ReadAmplificationFollowsSequenceNumbersAndPartitions) {
  HealthTable t;
  const int64_t t0 = HealthTable::T0();
  t.Commit(t0 + kMinute, {HealthTable::File("a", "eu", 1000, 100), HealthTable::File("b", "us", 1000, 100)});
  t.Commit(t0 + 2 * kMinute, {HealthTable::File("eq", "us", 500, 50, iceberg::DataFileContent::kEqualityDeletes)},
           {}, SnapshotOperation::kOverwrite);
  // Written after the delete: an equality delete never applies to newer data.
  t.Commit(t0 + 3 * kMinute, {HealthTable::File("c", "us", 1000, 100)});
  auto h = AnalyzeTableHealth(t.io(), *t.State().metadata, {.now_ms = t0 + kHour});
  ASSERT_TRUE(h.has_value()) << h.error().ToString();
  const TableCounts& c = h->counts;
  EXPECT_EQ(c.records, 300);
  EXPECT_EQ(c.delete_rows_read, 50);  // b only: not a (other partition), not c (newer)
  EXPECT_DOUBLE_EQ(c.read_amplification, 350.0 / 300.0);
  EXPECT_DOUBLE_EQ(c.delete_file_ratio, 1.0 / 3.0);
}

TEST(TableHealthTest, NoDeletesMeansNoAmplification) {
  HealthTable t;
  t.Commit(HealthTable::T0() + kMinute, {HealthTable::File("a", "eu", 1000, 10)});
  auto h = AnalyzeTableHealth(t.io(), *t.State().metadata, {.now_ms = HealthTable::T0() + kHour});
  ASSERT_TRUE(h.has_value()) << h.error().ToString();
  EXPECT_DOUBLE_EQ(h->counts.read_amplification, 1.0);
  EXPECT_DOUBLE_EQ(h->counts.delete_file_ratio, 0.0);
}

TEST(TableHealthTest, DamagedOrMissingManifestIsAnErrorNamingIt) {
  HealthTable t;
  const int64_t t0 = HealthTable::T0();
  t.Commit(t0 + kMinute, {HealthTable::File("a", "eu", 1000)});
  auto state = t.State();
  auto manifests =
      iceberg::ReadManifestList(t.io(), state.metadata->CurrentSnapshot()->manifest_list);
  ASSERT_TRUE(manifests.has_value());
  ASSERT_EQ(manifests->size(), 1u);
  const std::string manifest = manifests->front().manifest_path;
  {
    std::ofstream out(LocalPath(manifest), std::ios::binary | std::ios::trunc);
    out << "Obj\x01 not a manifest";
  }
  auto damaged = AnalyzeTableHealth(t.io(), *state.metadata, {.now_ms = t0 + kHour});
  ASSERT_FALSE(damaged.has_value());
  EXPECT_EQ(damaged.error().kind(), ErrorKind::kCorrupt) << damaged.error().ToString();
  EXPECT_NE(damaged.error().ToString().find(manifest), std::string::npos)
      << damaged.error().ToString();

  ASSERT_EQ(std::remove(LocalPath(manifest).c_str()), 0);
  auto missing = AnalyzeTableHealth(t.io(), *state.metadata, {.now_ms = t0 + kHour});
  ASSERT_FALSE(missing.has_value());
  EXPECT_EQ(missing.error().kind(), ErrorKind::kNotFound) << missing.error().ToString();
  EXPECT_NE(missing.error().ToString().find(manifest), std::string::npos)
      << missing.error().ToString();

  const std::string list = state.metadata->CurrentSnapshot()->manifest_list;
  ASSERT_EQ(std::remove(LocalPath(list).c_str()), 0);
  auto no_list = AnalyzeTableHealth(t.io(), *state.metadata, {.now_ms = t0 + kHour});
  ASSERT_FALSE(no_list.has_value());
  EXPECT_NE(no_list.error().ToString().find(list), std::string::npos) << no_list.error().ToString();
}

}  // namespace
}  // namespace firn::observe
