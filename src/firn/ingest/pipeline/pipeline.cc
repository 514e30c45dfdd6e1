#include "firn/ingest/pipeline/pipeline.h"

#include <algorithm>

#include "firn/common/logging.h"
#include "firn/common/macros.h"
#include "firn/ingest/pipeline/dead_letter.h"

namespace firn::ingest {
namespace {

using Clock = std::chrono::steady_clock;

int64_t MillisSince(Clock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - t).count();
}

CommitObservation Observation(std::string_view table, const SinkCommitReport& c, int64_t wait_ms) {
  return {.table = table, .snapshot_id = c.snapshot_id.value(), .records = c.records, .bytes = c.bytes,
          .file_sizes = c.file_sizes, .commit_ms = c.commit_ms, .event_time_ms = c.event_time_ms,
          .source_timestamp_ms = c.source_timestamp_ms, .wait_ms = wait_ms,
          .committed_at = std::chrono::system_clock::now()};
}

}  // namespace

Pipeline::Pipeline(catalog::Catalog& catalog, io::FileIO& io, Source& source, Router router,
                   PipelineOptions options)
    : catalog_(catalog), io_(io), source_(source), router_(std::move(router)), options_(std::move(options)) {}

Pipeline::~Pipeline() { source_.SetListener(nullptr); }

Result<std::unique_ptr<Pipeline>> Pipeline::Make(catalog::Catalog& catalog, io::FileIO& io, Source& source,
                                                 Router router, PipelineOptions options) {
  if (options.commit_interval_ms <= 0) return InvalidArgument("commit.interval-ms must be positive");
  auto p = std::unique_ptr<Pipeline>(new Pipeline(catalog, io, source, std::move(router), std::move(options)));
  if (p->options_.write_threads > 0) p->write_pool_ = std::make_unique<TaskPool>(p->options_.write_threads);
  source.SetListener(p.get());
  return p;
}

Result<TableSink*> Pipeline::OpenSink(const std::string& table, bool create_missing,
                                      const SourceRecord* first) {
  if (auto it = sinks_.find(table); it != sinks_.end()) return it->second.get();
  FIRN_ASSIGN_OR_RETURN(catalog::TableIdentifier ident, catalog::TableIdentifier::Parse(table));
  TableSinkOptions so{.offsets_key = options_.offsets_key,
                      .memory_budget_bytes = options_.memory_budget_bytes,
                      .summary = options_.summary,
                      .write_pool = write_pool_.get()};
  if (!table.ends_with(options_.dead_letter_suffix)) {
    so.metadata_columns = options_.metadata_columns;
    so.evolve_schema = options_.evolve_schema && options_.evolve_schema(table);
    so.decode = options_.decode;
    if (options_.configure_upsert) options_.configure_upsert(table, &so);
  }
  auto sink = TableSink::Make(catalog_, io_, ident, so);
  if (!sink && sink.error().kind() == ErrorKind::kNotFound && create_missing) {
    if (!options_.create_table || first == nullptr) {
      return std::unexpected(std::move(sink.error())
                                 .WithContext("the table does not exist and auto-create is off"));
    }
    std::vector<std::string_view> sample = SampleFor(table, *first);
    std::vector<std::string> rows;  // a change stream's table is inferred from its row images
    if (so.upsert && so.cdc.format != CdcFormat::kNone) {
      FIRN_ASSIGN_OR_RETURN(std::unique_ptr<ChangeDecoder> changes, ChangeDecoder::Make(so.cdc));
      for (std::string_view value : sample) {
        auto change = changes->Decode(value, std::nullopt);
        if (change && change->op == ChangeOp::kUpsert) rows.emplace_back(change->row);
      }
      if (rows.empty()) {
        return InvalidArgument("the table does not exist and the first changes hold no row to infer its schema "
                               "from (deletes only): give schema-ddl or schema-json");
      }
      sample.assign(rows.begin(), rows.end());
    }
    FIRN_RETURN_NOT_OK(options_.create_table(ident, sample));
    sink = TableSink::Make(catalog_, io_, ident, so);
  }
  if (!sink) return std::unexpected(std::move(sink.error()));
  TableSink* raw = sink->get();
  sinks_.emplace(table, std::move(*sink));
  return raw;
}

