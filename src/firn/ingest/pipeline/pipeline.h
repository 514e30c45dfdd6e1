// Pipeline: the ingest loop of `firn run`. It reads records from a Source, routes each to
// a table, decodes it into that table's pending batch, and commits every table on an
// interval (or sooner, by size), exactly once (docs/exactly-once.md):
//
//   - Where to read. When partitions are assigned, each starts at the smallest offset the
//     tables hold for it, or lower: at the largest restart floor a table holds (the start
//     of the last commit cycle, below which every table has what it needs), so that a
//     table holding nothing of the partition yet loses nothing. None at all: the source's
//     reset policy. Records a table already holds are skipped for that table.
//   - Commits. Each table's snapshot claims the source ranges it covers with a
//     compare-and-set on the offsets in its summary (offsets/offset_claim.h), and stores
//     the cycle's restart floors. Tables that hold nothing yet for some partition commit
//     first in a cycle (shorter replays after a crash between two tables' commits).
//   - Rebalances. Before partitions are revoked, everything pending is committed. A worker
//     whose claim is refused (another worker committed those partitions: it was a zombie)
//     drops everything pending, re-reads the tables and rewinds its partitions.
//   - Bad records go to the table's dead-letter table with errors.tolerance = all, or stop
//     the pipeline with an error naming the record (none). Good + dead-lettered records
//     always equal records read.
//
// Thread-safety: none; Run drives everything from the calling thread. RequestStop may be
// called from any thread or a signal handler (it sets an atomic flag).
#pragma once

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "firn/catalog/catalog.h"
#include "firn/common/commit_gate.h"
#include "firn/ingest/pipeline/pipeline_observer.h"
#include "firn/ingest/pipeline/router.h"
#include "firn/ingest/pipeline/table_sink.h"
#include "firn/ingest/source/source.h"

namespace firn::ingest {

enum class ErrorPolicy { kFail, kDeadLetter };  // errors.tolerance none | all

struct PipelineOptions {
  std::string offsets_key;                  // summary property (KafkaOffsetsKey(group), ...);
                                            // empty for stdin: no offsets
  int64_t commit_interval_ms = 60'000;      // commit.interval-ms
  int64_t commit_max_bytes = 0;             // commit sooner past this many pending bytes; 0 off
  int64_t commit_max_records = 0;           // commit sooner past this many records; 0 off
  int64_t memory_budget_bytes = 512LL << 20;
  // Threads that encode, compress and write full batches of append tables while this
  // thread decodes the next (TableSink's write-behind); 0: everything on this thread.
  int write_threads = 0;
  // Commit cycles are bracketed on it, so that maintenance in this process commits only
  // between them (common/commit_gate.h); null: none. Must outlive the pipeline.
  CommitGate* commit_gate = nullptr;
  ErrorPolicy errors = ErrorPolicy::kFail;
  std::string dead_letter_suffix = "__dlq";
  bool log_bad_records = false;
  int64_t stop_after_records = 0;           // stop once this many records are read (demo); 0 never
  std::map<std::string, std::string> summary;  // added to every snapshot (worker id, ...)
  std::vector<MetadataColumn> metadata_columns;  // written in every table but dead-letter ones
  std::function<bool(const std::string& table)> evolve_schema;  // per table; unset: never
  JsonRecordDecoder::Options decode;  // for every table but dead-letter ones
  // Sets a table's upsert settings (TableSinkOptions::upsert, key_columns, cdc); unset or
  // left untouched: the table is append-only. Never called for dead-letter tables.
  std::function<void(const std::string& table, TableSinkOptions* options)> configure_upsert;
  // Dead letters to a Kafka topic (errors.dead-letter = "topic") instead of tables: called
  // per bad record; `flush_dead_letters` before each commit cycle, so that a dead letter is
  // delivered before the offsets past it are committed (at least once: a replay after a
  // crash can send it again).
  std::function<Status(const SourceRecord&, const std::string& table, std::string_view error)> dead_letter_sink;
  std::function<Status()> flush_dead_letters;
  // Creates a table that does not exist yet (auto-create); unset: a missing table is an error.
  // `sample`: the record that needs the table, then up to 999 more of the same poll that
  // route to it (for schema inference).
  std::function<Status(const catalog::TableIdentifier&, std::span<const std::string_view> sample)>
      create_table;
};

struct PipelineStats {
  int64_t records_read = 0;       // records the source gave (replayed ones included)
  int64_t records_written = 0;    // appended to a table (committed or pending)
  int64_t records_skipped = 0;    // already held by their table (replay after a restart)
  int64_t records_dead_lettered = 0;
  int64_t commits = 0;            // snapshots committed
  int64_t commits_refused = 0;    // commits refused by the offset compare-and-set
  int64_t files_committed = 0;
  int64_t bytes_committed = 0;
  int64_t records_committed = 0;
  int64_t last_commit_ms = 0;     // duration of the last commit cycle
  std::chrono::system_clock::time_point last_commit_at{};
  int64_t max_event_time_ms = -1;  // newest event time committed so far
};

// What a commit cycle did, for the log line.
struct CycleReport {
  std::string reason;
  int64_t records = 0, files = 0, bytes = 0, snapshots = 0, millis = 0;
  std::vector<std::string> lines;  // one per table
};

class Pipeline final : public SourceListener {
 public:
  // `catalog`, `io` and `source` must outlive the pipeline.
  static Result<std::unique_ptr<Pipeline>> Make(catalog::Catalog& catalog, io::FileIO& io,
                                                Source& source, Router router,
                                                PipelineOptions options);
  ~Pipeline() override;

