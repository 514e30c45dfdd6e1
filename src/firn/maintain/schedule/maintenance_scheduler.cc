#include "firn/maintain/schedule/maintenance_scheduler.h"

#include "firn/catalog/catalog_table_operations.h"
#include "firn/common/logging.h"
#include "firn/maintain/expire/expire_snapshots.h"
#include "firn/maintain/orphans/remove_orphan_files.h"

namespace firn::maintain {

using Clock = std::chrono::steady_clock;

std::unique_ptr<MaintenanceScheduler> MaintenanceScheduler::Start(OpenCatalog open, io::FileIO& io, CommitGate* gate,
                                                                  MaintenanceSettings settings,
                                                                  OnCompaction on_compaction) {
  std::unique_ptr<MaintenanceScheduler> s(
      new MaintenanceScheduler(std::move(open), io, gate, std::move(settings), std::move(on_compaction)));
  s->thread_ = std::thread([raw = s.get()] { raw->Loop(); });
  return s;
}

MaintenanceScheduler::MaintenanceScheduler(OpenCatalog open, io::FileIO& io, CommitGate* gate,
                                           MaintenanceSettings settings, OnCompaction on_compaction)
    : open_(std::move(open)), io_(io), gate_(gate), settings_(std::move(settings)),
      on_compaction_(std::move(on_compaction)) {}

MaintenanceScheduler::~MaintenanceScheduler() { Stop(); }

void MaintenanceScheduler::AddTable(const std::string& table) {
  std::lock_guard lock(mu_);
  tables_.insert(table);
}

void MaintenanceScheduler::Stop() {
  stop_ = true;
  if (gate_ != nullptr) gate_->NotifyStop();
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

MaintenanceStats MaintenanceScheduler::stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void MaintenanceScheduler::Loop() {
  auto catalog = open_();
  if (!catalog) {
    FIRN_LOG(kError, "maintenance: cannot open the catalog, maintenance is off: {}", catalog.error().ToString());
    std::lock_guard lock(mu_);
    ++stats_.errors;
    return;
  }
  auto next_major = Clock::now() + std::chrono::milliseconds(settings_.compaction_interval_ms);
  const auto first = Clock::now() + std::chrono::milliseconds(settings_.check_interval_ms);
  auto next_expire = first, next_orphans = first;
  while (!stop_) {
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, std::chrono::milliseconds(settings_.check_interval_ms), [&] { return stop_.load(); });
    }
    if (stop_) break;
    const bool major = Clock::now() >= next_major;
    std::set<std::string> tables;
    {
      std::lock_guard lock(mu_);
      tables = tables_;
    }
    const auto now = Clock::now();
    const bool expire = settings_.expire_interval_ms > 0 && now >= next_expire;
    const bool orphans = settings_.orphan_interval_ms > 0 && now >= next_orphans;
    for (const std::string& t : tables) {
      if (stop_) break;
      Maintain(**catalog, t, major);
      if (expire && !stop_) Expire(**catalog, t);
      if (orphans && !stop_) RemoveOrphans(**catalog, t);
    }
    if (major) next_major = Clock::now() + std::chrono::milliseconds(settings_.compaction_interval_ms);
    if (expire) next_expire = Clock::now() + std::chrono::milliseconds(settings_.expire_interval_ms);
    if (orphans) next_orphans = Clock::now() + std::chrono::milliseconds(settings_.orphan_interval_ms);
  }
}

void MaintenanceScheduler::Maintain(catalog::Catalog& catalog, const std::string& table, bool major) {
  auto ident = catalog::TableIdentifier::Parse(table);
  if (!ident) return;
  catalog::CatalogTableOperations ops(catalog, io_, *ident);
  CompactionOptions options = settings_.compaction;
  options.generation = major ? CompactionGeneration::kMajor : CompactionGeneration::kMinor;
  if (!major) {
    // Minor runs only where fragments pile up past the trigger.
    options.min_input_files = settings_.small_file_trigger + 1;
    // Finding dangling delete files plans a scan of the whole table: major runs only.
    options.remove_dangling_deletes = false;
  }
  CompactionRun run{.memory_budget_bytes = settings_.memory_budget_bytes,
                    .summary_tag = major ? "compaction-major" : "compaction-minor",
                    .gate = gate_,
                    .stop = &stop_};
  auto result = Compact(ops, options, run);
  if (result && on_compaction_) on_compaction_(table, *result);
  std::lock_guard lock(mu_);
  if (!result) {
    ++stats_.errors;
    FIRN_LOG(kWarn, "maintenance: compacting {} failed (ingest goes on): {}", table, result.error().ToString());
    return;
  }
  pending_[table] = result->plan.candidate_files - result->files_removed;
  stats_.small_files_pending = 0;
  for (const auto& [t, n] : pending_) stats_.small_files_pending += n;
  stats_.groups_skipped += result->groups_skipped;
  if (result->commits > 0) {
    ++stats_.compaction_runs;
    stats_.files_rewritten += result->files_removed;
    stats_.bytes_rewritten += result->bytes_removed;
    stats_.files_written += result->files_added;
    FIRN_LOG(kInfo, "maintenance: {} compaction of {}: {} files ({} bytes) -> {} files in {} ms", major ? "major" : "minor",
             table, result->files_removed, result->bytes_removed, result->files_added, result->duration_ms);
  }
}

void MaintenanceScheduler::Expire(catalog::Catalog& catalog, const std::string& table) {
  auto ident = catalog::TableIdentifier::Parse(table);
  if (!ident) return;
  catalog::CatalogTableOperations ops(catalog, io_, *ident);
  auto r = ExpireSnapshots(ops, ExpireSnapshotsOptions{});
  std::lock_guard lock(mu_);
  if (!r) {
    ++stats_.errors;
    FIRN_LOG(kWarn, "maintenance: expiring snapshots of {} failed (ingest goes on): {}", table, r.error().ToString());
    return;
  }
  ++stats_.expiry_runs;
  stats_.snapshots_expired += r->snapshots_expired;
  if (r->snapshots_expired > 0) {
    FIRN_LOG(kInfo, "maintenance: expired {} snapshots of {} ({} kept), deleted {} files ({} bytes){}",
             r->snapshots_expired, table, r->snapshots_kept, r->deleted.total(), r->deleted.bytes,
             r->delete_failures > 0 ? fmt::format(", {} deletes failed", r->delete_failures) : "");
  }
}

void MaintenanceScheduler::RemoveOrphans(catalog::Catalog& catalog, const std::string& table) {
  auto ident = catalog::TableIdentifier::Parse(table);
  if (!ident) return;
  catalog::CatalogTableOperations ops(catalog, io_, *ident);
  RemoveOrphanFilesOptions options;
  const int64_t older_than = settings_.orphan_older_than_ms;
  options.older_than_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                              std::chrono::system_clock::now().time_since_epoch()).count() - older_than;
  auto r = RemoveOrphanFiles(ops, options);
  std::lock_guard lock(mu_);
  if (!r) {
    ++stats_.errors;
    FIRN_LOG(kWarn, "maintenance: removing orphan files of {} failed (ingest goes on): {}", table, r.error().ToString());
    return;
  }
  ++stats_.orphan_runs;
  stats_.orphans_deleted += r->files_deleted;
  if (r->files_deleted > 0) FIRN_LOG(kInfo, "maintenance: removed {} orphan files of {}", r->files_deleted, table);
}

}  // namespace firn::maintain
