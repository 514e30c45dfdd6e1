// TableSink: everything the pipeline holds for one Iceberg table between two commits.
//
// Records (one JSON document each) are decoded straight into a column batch, full batches
// go to a fan-out PartitionedWriter (hidden partitions, files rolled at
// write.target-file-size-bytes, buffers under the memory budget), and Commit turns the
// finished files into one append snapshot whose summary carries the source offsets it
// covers. The offsets are a compare-and-set inside the commit (offsets/offset_claim.h):
// when another worker got there first the commit is refused, the files are deleted, and
// the caller rewinds to what the table holds.
//
// The sink also remembers the offsets the table held when it last looked (stored()), so
// that records the table already has are skipped during a replay.
//
// Write-behind (TableSinkOptions::write_pool): a full batch is encoded, compressed and
// written on a pool thread while the caller decodes the next one into a second batch. At
// most one batch is in flight; everything else that touches the writer (commit, the
// memory budget's release, abandon) first waits for it. A failed write is kept and
// returned by the next FlushIfFull, Commit or ReleaseLargest: it is the sink's failure
// (a disk error), never a bad record's, and nothing after it is written.
//
// Thread-safety: none (the sink is used from one thread; its pool task touches only the
// writer and the batch in flight).
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "firn/catalog/catalog.h"
#include "firn/catalog/catalog_table_operations.h"
#include "firn/common/task_pool.h"
#include "firn/iceberg/data/partitioned_writer.h"
#include "firn/iceberg/types/schema_update.h"
#include "firn/ingest/cdc/change_decoder.h"
#include "firn/ingest/json/json_record_decoder.h"
#include "firn/ingest/offsets/offset_claim.h"
#include "firn/ingest/pipeline/metadata_columns.h"
#include "firn/ingest/source/source.h"
#include "firn/ingest/upsert/upsert_writer.h"

namespace firn::ingest {

struct TableSinkOptions {
  std::string offsets_key;            // summary property of this pipeline's offsets; empty:
                                      // none are stored (stdin, which cannot be re-read)
  int64_t memory_budget_bytes = 512LL << 20;
  int64_t batch_rows = 16 * 1024;     // rows decoded before they go to the writer
  std::map<std::string, std::string> summary;  // extra summary properties (worker id, ...)
  std::vector<MetadataColumn> metadata_columns;  // Kafka metadata written as columns
  bool evolve_schema = false;  // new fields add columns, int/float widen (schema_evolution.h)
  JsonRecordDecoder::Options decode;  // case-insensitive keys, numbers as timestamps
  // Upserts (docs/upserts.md): a record replaces the table's row with the same key, or
  // deletes it. The key: `key_columns` when given, else the table's identifier fields.
  bool upsert = false;
  std::vector<std::string> key_columns;
  CdcOptions cdc;  // how a record says what changed (Debezium, an op field, or plain rows)
  // Where full batches are written (see the header comment); null: on the caller's thread.
  // Upsert tables always write on the caller's thread. Must outlive the sink.
  TaskPool* write_pool = nullptr;
};

struct SinkCommitReport {
  SnapshotId snapshot_id;
  int64_t records = 0;
  int64_t files = 0;
  int64_t bytes = 0;
  int64_t commit_ms = 0;  // manifests + catalog swap
  int attempts = 0;
  std::vector<int64_t> file_sizes;   // each data file added, bytes
  int64_t delete_files = 0;          // equality and position delete files added (upserts)
  int64_t equality_deletes = 0;      // keys removed from earlier commits
  int64_t position_deletes = 0;      // rows of this commit replaced within it
  int64_t event_time_ms = -1;        // newest event time committed (watermark); -1 none
  int64_t source_timestamp_ms = -1;  // newest Kafka timestamp committed; -1 none
};

class TableSink {
 public:
  // Loads the table. `catalog` and `io` must outlive the sink.
  static Result<std::unique_ptr<TableSink>> Make(catalog::Catalog& catalog, io::FileIO& io,
                                                 catalog::TableIdentifier ident,
                                                 TableSinkOptions options);
  ~TableSink();

  const catalog::TableIdentifier& ident() const { return ident_; }
  std::string name() const { return ident_.ToString(); }

  // Re-reads the table and its stored offsets (after a refused commit, on assignment).
  Status Refresh();
  // The offsets the table held when last read or committed.
  const OffsetMap& stored() const { return stored_; }
  std::optional<KafkaOffset> StoredOffset(const TopicPartition& tp) const;
  // The restart floor the table holds for a partition (offsets/stored_offsets.h FloorsKey).
  std::optional<KafkaOffset> StoredFloor(const TopicPartition& tp) const;
  // True when the table already holds this record (a replay).
  bool Holds(const SourceRecord& record) const;

  // Decodes the record into the pending batch. InvalidArgument (naming the field) when it
  // does not fit the schema; then nothing is added. Every error is the record's: a caller
  // may dead-letter it and go on.
  Status Append(const SourceRecord& record);
  // Hands the pending batch to the writer once it holds batch_rows rows. An error is the
  // sink's (e.g. the disk failed): the pending records cannot be committed; the caller
  // stops (Abandon, then restart from the offsets the table holds).
  Status FlushIfFull();

