#include "firn/observe/metrics/series_store.h"

#include <algorithm>

#include "firn/common/json_writer.h"

namespace firn::observe {

SeriesStore::SeriesStore(std::vector<double> size_bounds, size_t commits_kept,
                         size_t lag_points_kept)
    : size_bounds_(std::move(size_bounds)),
      commits_kept_(commits_kept),
      lag_points_kept_(lag_points_kept) {}

SeriesStore::TableSeries& SeriesStore::Table(std::string_view table) {
  auto it = tables_.find(table);
  if (it == tables_.end()) {
    it = tables_.emplace(std::string(table), TableSeries(commits_kept_, size_bounds_.size() + 1))
             .first;
  }
  return it->second;
}

void SeriesStore::CountSizes(std::span<const int64_t> sizes, std::vector<uint64_t>* buckets) const {
  for (int64_t size : sizes) {
    const auto at =
        std::lower_bound(size_bounds_.begin(), size_bounds_.end(), static_cast<double>(size));
    ++(*buckets)[at - size_bounds_.begin()];
  }
}

void SeriesStore::AddCommit(std::string_view table, const CommitPoint& point,
                            std::span<const int64_t> file_sizes) {
  std::lock_guard lock(mu_);
  TableSeries& t = Table(table);
  t.commits.Push(point);
  CountSizes(file_sizes, &t.written);
}

void SeriesStore::AddCompaction(std::string_view table, const CompactionPoint& point,
                                std::span<const int64_t> input_sizes,
                                std::span<const int64_t> output_sizes) {
  std::lock_guard lock(mu_);
  TableSeries& t = Table(table);
  t.compactions.Push(point);
  CountSizes(input_sizes, &t.compaction_input);
  CountSizes(output_sizes, &t.compaction_output);
}

void SeriesStore::AddLag(int64_t time_ms, std::span<const LagSample> lag) {
  std::map<std::string_view, int64_t> totals;
  for (const LagSample& s : lag) totals[s.topic] += s.lag;
  std::lock_guard lock(mu_);
  for (auto& [topic, t] : lag_) t.partitions.clear();  // partitions no longer owned drop out
  for (const auto& [topic, total] : totals) {
    auto it = lag_.find(topic);
    if (it == lag_.end()) it = lag_.emplace(std::string(topic), TopicLag(lag_points_kept_)).first;
    it->second.points.Push({time_ms, total});
  }
  for (const LagSample& s : lag) lag_.find(s.topic)->second.partitions[s.partition] = s.lag;
}

namespace {

void WriteCounts(JsonWriter& w, std::string_view key, const std::vector<uint64_t>& counts) {
  w.Key(key);
  w.BeginArray();
  for (uint64_t c : counts) w.UInt(c);
  w.EndArray();
}

}  // namespace

std::string SeriesStore::Json(int64_t now_ms) const {
  JsonWriter w;
  w.BeginObject();
  w.Key("now_ms");
  w.Int(now_ms);
  w.Key("size_bounds");
  w.BeginArray();
  for (double b : size_bounds_) w.Double(b);
  w.EndArray();
  std::lock_guard lock(mu_);
  w.Key("tables");
  w.BeginArray();
  for (const auto& [name, t] : tables_) {
    w.BeginObject();
    w.Key("table");
    w.String(name);
    w.Key("commits");
    w.BeginArray();
    t.commits.ForEach([&](const CommitPoint& p) {
      w.BeginArray();
      w.Int(p.time_ms);
      w.Int(p.records);
      w.Int(p.bytes);
      w.Int(p.files);
      w.Double(p.duration_s);
      if (p.latency_s) {
        w.Double(*p.latency_s);
      } else {
        w.Null();
      }
      w.Double(p.delay_s);
      w.EndArray();
    });
    w.EndArray();
    w.Key("compactions");
    w.BeginArray();
    t.compactions.ForEach([&](const CompactionPoint& p) {
      w.BeginArray();
      for (int64_t v : {p.time_ms, p.files_before, p.bytes_before, p.files_after, p.bytes_after})
        w.Int(v);
      w.Double(p.duration_s);
      w.EndArray();
    });
    w.EndArray();
    w.Key("file_sizes");
    w.BeginObject();
    WriteCounts(w, "written", t.written);
    WriteCounts(w, "compaction_input", t.compaction_input);
    WriteCounts(w, "compaction_output", t.compaction_output);
    w.EndObject();
    w.EndObject();
  }
  w.EndArray();
  w.Key("lag");
  w.BeginArray();
  for (const auto& [topic, t] : lag_) {
    w.BeginObject();
    w.Key("topic");
    w.String(topic);
    w.Key("points");
    w.BeginArray();
    t.points.ForEach([&](const std::pair<int64_t, int64_t>& p) {
      w.BeginArray();
      w.Int(p.first);
      w.Int(p.second);
      w.EndArray();
    });
    w.EndArray();
    w.Key("partitions");
    w.BeginArray();
    for (const auto& [partition, lag] : t.partitions) {
      w.BeginArray();
      w.Int(partition);
      w.Int(lag);
      w.EndArray();
    }
    w.EndArray();
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return std::move(w).Take();
}

}  // namespace firn::observe
