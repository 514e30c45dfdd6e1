#include "firn/observe/metrics/firn_metrics.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

#include "firn/common/json_writer.h"

namespace firn::observe {
namespace {

std::vector<double> CommitDurationBounds() {
  return {0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}
std::vector<double> LatencyBounds() {
  return {0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800, 3600, 21600, 86400};
}
// 1 KiB, 4 KiB, ... 1 GiB: streaming commits make files from kilobytes to the target size.
std::vector<double> FileSizeBounds() { return ExponentialBuckets(1024, 4, 11); }

}  // namespace

FirnMetrics::FirnMetrics()
    : records_in_(registry_.AddCounter("firn_records_in_total", "Records read from the source.",
                                       {"topic"})),
      bytes_in_(registry_.AddCounter("firn_bytes_in_total",
                                     "Bytes read from the source (record keys and values).",
                                     {"topic"})),
      dead_lettered_(registry_.AddCounter("firn_records_dead_lettered_total",
                                          "Bad records sent to the dead-letter table or topic.",
                                          {"table"})),
      records_committed_(registry_.AddCounter(
          "firn_records_committed_total", "Records committed to the table by ingest.", {"table"})),
      commits_(
          registry_.AddCounter("firn_commits_total", "Snapshots committed by ingest.", {"table"})),
      commits_refused_(
          registry_.AddCounter("firn_commits_refused_total",
                               "Commits refused by the offset check (another worker owns the "
                               "partitions); the records are read again.",
                               {"table"})),
      commit_duration_(
          registry_.AddHistogram("firn_commit_duration_seconds",
                                 "Time to commit one snapshot (manifests and catalog swap).",
                                 {"table"}, CommitDurationBounds())),
      files_written_(registry_.AddCounter("firn_files_written_total",
                                          "Data files committed by ingest.", {"table"})),
      bytes_written_(registry_.AddCounter("firn_bytes_written_total",
                                          "Data-file bytes committed by ingest.", {"table"})),
      file_size_(registry_.AddHistogram("firn_file_size_bytes",
                                        "Size of each data file committed by ingest.", {"table"},
                                        FileSizeBounds())),
      latency_(registry_.AddHistogram(
          "firn_end_to_end_latency_seconds",
          "Per commit: from the newest record's source timestamp (Kafka) or event "
          "time to the commit.",
          {"table"}, LatencyBounds())),
      delay_(registry_.AddHistogram(
          "firn_ingest_delay_seconds",
          "Per commit: the longest a record waited inside firn, from when it was "
          "read to the commit that made it visible.",
          {"table"}, LatencyBounds())),
      last_commit_time_(registry_.AddGauge("firn_last_commit_timestamp_seconds",
                                           "When ingest last committed to the table (Unix time).",
                                           {"table"})),
      lag_(registry_.AddGauge("firn_consumer_lag",
                              "Records in the partition not yet read by this worker.",
                              {"topic", "partition"})),
      compaction_runs_(registry_.AddCounter("firn_compaction_runs_total",
                                            "Compaction runs committed.", {"table"})),
      compaction_bytes_(registry_.AddCounter("firn_compaction_bytes_rewritten_total",
                                             "Data-file bytes rewritten by compaction.",
                                             {"table"})),
      compaction_files_(registry_.AddCounter("firn_compaction_files_rewritten_total",
                                             "Data files rewritten by compaction.", {"table"})),
      small_files_pending_(registry_.AddGauge(
          "firn_small_files_pending",
          "Data files below the compaction threshold, waiting for compaction.", {"table"})),
      series_(FileSizeBounds()) {
  registry_.AddGauge("firn_start_time_seconds", "When this process started (Unix time).")
      .With({})
      .Set(static_cast<double>(NowMs()) / 1000);
}

int64_t FirnMetrics::NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

void FirnMetrics::TouchTable(std::string_view table) {
  {
    std::lock_guard lock(mu_);
    if (tables_.contains(table)) return;
    tables_.emplace(std::string(table), TableHealth{});
  }
  for (auto* f :
       {&dead_lettered_, &records_committed_, &commits_, &commits_refused_, &files_written_,
        &bytes_written_, &compaction_runs_, &compaction_bytes_, &compaction_files_}) {
    f->With({table});
  }
  small_files_pending_.With({table});
}

void FirnMetrics::AddRecordsIn(std::string_view topic, int64_t records, int64_t bytes) {
  records_in_.With({topic}).Add(records);
  bytes_in_.With({topic}).Add(bytes);
}

void FirnMetrics::AddDeadLettered(std::string_view table, int64_t records) {
  TouchTable(table);
  dead_lettered_.With({table}).Add(records);
}

void FirnMetrics::RecordCommit(const CommitSample& s) {
  TouchTable(s.table);
  const int64_t time_ms = s.time_ms != 0 ? s.time_ms : NowMs();
  const auto files = static_cast<int64_t>(s.file_sizes.size());
  commits_.With({s.table}).Add();
  records_committed_.With({s.table}).Add(s.records);
  files_written_.With({s.table}).Add(files);
  bytes_written_.With({s.table}).Add(s.bytes);
  commit_duration_.With({s.table}).Observe(s.duration_s);
  Histogram& sizes = file_size_.With({s.table});
  for (int64_t size : s.file_sizes) sizes.Observe(static_cast<double>(size));
  if (s.latency_s) latency_.With({s.table}).Observe(*s.latency_s);
  delay_.With({s.table}).Observe(s.delay_s);
  last_commit_time_.With({s.table}).Set(static_cast<double>(time_ms) / 1000);
  series_.AddCommit(s.table,
                    {.time_ms = time_ms,
                     .records = s.records,
                     .bytes = s.bytes,
                     .files = files,
                     .duration_s = s.duration_s,
                     .latency_s = s.latency_s,
                     .delay_s = s.delay_s},
                    s.file_sizes);
  std::lock_guard lock(mu_);
  TableHealth& t = tables_.find(s.table)->second;
  ++t.commits;
  t.records += s.records;
  t.files += files;
  t.last_commit_ms = time_ms;
  if (s.latency_s) t.last_latency_s = s.latency_s;
}

void FirnMetrics::RecordCommitRefused(std::string_view table) {
  TouchTable(table);
  commits_refused_.With({table}).Add();
}

void FirnMetrics::SetLag(std::span<const LagSample> lag, int64_t time_ms) {
  std::set<std::vector<std::string>> now;
  for (const LagSample& s : lag) {
    const std::string partition = std::to_string(s.partition);
    lag_.With({s.topic, partition}).Set(static_cast<double>(s.lag));
    now.insert({s.topic, partition});
  }
  std::vector<std::vector<std::string>> gone;
  lag_.ForEach([&](const std::vector<std::string>& values, const Gauge&) {
    if (!now.contains(values)) gone.push_back(values);
  });
  for (const auto& values : gone) lag_.Remove(values);
  series_.AddLag(time_ms != 0 ? time_ms : NowMs(), lag);
  std::lock_guard lock(mu_);
  lag_now_.assign(lag.begin(), lag.end());
}

void FirnMetrics::RecordCompaction(const CompactionSample& s) {
  TouchTable(s.table);
  compaction_runs_.With({s.table}).Add();
  compaction_bytes_.With({s.table}).Add(s.bytes_before);
  compaction_files_.With({s.table}).Add(s.files_before);
  series_.AddCompaction(s.table,
                        {.time_ms = s.time_ms != 0 ? s.time_ms : NowMs(),
                         .files_before = s.files_before,
                         .bytes_before = s.bytes_before,
                         .files_after = s.files_after,
                         .bytes_after = s.bytes_after,
                         .duration_s = s.duration_s},
                        s.input_sizes, s.output_sizes);
}

void FirnMetrics::SetSmallFilesPending(std::string_view table, int64_t files) {
  TouchTable(table);
  small_files_pending_.With({table}).Set(static_cast<double>(files));
}

void FirnMetrics::RecordError(std::string_view message) {
  std::lock_guard lock(mu_);
  ++errors_;
  last_error_ = std::string(message);
}

std::string FirnMetrics::SeriesJson() const { return series_.Json(NowMs()); }

namespace {

int64_t Sum(const MetricFamily<Counter>& family) {
  int64_t total = 0;
  family.ForEach([&](const std::vector<std::string>&, const Counter& c) { total += c.value(); });
  return total;
}

}  // namespace

std::string FirnMetrics::HealthJson() const {
  const int64_t now_ms = NowMs();
  JsonWriter w;
  w.BeginObject();
  std::lock_guard lock(mu_);
  w.Key("status");
  w.String(errors_ > 0 ? "degraded" : "ok");
  w.Key("uptime_seconds");
  w.Double(std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count());
  const std::pair<std::string_view, const MetricFamily<Counter>*> totals[] = {
      {"records_in", &records_in_},
      {"bytes_in", &bytes_in_},
      {"records_dead_lettered", &dead_lettered_},
      {"records_committed", &records_committed_},
      {"commits", &commits_},
      {"commits_refused", &commits_refused_}};
  for (const auto& [key, family] : totals) {
    w.Key(key);
    w.Int(Sum(*family));
  }
  w.Key("errors");
  w.Int(errors_);
  w.Key("last_error");
  if (last_error_.empty()) {
    w.Null();
  } else {
    w.String(last_error_);
  }
  w.Key("lag");
  if (lag_now_.empty()) {
    w.Null();  // no sample yet, or a source without offsets to lag behind
  } else {
    int64_t total = 0, max = 0;
    for (const LagSample& s : lag_now_) {
      total += s.lag;
      max = std::max(max, s.lag);
    }
    w.BeginObject();
    w.Key("total");
    w.Int(total);
    w.Key("max_partition");
    w.Int(max);
    w.Key("partitions");
    w.Int(static_cast<int64_t>(lag_now_.size()));
    w.EndObject();
  }
  w.Key("tables");
  w.BeginArray();
  for (const auto& [name, t] : tables_) {
    w.BeginObject();
    w.Key("table");
    w.String(name);
    for (const auto& [key, v] : {std::pair<std::string_view, int64_t>{"commits", t.commits},
                                 {"records", t.records},
                                 {"files", t.files}}) {
      w.Key(key);
      w.Int(v);
    }
    w.Key("last_commit_age_seconds");
    if (t.last_commit_ms == 0) {
      w.Null();
    } else {
      w.Double(static_cast<double>(now_ms - t.last_commit_ms) / 1000);
    }
    w.Key("last_latency_seconds");
    if (t.last_latency_s) {
      w.Double(*t.last_latency_s);
    } else {
      w.Null();
    }
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::move(w).Take();
}

}  // namespace firn::observe
