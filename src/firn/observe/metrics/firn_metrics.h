// FirnMetrics: every metric `firn run` exposes, in one place: the Prometheus families
// (GET /metrics; the list is in docs/monitoring.md), the recent history the dashboard plots
// (GET /api/series, series_store.h) and the process health (GET /health).
//
// Ingest feeds it per polled batch and per commit (cli/run_metrics.h adapts the
// pipeline's observer); maintenance feeds it per compaction run. Every update is a few
// atomic operations or one short mutex hold: call it per batch, commit or run, never per
// record.
//
// Thread-safety: every method may be called from any thread.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "firn/observe/metrics/registry.h"
#include "firn/observe/metrics/series_store.h"

namespace firn::observe {

// One table's snapshot committed by ingest.
struct CommitSample {
  std::string_view table;               // "db.events"
  int64_t records = 0;                  // records in the snapshot
  int64_t bytes = 0;                    // data-file bytes added
  std::span<const int64_t> file_sizes;  // each data file added, bytes
  double duration_s = 0;                // the commit (manifests + catalog swap)
  std::optional<double> latency_s;      // newest record's event or source time to commit
  double delay_s = 0;                   // in firn: the cycle's first record read to commit
  int64_t time_ms = 0;                  // commit time, ms since the Unix epoch; 0: now
};

// One compaction run of one table (a rewrite committed as a replace snapshot).
struct CompactionSample {
  std::string_view table;
  int64_t files_before = 0, bytes_before = 0;  // files rewritten
  int64_t files_after = 0, bytes_after = 0;    // files written in their place
  std::span<const int64_t> input_sizes;        // optional: each file rewritten, bytes
  std::span<const int64_t> output_sizes;       // optional: each file written, bytes
  double duration_s = 0;
  int64_t time_ms = 0;  // 0: now
};

class FirnMetrics {
 public:
  FirnMetrics();

  // Ingest, per polled batch: records and bytes (keys + values) read from `topic`.
  void AddRecordsIn(std::string_view topic, int64_t records, int64_t bytes);
  void AddDeadLettered(std::string_view table, int64_t records);
  void RecordCommit(const CommitSample& sample);
  // A commit refused by the offset compare-and-set (another worker owns the partitions).
  void RecordCommitRefused(std::string_view table);
  // Every owned partition's lag now (replaces the previous sample).
  void SetLag(std::span<const LagSample> lag, int64_t time_ms = 0);

  // Maintenance.
  void RecordCompaction(const CompactionSample& sample);
  void SetSmallFilesPending(std::string_view table, int64_t files);
  // An error the process survived (shown by /health).
  void RecordError(std::string_view message);

  std::string PrometheusText() const { return registry_.PrometheusText(); }
  std::string SeriesJson() const;
  std::string HealthJson() const;
  Registry& registry() { return registry_; }

  static int64_t NowMs();

 private:
  void TouchTable(std::string_view table);  // creates its series so they show 0

  Registry registry_;
  MetricFamily<Counter>& records_in_;
  MetricFamily<Counter>& bytes_in_;
  MetricFamily<Counter>& dead_lettered_;
  MetricFamily<Counter>& records_committed_;
  MetricFamily<Counter>& commits_;
  MetricFamily<Counter>& commits_refused_;
  MetricFamily<Histogram>& commit_duration_;
  MetricFamily<Counter>& files_written_;
  MetricFamily<Counter>& bytes_written_;
  MetricFamily<Histogram>& file_size_;
  MetricFamily<Histogram>& latency_;
  MetricFamily<Histogram>& delay_;
  MetricFamily<Gauge>& last_commit_time_;
  MetricFamily<Gauge>& lag_;
  MetricFamily<Counter>& compaction_runs_;
  MetricFamily<Counter>& compaction_bytes_;
  MetricFamily<Counter>& compaction_files_;
  MetricFamily<Gauge>& small_files_pending_;
  SeriesStore series_;
  const std::chrono::steady_clock::time_point started_ = std::chrono::steady_clock::now();

  struct TableHealth {
    int64_t commits = 0, records = 0, files = 0, last_commit_ms = 0;
    std::optional<double> last_latency_s;
  };
  mutable std::mutex mu_;
  std::map<std::string, TableHealth, std::less<>> tables_;  // guarded by mu_
  std::vector<LagSample> lag_now_;                          // guarded by mu_
  int64_t errors_ = 0;                                      // guarded by mu_
  std::string last_error_;                                  // guarded by mu_
};

}  // namespace firn::observe
