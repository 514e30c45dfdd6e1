#include "firn/observe/health/health_json.h"

#include <optional>

#include "firn/common/json_writer.h"

namespace firn::observe {

namespace {

void OptInt(JsonWriter& w, std::string_view key, const std::optional<int64_t>& v) {
  w.Key(key);
  if (v) {
    w.Int(*v);
  } else {
    w.Null();
  }
}

void IntField(JsonWriter& w, std::string_view key, int64_t v) {
  w.Key(key);
  w.Int(v);
}

// Opens the section's object with its verdict and message; the caller closes it.
void BeginSection(JsonWriter& w, std::string_view key, const Finding& f) {
  w.Key(key);
  w.BeginObject();
  w.Key("verdict");
  w.String(VerdictName(f.verdict));
  w.Key("message");
  w.String(f.message);
}

void Stats(JsonWriter& w, std::string_view key, const std::optional<LatencyStats>& s) {
  w.Key(key);
  if (!s) {
    w.Null();
    return;
  }
  w.BeginObject();
  IntField(w, "commits", s->commits);
  IntField(w, "p50_ms", s->p50_ms);
  IntField(w, "p99_ms", s->p99_ms);
  IntField(w, "max_ms", s->max_ms);
  IntField(w, "future", s->future);
  w.EndObject();
}

void Commits(JsonWriter& w, const CommitFrequency& c, const Finding& f) {
  BeginSection(w, "commit_frequency", f);
  IntField(w, "window_hours", 24);
  IntField(w, "ingest_commits", c.ingest_commits);
  IntField(w, "maintenance_commits", c.maintenance_commits);
  w.Key("commits_per_hour");
  w.BeginArray();
  for (int64_t n : c.commits_per_hour) w.Int(n);
  w.EndArray();
  w.Key("average_per_hour");
  w.Double(c.average_per_hour);
  IntField(w, "peak_per_hour", c.peak_per_hour);
  OptInt(w, "median_interval_ms", c.median_interval_ms);
  OptInt(w, "last_commit_ms", c.last_commit_ms);
  OptInt(w, "history_starts_ms", c.history_starts_ms);
  w.EndObject();
}

void Sizes(JsonWriter& w, const FileSizes& s, const Finding& f) {
  BeginSection(w, "file_sizes", f);
  IntField(w, "target_bytes", s.target_bytes);
  IntField(w, "small_below_bytes", s.small_below_bytes);
  IntField(w, "data_files", s.data_files);
  IntField(w, "data_bytes", s.data_bytes);
  IntField(w, "average_bytes", s.average_bytes);
  IntField(w, "small_files", s.small_files);
  IntField(w, "small_bytes", s.small_bytes);
  w.Key("small_share");
  w.Double(s.data_files == 0
               ? 0.0
               : static_cast<double>(s.small_files) / static_cast<double>(s.data_files));
  w.Key("distribution");
  w.BeginArray();
  for (const SizeBucket& b : s.distribution) {
    w.BeginObject();
    w.Key("min_ratio");
    w.Double(b.min_ratio);
    w.Key("max_ratio");
    if (b.max_ratio == 0) {
      w.Null();
    } else {
      w.Double(b.max_ratio);
    }
    IntField(w, "min_bytes", b.min_bytes);
    OptInt(w, "max_bytes", b.max_bytes == 0 ? std::nullopt : std::optional(b.max_bytes));
    IntField(w, "files", b.files);
    IntField(w, "bytes", b.bytes);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

void Lag(JsonWriter& w, const CompactionLag& l, const Finding& f) {
  BeginSection(w, "compaction_lag", f);
  IntField(w, "files", l.files);
  IntField(w, "bytes", l.bytes);
  IntField(w, "partitions", l.partitions);
  IntField(w, "below_min_input", l.below_min_input);
  w.Key("worst_partition");
  w.String(l.worst_partition);
  IntField(w, "worst_partition_files", l.worst_partition_files);
  OptInt(w, "oldest_added_ms", l.oldest_added_ms);
  OptInt(w, "oldest_age_ms", l.oldest_age_ms);
  w.Key("oldest_age_is_lower_bound");
  w.Bool(l.oldest_age_is_lower_bound);
  w.EndObject();
}

void Latency(JsonWriter& w, const EndToEndLatency& l, const Finding& f) {
  BeginSection(w, "latency", f);
  w.Key("source");
  w.String(LatencySourceName(l.source));
  const LatencyStats* p = l.primary();
  IntField(w, "commits", p != nullptr ? p->commits : 0);
  OptInt(w, "p50_ms", p != nullptr ? std::optional(p->p50_ms) : std::nullopt);
  OptInt(w, "p99_ms", p != nullptr ? std::optional(p->p99_ms) : std::nullopt);
  OptInt(w, "max_ms", p != nullptr ? std::optional(p->max_ms) : std::nullopt);
  Stats(w, "event_time", l.event_time);
  Stats(w, "source_timestamp", l.source_timestamp);
  w.EndObject();
}

void Counts(JsonWriter& w, const TableCounts& c, const Finding& f) {
  BeginSection(w, "counts", f);
  IntField(w, "snapshots", c.snapshots);
  IntField(w, "manifests", c.manifests);
  IntField(w, "delete_manifests", c.delete_manifests);
  IntField(w, "delete_files", c.delete_files);
  IntField(w, "position_delete_files", c.position_delete_files);
  IntField(w, "equality_delete_files", c.equality_delete_files);
  IntField(w, "records", c.records);
  IntField(w, "deleted_records", c.deleted_records);
  w.Key("delete_ratio");
  w.Double(c.delete_ratio);
  IntField(w, "data_files", c.data_files);
  w.Key("delete_file_ratio");
  w.Double(c.delete_file_ratio);
  IntField(w, "delete_rows_read", c.delete_rows_read);
  w.Key("read_amplification");
  w.Double(c.read_amplification);
  w.EndObject();
}

}  // namespace

std::string HealthJson(std::string_view table, const TableHealth& h, const HealthVerdicts& v) {
  JsonWriter w;
  w.BeginObject();
  w.Key("table");
  w.String(table);
  IntField(w, "now_ms", h.now_ms);
  OptInt(w, "current_snapshot_id", h.current_snapshot_id);
  w.Key("verdict");
  w.String(VerdictName(v.overall()));
  Commits(w, h.commits, v.commits);
  Sizes(w, h.file_sizes, v.file_sizes);
  Lag(w, h.compaction, v.compaction);
  Latency(w, h.latency, v.latency);
  Counts(w, h.counts, v.counts);
  w.EndObject();
  return std::move(w).Take();
}

}  // namespace firn::observe