std::vector<std::string_view> Pipeline::SampleFor(const std::string& table, const SourceRecord& first) {
  std::vector<std::string_view> sample{first.value};
  for (const SourceRecord& r : unprocessed_) {
    if (sample.size() >= 1000) break;
    if (&r == &first) continue;
    auto routed = router_.Route(r);
    if (routed && *routed == table) sample.push_back(r.value);
  }
  return sample;
}

// Opens the tables a topic routes to that exist (and their dead-letter tables): they
// decide where its partitions start.
Status Pipeline::OpenKnownSinks(std::string_view topic) {
  for (const std::string& table : router_.TablesFor(topic)) {
    for (const std::string& name : {table, table + options_.dead_letter_suffix}) {
      auto sink = OpenSink(name, /*create_missing=*/false, nullptr);
      if (!sink && sink.error().kind() != ErrorKind::kNotFound) return std::unexpected(sink.error());
    }
  }
  return OkStatus();
}

// min(the smallest offset a table holds, the largest restart floor a table holds): below
// the floor every record is in every table that needs it, so tables that hold nothing of
// the partition yet cannot have lost records there (docs/exactly-once.md).
std::optional<KafkaOffset> Pipeline::StartOffset(const TopicPartition& tp) const {
  std::optional<KafkaOffset> lowest, floor;
  for (const auto& [name, sink] : sinks_) {
    if (auto held = sink->StoredOffset(tp); held && (!lowest || *held < *lowest)) lowest = held;
    if (auto f = sink->StoredFloor(tp); f && (!floor || *f > *floor)) floor = f;
  }
  if (lowest && floor) return std::min(*lowest, *floor);
  return lowest ? lowest : floor;
}

Result<std::vector<std::optional<KafkaOffset>>> Pipeline::OnAssigned(
    const std::vector<TopicPartition>& partitions) {
  std::set<std::string> topics;
  for (const TopicPartition& tp : partitions) topics.insert(tp.topic);
  for (const std::string& topic : topics) FIRN_RETURN_NOT_OK(OpenKnownSinks(topic));
  for (auto& [name, sink] : sinks_) FIRN_RETURN_NOT_OK(sink->Refresh());
  std::vector<std::optional<KafkaOffset>> starts;
  last_partition_ = KafkaPartition(-1);
  std::string where;
  for (const TopicPartition& tp : partitions) {
    starts.push_back(StartOffset(tp));
    positions_[tp] = starts.back();
    if (starts.back()) {
      cycle_floors_[tp] = *starts.back();
    } else {
      cycle_floors_.erase(tp);  // set by the first record read (the reset policy decides)
    }
    if (!where.empty()) where += ", ";
    where += fmt::format("{} @ {}", tp.ToString(), starts.back() ? std::to_string(starts.back()->value()) : "reset");
  }
  FIRN_LOG(kInfo, "assigned {} partition(s), starting from the offsets the tables hold "
           "('reset': none stored, auto.offset.reset applies): {}", partitions.size(), where);
  return starts;
}

void Pipeline::OnRevoked(const std::vector<TopicPartition>& partitions, bool lost) {
  last_partition_ = KafkaPartition(-1);  // the cached position may be erased below
  if (!failed_) {
    // Commit what was read from them while this worker still owns them. When they are
    // already lost, the offset compare-and-set decides: the commit lands if nobody else
    // committed them in the meantime.
    auto conflict = CommitCycle(lost ? "partitions lost" : "rebalance");
    if (!conflict) {
      failed_ = true;
      deferred_ = std::move(conflict.error());
    }
    for (const TopicPartition& tp : partitions) {
      positions_.erase(tp);
      cycle_floors_.erase(tp);
    }
    if (conflict && *conflict) {
      if (Status s = Rewind(); !s) {
        failed_ = true;
        deferred_ = std::move(s.error());
      }
    }
    return;
  }
  for (const TopicPartition& tp : partitions) positions_.erase(tp);
}

