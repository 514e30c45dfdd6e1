#include "firn/observe/health/table_health.h"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <map>

#include "firn/common/macros.h"
#include "firn/iceberg/manifest/manifest_reader.h"
#include "firn/iceberg/partition/partition_path.h"
#include "firn/iceberg/scan/delete_file_index.h"

namespace firn::observe {

using iceberg::DataFileContent;
using iceberg::ManifestEntry;
using iceberg::ManifestEntryStatus;
using iceberg::Snapshot;
using iceberg::SnapshotOperation;
using iceberg::TableMetadata;

namespace {

constexpr int64_t kHourMs = 60LL * 60 * 1000;

int64_t SystemNowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

bool IsIngest(const Snapshot& s) { return s.operation != SnapshotOperation::kReplace; }
bool InWindow(int64_t ts, int64_t now) { return ts > now - kHealthWindowMs && ts <= now; }

// Nearest-rank percentile of sorted values: the smallest value with at least p of the
// values at or below it. REQUIRES: !sorted.empty().
int64_t Percentile(const std::vector<int64_t>& sorted, double p) {
  const auto n = static_cast<double>(sorted.size());
  auto rank = static_cast<size_t>(std::ceil(p * n));
  rank = std::clamp<size_t>(rank, 1, sorted.size());
  return sorted[rank - 1];
}

std::optional<int64_t> SummaryInt(const Snapshot& s, std::string_view key) {
  auto it = s.summary.find(std::string(key));
  if (it == s.summary.end()) return std::nullopt;
  int64_t v = 0;
  const std::string& text = it->second;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size()) return std::nullopt;  // not ours
  return v;
}

// The oldest retained snapshot's time when expiry removed its parent (so history before
// it is gone); nullopt when the table's whole history is retained.
std::optional<int64_t> TruncatedHistoryStart(const TableMetadata& m) {
  const Snapshot* oldest = nullptr;
  for (const Snapshot& s : m.snapshots) {
    if (oldest == nullptr || s.timestamp_ms < oldest->timestamp_ms) oldest = &s;
  }
  if (oldest == nullptr || !oldest->parent_snapshot_id) return std::nullopt;
  if (m.SnapshotById(*oldest->parent_snapshot_id) != nullptr) return std::nullopt;
  return oldest->timestamp_ms;
}

CommitFrequency AnalyzeCommits(const TableMetadata& m, int64_t now) {
  CommitFrequency c;
  c.commits_per_hour.assign(24, 0);
  const int64_t start = now - kHealthWindowMs;
  std::vector<int64_t> times;
  for (const Snapshot& s : m.snapshots) {
    if (IsIngest(s) && (!c.last_commit_ms || s.timestamp_ms > *c.last_commit_ms))
      c.last_commit_ms = s.timestamp_ms;
    if (!InWindow(s.timestamp_ms, now)) continue;
    if (!IsIngest(s)) {
      ++c.maintenance_commits;
      continue;
    }
    ++c.ingest_commits;
    times.push_back(s.timestamp_ms);
    // (start, start + 1 h] is hour 0; now falls in hour 23.
    const int64_t hour = std::clamp<int64_t>((s.timestamp_ms - start - 1) / kHourMs, 0, 23);
    ++c.commits_per_hour[static_cast<size_t>(hour)];
  }
  c.peak_per_hour = *std::max_element(c.commits_per_hour.begin(), c.commits_per_hour.end());
  std::optional<int64_t> truncated = TruncatedHistoryStart(m);
  int64_t covered_from = start;
  if (truncated && *truncated > start) {
    c.history_starts_ms = truncated;
    covered_from = *truncated;
  }
  // At least one minute, so that a burst of commits right after expiry is not a huge rate.
  const int64_t covered = std::max<int64_t>(now - covered_from, 60'000);
  c.average_per_hour =
      static_cast<double>(c.ingest_commits) * kHourMs / static_cast<double>(covered);
  std::sort(times.begin(), times.end());
  if (times.size() >= 2) {
    std::vector<int64_t> gaps;
    for (size_t i = 1; i < times.size(); ++i) gaps.push_back(times[i] - times[i - 1]);
    std::sort(gaps.begin(), gaps.end());
    c.median_interval_ms = Percentile(gaps, 0.5);
  }
  return c;
}

std::optional<LatencyStats> LatencyOf(const TableMetadata& m, int64_t now, std::string_view key) {
  std::vector<int64_t> lat;
  LatencyStats st;
  for (const Snapshot& s : m.snapshots) {
    if (!IsIngest(s) || !InWindow(s.timestamp_ms, now)) continue;
    std::optional<int64_t> wm = SummaryInt(s, key);
    if (!wm) continue;
    lat.push_back(s.timestamp_ms - *wm);
    if (*wm > s.timestamp_ms) ++st.future;
  }
  if (lat.empty()) return std::nullopt;
  std::sort(lat.begin(), lat.end());
  st.commits = static_cast<int64_t>(lat.size());
  st.p50_ms = Percentile(lat, 0.50);
  st.p99_ms = Percentile(lat, 0.99);
  st.max_ms = lat.back();
  return st;
}

EndToEndLatency AnalyzeLatency(const TableMetadata& m, int64_t now) {
  EndToEndLatency l;
  l.event_time = LatencyOf(m, now, kEventTimeWatermarkKey);
  l.source_timestamp = LatencyOf(m, now, kSourceTimestampWatermarkKey);
  // Event times mostly ahead of the commits say the producers' clocks (or the data) are
  // off, not that firn is fast: the Kafka timestamp is the better measure then.
  const bool skewed = l.event_time && l.event_time->future * 2 > l.event_time->commits;
  if (l.event_time && !(skewed && l.source_timestamp)) {
    l.source = LatencySource::kEventTime;
  } else if (l.source_timestamp) {
    l.source = LatencySource::kSourceTimestamp;
  }
  return l;
}

// Identifies a partition across specs: "<spec id>:<partition path>".
std::string PartitionKey(const TableMetadata& m, const iceberg::DataFile& f, std::string* display) {
  const iceberg::PartitionSpec* spec = m.SpecById(f.spec_id);
  if (spec != nullptr && spec->fields.size() == f.partition.size()) {
    *display = iceberg::PartitionPath(*spec, f.partition);
  } else {
    display->clear();
    for (const iceberg::Literal& v : f.partition)
      *display += (display->empty() ? "" : "/") + v.ToString();
  }
  return fmt::format("{}:{}", f.spec_id, *display);
}

struct WaitingPartition {
  std::string display;
  int64_t files = 0, bytes = 0;
  std::optional<int64_t> oldest_ms;
  bool unknown_age = false;
};

Status AnalyzeFiles(io::FileIO& io, const TableMetadata& m, const HealthOptions& options,
                    TableHealth* h) {
  const int64_t now = h->now_ms;
  FileSizes& fs = h->file_sizes;
  for (double r : kSizeBucketRatios) {
    SizeBucket b;
    b.min_ratio = fs.distribution.empty() ? 0 : fs.distribution.back().max_ratio;
    b.max_ratio = r;
    fs.distribution.push_back(b);
  }
  fs.distribution.push_back(
      SizeBucket{.min_ratio = kSizeBucketRatios[std::size(kSizeBucketRatios) - 1]});
  for (SizeBucket& b : fs.distribution) {
    b.min_bytes = static_cast<int64_t>(b.min_ratio * static_cast<double>(fs.target_bytes));
    b.max_bytes = static_cast<int64_t>(b.max_ratio * static_cast<double>(fs.target_bytes));
  }
  const Snapshot* current = m.CurrentSnapshot();
  if (current == nullptr) return OkStatus();
  FIRN_ASSIGN_OR_RETURN(auto manifests, iceberg::ReadManifestList(io, current->manifest_list));
  TableCounts& tc = h->counts;
  tc.manifests = static_cast<int64_t>(manifests.size());
  std::map<std::string, WaitingPartition> small_by_partition;
  // Delete manifests first: the data files are then matched against their delete files.
  iceberg::DeleteFileIndex deletes;
  for (const iceberg::ManifestFile& mf : manifests) {
    if (mf.content != iceberg::ManifestContent::kDeletes) continue;
    ++tc.delete_manifests;
    FIRN_ASSIGN_OR_RETURN(std::vector<ManifestEntry> entries, iceberg::ReadManifest(io, mf));
    for (const ManifestEntry& e : entries) {
      if (e.status == ManifestEntryStatus::kDeleted) continue;
      const iceberg::DataFile& f = e.data_file;
      ++tc.delete_files;
      ++(f.content == DataFileContent::kPositionDeletes ? tc.position_delete_files
                                                        : tc.equality_delete_files);
      tc.deleted_records += f.record_count;
      FIRN_RETURN_NOT_OK(deletes.Add(f, e.sequence_number.value_or(SequenceNumber(0)),
                                     m.SpecById(f.spec_id)));
    }
  }
  for (const iceberg::ManifestFile& mf : manifests) {
    if (mf.content == iceberg::ManifestContent::kDeletes) continue;
    FIRN_ASSIGN_OR_RETURN(std::vector<ManifestEntry> entries, iceberg::ReadManifest(io, mf));
    for (const ManifestEntry& e : entries) {
      if (e.status == ManifestEntryStatus::kDeleted) continue;
      const iceberg::DataFile& f = e.data_file;
      if (f.content != DataFileContent::kData) continue;  // a delete file in a data manifest: not valid
      tc.records += f.record_count;
      if (deletes.size() > 0) {
        for (const iceberg::IndexedDeleteFile* d :
             deletes.ForDataFile(f, e.sequence_number.value_or(SequenceNumber(0)))) {
          tc.delete_rows_read += d->file.record_count;
        }
      }
      ++fs.data_files;
      fs.data_bytes += f.file_size_in_bytes;
      for (SizeBucket& b : fs.distribution) {
        if (f.file_size_in_bytes >= b.min_bytes &&
            (b.max_bytes == 0 || f.file_size_in_bytes < b.max_bytes)) {
          ++b.files;
          b.bytes += f.file_size_in_bytes;
          break;
        }
      }
      if (f.file_size_in_bytes >= fs.small_below_bytes) continue;
      ++fs.small_files;
      fs.small_bytes += f.file_size_in_bytes;
      std::string display;
      WaitingPartition& p = small_by_partition[PartitionKey(m, f, &display)];
      p.display = std::move(display);
      ++p.files;
      p.bytes += f.file_size_in_bytes;
      const Snapshot* added = e.snapshot_id ? m.SnapshotById(*e.snapshot_id) : nullptr;
      if (added == nullptr) {
        p.unknown_age = true;
      } else if (!p.oldest_ms || added->timestamp_ms < *p.oldest_ms) {
        p.oldest_ms = added->timestamp_ms;
      }
    }
  }
  if (fs.data_files > 0) fs.average_bytes = fs.data_bytes / fs.data_files;
  tc.data_files = fs.data_files;
  if (tc.records > 0) {
    tc.delete_ratio = static_cast<double>(tc.deleted_records) / static_cast<double>(tc.records);
    tc.read_amplification =
        static_cast<double>(tc.records + tc.delete_rows_read) / static_cast<double>(tc.records);
  }
  if (tc.data_files > 0) {
    tc.delete_file_ratio = static_cast<double>(tc.delete_files) / static_cast<double>(tc.data_files);
  }

  CompactionLag& lag = h->compaction;
  bool unknown_age = false;
  for (const auto& [key, p] : small_by_partition) {
    if (p.files < 2 || (p.files < options.min_input_files && p.bytes <= fs.target_bytes)) {
      lag.below_min_input += p.files;
      continue;
    }
    ++lag.partitions;
    lag.files += p.files;
    lag.bytes += p.bytes;
    if (p.files > lag.worst_partition_files) {
      lag.worst_partition_files = p.files;
      lag.worst_partition = p.display;
    }
    unknown_age |= p.unknown_age;
    if (p.oldest_ms && (!lag.oldest_added_ms || *p.oldest_ms < *lag.oldest_added_ms))
      lag.oldest_added_ms = p.oldest_ms;
  }
  if (unknown_age) {
    // The adding snapshot was expired, so the file is at least as old as the oldest
    // snapshot still retained.
    lag.oldest_age_is_lower_bound = true;
    for (const Snapshot& s : m.snapshots) {
      if (!lag.oldest_added_ms || s.timestamp_ms < *lag.oldest_added_ms)
        lag.oldest_added_ms = s.timestamp_ms;
    }
  }
  if (lag.oldest_added_ms) lag.oldest_age_ms = std::max<int64_t>(0, now - *lag.oldest_added_ms);
  return OkStatus();
}

}  // namespace

std::string_view LatencySourceName(LatencySource s) {
  switch (s) {
    case LatencySource::kNone:
      return "none";
    case LatencySource::kEventTime:
      return "event-time";
    case LatencySource::kSourceTimestamp:
      return "source-timestamp";
  }
  return "none";
}

const LatencyStats* EndToEndLatency::primary() const {
  switch (source) {
    case LatencySource::kEventTime:
      return event_time ? &*event_time : nullptr;
    case LatencySource::kSourceTimestamp:
      return source_timestamp ? &*source_timestamp : nullptr;
    case LatencySource::kNone:
      return nullptr;
  }
  return nullptr;
}

Result<TableHealth> AnalyzeTableHealth(io::FileIO& io, const TableMetadata& metadata,
                                       const HealthOptions& options) {
  TableHealth h;
  h.now_ms = options.now_ms.value_or(SystemNowMs());
  h.current_snapshot_id = metadata.current_snapshot_id
                              ? std::optional(metadata.current_snapshot_id->value())
                              : std::nullopt;
  int64_t target = 0;
  if (options.target_file_size_bytes) {
    target = *options.target_file_size_bytes;
  } else {
    FIRN_ASSIGN_OR_RETURN(
        target, iceberg::PropertyAsInt(metadata.properties, iceberg::props::kTargetFileSizeBytes,
                                       kDefaultTargetFileSizeBytes));
  }
  if (target <= 0)
    return InvalidArgument("{} must be positive, not {}", iceberg::props::kTargetFileSizeBytes,
                           target);
  h.file_sizes.target_bytes = target;
  h.file_sizes.small_below_bytes = options.min_file_size_bytes.value_or(
      iceberg::props::CompactionMinFileSizeBytes(target));
  h.commits = AnalyzeCommits(metadata, h.now_ms);
  h.latency = AnalyzeLatency(metadata, h.now_ms);
  h.counts.snapshots = static_cast<int64_t>(metadata.snapshots.size());
  FIRN_RETURN_NOT_OK(AnalyzeFiles(io, metadata, options, &h));
  return h;
}

}  // namespace firn::observe
