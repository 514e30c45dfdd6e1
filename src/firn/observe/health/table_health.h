// The numbers a streaming Iceberg table is watched by (`firn health`, `/health`):
// commit frequency, file sizes against the target, compaction lag, end-to-end latency,
// and the table's snapshot, manifest and delete-file counts. Computed from one table
// metadata and the manifests of its current snapshot; judged in health_verdicts.h.
//
// Definitions (the contract the verdicts and the JSON rely on):
// - An ingest commit is a snapshot whose operation is not `replace`; `replace` snapshots
//   are maintenance (compaction, manifest rewrites) and are counted apart.
// - The window is the 24 hours ending at `now_ms`: (now - 24 h, now].
// - The target file size is write.target-file-size-bytes when the table sets it, else
//   kDefaultTargetFileSizeBytes: the target firn's compaction packs to
//   (maintain/compact/compaction_options.h), not the writer's 512 MiB roll size.
// - "Small" is below min-file-size = 75% of the target (props::CompactionMinFileSizeBytes), the threshold
//   Iceberg's RewriteDataFiles and firn's compaction planner both use.
// - Compaction lag counts the small data files that compaction would rewrite now: those of
//   partitions holding at least two small files (one alone cannot be packed with anything)
//   and either min_input_files of them or more bytes than one target file (the planner's
//   rule, compaction_plan.h). Small files of other partitions are reported apart as
//   below_min_input: they wait for more files to join them, not for compaction.
// - Latency of a commit = snapshot timestamp-ms - its watermark, where firn's ingest
//   writes `firn.watermark.event-time-ms` (the newest event time in the commit) and
//   `firn.watermark.source-timestamp-ms` (the newest Kafka timestamp). It is thus the
//   freshness of the newest record when it became visible.
//
// Thread-safety: plain values and a pure function of its inputs (it reads files).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "firn/common/result.h"
#include "firn/iceberg/metadata/table_metadata.h"
#include "firn/io/file_io.h"

namespace firn::observe {

// The compaction target and min-file-size defaults shared with maintain/compact
// (iceberg/metadata/table_properties.h).
inline constexpr int64_t kDefaultTargetFileSizeBytes = iceberg::props::kCompactionTargetFileSizeBytesDefault;
// Iceberg's RewriteDataFiles min-input-files default, which firn's compaction keeps.
inline constexpr int kDefaultMinInputFiles = 5;
inline constexpr int64_t kHealthWindowMs = 24LL * 60 * 60 * 1000;
inline constexpr std::string_view kEventTimeWatermarkKey = "firn.watermark.event-time-ms";
inline constexpr std::string_view kSourceTimestampWatermarkKey =
    "firn.watermark.source-timestamp-ms";

struct HealthOptions {
  std::optional<int64_t> now_ms;                  // the clock; default: the system's
  std::optional<int64_t> target_file_size_bytes;  // default: see the definitions above
  std::optional<int64_t> min_file_size_bytes;     // default: 75% of the target
  int min_input_files = kDefaultMinInputFiles;    // 2: every partition with 2 small files
};

struct CommitFrequency {
  std::vector<int64_t> commits_per_hour;  // ingest commits, 24 hours, oldest hour first
  int64_t ingest_commits = 0;             // in the window
  int64_t maintenance_commits = 0;        // replace snapshots in the window
  int64_t peak_per_hour = 0;              // the busiest hour of commits_per_hour
  // Ingest commits per hour over the part of the window the retained snapshots cover.
  double average_per_hour = 0;
  std::optional<int64_t> median_interval_ms;  // between consecutive ingest commits in the window
  std::optional<int64_t> last_commit_ms;      // the newest ingest commit, any age
  // When snapshot expiry removed part of the window: the oldest retained snapshot's time.
  std::optional<int64_t> history_starts_ms;
};

// One bucket of the size distribution: files with min_bytes <= size < max_bytes.
struct SizeBucket {
  double min_ratio = 0, max_ratio = 0;   // of the target; max_ratio 0 means unbounded
  int64_t min_bytes = 0, max_bytes = 0;  // the same in bytes; max_bytes 0 means unbounded
  int64_t files = 0;
  int64_t bytes = 0;
};

struct FileSizes {
  int64_t target_bytes = 0;       // target file size
  int64_t small_below_bytes = 0;  // min-file-size: smaller files are small
  int64_t data_files = 0;         // live data files of the current snapshot
  int64_t data_bytes = 0;
  int64_t average_bytes = 0;  // 0 when there are no files
  int64_t small_files = 0;
  int64_t small_bytes = 0;
  std::vector<SizeBucket> distribution;  // kSizeBucketRatios, ascending
};

struct CompactionLag {
  int64_t files = 0;            // small files compaction would rewrite now (see above)
  int64_t bytes = 0;            // their bytes
  int64_t partitions = 0;       // partitions with such files
  int64_t below_min_input = 0;  // the other small files: too few in their partition yet
  std::string worst_partition;  // the partition with the most ("" when unpartitioned)
  int64_t worst_partition_files = 0;
  std::optional<int64_t> oldest_added_ms;  // when the oldest waiting file was committed
  std::optional<int64_t> oldest_age_ms;    // now - oldest_added_ms
  // The snapshot that added some waiting file was expired: the age is a lower bound,
  // taken from the oldest retained snapshot.
  bool oldest_age_is_lower_bound = false;
};

struct LatencyStats {
  int64_t commits = 0;  // ingest commits in the window carrying this watermark
  int64_t p50_ms = 0, p99_ms = 0, max_ms = 0;  // nearest-rank percentiles; may be negative
  int64_t future = 0;  // commits whose watermark is after their commit time (clock skew)
};

enum class LatencySource { kNone, kEventTime, kSourceTimestamp };
std::string_view LatencySourceName(LatencySource s);  // "none", "event-time", "source-timestamp"

struct EndToEndLatency {
  // What the verdict judges: event time when the window's commits carry it, else the
  // Kafka timestamp; also the Kafka timestamp when more than half of the event-time
  // watermarks are after their commit (skewed producer clocks).
  LatencySource source = LatencySource::kNone;
  std::optional<LatencyStats> event_time;
  std::optional<LatencyStats> source_timestamp;

