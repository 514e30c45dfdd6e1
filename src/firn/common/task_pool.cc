#include "firn/common/task_pool.h"

#include <cassert>

#include "firn/common/macros.h"

namespace firn {

TaskPool::TaskPool(int threads) {
  assert(threads > 0);
  threads_.reserve(static_cast<size_t>(threads));
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { Loop(); });
}

TaskPool::~TaskPool() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  for (std::thread& t : threads_) t.join();
}

void TaskPool::Submit(std::function<void()> task) {
  {
    std::lock_guard lock(mu_);
    queue_.push_back(std::move(task));
  }
  cv_.notify_one();
}

void TaskPool::Loop() {
  for (;;) {
    std::function<void()> task;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping, and everything queued has run
      task = std::move(queue_.front());
      queue_.pop_front();
    }
    task();
  }
}

Status SerialTask::Start(std::function<Status()> task) {
  FIRN_RETURN_NOT_OK(Wait());
  {
    std::lock_guard lock(mu_);
    running_ = true;
  }
  pool_.Submit([this, task = std::move(task)]() mutable {
    Status s = task();
    task = nullptr;  // what it holds goes before the owner may see it done
    std::lock_guard lock(mu_);
    if (!s && !error_) error_ = std::move(s.error());
    running_ = false;
    // Notified under the lock: the owner may destroy this object as soon as it sees
    // running_ false.
    cv_.notify_all();
  });
  return OkStatus();
}

Status SerialTask::Wait() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !running_; });
  if (error_) return std::unexpected(*error_);
  return OkStatus();
}

bool SerialTask::busy() const {
  std::lock_guard lock(mu_);
  return running_;
}

}  // namespace firn