  // Runs until the source is exhausted, stop_after_records is reached, RequestStop is
  // called, or an error. A normal end commits what is pending and closes the source.
  Status Run();
  void RequestStop() { stop_.store(true, std::memory_order_relaxed); }

  // Called after every commit cycle and about once a second (for the status line).
  void SetObserver(std::function<void(const PipelineStats&, const CycleReport*)> observer) {
    observer_ = std::move(observer);
  }
  // Metrics (pipeline_observer.h); null: none. "*observer" must outlive Run.
  void SetPipelineObserver(PipelineObserver* observer) { pipeline_observer_ = observer; }
  const PipelineStats& stats() const { return stats_; }
  // records_read, readable from any thread (updated after each polled batch).
  int64_t records_read_relaxed() const { return progress_.load(std::memory_order_relaxed); }

  // SourceListener
  Result<std::vector<std::optional<KafkaOffset>>> OnAssigned(
      const std::vector<TopicPartition>& partitions) override;
  void OnRevoked(const std::vector<TopicPartition>& partitions, bool lost) override;

 private:
  Pipeline(catalog::Catalog& catalog, io::FileIO& io, Source& source, Router router,
           PipelineOptions options);
  Status Process(const SourceRecord& record);
  Status DeadLetter(const SourceRecord& record, const std::string& table, const Error& error);
  std::string UnroutedTable(const SourceRecord& record) const;
  // The sink of `table`, opened on first use. A missing table is created through
  // options_.create_table when `create_missing` (from `first`), else NotFound.
  Result<TableSink*> OpenSink(const std::string& table, bool create_missing, const SourceRecord* first);
  std::vector<std::string_view> SampleFor(const std::string& table, const SourceRecord& first);
  Status OpenKnownSinks(std::string_view topic);
  // Commits every table with pending records. True when a commit was refused (the
  // caller rewinds).
  Result<bool> CommitCycle(std::string_view reason);
  Status Rewind();
  bool CommitDue(std::string* reason) const;
  int64_t PendingBytes() const;
  Status EnforceMemoryBudget();
  std::optional<KafkaOffset> StartOffset(const TopicPartition& tp) const;

  catalog::Catalog& catalog_;
  io::FileIO& io_;
  Source& source_;
  Router router_;
  PipelineOptions options_;
  std::unique_ptr<TaskPool> write_pool_;  // before sinks_: it outlives them
  std::map<std::string, std::unique_ptr<TableSink>> sinks_;  // by table name
  TableSink* last_sink_ = nullptr;  // the table of the last record appended (a cache)
  std::string last_sink_table_;
  std::map<TopicPartition, std::optional<KafkaOffset>> positions_;  // owned partitions: next offset
  // Per owned partition, where the current commit cycle began reading it: stored with each
  // commit as the restart floor (every record before it is in every table).
  std::map<TopicPartition, KafkaOffset> cycle_floors_;
  int64_t pending_records_ = 0;
  std::chrono::steady_clock::time_point cycle_start_;
  std::atomic<bool> stop_{false};
  std::atomic<int64_t> progress_{0};
  std::optional<Error> deferred_;  // an error raised inside a listener call
  bool failed_ = false;            // no more commits: pending data is dropped
  bool over_budget_ = false;       // memory only a commit frees is past half the budget: commit
  // The position of the last record's partition (records come in runs per partition).
  std::string last_topic_;
  KafkaPartition last_partition_{-1};
  std::map<TopicPartition, std::optional<KafkaOffset>>::iterator last_position_ = positions_.end();
  std::string dead_letter_json_;
  std::span<const SourceRecord> unprocessed_;  // the rest of the polled batch (for samples)
  PipelineStats stats_;
  std::function<void(const PipelineStats&, const CycleReport*)> observer_;
  PipelineObserver* pipeline_observer_ = nullptr;
  std::map<std::string, int64_t> observed_dead_letters_;  // this batch's, for the observer
};

}  // namespace firn::ingest
