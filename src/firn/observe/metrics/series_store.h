// SeriesStore: the recent history the dashboard plots (GET /api/series), kept in memory:
// per table the last commits and compactions and the file-size distributions of what
// ingest wrote and what compaction read and wrote; per topic the consumer lag over time
// and per partition now.
//
// JSON (one object; times are ms since the Unix epoch, durations and latencies seconds):
//   {"now_ms": N, "size_bounds": [bytes...],            // upper bounds; a last +Inf bucket
//    "tables": [{"table": "db.events",
//                "commits": [[time_ms, records, bytes, files, duration_s, latency_s|null,
//                             delay_s]...],
//                "compactions": [[time_ms, files_before, bytes_before, files_after,
//                                 bytes_after, duration_s]...],
//                "file_sizes": {"written": [count per bucket], "compaction_input": [...],
//                               "compaction_output": [...]}}...],
//    "lag": [{"topic": "events", "points": [[time_ms, total]...],
//             "partitions": [[partition, lag]...]}...]}
//
// Thread-safety: every method may be called from any thread (one mutex). Each update is
// one commit, compaction or lag sample; Json copies nothing but what it writes.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "firn/observe/metrics/ring.h"

namespace firn::observe {

struct CommitPoint {
  int64_t time_ms = 0;              // when the snapshot was committed (wall clock)
  int64_t records = 0;              // records in the snapshot
  int64_t bytes = 0;                // data-file bytes added
  int64_t files = 0;                // data files added
  double duration_s = 0;            // the commit itself (manifests + catalog swap)
  std::optional<double> latency_s;  // newest record's time to commit time; none: unknown
  double delay_s = 0;               // in firn: the cycle's first record read to commit
};

struct CompactionPoint {
  int64_t time_ms = 0;
  int64_t files_before = 0, bytes_before = 0;  // files rewritten
  int64_t files_after = 0, bytes_after = 0;    // files that replaced them
  double duration_s = 0;
};

struct LagSample {
  std::string topic;
  int32_t partition = 0;
  int64_t lag = 0;  // records not yet read
};

class SeriesStore {
 public:
  // `size_bounds`: the file-size buckets' upper bounds (bytes, increasing).
  explicit SeriesStore(std::vector<double> size_bounds, size_t commits_kept = 720,
                       size_t lag_points_kept = 900);

  void AddCommit(std::string_view table, const CommitPoint& point,
                 std::span<const int64_t> file_sizes);
  void AddCompaction(std::string_view table, const CompactionPoint& point,
                     std::span<const int64_t> input_sizes, std::span<const int64_t> output_sizes);
  // One sample of every partition's lag; each topic gets a point with its total.
  void AddLag(int64_t time_ms, std::span<const LagSample> lag);

  std::string Json(int64_t now_ms) const;

 private:
  struct TableSeries {
    explicit TableSeries(size_t commits_kept, size_t buckets)
        : commits(commits_kept),
          compactions(100),
          written(buckets),
          compaction_input(buckets),
          compaction_output(buckets) {}
    Ring<CommitPoint> commits;
    Ring<CompactionPoint> compactions;
    std::vector<uint64_t> written, compaction_input, compaction_output;  // per size bucket
  };
  struct TopicLag {
    explicit TopicLag(size_t kept) : points(kept) {}
    Ring<std::pair<int64_t, int64_t>> points;  // (time_ms, total)
    std::map<int32_t, int64_t> partitions;     // the last sample
  };
  TableSeries& Table(std::string_view table);  // REQUIRES: mu_ held
  void CountSizes(std::span<const int64_t> sizes, std::vector<uint64_t>* buckets) const;

  const std::vector<double> size_bounds_;
  const size_t commits_kept_, lag_points_kept_;
  mutable std::mutex mu_;
  std::map<std::string, TableSeries, std::less<>> tables_;  // guarded by mu_
  std::map<std::string, TopicLag, std::less<>> lag_;        // guarded by mu_
};

}  // namespace firn::observe
