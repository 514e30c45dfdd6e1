#include "firn/observe/metrics/registry.h"

#include <cassert>

namespace firn::observe {

void Registry::Add(std::unique_ptr<MetricFamilyBase> family) {
  std::lock_guard lock(mu_);
  for ([[maybe_unused]] const auto& f : families_) assert(f->name() != family->name());
  families_.push_back(std::move(family));
}

MetricFamily<Counter>& Registry::AddCounter(std::string name, std::string help,
                                            std::vector<std::string> labels) {
  auto f = std::make_unique<MetricFamily<Counter>>(std::move(name), std::move(help),
                                                   MetricType::kCounter, std::move(labels),
                                                   [] { return std::make_unique<Counter>(); });
  auto* raw = f.get();
  Add(std::move(f));
  return *raw;
}

MetricFamily<Gauge>& Registry::AddGauge(std::string name, std::string help,
                                        std::vector<std::string> labels) {
  auto f = std::make_unique<MetricFamily<Gauge>>(std::move(name), std::move(help),
                                                 MetricType::kGauge, std::move(labels),
                                                 [] { return std::make_unique<Gauge>(); });
  auto* raw = f.get();
  Add(std::move(f));
  return *raw;
}

MetricFamily<Histogram>& Registry::AddHistogram(std::string name, std::string help,
                                                std::vector<std::string> labels,
                                                std::vector<double> bounds) {
  auto f = std::make_unique<MetricFamily<Histogram>>(
      std::move(name), std::move(help), MetricType::kHistogram, std::move(labels),
      [bounds = std::move(bounds)] { return std::make_unique<Histogram>(bounds); });
  auto* raw = f.get();
  Add(std::move(f));
  return *raw;
}

std::string Registry::PrometheusText() const {
  std::string out;
  std::lock_guard lock(mu_);
  for (const auto& f : families_) f->AppendText(&out);
  return out;
}

}  // namespace firn::observe
