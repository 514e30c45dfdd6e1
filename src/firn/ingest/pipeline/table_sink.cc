#include "firn/ingest/pipeline/table_sink.h"

#include <algorithm>

#include "firn/common/logging.h"
#include "firn/common/macros.h"
#include "firn/iceberg/commit/snapshot_update.h"
#include "firn/iceberg/data/parquet_schema.h"
#include "firn/iceberg/metadata/table_metadata_builder.h"
#include "firn/ingest/pipeline/schema_evolution.h"
#include "firn/ingest/offsets/stored_offsets.h"

namespace firn::ingest {
namespace {

bool IsTimestamp(const iceberg::Type& t) {
  return t.id() == iceberg::TypeId::kTimestamp || t.id() == iceberg::TypeId::kTimestampTz;
}

// The top-level timestamp column whose maximum is the event-time watermark: the source of
// a partition field if there is one (day(event_time) names the event time), else the
// first timestamp column; -1 when the table has none.
int WatermarkColumn(const iceberg::Schema& schema, const iceberg::PartitionSpec& spec) {
  const auto& fields = schema.fields();
  for (const iceberg::PartitionField& pf : spec.fields) {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].id == pf.source_id && IsTimestamp(fields[i].type)) return static_cast<int>(i);
    }
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    if (IsTimestamp(fields[i].type)) return static_cast<int>(i);
  }
  return -1;
}

// The bytes a batch's top-level values and offsets hold (what it adds to a file, roughly).
int64_t RawBytes(const parquet::RecordBatch& batch) {
  int64_t bytes = 0;
  for (const auto& c : batch.columns) bytes += static_cast<int64_t>(c.values.size() + c.offsets.size());
  return bytes;
}

}  // namespace

TableSink::TableSink(catalog::Catalog& catalog, io::FileIO& io, catalog::TableIdentifier ident,
                     TableSinkOptions options)
    : catalog_(catalog),
      io_(io),
      ident_(ident),
      options_(std::move(options)),
      ops_(catalog, io, std::move(ident)) {}

TableSink::~TableSink() { Abandon(); }

Result<std::unique_ptr<TableSink>> TableSink::Make(catalog::Catalog& catalog, io::FileIO& io,
                                                   catalog::TableIdentifier ident,
                                                   TableSinkOptions options) {
  auto sink = std::unique_ptr<TableSink>(new TableSink(catalog, io, std::move(ident), std::move(options)));
  FIRN_RETURN_NOT_OK(sink->Refresh());
  return sink;
}

Status TableSink::Refresh() {
  auto state = ops_.Refresh();
  if (!state) return std::unexpected(std::move(state.error()).WithContext(name()));
  if (!options_.offsets_key.empty()) {
    auto offsets = ReadStoredOffsets(*state->metadata, options_.offsets_key);
    if (!offsets) return std::unexpected(std::move(offsets.error()).WithContext(name()));
    MergeStored(std::move(offsets->offsets));
    auto floors = ReadStoredOffsets(*state->metadata, FloorsKey(options_.offsets_key));
    if (!floors) return std::unexpected(std::move(floors.error()).WithContext(name()));
    floors_ = std::move(floors->offsets);
  }
  const bool schema_changed =
      !state_.metadata || state_.metadata->current_schema_id != state->metadata->current_schema_id ||
      state_.metadata->default_spec_id != state->metadata->default_spec_id;
  state_ = std::move(*state);
  // The decoder and writer follow the table's current schema and spec, but only between
  // commits: pending rows stay in the layout they were decoded in.
  if (!has_pending() && (schema_changed || !decoder_)) {
    if (writer_) {
      (void)WaitForWrites();  // nothing pending: nothing in flight either, but be sure
      writer_->Abandon();
      writer_.reset();
    }
    const iceberg::TableMetadata& m = *state_.metadata;
    FIRN_RETURN_NOT_OK(UseSchema(std::make_shared<const iceberg::Schema>(m.CurrentSchema()), m.last_column_id));
  }
  return OkStatus();
}

