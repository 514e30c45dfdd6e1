#include "firn/observe/metrics/prometheus_text.h"

#include <fmt/format.h>

#include <cmath>

namespace firn::observe {

void AppendEscapedHelp(std::string* out, std::string_view help) {
  for (char c : help) {
    if (c == '\\') {
      *out += "\\\\";
    } else if (c == '\n') {
      *out += "\\n";
    } else {
      *out += c;
    }
  }
}

void AppendEscapedLabelValue(std::string* out, std::string_view value) {
  for (char c : value) {
    if (c == '\\') {
      *out += "\\\\";
    } else if (c == '"') {
      *out += "\\\"";
    } else if (c == '\n') {
      *out += "\\n";
    } else {
      *out += c;
    }
  }
}

void AppendValue(std::string* out, double value) {
  if (std::isnan(value)) {
    *out += "NaN";
  } else if (std::isinf(value)) {
    *out += value > 0 ? "+Inf" : "-Inf";
  } else if (value == std::floor(value) && std::fabs(value) < 1e15) {
    fmt::format_to(std::back_inserter(*out), "{}", static_cast<int64_t>(value));
  } else {
    fmt::format_to(std::back_inserter(*out), "{}", value);  // shortest round-trip
  }
}

void AppendLabels(std::string* out,
                  std::span<const std::pair<std::string_view, std::string_view>> labels) {
  if (labels.empty()) return;
  *out += '{';
  bool first = true;
  for (const auto& [name, value] : labels) {
    if (!first) *out += ',';
    first = false;
    *out += name;
    *out += "=\"";
    AppendEscapedLabelValue(out, value);
    *out += '"';
  }
  *out += '}';
}

namespace {

bool IsNameChar(char c, bool first, bool colon) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_') return true;
  if (colon && c == ':') return true;
  return !first && c >= '0' && c <= '9';
}

bool IsValidName(std::string_view name, bool colon) {
  if (name.empty()) return false;
  for (size_t i = 0; i < name.size(); ++i) {
    if (!IsNameChar(name[i], i == 0, colon)) return false;
  }
  return true;
}

}  // namespace

bool IsValidMetricName(std::string_view name) { return IsValidName(name, true); }
bool IsValidLabelName(std::string_view name) {
  return IsValidName(name, false) && !name.starts_with("__");
}

}  // namespace firn::observe
