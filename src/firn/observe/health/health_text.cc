#include "firn/observe/health/health_text.h"

#include <fmt/format.h>

#include "firn/iceberg/types/temporal.h"
#include "firn/observe/health/health_format.h"

namespace firn::observe {

namespace {

constexpr std::string_view kIndent = "                      ";  // under the messages

std::string Upper(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
  return out;
}

void Line(std::string& out, std::string_view label, const Finding& f) {
  out += fmt::format("{:<16}{:<6}{}\n", label, Upper(VerdictName(f.verdict)), f.message);
}

std::string Percent(double r) { return fmt::format("{:g}", r * 100); }

void Distribution(std::string& out, const FileSizes& s) {
  if (s.data_files == 0) return;
  out +=
      fmt::format("{}{:<12}{:>10}{:>10}{:>12}\n", kIndent, "of target", "below", "files", "bytes");
  for (const SizeBucket& b : s.distribution) {
    const std::string range = b.max_bytes == 0
                                  ? Percent(b.min_ratio) + "%+"
                                  : Percent(b.min_ratio) + "-" + Percent(b.max_ratio) + "%";
    out += fmt::format("{}{:<12}{:>10}{:>10}{:>12}\n", kIndent, range,
                       b.max_bytes == 0 ? "" : FormatBytes(b.max_bytes), FormatCount(b.files),
                       FormatBytes(b.bytes));
  }
}

void LatencyDetail(std::string& out, std::string_view name, const std::optional<LatencyStats>& s) {
  if (!s) return;
  out += fmt::format("{}from {}: p50 {}, p99 {}, max {} over {}\n", kIndent, name,
                     FormatDuration(s->p50_ms), FormatDuration(s->p99_ms),
                     FormatDuration(s->max_ms), FormatCountOf(s->commits, "commit"));
}

}  // namespace

std::string HealthText(std::string_view table, const TableHealth& h, const HealthVerdicts& v) {
  std::string out = fmt::format("{}: {} (at {})\n", table, Upper(VerdictName(v.overall())),
                                iceberg::HumanTimestamp(h.now_ms * 1000, false, true));
  Line(out, "1. commits", v.commits);
  if (h.commits.ingest_commits > 0) {
    out += fmt::format("{}per hour, oldest first:", kIndent);
    for (int64_t n : h.commits.commits_per_hour) out += " " + FormatCount(n);
    out += "\n";
  }
  Line(out, "2. file sizes", v.file_sizes);
  Distribution(out, h.file_sizes);
  Line(out, "3. compaction", v.compaction);
  Line(out, "4. latency", v.latency);
  LatencyDetail(out, "event time", h.latency.event_time);
  LatencyDetail(out, "Kafka timestamp", h.latency.source_timestamp);
  Line(out, "   counts", v.counts);
  return out;
}

}  // namespace firn::observe
