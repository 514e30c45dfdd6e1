// MaintenanceScheduler: the maintenance that runs inside `firn run`, on a background
// thread beside ingest, for every table the pipeline writes.
//
// Cadence (settings below; Amoro's minor/major self-optimizing):
// - every check_interval_ms, a minor compaction of a table whose partitions hold more than
//   small_file_trigger fragments (cheap: only the smallest files are read);
// - every compaction_interval_ms, a major compaction (every file below min-file-size);
// - every expire_interval_ms, snapshot expiry by the table's history.expire.* properties
//   (maintain/expire), keeping the snapshots that hold ingest's offsets;
// - every orphan_interval_ms, orphan file removal of files older than orphan_older_than_ms.
// Expiry and orphan removal run first one check interval after start, then at their
// interval (so that a process restarted daily still expires).
// Compaction commits go through the CommitGate, in the window right after an ingest
// commit, so that ingest never loses a race to it; a compaction that gets no window or
// loses to another writer skips its groups and tries again next time. Expiry's single
// daily commit takes no window (its file deletes may take long): if it wins a race, one
// ingest commit retries on the new base. Errors are logged and counted; they never stop
// ingest.
//
// Thread-safety: AddTable, stats and Stop are thread-safe; callbacks run on the
// maintenance thread.
#pragma once

#include <atomic>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>

#include "firn/catalog/catalog.h"
#include "firn/common/commit_gate.h"
#include "firn/io/file_io.h"
#include "firn/maintain/compact/compactor.h"

namespace firn::maintain {

struct MaintenanceSettings {
  bool enabled = true;
  int64_t check_interval_ms = 60'000;
  int64_t compaction_interval_ms = 30 * 60'000;
  int small_file_trigger = 50;  // fragments in one partition that start a minor compaction
  CompactionOptions compaction;
  int64_t memory_budget_bytes = int64_t{256} << 20;
  int64_t expire_interval_ms = 24 * 3'600'000LL;      // 0: no expiry
  int64_t orphan_interval_ms = 7 * 24 * 3'600'000LL;  // 0: no orphan removal
  int64_t orphan_older_than_ms = 3 * 24 * 3'600'000LL;
};

struct MaintenanceStats {
  int64_t compaction_runs = 0;       // runs that committed something
  int64_t files_rewritten = 0, bytes_rewritten = 0, files_written = 0;
  int64_t groups_skipped = 0, errors = 0;
  int64_t expiry_runs = 0, snapshots_expired = 0, orphan_runs = 0, orphans_deleted = 0;
  int64_t small_files_pending = 0;   // candidates in the last plan, over all tables
};

class MaintenanceScheduler {
 public:
  // Opens the catalog the maintenance thread uses (its own connection).
  using OpenCatalog = std::function<Result<std::unique_ptr<catalog::Catalog>>()>;
  using OnCompaction = std::function<void(const std::string& table, const CompactionResult&)>;

  // `io` and `gate` must outlive the scheduler. Starts the thread.
  static std::unique_ptr<MaintenanceScheduler> Start(OpenCatalog open, io::FileIO& io, CommitGate* gate,
                                                     MaintenanceSettings settings, OnCompaction on_compaction = {});
  ~MaintenanceScheduler();  // Stop()

  void AddTable(const std::string& table);
  // Ends the thread: a run in progress stops between file groups, committing nothing more.
  void Stop();
  MaintenanceStats stats() const;

 private:
  MaintenanceScheduler(OpenCatalog open, io::FileIO& io, CommitGate* gate, MaintenanceSettings settings,
                       OnCompaction on_compaction);
  void Loop();
  void Maintain(catalog::Catalog& catalog, const std::string& table, bool major);
  void Expire(catalog::Catalog& catalog, const std::string& table);
  void RemoveOrphans(catalog::Catalog& catalog, const std::string& table);

  OpenCatalog open_;
  io::FileIO& io_;
  CommitGate* gate_;
  MaintenanceSettings settings_;
  OnCompaction on_compaction_;
  std::atomic<bool> stop_{false};
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::string> tables_;
  std::map<std::string, int64_t> pending_;  // table -> small files in its last plan
  MaintenanceStats stats_;
  std::thread thread_;
};

}  // namespace firn::maintain
