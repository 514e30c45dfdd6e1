#include "firn/observe/metrics/metric_family.h"

#include <limits>

#include "firn/observe/metrics/prometheus_text.h"

namespace firn::observe {

std::string_view MetricTypeName(MetricType type) {
  switch (type) {
    case MetricType::kCounter:
      return "counter";
    case MetricType::kGauge:
      return "gauge";
    case MetricType::kHistogram:
      return "histogram";
  }
  return "untyped";
}

MetricFamilyBase::MetricFamilyBase(std::string name, std::string help, MetricType type,
                                   std::vector<std::string> label_names)
    : name_(std::move(name)),
      help_(std::move(help)),
      type_(type),
      label_names_(std::move(label_names)) {
  assert(IsValidMetricName(name_));
  for ([[maybe_unused]] const std::string& l : label_names_)
    assert(IsValidLabelName(l) && l != "le");
}

void MetricFamilyBase::AppendText(std::string* out) const {
  *out += "# HELP ";
  *out += name_;
  *out += ' ';
  AppendEscapedHelp(out, help_);
  *out += "\n# TYPE ";
  *out += name_;
  *out += ' ';
  *out += MetricTypeName(type_);
  *out += '\n';
  std::lock_guard lock(mu_);
  AppendChildren(out);
}

void MetricFamilyBase::AppendSample(std::string* out, std::string_view suffix,
                                    const LabelValues& values, std::string_view extra_name,
                                    std::string_view extra_value, double value) const {
  std::vector<std::pair<std::string_view, std::string_view>> labels;
  labels.reserve(values.size() + 1);
  for (size_t i = 0; i < values.size(); ++i) labels.emplace_back(label_names_[i], values[i]);
  if (!extra_name.empty()) labels.emplace_back(extra_name, extra_value);
  *out += name_;
  *out += suffix;
  AppendLabels(out, labels);
  *out += ' ';
  AppendValue(out, value);
  *out += '\n';
}

template <>
void MetricFamily<Counter>::AppendChildren(std::string* out) const {
  for (const auto& [values, c] : children_) {
    AppendSample(out, "", values, "", "", static_cast<double>(c->value()));
  }
}

template <>
void MetricFamily<Gauge>::AppendChildren(std::string* out) const {
  for (const auto& [values, g] : children_) AppendSample(out, "", values, "", "", g->value());
}

template <>
void MetricFamily<Histogram>::AppendChildren(std::string* out) const {
  std::string le;
  for (const auto& [values, h] : children_) {
    const Histogram::Snapshot s = h->Read();
    const std::vector<double>& bounds = h->bounds();
    for (size_t i = 0; i < s.cumulative.size(); ++i) {
      le.clear();
      AppendValue(&le, i < bounds.size() ? bounds[i] : std::numeric_limits<double>::infinity());
      AppendSample(out, "_bucket", values, "le", le, static_cast<double>(s.cumulative[i]));
    }
    AppendSample(out, "_sum", values, "", "", s.sum);
    AppendSample(out, "_count", values, "", "", static_cast<double>(s.count));
  }
}

}  // namespace firn::observe