Status Pipeline::Process(const SourceRecord& r) {
  ++stats_.records_read;
  if (r.partition != last_partition_ || r.topic != last_topic_) {
    last_position_ = positions_.find(TopicPartition{std::string(r.topic), r.partition});
    last_topic_.assign(r.topic);
    last_partition_ = r.partition;
  }
  if (last_position_ == positions_.end()) {  // not ours (any more): a stale record
    --stats_.records_read;
    return OkStatus();
  }
  std::optional<KafkaOffset>& position = last_position_->second;
  if (position && r.offset < *position) {  // fetched before a seek
    --stats_.records_read;
    return OkStatus();
  }
  if (!position) {
    // The partition started by the reset policy: this first record is where this cycle
    // began reading it.
    cycle_floors_[last_position_->first] = r.offset;
  }
  auto table = router_.Route(r);
  if (!table) {
    FIRN_RETURN_NOT_OK(DeadLetter(r, UnroutedTable(r), table.error()));
  } else {
    // The table of the previous record, most of the time: no lookup.
    Result<TableSink*> sink = last_sink_;
    std::string name;
    if (last_sink_ == nullptr || *table != last_sink_table_) {
      name.assign(*table);  // OpenSink may route other records (schema inference)
      sink = OpenSink(name, /*create_missing=*/true, &r);
      if (sink) {
        last_sink_ = *sink;
        last_sink_table_ = name;
      }
    }
    if (!sink) {
      if (sink.error().kind() != ErrorKind::kInvalidArgument) return std::unexpected(sink.error());
      FIRN_RETURN_NOT_OK(DeadLetter(r, name, sink.error()));  // e.g. a bad inferred schema
    } else if ((*sink)->Holds(r)) {
      ++stats_.records_skipped;
    } else if (Status s = (*sink)->Append(r); !s) {
      FIRN_RETURN_NOT_OK(DeadLetter(r, last_sink_table_, s.error()));
    } else {
      ++stats_.records_written;
      if (pending_records_++ == 0) cycle_start_ = Clock::now();
      // Not the record's failure when it fails (a disk error): the pipeline stops.
      FIRN_RETURN_NOT_OK((*sink)->FlushIfFull());
    }
  }
  position = r.next_offset;
  return OkStatus();
}

std::string Pipeline::UnroutedTable(const SourceRecord& r) const {
  const auto tables = router_.TablesFor(r.topic);
  return tables.empty() ? "firn.unrouted" : tables.front();
}

Status Pipeline::DeadLetter(const SourceRecord& r, const std::string& table, const Error& error) {
  const std::string where = fmt::format("{}/{} offset {}", r.topic, r.partition.value(), r.offset.value());
  if (options_.errors == ErrorPolicy::kFail) {
    return InvalidArgument("{}: bad record for {}: {} (errors.tolerance = none stops the pipeline; "
                           "with \"all\" it goes to the dead-letter table)",
                           where, table, error.message());
  }
  if (options_.log_bad_records) FIRN_LOG(kWarn, "{}: dead-lettered: {}", where, error.message());
  if (options_.dead_letter_sink) {
    FIRN_RETURN_NOT_OK_CTX(options_.dead_letter_sink(r, table, error.message()),
                           "sending the dead letter for " + where);
    ++stats_.records_dead_lettered;
    if (pipeline_observer_) ++observed_dead_letters_[table];
    return OkStatus();
  }
  const std::string dlq_name = table + options_.dead_letter_suffix;
  TableSink* dlq = nullptr;
  if (auto it = sinks_.find(dlq_name); it != sinks_.end()) {
    dlq = it->second.get();
  } else {
    FIRN_ASSIGN_OR_RETURN(catalog::TableIdentifier ident, catalog::TableIdentifier::Parse(dlq_name));
    FIRN_RETURN_NOT_OK(EnsureDeadLetterTable(catalog_, io_, ident));
    FIRN_ASSIGN_OR_RETURN(dlq, OpenSink(dlq_name, false, nullptr));
  }
  if (dlq->Holds(r)) {
    ++stats_.records_skipped;
    return OkStatus();
  }
  dead_letter_json_.clear();
  AppendDeadLetterJson(r, table, error.message(), &dead_letter_json_);
  SourceRecord dl = r;
  dl.value = dead_letter_json_;
  FIRN_RETURN_NOT_OK_CTX(dlq->Append(dl), "writing the dead-letter record for " + where);
  FIRN_RETURN_NOT_OK(dlq->FlushIfFull());
  ++stats_.records_dead_lettered;
  if (pipeline_observer_) ++observed_dead_letters_[table];
  if (pending_records_++ == 0) cycle_start_ = Clock::now();
  return OkStatus();
}

