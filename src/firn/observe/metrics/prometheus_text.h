// Prometheus text exposition format 0.0.4: the escaping and number spelling rules
// (https://prometheus.io/docs/instrumenting/exposition_formats/, "Text format details").
//
//   # HELP <name> <help, with \ and newline escaped>
//   # TYPE <name> counter|gauge|histogram
//   <name>{<label>="<value, with \, " and newline escaped>",...} <value>
//
// Thread-safety: pure functions.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <utility>

namespace firn::observe {

inline constexpr std::string_view kPrometheusContentType =
    "text/plain; version=0.0.4; charset=utf-8";

// Appends `help` with '\' and newline escaped.
void AppendEscapedHelp(std::string* out, std::string_view help);
// Appends a label value with '\', '"' and newline escaped.
void AppendEscapedLabelValue(std::string* out, std::string_view value);
// Appends `value` as Prometheus spells it: integers without exponent or fraction,
// "+Inf", "-Inf", "NaN", otherwise the shortest form that round-trips.
void AppendValue(std::string* out, double value);
// Appends `{a="x",b="y"}` for the pairs (nothing when empty). Label names are trusted
// (they come from code); values are escaped.
void AppendLabels(std::string* out,
                  std::span<const std::pair<std::string_view, std::string_view>> labels);

// Whether `name` is a valid metric or label name ([a-zA-Z_:][a-zA-Z0-9_:]*; labels
// without ':'). For asserts at registration.
bool IsValidMetricName(std::string_view name);
bool IsValidLabelName(std::string_view name);

}  // namespace firn::observe
