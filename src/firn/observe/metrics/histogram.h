// Histogram: observations counted in fixed buckets, Prometheus-style (cumulative `le`
// buckets, a sum and a count), plus the bucket helpers.
//
// Thread-safety: Observe and Read may be called from any thread. A mutex keeps Read
// consistent (count equals the +Inf bucket); Observe is meant for commit-level events.
#pragma once

#include <cstdint>
#include <mutex>
#include <vector>

namespace firn::observe {

class Histogram {
 public:
  // `bounds`: the buckets' upper bounds (inclusive), strictly increasing, finite; the
  // +Inf bucket is implicit.
  explicit Histogram(std::vector<double> bounds);

  void Observe(double value);

  struct Snapshot {
    std::vector<uint64_t> cumulative;  // per bound, then +Inf: observations <= bound
    double sum = 0;
    uint64_t count = 0;
  };
  Snapshot Read() const;
  const std::vector<double>& bounds() const { return bounds_; }

 private:
  const std::vector<double> bounds_;
  mutable std::mutex mu_;
  std::vector<uint64_t> counts_;  // per bucket, not cumulative; last is +Inf
  double sum_ = 0;
  uint64_t count_ = 0;
};

// start, start*factor, ... (`count` bounds). REQUIRES: start > 0, factor > 1, count >= 1.
std::vector<double> ExponentialBuckets(double start, double factor, int count);

}  // namespace firn::observe
