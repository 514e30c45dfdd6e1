#include "firn/iceberg/sort/external_sorter.h"

#include <algorithm>
#include <numeric>
#include <optional>

#include "firn/common/macros.h"
#include "firn/iceberg/data/parquet_schema.h"
#include "firn/iceberg/metadata/table_metadata_builder.h"
#include "firn/iceberg/sort/sort_keys.h"
#include "firn/iceberg/sort/spill_files.h"
#include "firn/parquet/batch/take.h"
#include "firn/parquet/reader/file_reader.h"
#include "firn/parquet/writer/file_writer.h"

namespace firn::iceberg {

// A sorted sequence of rows being merged: a spill file read one row group at a time, or
// the sorted in-memory buffer (`batch` with `perm`, read in place).
struct ExternalSorter::Run {
  std::string path;                                // "" for the in-memory run
  std::unique_ptr<parquet::FileReader> reader;
  int next_row_group = 0;
  parquet::RecordBatch batch;                      // the current row group (file runs)
  const parquet::RecordBatch* rows = nullptr;      // what `keys` and positions refer to
  std::vector<int64_t> perm;                       // position -> row, empty: identity
  std::optional<SortKeys> keys;
  int64_t pos = 0, end = 0;                        // current position in rows' order

  int64_t Row() const { return perm.empty() ? pos : perm[static_cast<size_t>(pos)]; }
};

ExternalSorter::ExternalSorter(io::FileIO& io, const Schema& schema, const SortOrder& order,
                               std::shared_ptr<const parquet::Schema> file_schema, ExternalSorterOptions options)
    : io_(io), schema_(schema), order_(order), file_schema_(std::move(file_schema)), options_(std::move(options)),
      prefix_(SpillFilePrefix() + NewUuid()) {
  buffer_ = parquet::MakeBatch(*file_schema_);
}

ExternalSorter::~ExternalSorter() { DeleteRuns(); }

Result<std::unique_ptr<ExternalSorter>> ExternalSorter::Make(io::FileIO& io, const Schema& schema,
                                                             const SortOrder& order, ExternalSorterOptions options) {
  if (order.IsUnsorted()) return InvalidArgument("external sort needs a sorted order, got the unsorted order");
  FIRN_RETURN_NOT_OK_CTX(order.Validate(schema), "sort order");
  if (options.spill_directory.empty()) return InvalidArgument("external sort needs a spill directory");
  if (options.memory_bytes <= 0) return InvalidArgument("sort memory must be positive, got {}", options.memory_bytes);
  if (options.merge_fan_in < 2) return InvalidArgument("merge fan-in must be at least 2, got {}", options.merge_fan_in);
  if (options.output_batch_rows < 1) return InvalidArgument("output batch rows must be positive");
  FIRN_ASSIGN_OR_RETURN(auto file_schema, ToParquetSchema(schema));
  return std::unique_ptr<ExternalSorter>(new ExternalSorter(io, schema, order, std::move(file_schema),
                                                            std::move(options)));
}

void ExternalSorter::DeleteRuns() {
  for (const std::string& p : run_paths_) (void)io_.Delete(FilePath(p));
  run_paths_.clear();
}

Status ExternalSorter::Add(const parquet::RecordBatch& batch) {
  if (finished_) return InvalidArgument("ExternalSorter::Add after Finish");
  if (batch.num_rows == 0) return OkStatus();
  FIRN_RETURN_NOT_OK_CTX(parquet::ValidateBatch(*file_schema_, batch), "sorting");
  if (static_cast<int64_t>(all_rows_.size()) < batch.num_rows) {
    const size_t old = all_rows_.size();
    all_rows_.resize(static_cast<size_t>(batch.num_rows));
    std::iota(all_rows_.begin() + static_cast<std::ptrdiff_t>(old), all_rows_.end(), static_cast<int64_t>(old));
  }
  parquet::TakeRows(*file_schema_, batch, std::span(all_rows_.data(), static_cast<size_t>(batch.num_rows)), &buffer_);
  stats_.rows += batch.num_rows;
  if (buffer_.MemoryUsage() >= options_.memory_bytes) return SpillBuffer();
  return OkStatus();
}

Result<ExternalSorter::Run> ExternalSorter::WriteRun(const std::function<Status(const Sink&)>& produce) {
  Run run;
  run.path = options_.spill_directory + "/" + prefix_ + "-" + std::to_string(run_seq_++) + ".parquet";
  parquet::WriterOptions wo;
  // Runs are read once, right away: the cheapest codec that still halves the disk traffic,
  // and no dictionaries to build and decode.
  wo.compression = parquet::CompressionKind::kLz4Raw;
  wo.dictionary_enabled = false;
  // Small row groups: the merge holds one decoded row group per run.
  wo.row_group_size_bytes = std::max<int64_t>(int64_t{1} << 20, options_.memory_bytes / (4 * options_.merge_fan_in));
  wo.metrics.default_mode.kind = parquet::MetricsMode::Kind::kNone;
  auto fail = [&](Error e) { return std::unexpected(std::move(e).WithContext("spilling a sort run to " + run.path)); };
  auto out = io_.NewOutputFile(FilePath(run.path));
  if (!out) return fail(std::move(out.error()));
  auto writer = parquet::FileWriter::Make(std::move(*out), file_schema_, wo);
  if (!writer) return fail(std::move(writer.error()));
  Status st = produce([&](const parquet::RecordBatch& b) { return (*writer)->Write(b); });
  if (!st) {
    (*writer)->Abandon();
    return fail(std::move(st.error()));
  }
  auto done = (*writer)->Finish();
  if (!done) return fail(std::move(done.error()));
  run_paths_.push_back(run.path);
  ++stats_.runs_spilled;
  stats_.bytes_spilled += done->file_size_bytes;
  return run;
}

Status ExternalSorter::SpillBuffer() {
  if (buffer_.num_rows == 0) return OkStatus();
  FIRN_ASSIGN_OR_RETURN(Run run, WriteRun([&](const Sink& sink) { return EmitBuffer(sink); }));
  runs_.push_back(std::move(run));
  buffer_.Clear();
  return OkStatus();
}

// Sorts the buffer and emits it in output batches.
Status ExternalSorter::EmitBuffer(const Sink& sink) {
  FIRN_ASSIGN_OR_RETURN(SortKeys keys, SortKeys::Make(schema_, order_, buffer_));
  const std::vector<int64_t> perm = keys.SortedRows();
  parquet::RecordBatch out = parquet::MakeBatch(*file_schema_);
  const int64_t n = static_cast<int64_t>(perm.size());
  for (int64_t begin = 0; begin < n; begin += options_.output_batch_rows) {
    const int64_t count = std::min(options_.output_batch_rows, n - begin);
    out.Clear();
    parquet::TakeRows(*file_schema_, buffer_, std::span(perm.data() + begin, static_cast<size_t>(count)), &out);
    FIRN_RETURN_NOT_OK(sink(out));
  }
  return OkStatus();
}

namespace {

// Loads the next row group of a file run; false when the run is exhausted.
Result<bool> Advance(io::FileIO& io, const SortOrder& order, const Schema& schema,
                     std::unique_ptr<parquet::FileReader>& reader, const std::string& path, int& next_row_group,
                     parquet::RecordBatch& batch, std::optional<SortKeys>& keys) {
  if (reader == nullptr) {
    FIRN_ASSIGN_OR_RETURN(auto in, io.OpenInputFile(FilePath(path)));
    FIRN_ASSIGN_OR_RETURN(reader, parquet::FileReader::Open(std::move(in)));
  }
  while (next_row_group < reader->num_row_groups()) {
    batch.Clear();
    FIRN_ASSIGN_OR_RETURN(batch, reader->ReadRowGroup(next_row_group++));
    if (batch.num_rows == 0) continue;
    FIRN_ASSIGN_OR_RETURN(SortKeys k, SortKeys::Make(schema, order, batch));
    keys.emplace(std::move(k));
    return true;
  }
  return false;
}

}  // namespace

Status ExternalSorter::Merge(std::vector<Run>& runs, const Sink& sink) {
  // Open every run at its first rows.
  std::vector<size_t> live;
  for (size_t r = 0; r < runs.size(); ++r) {
    Run& run = runs[r];
    if (run.rows == nullptr) {
      FIRN_ASSIGN_OR_RETURN(bool any, Advance(io_, order_, schema_, run.reader, run.path, run.next_row_group,
                                              run.batch, run.keys));
      if (!any) continue;
      run.rows = &run.batch;
      run.pos = 0;
      run.end = run.batch.num_rows;
    }
    live.push_back(r);
  }
  // A binary min-heap of run indices, smallest current row on top; ties go to the older
  // run. After the top run advances, one sift-down restores it (half the comparisons of
  // a pop and a push).
  auto less = [&](size_t a, size_t b) {
    const Run& x = runs[a];
    const Run& y = runs[b];
    const int c = SortKeys::Compare(*x.keys, x.Row(), *y.keys, y.Row());
    return c != 0 ? c < 0 : a < b;
  };
  std::vector<size_t> heap = std::move(live);
  auto sift_down = [&](size_t i) {
    const size_t n = heap.size();
    while (true) {
      size_t smallest = i;
      const size_t l = 2 * i + 1, r = l + 1;
      if (l < n && less(heap[l], heap[smallest])) smallest = l;
      if (r < n && less(heap[r], heap[smallest])) smallest = r;
      if (smallest == i) return;
      std::swap(heap[i], heap[smallest]);
      i = smallest;
    }
  };
  for (size_t i = heap.size() / 2; i-- > 0;) sift_down(i);
  parquet::RecordBatch out = parquet::MakeBatch(*file_schema_);
  std::vector<const parquet::RecordBatch*> inputs(runs.size());
  std::vector<parquet::SourceRow> pending;  // (run, row) in output order
  auto flush = [&]() -> Status {
    if (pending.empty()) return OkStatus();
    out.Clear();
    for (size_t r = 0; r < runs.size(); ++r) inputs[r] = runs[r].rows != nullptr ? runs[r].rows : &buffer_;
    parquet::TakeRows(*file_schema_, inputs, pending, &out);
    pending.clear();
    return sink(out);
  };
  auto drop_top = [&]() {
    heap.front() = heap.back();
    heap.pop_back();
    if (!heap.empty()) sift_down(0);
  };
  while (!heap.empty()) {
    const size_t r = heap.front();
    Run& run = runs[r];
    pending.push_back(parquet::SourceRow{static_cast<uint32_t>(r), run.Row()});
    if (++run.pos == run.end) {
      // The run's rows are about to be replaced: emit what points into them first.
      FIRN_RETURN_NOT_OK(flush());
      if (run.reader == nullptr && run.path.empty()) {  // the in-memory run is done
        drop_top();
        continue;
      }
      FIRN_ASSIGN_OR_RETURN(bool more, Advance(io_, order_, schema_, run.reader, run.path, run.next_row_group,
                                               run.batch, run.keys));
      if (!more) {
        run.reader.reset();
        drop_top();
        continue;
      }
      run.pos = 0;
      run.end = run.batch.num_rows;
    } else if (static_cast<int64_t>(pending.size()) >= options_.output_batch_rows) {
      FIRN_RETURN_NOT_OK(flush());
    }
    sift_down(0);
  }
  return flush();
}

Status ExternalSorter::Finish(const Sink& sink) {
  if (finished_) return InvalidArgument("ExternalSorter::Finish called twice");
  finished_ = true;
  if (runs_.empty()) {
    Status st = buffer_.num_rows > 0 ? EmitBuffer(sink) : OkStatus();
    buffer_ = parquet::RecordBatch{};
    return st;
  }
  // Too many runs for one merge: spill the buffer too, then merge the oldest fan-in runs
  // into one until a single merge can take them all.
  if (static_cast<int>(runs_.size()) + (buffer_.num_rows > 0 ? 1 : 0) > options_.merge_fan_in) {
    FIRN_RETURN_NOT_OK(SpillBuffer());
    while (static_cast<int>(runs_.size()) > options_.merge_fan_in) {
      std::vector<Run> group(std::make_move_iterator(runs_.begin()),
                             std::make_move_iterator(runs_.begin() + options_.merge_fan_in));
      runs_.erase(runs_.begin(), runs_.begin() + options_.merge_fan_in);
      FIRN_ASSIGN_OR_RETURN(Run merged, WriteRun([&](const Sink& s) { return Merge(group, s); }));
      for (const Run& g : group) {
        (void)io_.Delete(FilePath(g.path));
        std::erase(run_paths_, g.path);
      }
      runs_.insert(runs_.begin(), std::move(merged));
      ++stats_.merge_passes;
    }
  }
  // The buffer joins the merge in memory, newest of all.
  std::vector<Run> all = std::move(runs_);
  runs_.clear();
  if (buffer_.num_rows > 0) {
    Run mem;
    FIRN_ASSIGN_OR_RETURN(SortKeys keys, SortKeys::Make(schema_, order_, buffer_));
    mem.perm = keys.SortedRows();
    mem.keys.emplace(std::move(keys));
    mem.rows = &buffer_;
    mem.end = buffer_.num_rows;
    all.push_back(std::move(mem));
  }
  Status st = Merge(all, sink);
  all.clear();
  DeleteRuns();
  buffer_ = parquet::RecordBatch{};
  return st;
}

}  // namespace firn::iceberg
