// Counter and Gauge: one time series each (one label combination of a family).
//
// Thread-safety: every method may be called from any thread; updates are single relaxed
// atomic operations, cheap enough for batch- or commit-level events (never per record).
// Readers see each value atomically, not a consistent cut across several series.
#pragma once

#include <atomic>
#include <cstdint>

namespace firn::observe {

// A monotonically increasing integer count (records, bytes, commits).
class Counter {
 public:
  // REQUIRES: n >= 0 (a counter never goes down).
  void Add(int64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// A value that goes up and down (lag, files pending).
class Gauge {
 public:
  void Set(double v) { value_.store(v, std::memory_order_relaxed); }
  void Add(double v) { value_.fetch_add(v, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

}  // namespace firn::observe
