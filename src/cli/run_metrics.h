// RunMetrics: `firn run`'s monitoring (docs/monitoring.md). It turns what the pipeline
// reports (ingest/pipeline/pipeline_observer.h) into firn's metrics (observe/metrics/
// firn_metrics.h) and serves them on HTTP (observe/http/http_server.h):
//
//   GET /             the dashboard (observe/dashboard/dashboard_page.h)
//   GET /metrics      Prometheus text format 0.0.4
//   GET /health       the process's health, JSON
//   GET /api/series   the dashboard's data, JSON
//
// Lifecycle: Start (binds, so the URL is known, and starts serving) -> SetPipelineObserver
// on the runner -> Run -> destroyed after the runner stops (stops serving).
//
// Thread-safety: the PipelineObserver callbacks and SampleLag run on the pipeline's
// thread; the HTTP thread only reads FirnMetrics, which is thread-safe. metrics() may be
// used from any thread (maintenance feeds compaction runs through it).
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "firn/common/result.h"
#include "firn/ingest/config/pipeline_config.h"
#include "firn/ingest/pipeline/pipeline_observer.h"
#include "firn/ingest/pipeline/pipeline_runner.h"
#include "firn/observe/http/http_server.h"
#include "firn/observe/metrics/firn_metrics.h"

namespace firn::cli {

class RunMetrics final : public ingest::PipelineObserver {
 public:
  // Binds settings.address:settings.port (0: any free port) and starts serving.
  static Result<std::unique_ptr<RunMetrics>> Start(const ingest::MetricsSettings& settings);
  ~RunMetrics() override;

  // "http://127.0.0.1:PORT/".
  std::string url() const { return server_->url(); }
  observe::FirnMetrics& metrics() { return metrics_; }

  // Samples the consumer lag of every owned partition, at most once a second. REQUIRES:
  // on the pipeline's thread (from the runner's observer).
  void SampleLag(ingest::PipelineRunner& runner);

  // ingest::PipelineObserver
  void OnBatch(std::span<const ingest::SourceRecord> batch,
               const std::map<std::string, int64_t>& dead_lettered) override;
  void OnCommit(const ingest::CommitObservation& commit) override;
  void OnCommitRefused(std::string_view table) override;

 private:
  RunMetrics() = default;

  observe::FirnMetrics metrics_;
  std::unique_ptr<observe::HttpServer> server_;
  std::chrono::steady_clock::time_point last_lag_{};
};

}  // namespace firn::cli
