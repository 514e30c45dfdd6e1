// TaskPool and SerialTask: work handed to background threads, one task in flight per
// owner.
//
// TaskPool is a fixed set of threads taking tasks from one queue. SerialTask is one
// owner's lane on a pool (a table's writes): Start runs a task there and returns at once;
// the next Start, or Wait, first waits for it to end, so an owner's tasks never overlap and
// run in the order they were started, while the lanes of several owners share the pool's
// threads. This is how ingest decodes the next batch on its own thread while the previous
// one is encoded, compressed and written (ingest/pipeline/table_sink.h).
//
// Errors: a task returns a Status. The first error is kept: Wait returns it and every later
// Start returns it without running anything, so an owner cannot go on past a failed step.
// Reset clears it (after the owner dropped what the failed task belonged to).
//
// Lifetimes: a SerialTask must be waited for (Wait, or its destructor, which waits) before
// anything its task refers to is destroyed, and the pool must outlive every SerialTask
// using it. The pool's destructor runs the tasks still queued, then joins its threads.
//
// Thread-safety: TaskPool is thread-safe. A SerialTask is used from one thread (its owner);
// its task runs on a pool thread.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include "firn/common/result.h"

namespace firn {

class TaskPool {
 public:
  // REQUIRES: threads > 0.
  explicit TaskPool(int threads);
  ~TaskPool();
  TaskPool(const TaskPool&) = delete;
  TaskPool& operator=(const TaskPool&) = delete;

  void Submit(std::function<void()> task);
  int threads() const { return static_cast<int>(threads_.size()); }

 private:
  void Loop();

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

class SerialTask {
 public:
  // `pool` must outlive this object.
  explicit SerialTask(TaskPool& pool) : pool_(pool) {}
  ~SerialTask() { (void)Wait(); }
  SerialTask(const SerialTask&) = delete;
  SerialTask& operator=(const SerialTask&) = delete;

  // Waits for the task in flight, then starts `task` on the pool. Returns the kept error
  // (see the header comment) instead of starting anything.
  Status Start(std::function<Status()> task);
  // Waits for the task in flight; the kept error, if any.
  Status Wait();
  // Forgets the kept error. REQUIRES: nothing in flight (after Wait).
  void Reset() { error_.reset(); }
  // True while a task is queued or running.
  bool busy() const;

 private:
  TaskPool& pool_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  bool running_ = false;
  std::optional<Error> error_;
};

}  // namespace firn
