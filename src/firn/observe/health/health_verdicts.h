// Verdicts on a TableHealth: ok / warn / bad for each of the four numbers and for the
// table's metadata, each with one line that states the numbers and, when not ok, the
// concrete thing to do:
//
//   warn  10 s commits make 8,640 snapshots a day: raise commit.interval-ms or expire daily
//   bad   412 of 430 files (96%) are under 192 MiB: run `firn maintain db.t compact`
//
// The thresholds, with the reasoning an operator of a large lake (Amoro's self-optimizing,
// S3 Tables' and Dremio's automatic compaction) would apply. A threshold is crossed when
// the value is at or beyond it.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "firn/observe/health/table_health.h"

namespace firn::observe {

namespace thresholds {
// Commit frequency, by the median interval between ingest commits. firn commits every
// 60 s by default; each commit is a snapshot, a manifest list, a manifest and a metadata
// file that carries every retained snapshot.
inline constexpr int64_t kCommitIntervalWarnMs = 30'000;  // below: > 2,880 snapshots a day
inline constexpr int64_t kCommitIntervalBadMs = 5'000;    // below: > 17,280 snapshots a day
// A table whose last ingest commit is older than this many median intervals (and at
// least kStaleMinMs) looks stalled.
inline constexpr int64_t kStaleIntervals = 10;
inline constexpr int64_t kStaleMinMs = 60LL * 60 * 1000;

// File sizes, by the share of data files below min-file-size. Fewer small files than
// kSmallFilesFloor never matter (Amoro's self-optimizing.minor.trigger.file-count is 12).
inline constexpr double kSmallShareWarn = 0.20;
inline constexpr double kSmallShareBad = 0.50;
inline constexpr int64_t kSmallFilesFloor = 12;
inline constexpr int64_t kSmallFilesBad = 100;  // bad needs both the share and this many

// Compaction lag: firn run compacts every 30 min, so a file waiting two cycles means
// compaction is behind; a day means it is not running.
inline constexpr int64_t kLagAgeWarnMs = 60LL * 60 * 1000;
inline constexpr int64_t kLagAgeBadMs = 24LL * 60 * 60 * 1000;
inline constexpr int64_t kLagFilesWarn = 500;
inline constexpr int64_t kLagFilesBad = 5'000;

// End-to-end latency, p99: a streaming table is expected to be minutes fresh.
inline constexpr int64_t kLatencyP99WarnMs = 5LL * 60 * 1000;
inline constexpr int64_t kLatencyP99BadMs = 30LL * 60 * 1000;

// Table metadata. Every retained snapshot is rewritten into each new metadata file, and
// merge-on-commit should keep the manifest list near commit.manifest.min-count-to-merge
// (100 by default).
inline constexpr int64_t kSnapshotsWarn = 1'000;
inline constexpr int64_t kSnapshotsBad = 10'000;
inline constexpr int64_t kManifestsWarn = 200;
// Deleted rows per live row: Amoro's major-optimizing duplicate-ratio trigger is 0.1.
inline constexpr double kDeleteRatioWarn = 0.10;
inline constexpr double kDeleteRatioBad = 0.50;
// Rows a full scan reads per data row (data plus the delete rows applied to each file).
// Global equality deletes multiply it: each older data file reads all of them.
inline constexpr double kReadAmplificationWarn = 2.0;
inline constexpr double kReadAmplificationBad = 5.0;
}  // namespace thresholds

enum class Verdict : int8_t { kOk = 0, kWarn = 1, kBad = 2 };
std::string_view VerdictName(Verdict v);  // "ok", "warn", "bad"

struct Finding {
  Verdict verdict = Verdict::kOk;
  std::string message;  // one line: the numbers, then what to do when not ok

  bool operator==(const Finding&) const = default;
};

struct HealthVerdicts {
  Finding commits;     // 1. commit frequency
  Finding file_sizes;  // 2. file sizes
  Finding compaction;  // 3. compaction lag
  Finding latency;     // 4. end-to-end latency
  Finding counts;      // snapshots, manifests, delete files

  Verdict overall() const;  // the worst of the five
};

// `table` ("db.events") is named in the commands the recommendations give.
HealthVerdicts JudgeHealth(const TableHealth& health, std::string_view table);

}  // namespace firn::observe
