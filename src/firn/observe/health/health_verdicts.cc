#include "firn/observe/health/health_verdicts.h"

#include <fmt/format.h>

#include <algorithm>
#include <vector>

#include "firn/observe/health/health_format.h"

namespace firn::observe {

namespace t = thresholds;

namespace {

constexpr int64_t kDayMs = 24LL * 60 * 60 * 1000;

// The maintenance commands the recommendations name (src/cli/maintain_command.cc).
std::string Maintain(std::string_view table, std::string_view action) {
  return fmt::format("`firn maintain {} {}`", table, action);
}

std::string Plural(int64_t n, std::string_view noun) { return FormatCountOf(n, noun); }

std::string_view SourceText(LatencySource s) {
  return s == LatencySource::kEventTime ? "event time" : "Kafka timestamp";
}

Finding JudgeCommits(const TableHealth& h) {
  const CommitFrequency& c = h.commits;
  if (!c.last_commit_ms) return {Verdict::kOk, "no ingest commits yet"};
  const int64_t since_last = h.now_ms - *c.last_commit_ms;
  if (c.ingest_commits == 0) {
    return {
        Verdict::kWarn,
        fmt::format("no ingest commits in the last 24 h (the last was {} ago): is ingest running?",
                    FormatDuration(since_last))};
  }
  // Below one an hour, a rate per day reads better than "0.0/h".
  const std::string rate = c.average_per_hour >= 1
                               ? fmt::format("{:.1f}/h", c.average_per_hour)
                               : fmt::format("{:.1f}/day", c.average_per_hour * 24);
  std::string numbers =
      fmt::format("{} in the last 24 h: {}, peak {}/h", Plural(c.ingest_commits, "commit"), rate,
                  FormatCount(c.peak_per_hour));
  if (c.median_interval_ms) numbers += ", median interval " + FormatDuration(*c.median_interval_ms);
  if (c.maintenance_commits > 0)
    numbers += "; and " + Plural(c.maintenance_commits, "maintenance commit");
  if (c.history_starts_ms)
    numbers +=
        "; history before " + FormatDuration(h.now_ms - *c.history_starts_ms) + " ago is expired";
  if (c.median_interval_ms) {
    const int64_t interval = std::max<int64_t>(*c.median_interval_ms, 1);
    const int64_t stale_after = std::max(t::kStaleMinMs, t::kStaleIntervals * interval);
    if (since_last >= stale_after) {
      return {
          Verdict::kWarn,
          fmt::format("the last ingest commit was {} ago, where commits come every {}: is ingest "
                      "running? ({})",
                      FormatDuration(since_last), FormatDuration(interval), numbers)};
    }
    if (interval < t::kCommitIntervalWarnMs) {
      return {
          interval < t::kCommitIntervalBadMs ? Verdict::kBad : Verdict::kWarn,
          fmt::format(
              "{} commits make {} snapshots a day: raise commit.interval-ms or expire daily ({})",
              FormatDuration(interval), FormatCount(kDayMs / interval), numbers)};
    }
  }
  return {Verdict::kOk, numbers};
}

Finding JudgeFileSizes(const TableHealth& h, std::string_view table) {
  const FileSizes& f = h.file_sizes;
  if (f.data_files == 0) return {Verdict::kOk, "no data files"};
  const double share = static_cast<double>(f.small_files) / static_cast<double>(f.data_files);
  const std::string head = fmt::format("{} of {} files ({}) are under {}",
                                       FormatCount(f.small_files), FormatCount(f.data_files),
                                       FormatPercent(share), FormatBytes(f.small_below_bytes));
  const std::string tail = fmt::format(" (average {}, target {})", FormatBytes(f.average_bytes),
                                       FormatBytes(f.target_bytes));
  if (f.small_files < t::kSmallFilesFloor || share < t::kSmallShareWarn)
    return {Verdict::kOk, head + tail};
  if (h.compaction.files == 0) {
    // Nothing compaction could merge: each partition's small files are too few.
    if (f.small_files < t::kSmallFilesBad)
      return {Verdict::kOk, head + ", too few per partition to compact yet" + tail};
    return {Verdict::kWarn,
            head +
                ", too few per partition to compact: the partition spec may be too fine for the "
                "data rate" +
                tail};
  }
  const Verdict v = share >= t::kSmallShareBad && f.small_files >= t::kSmallFilesBad
                        ? Verdict::kBad
                        : Verdict::kWarn;
  return {v, head + ": run " + Maintain(table, "compact") + tail};
}

Finding JudgeCompaction(const TableHealth& h, std::string_view table) {
  const CompactionLag& l = h.compaction;
  // Small files compaction leaves alone for now (too few in their partition).
  const std::string alone =
      l.below_min_input == 0 ? ""
      : l.below_min_input == 1
          ? "1 small file waits for more to join it"
          : fmt::format("{} wait for more to join them", Plural(l.below_min_input, "small file"));
  if (l.files == 0)
    return {Verdict::kOk,
            alone.empty() ? "nothing waiting for compaction" : "nothing to compact; " + alone};
  std::string numbers = fmt::format("{} ({}) in {} wait for compaction", Plural(l.files, "file"),
                                    FormatBytes(l.bytes), Plural(l.partitions, "partition"));
  if (l.oldest_age_ms) {
    numbers += fmt::format(", the oldest for {}{}", l.oldest_age_is_lower_bound ? "at least " : "",
                           FormatDuration(*l.oldest_age_ms));
  }
  if (!l.worst_partition.empty() && l.partitions > 1) {
    numbers +=
        fmt::format(" (most in {}: {})", l.worst_partition, FormatCount(l.worst_partition_files));
  }
  if (!alone.empty()) numbers += "; " + alone;
  const int64_t age = l.oldest_age_ms.value_or(0);
  Verdict v = Verdict::kOk;
  if (age >= t::kLagAgeBadMs || l.files >= t::kLagFilesBad) {
    v = Verdict::kBad;
  } else if (age >= t::kLagAgeWarnMs || l.files >= t::kLagFilesWarn) {
    v = Verdict::kWarn;
  }
  if (v == Verdict::kOk) return {v, numbers};
  return {v, numbers + ": compaction is behind (firn run compacts every 30 min): run " +
                 Maintain(table, "compact")};
}

Finding JudgeLatency(const TableHealth& h) {
  const EndToEndLatency& l = h.latency;
  const LatencyStats* p = l.primary();
  if (p == nullptr) {
    if (h.commits.ingest_commits == 0)
      return {Verdict::kOk, "no ingest commits in the last 24 h to measure"};
    return {Verdict::kOk, "the last 24 h's commits carry no firn watermarks: latency unknown"};
  }
  std::string numbers =
      fmt::format("p50 {}, p99 {} from {} to commit, over {}", FormatDuration(p->p50_ms),
                  FormatDuration(p->p99_ms), SourceText(l.source), Plural(p->commits, "commit"));
  if (l.source == LatencySource::kSourceTimestamp && l.event_time && l.event_time->future > 0) {
    numbers += fmt::format(
        " (event times of {} of {} commits are ahead of the commit: producer clocks are skewed)",
        FormatCount(l.event_time->future), FormatCount(l.event_time->commits));
  } else if (p->future > 0) {
    numbers += fmt::format(" ({} with {} after the commit: clocks are skewed)",
                           Plural(p->future, "commit"), SourceText(l.source));
  }
  Verdict v = Verdict::kOk;
  if (p->p99_ms >= t::kLatencyP99BadMs) {
    v = Verdict::kBad;
  } else if (p->p99_ms >= t::kLatencyP99WarnMs) {
    v = Verdict::kWarn;
  }
  if (v == Verdict::kOk) return {v, numbers};
  // Where the time goes: before Kafka (event time late already at the broker) or in firn.
  const LatencyStats* kafka =
      l.source == LatencySource::kEventTime && l.source_timestamp ? &*l.source_timestamp : nullptr;
  std::string advice;
  if (kafka != nullptr && kafka->p99_ms < t::kLatencyP99WarnMs) {
    advice = fmt::format(
        "from the Kafka timestamp it is only {} (p99): events reach Kafka late (a backfill or "
        "late producers), firn is not the delay",
        FormatDuration(kafka->p99_ms));
  } else if (p->p50_ms >= kDayMs) {
    advice =
        "records are days old when committed: a backfill of old data, or ingest far behind the "
        "stream "
        "(check consumer lag on firn run's /metrics)";
  } else if (h.commits.median_interval_ms && *h.commits.median_interval_ms * 2 >= p->p50_ms) {
    advice = fmt::format("commits every {} bound it: lower commit.interval-ms",
                         FormatDuration(*h.commits.median_interval_ms));
  } else {
    advice =
        "ingest is behind the stream: check consumer lag (firn run's /metrics) and the memory "
        "budget";
  }
  return {v, fmt::format("p99 latency {} from {}: {} (p50 {}, over {})", FormatDuration(p->p99_ms),
                         SourceText(l.source), advice, FormatDuration(p->p50_ms),
                         Plural(p->commits, "commit"))};
}

Finding JudgeCounts(const TableHealth& h, std::string_view table) {
  const TableCounts& c = h.counts;
  const std::string numbers =
      fmt::format("{}, {}, {}, delete ratio {}{}", Plural(c.snapshots, "snapshot"),
                  Plural(c.manifests, "manifest"), Plural(c.delete_files, "delete file"),
                  FormatPercent(c.delete_ratio),
                  c.delete_files > 0 ? fmt::format(", {:.2f} delete files per data file, read amplification {:.2f}x",
                                                   c.delete_file_ratio, c.read_amplification)
                                     : std::string());
  Verdict v = Verdict::kOk;
  std::vector<std::string> advice;
  auto raise = [&](Verdict at, std::string text) {
    v = std::max(v, at);
    advice.push_back(std::move(text));
  };
  if (c.snapshots >= t::kSnapshotsWarn) {
    raise(c.snapshots >= t::kSnapshotsBad ? Verdict::kBad : Verdict::kWarn,
          fmt::format("{} snapshots are rewritten into every metadata file: expire snapshots ({})",
                      FormatCount(c.snapshots), Maintain(table, "expire-snapshots")));
  }
  if (c.manifests >= t::kManifestsWarn) {
    raise(Verdict::kWarn,
          fmt::format("{} manifests make every scan plan slow: rewrite them ({})",
                      FormatCount(c.manifests), Maintain(table, "rewrite-manifests")));
  }
  if (c.delete_ratio >= t::kDeleteRatioWarn) {
    raise(c.delete_ratio >= t::kDeleteRatioBad ? Verdict::kBad : Verdict::kWarn,
          fmt::format(
              "{} of rows are deleted by {} that every read applies: compact to apply them ({})",
              FormatPercent(c.delete_ratio), Plural(c.delete_files, "delete file"),
              Maintain(table, "compact")));
  }
  if (c.read_amplification >= t::kReadAmplificationWarn) {
    raise(c.read_amplification >= t::kReadAmplificationBad ? Verdict::kBad : Verdict::kWarn,
          fmt::format("a full scan reads {:.2f} rows per data row ({} delete rows applied across {}): "
                      "compact to fold the deletes in ({})",
                      c.read_amplification, FormatCount(c.delete_rows_read), Plural(c.data_files, "data file"),
                      Maintain(table, "compact")));
  }
  if (advice.empty()) return {v, numbers};
  std::string text;
  for (const std::string& a : advice) text += (text.empty() ? "" : "; ") + a;
  return {v, text + " (" + numbers + ")"};
}

}  // namespace

std::string_view VerdictName(Verdict v) {
  switch (v) {
    case Verdict::kOk:
      return "ok";
    case Verdict::kWarn:
      return "warn";
    case Verdict::kBad:
      return "bad";
  }
  return "bad";
}

Verdict HealthVerdicts::overall() const {
  return std::max(
      {commits.verdict, file_sizes.verdict, compaction.verdict, latency.verdict, counts.verdict});
}

HealthVerdicts JudgeHealth(const TableHealth& health, std::string_view table) {
  HealthVerdicts v;
  v.commits = JudgeCommits(health);
  v.file_sizes = JudgeFileSizes(health, table);
  v.compaction = JudgeCompaction(health, table);
  v.latency = JudgeLatency(health);
  v.counts = JudgeCounts(health, table);
  return v;
}

}  // namespace firn::observe