Status TableSink::UseSchema(std::shared_ptr<const iceberg::Schema> schema, int32_t last_column_id) {
  JsonRecordDecoder::Options decode = options_.decode;
  decode.reject_unknown_fields = options_.evolve_schema;  // an unknown field may evolve the schema
  auto decoder = JsonRecordDecoder::Make(*schema, decode);
  if (!decoder) return std::unexpected(std::move(decoder.error()).WithContext(name()));
  auto slots = ResolveMetadataColumns(*schema, options_.metadata_columns);
  if (!slots) return std::unexpected(std::move(slots.error()).WithContext(name()));
  metadata_ = *slots;
  decoder_ = std::move(*decoder);
  batch_ = decoder_->MakeBatch();
  in_flight_ = decoder_->MakeBatch();
  FIRN_RETURN_NOT_OK(decoder_->Bind(&batch_));
  in_flight_bytes_ = 0;
  if (options_.write_pool != nullptr && !options_.upsert && !write_lane_) {
    write_lane_ = std::make_unique<SerialTask>(*options_.write_pool);
  }
  watermark_column_ = WatermarkColumn(*schema, state_.metadata->DefaultSpec());
  schema_ = std::move(schema);
  last_column_id_ = last_column_id;
  if (options_.upsert) return UseKeys(*schema_);
  return OkStatus();
}

// Between commits the stored offsets are simply replaced. With records pending, a
// partition they came from must not move under them: if another worker committed it
// meanwhile, the pending records may overlap what the table now holds, so the next
// commit is refused (stale_) and the caller rewinds.
void TableSink::MergeStored(OffsetMap fresh) {
  if (!has_pending()) {
    stored_ = std::move(fresh);
    return;
  }
  for (auto& [topic, partitions] : fresh) {
    for (const auto& [partition, offset] : partitions) {
      const std::optional<KafkaOffset> had = FindOffset(stored_, topic, partition);
      if (had == offset) continue;
      if (pending_partitions_.contains(TopicPartition{topic, partition})) {
        stale_ = true;
        continue;
      }
      stored_[topic][partition] = offset;
    }
  }
}

std::optional<KafkaOffset> TableSink::StoredFloor(const TopicPartition& tp) const {
  return FindOffset(floors_, tp.topic, tp.partition);
}

std::optional<KafkaOffset> TableSink::StoredOffset(const TopicPartition& tp) const {
  return FindOffset(stored_, tp.topic, tp.partition);
}

bool TableSink::Holds(const SourceRecord& record) const {
  auto t = stored_.find(record.topic);
  if (t == stored_.end()) return false;
  auto p = t->second.find(record.partition);
  return p != t->second.end() && record.offset < p->second;
}

Status TableSink::StartWriter() {
  const iceberg::TableMetadata& m = *state_.metadata;
  FIRN_ASSIGN_OR_RETURN(iceberg::DataWriterOptions options,
                        iceberg::DataWriterOptionsFromTable(m, *decoder_->schema()));
  // The decoded batches are buffered rows too: the writer gets the budget without them
  // (two with write-behind: one filling, one being written; both as large as this one,
  // which is full now).
  const int64_t batches = (write_lane_ ? 2 : 1) * batch_.MemoryUsage();
  options.memory_budget_bytes = std::max(options_.memory_budget_bytes / 2, options_.memory_budget_bytes - batches);
  writer_metadata_ = state_.metadata;  // keeps the spec the writer refers to alive
  writer_schema_ = schema_;            // and the schema
  FIRN_ASSIGN_OR_RETURN(writer_, iceberg::PartitionedWriter::Make(io_, *writer_schema_, writer_metadata_->DefaultSpec(),
                                                                  std::move(options)));
  return OkStatus();
}


// The decoder numbers lines across calls; a record is one document, so its "line N: "
// prefix would only mislead. The caller names the record.
Error TableSink::WithoutLine(const Error& e) {
  std::string message = e.message();
  if (message.starts_with("line ")) {
    if (size_t colon = message.find(": "); colon != std::string::npos) message.erase(0, colon + 2);
  }
  return Error(e.kind(), std::move(message));
}

Status TableSink::Evolve(iceberg::SchemaUpdateResult evolved) {
  // Rows decoded so far keep the old layout: they go to files now, and new files follow
  // the new schema. Both commit together, with the schema change (see Commit).
  FIRN_RETURN_NOT_OK(FlushBatch());
  FIRN_RETURN_NOT_OK(WaitForWrites());
  if (writer_) {
    FIRN_ASSIGN_OR_RETURN(std::vector<iceberg::DataFile> files, writer_->Finish());
    writer_.reset();
    for (iceberg::DataFile& f : files) finished_.push_back(std::move(f));
  }
  if (!evolved_from_) evolved_from_ = std::pair(state_.metadata->current_schema_id, state_.metadata->last_column_id);
  FIRN_LOG(kInfo, "{}: schema evolves for a new record shape: {}", name(), evolved.schema.as_struct().ToString());
  FIRN_RETURN_NOT_OK(
      UseSchema(std::make_shared<const iceberg::Schema>(std::move(evolved.schema)), evolved.last_column_id));
  if (upsert_) {
    // The upsert writer keeps this commit's keys across the change (rows written before
    // it may still be replaced by position).
    writer_schema_ = schema_;
    FIRN_RETURN_NOT_OK(upsert_->UseSchema(*writer_schema_));
  }
  return OkStatus();
}

