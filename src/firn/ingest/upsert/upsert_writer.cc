#include "firn/ingest/upsert/upsert_writer.h"

#include <algorithm>
#include <unordered_set>

#include "firn/common/macros.h"
#include "firn/iceberg/data/parquet_schema.h"
#include "firn/parquet/batch/take.h"

namespace firn::ingest {
namespace {

constexpr int64_t kEqualityBatchRows = 16 * 1024;
// Per key in the index: the key bytes, the location, and the hash node (libstdc++ node
// with cached hash plus the bucket slot), for memory accounting.
constexpr int64_t kIndexOverheadPerKey = 64;

}  // namespace

UpsertWriter::UpsertWriter(io::FileIO& io, const iceberg::Schema& schema, const iceberg::PartitionSpec& spec,
                           KeyEncoder key_encoder, iceberg::DataWriterOptions options)
    : io_(io), schema_(&schema), spec_(spec), options_(std::move(options)), key_encoder_(std::move(key_encoder)) {}

UpsertWriter::~UpsertWriter() { Abandon(); }

Result<std::unique_ptr<UpsertWriter>> UpsertWriter::Make(io::FileIO& io, const iceberg::Schema& schema,
                                                         const iceberg::PartitionSpec& spec,
                                                         const iceberg::PartitionSpec& delete_spec,
                                                         const std::vector<int32_t>& key_ids,
                                                         iceberg::DataWriterOptions options) {
  FIRN_ASSIGN_OR_RETURN(KeyEncoder encoder, KeyEncoder::Make(schema, key_ids));
  auto w = std::unique_ptr<UpsertWriter>(new UpsertWriter(io, schema, spec, std::move(encoder), options));
  FIRN_ASSIGN_OR_RETURN(w->key_of_keys_, KeyEncoder::Make(w->key_encoder_.key_schema(), key_ids));
  FIRN_ASSIGN_OR_RETURN(w->file_schema_, iceberg::ToParquetSchema(schema));
  FIRN_ASSIGN_OR_RETURN(auto key_file_schema, iceberg::ToParquetSchema(w->key_encoder_.key_schema()));
  w->equality_keys_ = parquet::MakeBatch(*key_file_schema);
  w->kept_ = parquet::MakeBatch(*w->file_schema_);
  const std::string prefix = options.file_prefix;
  iceberg::DataWriterOptions deletes = options;
  FIRN_ASSIGN_OR_RETURN(w->data_, iceberg::PartitionedWriter::Make(io, schema, spec, options));
  deletes.file_prefix = prefix.empty() ? "" : prefix + "-eq";
  FIRN_ASSIGN_OR_RETURN(w->equality_, iceberg::EqualityDeleteWriter::Make(io, w->key_encoder_.key_schema(),
                                                                          key_ids, delete_spec, deletes));
  deletes.file_prefix = prefix.empty() ? "" : prefix + "-pos";
  FIRN_ASSIGN_OR_RETURN(w->positions_, iceberg::PositionDeleteWriter::Make(io, spec, deletes));
  return w;
}

Status UpsertWriter::Write(const parquet::RecordBatch& rows, const parquet::RecordBatch& keys,
                           std::span<const Change> changes) {
  const size_t n = changes.size();
  batch_keys_.resize(n);
  superseded_.assign(n, 0);
  // Last change of each key in this batch wins; the others are dropped before writing.
  std::unordered_set<std::string_view> later;
  later.reserve(n);
  for (size_t i = n; i-- > 0;) {
    const Change& c = changes[i];
    if (c.is_delete) {
      key_of_keys_.Encode(keys, c.row, &batch_keys_[i]);
    } else {
      key_encoder_.Encode(rows, c.row, &batch_keys_[i]);
    }
    if (!later.insert(batch_keys_[i]).second) superseded_[i] = 1;
  }
  take_.clear();
  for (size_t i = 0; i < n; ++i) {
    if (superseded_[i]) {
      if (!changes[i].is_delete) ++stats_.rows_superseded;
      continue;
    }
    if (!changes[i].is_delete) take_.push_back(changes[i].row);
  }
  locations_.clear();
  if (!take_.empty()) {
    const parquet::RecordBatch* to_write = &rows;
    if (static_cast<int64_t>(take_.size()) != rows.num_rows) {
      kept_.Clear();
      parquet::TakeRows(*file_schema_, rows, take_, &kept_);
      to_write = &kept_;
    }
    FIRN_RETURN_NOT_OK(data_->Write(*to_write, &locations_));
    stats_.rows_written += static_cast<int64_t>(take_.size());
  }
  size_t written = 0;
  for (size_t i = 0; i < n; ++i) {
    if (superseded_[i]) continue;
    const Change& c = changes[i];
    Location now;
    if (!c.is_delete) {
      const iceberg::RowLocation& l = locations_[written++];
      now = {file_base_ + l.file, l.position};
      max_ordinal_ = std::max(max_ordinal_, l.file);
    }
    auto [it, inserted] = index_.try_emplace(std::move(batch_keys_[i]), now);
    if (inserted) {
      // The key's first change in this commit: its rows of earlier commits go.
      index_bytes_ += static_cast<int64_t>(it->first.capacity()) + kIndexOverheadPerKey;
      if (c.is_delete) {
        key_of_keys_.AppendKey(keys, c.row, &equality_keys_);
      } else {
        key_encoder_.AppendKey(rows, c.row, &equality_keys_);
      }
      ++stats_.equality_deletes;
      if (equality_keys_.num_rows >= kEqualityBatchRows) FIRN_RETURN_NOT_OK(WriteKeyDeletes());
      continue;
    }
    const Location before = it->second;
    if (before.file >= 0) FIRN_RETURN_NOT_OK(DeletePosition(before.file, before.position));
    it->second = now;
  }
  return OkStatus();
}

Status UpsertWriter::DeletePosition(int32_t file, int64_t position) {
  ++stats_.position_deletes;
  if (file < file_base_) {
    const auto& [path, partition] = old_files_[static_cast<size_t>(file)];
    return positions_->Delete(path, position, partition);
  }
  const int32_t ordinal = file - file_base_;
  return positions_->Delete(data_->FilePath(ordinal), position, data_->FilePartition(ordinal));
}

Status UpsertWriter::UseSchema(const iceberg::Schema& schema) {
  FIRN_ASSIGN_OR_RETURN(KeyEncoder encoder, KeyEncoder::Make(schema, key_encoder_.key_ids()));
  FIRN_ASSIGN_OR_RETURN(auto file_schema, iceberg::ToParquetSchema(schema));
  for (int32_t ordinal = 0; ordinal <= max_ordinal_; ++ordinal) {
    old_files_.emplace_back(data_->FilePath(ordinal), data_->FilePartition(ordinal));
  }
  file_base_ = static_cast<int32_t>(old_files_.size());
  max_ordinal_ = -1;
  FIRN_ASSIGN_OR_RETURN(std::vector<iceberg::DataFile> done, data_->Finish());
  for (auto& f : done) finished_data_.push_back(std::move(f));
  FIRN_ASSIGN_OR_RETURN(data_, iceberg::PartitionedWriter::Make(io_, schema, spec_, options_));
  schema_ = &schema;
  file_schema_ = std::move(file_schema);
  kept_ = parquet::MakeBatch(*file_schema_);
  key_encoder_ = std::move(encoder);
  return OkStatus();
}

Status UpsertWriter::WriteKeyDeletes() {
  if (equality_keys_.num_rows == 0) return OkStatus();
  Status s = equality_->Write(equality_keys_);
  equality_keys_.Clear();
  return s;
}

Result<std::vector<iceberg::DataFile>> UpsertWriter::Finish() {
  FIRN_RETURN_NOT_OK(WriteKeyDeletes());
  std::vector<iceberg::DataFile> files = std::move(finished_data_);
  finished_data_.clear();
  FIRN_ASSIGN_OR_RETURN(std::vector<iceberg::DataFile> last, data_->Finish());
  for (auto& f : last) files.push_back(std::move(f));
  FIRN_ASSIGN_OR_RETURN(std::vector<iceberg::DataFile> eq, equality_->Finish());
  FIRN_ASSIGN_OR_RETURN(std::vector<iceberg::DataFile> pos, positions_->Finish());
  for (auto& f : eq) files.push_back(std::move(f));
  for (auto& f : pos) files.push_back(std::move(f));
  index_.clear();
  return files;
}

void UpsertWriter::Abandon() {
  if (data_) data_->Abandon();
  for (const iceberg::DataFile& f : finished_data_) (void)io_.Delete(FilePath(f.file_path));
  finished_data_.clear();
  if (equality_) equality_->Abandon();
  if (positions_) positions_->Abandon();
  index_.clear();
  index_bytes_ = 0;
}

int64_t UpsertWriter::MemoryUsage() const {
  return data_->MemoryUsage() + equality_->MemoryUsage() + positions_->MemoryUsage() + index_bytes_ +
         equality_keys_.MemoryUsage() + kept_.MemoryUsage();
}

}  // namespace firn::ingest
