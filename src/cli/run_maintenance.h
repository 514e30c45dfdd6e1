// RunMaintenance: the maintenance that `firn run` runs beside ingest ([maintenance] of the
// config): the CommitGate shared with the pipeline, the MaintenanceScheduler on its own
// thread and catalog connection, and the observer that tells the scheduler which tables
// ingest writes (and forwards everything to the metrics, when they are on). Compaction
// results go to the metrics (compaction runs, bytes rewritten, small files pending).
//
// Thread-safety: the observer methods run on the pipeline's thread; the scheduler's
// callbacks on its own; FirnMetrics is thread-safe.
#pragma once

#include <memory>

#include "cli/run_metrics.h"
#include "firn/common/commit_gate.h"
#include "firn/ingest/config/pipeline_config.h"
#include "firn/ingest/pipeline/pipeline_observer.h"
#include "firn/io/local_file_io.h"
#include "firn/maintain/schedule/maintenance_scheduler.h"

namespace firn::cli {

class RunMaintenance final : public ingest::PipelineObserver {
 public:
  // `metrics` may be null; it must outlive this object. Starts the scheduler when the
  // config enables maintenance; the gate exists either way.
  RunMaintenance(const ingest::PipelineConfig& config, RunMetrics* metrics);
  ~RunMaintenance() override;  // Stop()

  CommitGate* gate() { return &gate_; }
  bool enabled() const { return scheduler_ != nullptr; }
  // Ends the scheduler (a compaction in progress stops between file groups).
  void Stop();
  maintain::MaintenanceStats stats() const;
  // "compaction every 30 min (minor checks every 60 s), expiry daily, orphans weekly".
  std::string Describe() const;

  // ingest::PipelineObserver
  void OnBatch(std::span<const ingest::SourceRecord> batch,
               const std::map<std::string, int64_t>& dead_lettered) override;
  void OnCommit(const ingest::CommitObservation& commit) override;
  void OnCommitRefused(std::string_view table) override;

 private:
  ingest::MaintenanceConfig settings_;
  RunMetrics* metrics_;
  CommitGate gate_;
  io::LocalFileIO io_;
  std::unique_ptr<maintain::MaintenanceScheduler> scheduler_;
};

}  // namespace firn::cli