Result<std::vector<iceberg::DataFile>> TableSink::FinishWriters() {
  FIRN_RETURN_NOT_OK(WaitForWrites());
  std::vector<iceberg::DataFile> files = std::move(finished_);
  finished_.clear();
  if (writer_) {
    FIRN_ASSIGN_OR_RETURN(std::vector<iceberg::DataFile> more, writer_->Finish());
    writer_.reset();
    for (iceberg::DataFile& f : more) files.push_back(std::move(f));
  }
  if (upsert_) {
    FIRN_ASSIGN_OR_RETURN(std::vector<iceberg::DataFile> more, upsert_->Finish());
    upsert_stats_ = upsert_->stats();
    upsert_.reset();
    for (iceberg::DataFile& f : more) files.push_back(std::move(f));
  }
  return files;
}

Status TableSink::Append(const SourceRecord& record) {
  if (options_.upsert) {
    FIRN_RETURN_NOT_OK(AppendChange(record));
  } else {
    FIRN_RETURN_NOT_OK(AppendRow(record.value, record, record.padded));
  }
  if (record.partition != last_partition_ || record.topic != last_topic_) {
    last_topic_.assign(record.topic);
    last_partition_ = record.partition;
    pending_partitions_.insert(TopicPartition{last_topic_, last_partition_});
  }
  ++pending_records_;
  return OkStatus();
}

Status TableSink::FlushIfFull() {
  if (batch_.num_rows + key_batch_.num_rows < options_.batch_rows) return OkStatus();
  return FlushBatch();
}

// Decodes one row (a record, or the row image of a change) into batch_, evolving the
// schema when allowed and needed.
Status TableSink::AppendRow(std::string_view json, const SourceRecord& record, bool padded) {
  int64_t row = batch_.num_rows;
  if (Status s = decoder_->AppendBound(json, padded); !s) {
    if (!options_.evolve_schema) return std::unexpected(WithoutLine(s.error()));
    auto evolved = EvolveForRecord(*schema_, last_column_id_, json, s.error());
    if (!evolved) return std::unexpected(WithoutLine(s.error()));
    FIRN_RETURN_NOT_OK(Evolve(std::move(*evolved)));
    row = batch_.num_rows;  // the batch went to files with the old schema
    if (Status again = decoder_->AppendBound(json, padded); !again) {
      return std::unexpected(WithoutLine(again.error()));
    }
  }
  if (batch_.num_rows == row) {
    return InvalidArgument("empty record (no JSON object)");
  }
  if (!metadata_.empty()) FillMetadata(metadata_, record, &batch_);
  ObserveWatermarks(record, row);
  return OkStatus();
}

void TableSink::ObserveWatermarks(const SourceRecord& record, int64_t row) {
  if (record.timestamp_ms > max_kafka_timestamp_ms_) max_kafka_timestamp_ms_ = record.timestamp_ms;
  if (watermark_column_ < 0) return;
  const parquet::ColumnVector& c = batch_.columns[static_cast<size_t>(watermark_column_)];
  if (c.IsValid(row)) max_event_time_us_ = std::max(max_event_time_us_, c.ValueAt<int64_t>(row));
}

Status TableSink::FlushBatch() {
  if (batch_.num_rows == 0 && key_batch_.num_rows == 0) return OkStatus();
  Status s;
  if (options_.upsert) {
    if (!upsert_) FIRN_RETURN_NOT_OK(StartUpsertWriter());
    s = upsert_->Write(batch_, key_batch_, changes_);
    key_batch_.Clear();
    changes_.clear();
  } else if (write_lane_) {
    // The previous batch must be written before its buffers take new rows; then this one
    // is written on the pool while the caller decodes into the other.
    s = WaitForWrites();
    if (s && !writer_) s = StartWriter();
    if (s) {
      std::swap(batch_, in_flight_);
      s = decoder_->Bind(&batch_);  // its vectors are the other batch's now
      in_flight_bytes_ = RawBytes(in_flight_);
      if (s) s = write_lane_->Start([this] { return WriteInFlight(); });
    }
  } else {
    if (!writer_) FIRN_RETURN_NOT_OK(StartWriter());
    s = writer_->Write(batch_);
  }
  batch_.Clear();  // keeps its buffers: the next rows reuse them
  if (!s) return std::unexpected(std::move(s.error()).WithContext(name()));
  return OkStatus();
}

