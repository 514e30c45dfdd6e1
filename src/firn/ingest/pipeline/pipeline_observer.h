// PipelineObserver: what the Pipeline tells a monitor (firn run's metrics, cli/
// run_metrics.h) as it goes, at batch and commit granularity, never per record. Ingest
// does not depend on the monitor: the monitor implements this interface.
//
// Thread-safety: the Pipeline calls every method on the thread that runs it; an
// implementation that shares what it learns with other threads (an HTTP server) does its
// own locking. Callbacks must be quick: they run inside the ingest loop.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <span>
#include <string>
#include <string_view>

#include "firn/common/strong_type.h"
#include "firn/ingest/source/source.h"

namespace firn::ingest {

// One table's snapshot, committed by a commit cycle.
struct CommitObservation {
  std::string_view table;  // "db.events" (dead-letter tables too)
  int64_t snapshot_id = 0;
  int64_t records = 0;                  // records in the snapshot
  int64_t bytes = 0;                    // data-file bytes added
  std::span<const int64_t> file_sizes;  // each data file added, bytes
  int64_t commit_ms = 0;                // the commit itself: manifests + catalog swap
  int64_t event_time_ms = -1;           // newest event time in it (watermark column); -1 none
  int64_t source_timestamp_ms = -1;     // newest Kafka timestamp in it; -1 none
  int64_t wait_ms = 0;                  // from reading the cycle's first record to this commit
  std::chrono::system_clock::time_point committed_at;
};

class PipelineObserver {
 public:
  virtual ~PipelineObserver() = default;
  // After each polled batch is processed: the records as the source gave them (stale
  // ones, from partitions no longer owned, included), and the bad records dead-lettered
  // while processing it, per table they were meant for. The views are valid during the
  // call only.
  virtual void OnBatch(std::span<const SourceRecord> batch,
                       const std::map<std::string, int64_t>& dead_lettered) = 0;
  // After each table's snapshot lands.
  virtual void OnCommit(const CommitObservation& commit) = 0;
  // A table's commit was refused by the offset compare-and-set (another worker committed
  // those partitions); the pipeline rewinds and reads them again.
  virtual void OnCommitRefused(std::string_view table) = 0;
};

}  // namespace firn::ingest