  int64_t pending_records() const { return pending_records_; }
  // Bytes in finished files plus what is buffered (the size a commit would add, roughly).
  int64_t pending_bytes() const;
  bool has_pending() const { return pending_records_ > 0; }
  // Heap memory held by the decode batch and the open files (what the budget limits).
  int64_t memory_usage() const;
  // The part of memory_usage() only a commit frees (upserts: the key index, position
  // deletes); 0 for appends.
  int64_t commit_bound_bytes() const { return upsert_ ? upsert_->CommitBoundBytes() : 0; }
  // Frees memory in this table's open file holding the most (PartitionedWriter::
  // ReleaseLargest); the bytes freed, 0 when there was nothing to free.
  Result<int64_t> ReleaseLargest();
  // Files finished before their commit to stay under the memory budget.
  int64_t files_closed_for_memory() const;
  // True when a partition has no stored offset here yet: such tables commit first in a
  // cycle (docs/exactly-once.md, "several tables").
  bool NeedsFirstClaim(const std::map<TopicPartition, KafkaOffset>& positions) const;

  // Commits everything pending in one snapshot that claims, for every partition in
  // `positions` that this table is behind on, the range [stored, position). Nothing
  // pending: no snapshot, std::nullopt. CommitConflict when another worker moved the
  // offsets (the files are deleted and the pending state is dropped).
  // `floors` (the positions at the start of this commit cycle) are stored with it.
  Result<std::optional<SinkCommitReport>> Commit(const std::map<TopicPartition, KafkaOffset>& positions,
                                                 const std::map<TopicPartition, KafkaOffset>& floors = {});
  // Drops everything pending and deletes its files.
  void Abandon();

 private:
  TableSink(catalog::Catalog& catalog, io::FileIO& io, catalog::TableIdentifier ident,
            TableSinkOptions options);
  Status StartWriter();
  Status UseSchema(std::shared_ptr<const iceberg::Schema> schema, int32_t last_column_id);
  Status Evolve(iceberg::SchemaUpdateResult evolved);
  void MergeStored(OffsetMap fresh);
  void ClearPendingState();
  Status FlushBatch();
  Status WaitForWrites() const;  // the batch in flight is written (write-behind)
  Status WriteInFlight();        // runs on the pool: writes in_flight_
  int64_t WriterMemory() const;
  Status AppendChange(const SourceRecord& record);  // upserts: table_sink_upsert.cc
  static Error WithoutLine(const Error& e);
  // `padded`: kRecordPadding readable bytes follow `json` (SourceRecord::padded).
  Status AppendRow(std::string_view json, const SourceRecord& record, bool padded = false);
  Status UseKeys(const iceberg::Schema& schema);
  Status StartUpsertWriter();
  Result<std::vector<iceberg::DataFile>> FinishWriters();
  void ObserveWatermarks(const SourceRecord& record, int64_t row);

  catalog::Catalog& catalog_;
  io::FileIO& io_;
  catalog::TableIdentifier ident_;
  TableSinkOptions options_;
  catalog::CatalogTableOperations ops_;
  iceberg::TableState state_;
  OffsetMap stored_;
  OffsetMap floors_;
  std::unique_ptr<JsonRecordDecoder> decoder_;
  std::unique_ptr<iceberg::PartitionedWriter> writer_;
  std::shared_ptr<const iceberg::TableMetadata> writer_metadata_;  // the writer's spec
  std::shared_ptr<const iceberg::Schema> writer_schema_;           // the writer's schema
  std::shared_ptr<const iceberg::Schema> schema_;  // what records are decoded with
  int32_t last_column_id_ = 0;                     // the table's, or the evolved one
  std::vector<iceberg::DataFile> finished_;        // files closed by a schema change
  // When the schema evolved this cycle: the table's schema id and last-column-id it
  // evolved from (the commit requires them unchanged).
  std::optional<std::pair<int32_t, int32_t>> evolved_from_;
  parquet::RecordBatch batch_;
  // Write-behind: the batch being written on the pool, and what the writer held after the
  // last write there (read while a write is in flight instead of the writer itself).
  std::unique_ptr<SerialTask> write_lane_;
  parquet::RecordBatch in_flight_;
  int64_t in_flight_bytes_ = 0;
  std::atomic<int64_t> writer_memory_{0};
  std::atomic<int64_t> writer_estimated_bytes_{0};
  MetadataSlots metadata_;     // where the metadata columns are in the batch
  int watermark_column_ = -1;  // top-level timestamp column whose max is the event-time watermark
  int64_t pending_records_ = 0;
  std::set<TopicPartition> pending_partitions_;  // partitions the pending records come from
  std::string last_topic_;                       // the last one added there (a cache)
  KafkaPartition last_partition_{-1};
  bool stale_ = false;  // a pending partition's stored offset moved: the commit is refused
  int64_t max_event_time_us_ = INT64_MIN;
  int64_t max_kafka_timestamp_ms_ = -1;

  // Upsert mode (options_.upsert).
  std::unique_ptr<ChangeDecoder> change_decoder_;
  std::vector<int32_t> key_ids_;                      // the key's field ids
  std::unique_ptr<JsonRecordDecoder> key_decoder_;    // a deleted row's key -> key_batch_
  parquet::RecordBatch key_batch_;
  std::vector<Change> changes_;                       // the decoded changes of batch_/key_batch_
  std::unique_ptr<UpsertWriter> upsert_;
  std::optional<iceberg::PartitionSpec> delete_spec_;  // where equality deletes go
  UpsertStats upsert_stats_;                          // of the files finished this cycle
};

}  // namespace firn::ingest