Status TableSink::WriteInFlight() {
  Status s = writer_->Write(in_flight_);
  writer_memory_.store(writer_->MemoryUsage(), std::memory_order_relaxed);
  writer_estimated_bytes_.store(writer_->EstimatedBytes(), std::memory_order_relaxed);
  if (!s) {
    return std::unexpected(std::move(s.error()).WithContext(
        fmt::format("writing a batch of {} records", in_flight_.num_rows)));
  }
  return OkStatus();
}

Status TableSink::WaitForWrites() const {
  if (!write_lane_) return OkStatus();
  return write_lane_->Wait();
}

// While a write is in flight the writer belongs to the pool: its numbers are the ones
// published after the previous write (memory_usage counts the batch in flight itself;
// pending_bytes its raw size).
int64_t TableSink::WriterMemory() const {
  if (!writer_) return 0;
  if (write_lane_ && write_lane_->busy()) return writer_memory_.load(std::memory_order_relaxed);
  return writer_->MemoryUsage();
}

int64_t TableSink::pending_bytes() const {
  int64_t bytes = RawBytes(batch_);
  if (writer_) {
    bytes += write_lane_ && write_lane_->busy()
                 ? writer_estimated_bytes_.load(std::memory_order_relaxed) + in_flight_bytes_
                 : writer_->EstimatedBytes();
  }
  if (upsert_) bytes += upsert_->EstimatedBytes();
  return bytes;
}

bool TableSink::NeedsFirstClaim(const std::map<TopicPartition, KafkaOffset>& positions) const {
  for (const auto& [tp, position] : positions) {
    if (!StoredOffset(tp)) return true;
  }
  return false;
}

Result<std::optional<SinkCommitReport>> TableSink::Commit(
    const std::map<TopicPartition, KafkaOffset>& positions, const std::map<TopicPartition, KafkaOffset>& floors) {
  if (!has_pending()) return std::nullopt;
  if (stale_) {
    Abandon();
    return CommitConflict("{}: another worker committed partitions this worker holds records of; the "
                          "commit is refused",
                          name());
  }
  FIRN_RETURN_NOT_OK(FlushBatch());
  FIRN_ASSIGN_OR_RETURN(std::vector<iceberg::DataFile> files, FinishWriters());
  std::vector<OffsetClaim> claims;
  for (const auto& [tp, position] : positions) {
    const std::optional<KafkaOffset> held = StoredOffset(tp);
    if (held && position <= *held) continue;  // replaying: the table is ahead of us here
    claims.push_back({.topic = tp.topic, .partition = tp.partition, .from = held, .to = position});
  }
  SinkCommitReport report;
  report.records = pending_records_;
  std::vector<std::string> paths;
  for (const iceberg::DataFile& f : files) {
    report.bytes += f.file_size_in_bytes;
    paths.push_back(f.file_path);
    if (f.content != iceberg::DataFileContent::kData) {
      ++report.delete_files;
      continue;
    }
    ++report.files;
    report.file_sizes.push_back(f.file_size_in_bytes);
  }
  report.equality_deletes = upsert_stats_.equality_deletes;
  report.position_deletes = upsert_stats_.position_deletes;

  // Rows replaced or deleted make it an overwrite (as Iceberg's RowDelta): data, deletes
  // and offsets in one snapshot.
  iceberg::SnapshotUpdate update(ops_, report.delete_files > 0 ? iceberg::SnapshotOperation::kOverwrite
                                                               : iceberg::SnapshotOperation::kAppend);
  for (iceberg::DataFile& f : files) update.AddFile(std::move(f));
  for (const auto& [k, v] : options_.summary) update.SetSummaryProperty(k, v);
  if (max_event_time_us_ != INT64_MIN) report.event_time_ms = max_event_time_us_ / 1000;
  report.source_timestamp_ms = max_kafka_timestamp_ms_;
  if (max_event_time_us_ != INT64_MIN) {
    update.SetSummaryProperty("firn.watermark.event-time-ms",
                              std::to_string(max_event_time_us_ / 1000));
  }
  if (max_kafka_timestamp_ms_ >= 0) {
    update.SetSummaryProperty("firn.watermark.source-timestamp-ms",
                              std::to_string(max_kafka_timestamp_ms_));
  }
  OffsetMap merged;
  OffsetMap merged_floors;
  const std::string key = options_.offsets_key;
  const std::string floors_key = key.empty() ? "" : FloorsKey(key);
  if (!key.empty()) update.SetPrecondition([&](const iceberg::TableMetadata& base,
                             std::map<std::string, std::string>* summary) -> Status {
    FIRN_ASSIGN_OR_RETURN(StoredOffsets now, ReadStoredOffsets(base, key));
    FIRN_ASSIGN_OR_RETURN(merged, ApplyClaims(now.offsets, claims));
    (*summary)[key] = OffsetMapToJson(merged);
    // Floors are facts about completed cycles: the newest one written wins.
    FIRN_ASSIGN_OR_RETURN(StoredOffsets now_floors, ReadStoredOffsets(base, floors_key));
    merged_floors = std::move(now_floors.offsets);
    for (const auto& [tp, floor] : floors) merged_floors[tp.topic][tp.partition] = floor;
    if (!merged_floors.empty()) (*summary)[floors_key] = OffsetMapToJson(merged_floors);
    return OkStatus();
  });
  if (evolved_from_) {
    const auto [from_schema, from_last_column] = *evolved_from_;
    const std::shared_ptr<const iceberg::Schema> schema = schema_;
    const int32_t last_column_id = last_column_id_;
    update.SetMetadataChange([=](const iceberg::TableMetadata& base,
                                 iceberg::TableMetadataBuilder& builder) -> Result<std::optional<int32_t>> {
      // Field ids in our files were assigned from the schema we evolved: anything that
      // changed the table's schema since makes them ambiguous, so the commit is refused
      // (the records are read again against the new schema).
      if (base.current_schema_id != from_schema || base.last_column_id != from_last_column) {
        return CommitConflict("the table's schema changed while this worker evolved it; the commit is refused");
      }
      const int32_t id = builder.AddSchema(*schema, last_column_id);
      builder.SetCurrentSchema(id);
      return std::optional<int32_t>(id);
    });
  }
  auto committed = update.Commit();
  if (!committed && evolved_from_) decoder_.reset();  // Refresh returns to the table's schema
  evolved_from_.reset();
  ClearPendingState();
  if (!committed) {
    // Unless the outcome is unknown (an I/O error at the swap), nothing of ours is in the
    // table: delete the data files. An unknown outcome keeps them (they may be committed).
    if (committed.error().kind() != ErrorKind::kIOError) {
      for (const std::string& p : paths) (void)io_.Delete(FilePath(p));
    }
    return std::unexpected(std::move(committed.error()).WithContext(name()));
  }
  state_ = std::move(*committed);
  stored_ = std::move(merged);
  floors_ = std::move(merged_floors);
  report.snapshot_id = *state_.metadata->current_snapshot_id;
  report.commit_ms = update.stats().commit_ms;
  report.attempts = update.stats().attempts;
  return report;
}