// Each table's writer keeps its own memory under the budget; with several tables the
// budget is shared: the open file holding the most, in the table holding the most, writes
// its row group out and frees its buffers until the sum fits.
Status Pipeline::EnforceMemoryBudget() {
  int64_t total = 0;
  for (auto& [name, sink] : sinks_) total += sink->memory_usage();
  std::vector<TableSink*> exhausted;  // nothing left to free
  while (total > options_.memory_budget_bytes) {
    TableSink* largest = nullptr;
    int64_t largest_bytes = 0;
    for (auto& [name, sink] : sinks_) {
      if (std::ranges::find(exhausted, sink.get()) != exhausted.end()) continue;
      const int64_t bytes = sink->memory_usage();
      if (largest == nullptr || bytes > largest_bytes) {
        largest = sink.get();
        largest_bytes = bytes;
      }
    }
    if (largest == nullptr) break;
    FIRN_ASSIGN_OR_RETURN(int64_t freed, largest->ReleaseLargest());
    if (freed == 0) exhausted.push_back(largest);
    total -= freed;
  }
  // Memory only a commit frees (an upsert table's key index and position deletes): past
  // half the budget, the commit comes early.
  int64_t bound = 0;
  for (auto& [name, sink] : sinks_) bound += sink->commit_bound_bytes();
  over_budget_ = bound > options_.memory_budget_bytes / 2;
  return OkStatus();
}

int64_t Pipeline::PendingBytes() const {
  int64_t bytes = 0;
  for (const auto& [name, sink] : sinks_) bytes += sink->pending_bytes();
  return bytes;
}

bool Pipeline::CommitDue(std::string* reason) const {
  if (pending_records_ == 0) return false;
  if (MillisSince(cycle_start_) >= options_.commit_interval_ms) {
    *reason = "interval";
    return true;
  }
  if (options_.commit_max_records > 0 && pending_records_ >= options_.commit_max_records) {
    *reason = "commit.max-records";
    return true;
  }
  if (options_.commit_max_bytes > 0 && PendingBytes() >= options_.commit_max_bytes) {
    *reason = "commit.max-bytes";
    return true;
  }
  if (over_budget_) {
    *reason = "memory-budget";
    return true;
  }
  return false;
}

Result<bool> Pipeline::CommitCycle(std::string_view reason) {
  std::vector<TableSink*> order;
  for (auto& [name, sink] : sinks_) {
    if (sink->has_pending()) order.push_back(sink.get());
  }
  pending_records_ = 0;
  if (options_.flush_dead_letters) FIRN_RETURN_NOT_OK(options_.flush_dead_letters());
  if (order.empty()) return false;
  IngestCommitScope gate(options_.commit_gate);
  std::map<TopicPartition, KafkaOffset> positions;
  for (const auto& [tp, pos] : positions_) {
    if (pos) positions.emplace(tp, *pos);
  }
  // Tables without an offset yet for some partition first (see pipeline.h).
  std::stable_partition(order.begin(), order.end(),
                        [&](TableSink* s) { return s->NeedsFirstClaim(positions); });
  const auto start = Clock::now();
  CycleReport report{.reason = std::string(reason)};
  bool conflict = false;
  std::map<TopicPartition, KafkaOffset> floors;
  for (const auto& [tp, floor] : cycle_floors_) {
    if (positions_.contains(tp)) floors.emplace(tp, floor);
  }
  for (TableSink* sink : order) {
    // The last table's commit completes the cycle: once it lands, every record before
    // the positions is in every table, so it may store them as the floors.
    const bool last = sink == order.back();
    auto committed = sink->Commit(positions, last ? positions : floors);
    if (!committed) {
      if (committed.error().kind() != ErrorKind::kCommitConflict) {
        return std::unexpected(std::move(committed.error()));
      }
      // Stop the cycle here: the caller rewinds every partition to what the tables hold,
      // and everything not committed is read again.
      conflict = true;
      ++stats_.commits_refused;
      if (pipeline_observer_) pipeline_observer_->OnCommitRefused(sink->name());
      FIRN_LOG(kWarn, "{}", committed.error().message());
      break;
    }
    if (!*committed) continue;
    const SinkCommitReport& c = **committed;
    ++stats_.commits;
    ++report.snapshots;
    report.records += c.records;
    report.files += c.files;
    report.bytes += c.bytes;
    stats_.records_committed += c.records;
    stats_.files_committed += c.files;
    stats_.bytes_committed += c.bytes;
    if (pipeline_observer_) {
      const std::string table = sink->name();
      pipeline_observer_->OnCommit(Observation(table, c, MillisSince(cycle_start_)));
    }
    std::string deletes;
    if (c.delete_files > 0) {
      deletes = fmt::format(" + {} delete files ({} keys replaced or deleted, {} rows of this commit by position)",
                            c.delete_files, c.equality_deletes, c.position_deletes);
    }
    report.lines.push_back(fmt::format("{}: snapshot {}, {} records, {} files{}, {} bytes, {} ms{}", sink->name(),
                                       c.snapshot_id.value(), c.records, c.files, deletes, c.bytes, c.commit_ms,
                                       c.attempts > 1 ? fmt::format(" ({} attempts)", c.attempts) : ""));
  }
  report.millis = MillisSince(start);
  stats_.last_commit_ms = report.millis;
  stats_.last_commit_at = std::chrono::system_clock::now();
  if (!conflict) {
    // The cycle is complete: every record before these positions is in every table.
    for (const auto& [tp, pos] : positions) cycle_floors_[tp] = pos;
    source_.ReportProgress(positions);
  }
  if (observer_) observer_(stats_, &report);
  return conflict;
}

