#include "cli/run_metrics.h"

#include <vector>

#include "firn/common/macros.h"
#include "firn/observe/dashboard/dashboard_page.h"
#include "firn/observe/metrics/prometheus_text.h"

namespace firn::cli {
namespace {

observe::HttpResponse Ok(std::string content_type, std::string body) {
  observe::HttpResponse r;
  r.content_type = std::move(content_type);
  r.body = std::move(body);
  return r;
}

constexpr std::string_view kJson = "application/json";

}  // namespace

Result<std::unique_ptr<RunMetrics>> RunMetrics::Start(const ingest::MetricsSettings& settings) {
  auto m = std::unique_ptr<RunMetrics>(new RunMetrics());
  FIRN_ASSIGN_OR_RETURN(
      m->server_, observe::HttpServer::Make(
                      {.address = settings.address, .port = static_cast<uint16_t>(settings.port)}));
  observe::FirnMetrics* metrics = &m->metrics_;
  // The page is the same for the whole run: built once.
  m->server_->Route("/", [page = observe::DashboardPage()](const observe::HttpRequest&) {
    return Ok("text/html; charset=utf-8", page);
  });
  m->server_->Route("/metrics", [metrics](const observe::HttpRequest&) {
    return Ok(std::string(observe::kPrometheusContentType), metrics->PrometheusText());
  });
  m->server_->Route("/health", [metrics](const observe::HttpRequest&) {
    return Ok(std::string(kJson), metrics->HealthJson());
  });
  m->server_->Route("/api/series", [metrics](const observe::HttpRequest&) {
    return Ok(std::string(kJson), metrics->SeriesJson());
  });
  FIRN_RETURN_NOT_OK(m->server_->Start());
  return m;
}

RunMetrics::~RunMetrics() {
  if (server_) server_->Stop();
}

void RunMetrics::SampleLag(ingest::PipelineRunner& runner) {
  const auto now = std::chrono::steady_clock::now();
  if (now - last_lag_ < std::chrono::seconds(1)) return;
  last_lag_ = now;
  std::vector<observe::LagSample> samples;
  for (const auto& [tp, lag] : runner.PartitionLags()) {
    if (lag.lag >= 0)
      samples.push_back({.topic = tp.topic, .partition = tp.partition.value(), .lag = lag.lag});
  }
  metrics_.SetLag(samples);
}

void RunMetrics::OnBatch(std::span<const ingest::SourceRecord> batch,
                         const std::map<std::string, int64_t>& dead_lettered) {
  // Records come in runs per partition: one metrics update per run of a topic.
  size_t i = 0;
  while (i < batch.size()) {
    const std::string_view topic = batch[i].topic;
    int64_t records = 0, bytes = 0;
    for (; i < batch.size() && batch[i].topic == topic; ++i) {
      ++records;
      bytes +=
          static_cast<int64_t>(batch[i].value.size() + (batch[i].key ? batch[i].key->size() : 0));
    }
    metrics_.AddRecordsIn(topic, records, bytes);
  }
  for (const auto& [table, n] : dead_lettered) metrics_.AddDeadLettered(table, n);
}

void RunMetrics::OnCommit(const ingest::CommitObservation& c) {
  const int64_t committed_ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(c.committed_at.time_since_epoch())
          .count();
  // End-to-end latency: from when the newest record entered Kafka (its timestamp) or,
  // without one, its event time, to the commit that made it visible.
  const int64_t from = c.source_timestamp_ms >= 0 ? c.source_timestamp_ms : c.event_time_ms;
  std::optional<double> latency;
  if (from >= 0) latency = static_cast<double>(std::max<int64_t>(0, committed_ms - from)) / 1000;
  metrics_.RecordCommit({.table = c.table,
                         .records = c.records,
                         .bytes = c.bytes,
                         .file_sizes = c.file_sizes,
                         .duration_s = static_cast<double>(c.commit_ms) / 1000,
                         .latency_s = latency,
                         .delay_s = static_cast<double>(c.wait_ms) / 1000,
                         .time_ms = committed_ms});
}

void RunMetrics::OnCommitRefused(std::string_view table) { metrics_.RecordCommitRefused(table); }

}  // namespace firn::cli