int64_t TableSink::memory_usage() const {
  return batch_.MemoryUsage() + in_flight_.MemoryUsage() + key_batch_.MemoryUsage() + WriterMemory() +
         (upsert_ ? upsert_->MemoryUsage() : 0);
}

Result<int64_t> TableSink::ReleaseLargest() {
  if (!writer_ && !upsert_) return 0;
  if (Status s = WaitForWrites(); !s) return std::unexpected(std::move(s.error()).WithContext(name()));
  auto freed = writer_ ? writer_->ReleaseLargest() : upsert_->ReleaseLargest();
  if (!freed) return std::unexpected(std::move(freed.error()).WithContext(name()));
  return *freed;
}

int64_t TableSink::files_closed_for_memory() const {
  if (upsert_) return upsert_->files_closed_for_memory();
  if (!writer_) return 0;
  (void)WaitForWrites();  // the count is read from the writer itself
  return writer_->files_closed_for_memory();
}

void TableSink::Abandon() {
  if (write_lane_) {
    (void)write_lane_->Wait();  // a failed write is dropped with everything else pending
    write_lane_->Reset();
  }
  in_flight_.Clear();
  in_flight_bytes_ = 0;
  if (writer_) {
    writer_->Abandon();
    writer_.reset();
  }
  if (upsert_) {
    upsert_->Abandon();
    upsert_.reset();
  }
  for (const iceberg::DataFile& f : finished_) (void)io_.Delete(FilePath(f.file_path));
  finished_.clear();
  if (evolved_from_) {
    evolved_from_.reset();
    decoder_.reset();  // the next Refresh goes back to the table's schema
  }
  batch_.Clear();
  key_batch_.Clear();
  changes_.clear();
  ClearPendingState();
}

void TableSink::ClearPendingState() {
  pending_records_ = 0;
  pending_partitions_.clear();
  last_partition_ = KafkaPartition(-1);
  stale_ = false;
  max_event_time_us_ = INT64_MIN;
  max_kafka_timestamp_ms_ = -1;
  upsert_stats_ = {};
}

}  // namespace firn::ingest
