#include "firn/common/commit_gate.h"

namespace firn {

void CommitGate::EnterIngest() {
  std::unique_lock lock(mu_);
  if (maintenance_inside_) {
    const auto start = std::chrono::steady_clock::now();
    cv_.wait(lock, [&] { return !maintenance_inside_; });
    ingest_waits_.fetch_add(1);
    ingest_wait_ms_.fetch_add(
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count());
  }
  ingest_inside_ = true;
}

void CommitGate::LeaveIngest() {
  {
    std::lock_guard lock(mu_);
    ingest_inside_ = false;
    ++ingest_generation_;
    last_ingest_end_ = std::chrono::steady_clock::now();
  }
  ingest_commits_.fetch_add(1);
  cv_.notify_all();
}

bool CommitGate::EnterMaintenance(std::chrono::milliseconds idle, std::chrono::milliseconds give_up,
                                  const std::atomic<bool>& stop) {
  std::unique_lock lock(mu_);
  const auto deadline = std::chrono::steady_clock::now() + give_up;
  const uint64_t seen = ingest_generation_;
  while (true) {
    if (stop.load()) return false;
    const auto now = std::chrono::steady_clock::now();
    const bool after_commit = ingest_generation_ != seen && !ingest_inside_;
    const bool ingest_idle = !ingest_inside_ && now - last_ingest_end_ >= idle;
    if (after_commit || ingest_idle) break;
    if (now >= deadline) return false;
    const auto idle_at = last_ingest_end_ + idle;
    cv_.wait_until(lock, std::min(deadline, ingest_inside_ ? deadline : idle_at));
  }
  maintenance_inside_ = true;
  return true;
}

void CommitGate::LeaveMaintenance() {
  {
    std::lock_guard lock(mu_);
    maintenance_inside_ = false;
  }
  maintenance_commits_.fetch_add(1);
  cv_.notify_all();
}

void CommitGate::NotifyStop() {
  std::lock_guard lock(mu_);
  cv_.notify_all();
}

}  // namespace firn
