// MetricFamily: one metric name with its HELP, TYPE and label names, and one child
// series (Counter, Gauge or Histogram) per combination of label values, created on first
// use and kept until Remove (which only code holding no reference to it may call).
//
//   Family<Counter>& commits = registry.AddCounter("firn_commits_total", "...", {"table"});
//   commits.With({"db.events"}).Add();
//
// Thread-safety: With and AppendText may be called from any thread (a mutex guards the
// children map). A child reference stays valid as long as the family: callers on a hot
// path look a child up once and keep it.
#pragma once

#include <cassert>
#include <functional>
#include <initializer_list>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "firn/observe/metrics/histogram.h"
#include "firn/observe/metrics/metric.h"

namespace firn::observe {

enum class MetricType { kCounter, kGauge, kHistogram };
std::string_view MetricTypeName(MetricType type);  // "counter", ...

class MetricFamilyBase {
 public:
  MetricFamilyBase(std::string name, std::string help, MetricType type,
                   std::vector<std::string> label_names);
  virtual ~MetricFamilyBase() = default;

  const std::string& name() const { return name_; }
  MetricType type() const { return type_; }
  const std::vector<std::string>& label_names() const { return label_names_; }
  // Appends the family in text format 0.0.4: HELP, TYPE, then one sample line per child
  // (per bucket, _sum and _count for histograms), children in label-value order.
  void AppendText(std::string* out) const;

 protected:
  using LabelValues = std::vector<std::string>;
  // Appends the samples of one child; `labels` are this family's names paired with `values`.
  virtual void AppendChildren(std::string* out) const = 0;
  void AppendSample(std::string* out, std::string_view suffix, const LabelValues& values,
                    std::string_view extra_name, std::string_view extra_value, double value) const;

  mutable std::mutex mu_;

 private:
  const std::string name_;
  const std::string help_;
  const MetricType type_;
  const std::vector<std::string> label_names_;
};

template <typename T>
class MetricFamily final : public MetricFamilyBase {
 public:
  MetricFamily(std::string name, std::string help, MetricType type,
               std::vector<std::string> label_names, std::function<std::unique_ptr<T>()> make)
      : MetricFamilyBase(std::move(name), std::move(help), type, std::move(label_names)),
        make_(std::move(make)) {}

  // The child for these label values, one per label name in order.
  T& With(std::initializer_list<std::string_view> values) {
    assert(values.size() == label_names().size());
    LabelValues key(values.begin(), values.end());
    std::lock_guard lock(mu_);
    auto [it, inserted] = children_.try_emplace(std::move(key));
    if (inserted) it->second = make_();
    return *it->second;
  }
  // Drops a child (a partition no longer owned). REQUIRES: nobody holds a reference to it.
  void Remove(const std::vector<std::string>& values) {
    std::lock_guard lock(mu_);
    children_.erase(values);
  }
  // Every child's label values, for readers that summarise a family (health JSON).
  template <typename F>
  void ForEach(F&& f) const {
    std::lock_guard lock(mu_);
    for (const auto& [values, child] : children_) f(values, *child);
  }

 private:
  void AppendChildren(std::string* out) const override;

  std::function<std::unique_ptr<T>()> make_;
  std::map<LabelValues, std::unique_ptr<T>> children_;  // guarded by mu_
};

template <>
void MetricFamily<Counter>::AppendChildren(std::string* out) const;
template <>
void MetricFamily<Gauge>::AppendChildren(std::string* out) const;
template <>
void MetricFamily<Histogram>::AppendChildren(std::string* out) const;

}  // namespace firn::observe