Status Pipeline::Rewind() {
  for (auto& [name, sink] : sinks_) {
    sink->Abandon();
    FIRN_RETURN_NOT_OK(sink->Refresh());
  }
  pending_records_ = 0;
  std::vector<std::pair<TopicPartition, std::optional<KafkaOffset>>> seeks;
  for (auto& [tp, pos] : positions_) {
    pos = StartOffset(tp);
    seeks.emplace_back(tp, pos);
    if (pos) {
      cycle_floors_[tp] = *pos;
    } else {
      cycle_floors_.erase(tp);
    }
  }
  FIRN_LOG(kWarn, "rewinding {} partition(s) to the offsets the tables hold", seeks.size());
  return source_.Seek(seeks);
}

Status Pipeline::Run() {
  std::vector<SourceRecord> batch;
  auto last_observed = Clock::now();
  auto fail = [&](Error e) -> Status {
    failed_ = true;
    for (auto& [name, sink] : sinks_) sink->Abandon();
    return std::unexpected(std::move(e));
  };
  while (!stop_.load(std::memory_order_relaxed)) {
    Status polled = source_.Poll(100, 8192, &batch);
    if (deferred_) return fail(std::move(*deferred_));
    if (!polled) return fail(std::move(polled.error()));
    bool stop_early = false;
    for (size_t i = 0; i < batch.size(); ++i) {
      unprocessed_ = std::span<const SourceRecord>(batch).subspan(i);
      Status processed = Process(batch[i]);
      unprocessed_ = {};
      if (!processed) return fail(std::move(processed.error()));
      if (options_.stop_after_records > 0 && stats_.records_read >= options_.stop_after_records) {
        stop_early = true;
        break;
      }
      // Size triggers are checked per record (the interval once per batch, below).
      std::string reason;
      const bool last = i + 1 == batch.size();
      if ((last || options_.commit_max_records > 0) && CommitDue(&reason)) {
        auto conflict = CommitCycle(reason);
        if (!conflict) return fail(std::move(conflict.error()));
        if (*conflict) {
          // Rewound: the rest of this batch lies past the new positions.
          if (Status s = Rewind(); !s) return fail(std::move(s.error()));
          break;
        }
      }
    }
    progress_.store(stats_.records_read, std::memory_order_relaxed);
    if (pipeline_observer_ && (!batch.empty() || !observed_dead_letters_.empty())) {
      pipeline_observer_->OnBatch(batch, observed_dead_letters_);
      observed_dead_letters_.clear();
    }
    if (Status s = EnforceMemoryBudget(); !s) return fail(std::move(s.error()));
    if (stop_early) break;
    std::string reason;
    if (batch.empty() && CommitDue(&reason)) {
      auto conflict = CommitCycle(reason);
      if (!conflict) return fail(std::move(conflict.error()));
      if (*conflict) {
        if (Status s = Rewind(); !s) return fail(std::move(s.error()));
      }
    }
    if (batch.empty() && source_.Exhausted()) break;
    if (observer_ && MillisSince(last_observed) >= 1000) {
      last_observed = Clock::now();
      observer_(stats_, nullptr);
    }
  }
  // A normal end: commit what is pending, then leave the group (the revocation finds
  // nothing left to commit).
  auto conflict = CommitCycle(stop_.load() ? "shutdown" : "end of input");
  if (!conflict) return fail(std::move(conflict.error()));
  if (Status s = source_.Close(); !s) return fail(std::move(s.error()));
  if (deferred_) return fail(std::move(*deferred_));
  return OkStatus();
}

}  // namespace firn::ingest
