// CommitGate: orders the table commits of ingest and maintenance inside one firn process,
// so that maintenance never makes an ingest commit lose its compare-and-swap and retry.
//
// Ingest brackets each commit cycle with EnterIngest/LeaveIngest. Maintenance brackets a
// whole commit (refresh, apply, swap) with EnterMaintenance/LeaveMaintenance, and enters
// only in the window right after an ingest commit (when the next one is a commit interval
// away), or when ingest has been idle for a while. While maintenance is inside, an ingest
// commit that falls due waits for it: one maintenance commit at most, counted by
// ingest_waits() and ingest_wait_ms(), the cost of ingest never racing maintenance.
// Workers in other processes are not ordered by this; there the catalog's compare-and-swap
// decides, and compaction's validation gives way (maintain/compact/compactor.h).
//
// Thread-safety: all methods are thread-safe.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace firn {

class CommitGate {
 public:
  void EnterIngest();
  void LeaveIngest();

  // Waits for the moment after an ingest commit ends, or for `idle` without any ingest
  // commit, then enters. False (not entered) when `stop` became true while waiting, or
  // after `give_up` without a chance.
  bool EnterMaintenance(std::chrono::milliseconds idle, std::chrono::milliseconds give_up,
                        const std::atomic<bool>& stop);
  void LeaveMaintenance();
  // Wakes waiting maintenance so it can see its stop flag.
  void NotifyStop();

  int64_t ingest_commits() const { return ingest_commits_.load(); }
  int64_t ingest_waits() const { return ingest_waits_.load(); }
  int64_t ingest_wait_ms() const { return ingest_wait_ms_.load(); }
  int64_t maintenance_commits() const { return maintenance_commits_.load(); }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  bool ingest_inside_ = false, maintenance_inside_ = false;
  uint64_t ingest_generation_ = 0;  // ingest commits ended so far
  std::chrono::steady_clock::time_point last_ingest_end_ = std::chrono::steady_clock::now();
  std::atomic<int64_t> ingest_commits_{0}, ingest_waits_{0}, ingest_wait_ms_{0}, maintenance_commits_{0};
};

// RAII for either side.
class IngestCommitScope {
 public:
  explicit IngestCommitScope(CommitGate* gate) : gate_(gate) {
    if (gate_) gate_->EnterIngest();
  }
  ~IngestCommitScope() {
    if (gate_) gate_->LeaveIngest();
  }
  IngestCommitScope(const IngestCommitScope&) = delete;
  IngestCommitScope& operator=(const IngestCommitScope&) = delete;

 private:
  CommitGate* gate_;
};

}  // namespace firn
