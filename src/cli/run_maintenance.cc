#include "cli/run_maintenance.h"

#include <fmt/format.h>

#include "firn/catalog/catalog_uri.h"

namespace firn::cli {
namespace {

std::string Every(int64_t ms) {
  if (ms % (24 * 3'600'000LL) == 0) return ms == 24 * 3'600'000LL ? "daily" : fmt::format("every {} d", ms / (24 * 3'600'000LL));
  if (ms % 3'600'000 == 0) return fmt::format("every {} h", ms / 3'600'000);
  if (ms % 60'000 == 0) return fmt::format("every {} min", ms / 60'000);
  return fmt::format("every {} s", static_cast<double>(ms) / 1000.0);
}

}  // namespace

RunMaintenance::RunMaintenance(const ingest::PipelineConfig& config, RunMetrics* metrics)
    : settings_(config.maintenance), metrics_(metrics) {
  if (!settings_.enabled) return;
  maintain::MaintenanceSettings s;
  s.check_interval_ms = settings_.check_interval_ms;
  s.compaction_interval_ms = settings_.compaction_interval_ms;
  s.small_file_trigger = settings_.small_file_trigger;
  s.compaction.min_input_files = settings_.min_input_files;
  s.compaction.target_file_size_bytes = settings_.target_file_size;
  // Maintenance rewrites within an eighth of the pipeline's budget (its files are written
  // one group at a time, and its buffers are released as each file rolls).
  s.memory_budget_bytes = std::max<int64_t>(config.memory_budget / 8, 16 << 20);
  s.expire_interval_ms = settings_.expire_interval_ms;
  s.orphan_interval_ms = settings_.orphan_interval_ms;
  s.orphan_older_than_ms = settings_.orphan_older_than_ms;
  const catalog::CatalogConfig catalog{.uri = config.catalog.uri, .warehouse = config.catalog.warehouse,
                                       .catalog_name = config.catalog.name};
  scheduler_ = maintain::MaintenanceScheduler::Start(
      [this, catalog] { return catalog::OpenCatalog(catalog, &io_); }, io_, &gate_, s,
      [this](const std::string& table, const maintain::CompactionResult& r) {
        if (metrics_ == nullptr) return;
        if (r.commits > 0) {
          metrics_->metrics().RecordCompaction({.table = table, .files_before = r.files_removed,
                                                .bytes_before = r.bytes_removed, .files_after = r.files_added,
                                                .bytes_after = r.bytes_added, .input_sizes = r.input_file_sizes,
                                                .output_sizes = r.output_file_sizes,
                                                .duration_s = static_cast<double>(r.duration_ms) / 1000.0});
        }
        metrics_->metrics().SetSmallFilesPending(table, r.plan.candidate_files - r.files_removed);
      });
}

RunMaintenance::~RunMaintenance() { Stop(); }

void RunMaintenance::Stop() {
  if (scheduler_) scheduler_->Stop();
}

maintain::MaintenanceStats RunMaintenance::stats() const {
  return scheduler_ ? scheduler_->stats() : maintain::MaintenanceStats{};
}

std::string RunMaintenance::Describe() const {
  if (!scheduler_) return "off ([maintenance] enabled = false)";
  return fmt::format("compaction {} (minor, past {} fragments in a partition: checked {}), expiry {}, orphan "
                     "removal {}",
                     Every(settings_.compaction_interval_ms), settings_.small_file_trigger,
                     Every(settings_.check_interval_ms), Every(settings_.expire_interval_ms),
                     Every(settings_.orphan_interval_ms));
}

void RunMaintenance::OnBatch(std::span<const ingest::SourceRecord> batch,
                             const std::map<std::string, int64_t>& dead_lettered) {
  if (metrics_) metrics_->OnBatch(batch, dead_lettered);
}

void RunMaintenance::OnCommit(const ingest::CommitObservation& commit) {
  if (scheduler_) scheduler_->AddTable(std::string(commit.table));
  if (metrics_) metrics_->OnCommit(commit);
}

void RunMaintenance::OnCommitRefused(std::string_view table) {
  if (metrics_) metrics_->OnCommitRefused(table);
}

}  // namespace firn::cli