  const LatencyStats* primary() const;  // nullptr for kNone
};

struct TableCounts {
  int64_t snapshots = 0;         // retained in the metadata
  int64_t manifests = 0;         // listed by the current snapshot
  int64_t delete_manifests = 0;  // of which hold delete files
  int64_t delete_files = 0;      // live position and equality delete files
  int64_t position_delete_files = 0, equality_delete_files = 0;
  int64_t records = 0;          // rows in live data files
  int64_t deleted_records = 0;  // rows in live delete files (position + equality)
  double delete_ratio = 0;      // deleted_records / records; 0 without records
  int64_t data_files = 0;        // live data files
  double delete_file_ratio = 0;  // delete_files / data_files; 0 without data files
  // Merge-on-read cost of a full scan of the current snapshot: every data file is read
  // with every delete file that applies to it (the spec's sequence-number and partition
  // rules, as the scan plans it). delete_rows_read sums, over data files, the rows of
  // their delete files; read_amplification = (records + delete_rows_read) / records, the
  // rows a scan reads per data row (1 without deletes; 0 without records). A global
  // equality delete file counts once per older data file, as readers load it for each.
  int64_t delete_rows_read = 0;
  double read_amplification = 0;
};

struct TableHealth {
  int64_t now_ms = 0;
  std::optional<int64_t> current_snapshot_id;
  CommitFrequency commits;
  FileSizes file_sizes;
  CompactionLag compaction;
  EndToEndLatency latency;
  TableCounts counts;
};

// The upper bounds of the size buckets as ratios of the target: < 1%, 1-10%, 10-25%,
// 25-50%, 50-75% (the last small bucket), 75-125% (on target), >= 125%.
inline constexpr double kSizeBucketRatios[] = {0.01, 0.10, 0.25, 0.50, 0.75, 1.25};

// Reads the current snapshot's manifest list and manifests. An empty table gives a report
// of zeros. Errors: InvalidArgument for a bad write.target-file-size-bytes, and the
// reader's NotFound/Corrupt naming the manifest or manifest list that is missing or damaged.
Result<TableHealth> AnalyzeTableHealth(io::FileIO& io, const iceberg::TableMetadata& metadata,
                                       const HealthOptions& options);

}  // namespace firn::observe
