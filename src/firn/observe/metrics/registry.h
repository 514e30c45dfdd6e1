// Registry: the metric families of one process, exposed together in Prometheus text
// format (prometheus_text.h).
//
// Thread-safety: every method may be called from any thread. Families are registered
// once (normally at start-up) and live as long as the registry; the references returned
// stay valid until then.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "firn/observe/metrics/metric_family.h"

namespace firn::observe {

class Registry {
 public:
  // REQUIRES: `name` is a valid metric name not registered before; label names are valid
  // and not "le".
  MetricFamily<Counter>& AddCounter(std::string name, std::string help,
                                    std::vector<std::string> labels = {});
  MetricFamily<Gauge>& AddGauge(std::string name, std::string help,
                                std::vector<std::string> labels = {});
  // `bounds` as for Histogram (strictly increasing upper bounds; +Inf implicit).
  MetricFamily<Histogram>& AddHistogram(std::string name, std::string help,
                                        std::vector<std::string> labels,
                                        std::vector<double> bounds);

  // Every family in registration order, text format 0.0.4.
  std::string PrometheusText() const;

 private:
  void Add(std::unique_ptr<MetricFamilyBase> family);

  mutable std::mutex mu_;
  std::vector<std::unique_ptr<MetricFamilyBase>> families_;  // guarded by mu_
};

}  // namespace firn::observe
