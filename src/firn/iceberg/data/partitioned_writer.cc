#include "firn/iceberg/data/partitioned_writer.h"

#include <fmt/format.h>

#include "firn/common/macros.h"
#include "firn/iceberg/data/parquet_schema.h"
#include "firn/iceberg/data/partition_split.h"
#include "firn/iceberg/metadata/table_metadata_builder.h"
#include "firn/iceberg/partition/partition_path.h"
#include "firn/iceberg/types/schema_json.h"
#include "firn/parquet/batch/take.h"

namespace firn::iceberg {

struct PartitionedWriter::OpenFile {
  int32_t ordinal = -1;  // index into files_
  std::vector<Literal> partition;
  std::string path;
  std::unique_ptr<parquet::FileWriter> writer;
  int64_t floor_bytes = 0;  // MemoryUsage right after the last ReleaseMemory, 0 before any
};

Result<DataWriterOptions> DataWriterOptionsFromTable(const TableMetadata& m,
                                                     const parquet::Schema& file_schema) {
  DataWriterOptions o;
  auto data_path = m.properties.find(std::string(props::kDataPath));
  o.data_location = data_path != m.properties.end() ? data_path->second : m.location + "/data";
  FIRN_ASSIGN_OR_RETURN(o.target_file_size_bytes, PropertyAsInt(m.properties, props::kTargetFileSizeBytes,
                                                                props::kTargetFileSizeBytesDefault));
  if (o.target_file_size_bytes <= 0) {
    return InvalidArgument("{} must be positive", props::kTargetFileSizeBytes);
  }
  FIRN_ASSIGN_OR_RETURN(o.parquet, parquet::WriterOptions::FromProperties(m.properties, file_schema));
  // As Java's writers do: readers that resolve columns by name (not field id) find the
  // schema the file was written with here.
  o.parquet.key_value_metadata.emplace_back("iceberg.schema", SchemaToJson(m.CurrentSchema()));
  o.file_prefix = NewUuid();
  return o;
}

DataFile DataFileFromWriteResult(const parquet::WriteResult& result, DataFileContent content,
                                 int32_t spec_id, std::vector<Literal> partition) {
  DataFile d;
  d.content = content;
  d.file_path = result.path;
  d.file_format = FileFormat::kParquet;
  d.spec_id = spec_id;
  d.partition = std::move(partition);
  d.record_count = result.record_count;
  d.file_size_in_bytes = result.file_size_bytes;
  d.split_offsets = result.split_offsets;
  for (const parquet::IcebergColumnMetrics& c : result.column_metrics) {
    d.column_sizes[c.field_id] = c.column_size;
    if (c.value_count) d.value_counts[c.field_id] = *c.value_count;
    if (c.null_value_count) d.null_value_counts[c.field_id] = *c.null_value_count;
    if (c.nan_value_count) d.nan_value_counts[c.field_id] = *c.nan_value_count;
    if (c.lower_bound) d.lower_bounds[c.field_id] = *c.lower_bound;
    if (c.upper_bound) d.upper_bounds[c.field_id] = *c.upper_bound;
  }
  return d;
}

PartitionedWriter::PartitionedWriter(io::FileIO& io, const Schema& schema, const PartitionSpec& spec,
                                     std::shared_ptr<const parquet::Schema> file_schema,
                                     DataWriterOptions options)
    : io_(io), schema_(schema), spec_(spec), file_schema_(std::move(file_schema)), options_(std::move(options)) {
  scratch_ = parquet::MakeBatch(*file_schema_);
}

PartitionedWriter::~PartitionedWriter() {
  for (auto& [k, f] : open_) {
    if (f->writer) f->writer->Abandon();
  }
}

Result<std::unique_ptr<PartitionedWriter>> PartitionedWriter::Make(io::FileIO& io, const Schema& schema,
                                                                   const PartitionSpec& spec,
                                                                   DataWriterOptions options) {
  FIRN_RETURN_NOT_OK(spec.Validate(schema));
  FIRN_ASSIGN_OR_RETURN(auto file_schema, ToParquetSchema(schema));
  if (options.file_prefix.empty()) options.file_prefix = NewUuid();
  return std::unique_ptr<PartitionedWriter>(
      new PartitionedWriter(io, schema, spec, std::move(file_schema), std::move(options)));
}

Result<PartitionedWriter::OpenFile*> PartitionedWriter::FileFor(const std::string& key,
                                                                 const std::vector<Literal>& partition) {
  auto it = open_.find(key);
  if (it != open_.end() && it->second->writer) return it->second.get();
  auto f = std::make_unique<OpenFile>();
  f->partition = partition;
  std::string dir = options_.data_location;
  if (!key.empty()) dir += "/" + key;
  f->path = fmt::format("{}/{}-{:05d}.parquet", dir, options_.file_prefix, counter_++);
  FIRN_ASSIGN_OR_RETURN(auto out, io_.NewOutputFile(firn::FilePath(f->path), io::WriteMode::kCreate));
  FIRN_ASSIGN_OR_RETURN(f->writer, parquet::FileWriter::Make(std::move(out), file_schema_, options_.parquet));
  f->ordinal = static_cast<int32_t>(files_.size());
  files_.push_back(FileInfo{f->path, partition});
  OpenFile* raw = f.get();
  open_[key] = std::move(f);
  return raw;
}

Status PartitionedWriter::Close(OpenFile& f) {
  auto result = f.writer->Finish();
  f.writer.reset();
  FIRN_RETURN_NOT_OK(result);
  DataFile d = DataFileFromWriteResult(*result, DataFileContent::kData, spec_.spec_id, f.partition);
  d.file_path = f.path;  // what NewOutputFile was given: FilePath(ordinal) promises this
  d.sort_order_id = options_.sort_order_id;
  done_.push_back(std::move(d));
  return OkStatus();
}

int64_t PartitionedWriter::MemoryUsage() const {
  int64_t total = scratch_.MemoryUsage();
  for (const auto& [k, f] : open_) {
    if (f->writer) total += f->writer->MemoryUsage();
  }
  return total;
}

int64_t PartitionedWriter::EstimatedBytes() const {
  int64_t total = 0;
  for (const DataFile& d : done_) total += d.file_size_in_bytes;
  for (const auto& [k, f] : open_) {
    if (f->writer) total += f->writer->EstimatedFileSize();
  }
  return total;
}

Result<int64_t> PartitionedWriter::ReleaseLargest() {
  OpenFile* largest = nullptr;
  int64_t largest_bytes = 0;
  for (auto& [k, f] : open_) {
    if (!f->writer) continue;
    const int64_t bytes = f->writer->MemoryUsage();
    if (largest == nullptr || bytes > largest_bytes) {
      largest = f.get();
      largest_bytes = bytes;
    }
  }
  if (largest == nullptr) return 0;
  // A writer that was released already and has buffered little since holds mostly its
  // floor: releasing it again frees almost nothing, so finish the file instead.
  const bool mostly_floor = largest->floor_bytes > 0 && largest_bytes < 2 * largest->floor_bytes;
  if (!mostly_floor) {
    FIRN_RETURN_NOT_OK(largest->writer->ReleaseMemory());
    largest->floor_bytes = largest->writer->MemoryUsage();
    if (largest->floor_bytes < largest_bytes) return largest_bytes - largest->floor_bytes;
  }
  FIRN_RETURN_NOT_OK(Close(*largest));
  ++files_closed_for_memory_;
  return largest_bytes;
}

Status PartitionedWriter::EnforceBudget() {
  int64_t total = MemoryUsage();
  while (total > options_.memory_budget_bytes) {
    FIRN_ASSIGN_OR_RETURN(int64_t freed, ReleaseLargest());
    if (freed == 0) break;
    total -= freed;
  }
  return OkStatus();
}

Status PartitionedWriter::Write(const parquet::RecordBatch& batch) { return WriteImpl(batch, nullptr); }

Status PartitionedWriter::Write(const parquet::RecordBatch& batch, std::vector<RowLocation>* locations) {
  return WriteImpl(batch, locations);
}

Status PartitionedWriter::WriteImpl(const parquet::RecordBatch& batch, std::vector<RowLocation>* locations) {
  FIRN_RETURN_NOT_OK(parquet::ValidateBatch(*file_schema_, batch));
  if (locations != nullptr) locations->resize(static_cast<size_t>(batch.num_rows));
  FIRN_ASSIGN_OR_RETURN(std::vector<PartitionGroup> groups, SplitByPartition(schema_, spec_, batch));
  const bool single = groups.size() == 1 && groups[0].rows.size() == static_cast<size_t>(batch.num_rows);
  for (const PartitionGroup& g : groups) {
    const std::string key = spec_.fields.empty() ? std::string() : PartitionPath(spec_, g.partition);
    FIRN_ASSIGN_OR_RETURN(OpenFile * f, FileFor(key, g.partition));
    if (locations != nullptr) {
      // Rows are appended in g.rows order after the file's num_rows() rows so far.
      const int64_t base = f->writer->num_rows();
      for (size_t j = 0; j < g.rows.size(); ++j) {
        (*locations)[static_cast<size_t>(g.rows[j])] = RowLocation{f->ordinal, base + static_cast<int64_t>(j)};
      }
    }
    if (single) {
      FIRN_RETURN_NOT_OK(f->writer->Write(batch));
    } else {
      scratch_.Clear();
      parquet::TakeRows(*file_schema_, batch, g.rows, &scratch_);
      FIRN_RETURN_NOT_OK(f->writer->Write(scratch_));
    }
    if (f->writer->EstimatedFileSize() >= options_.target_file_size_bytes) FIRN_RETURN_NOT_OK(Close(*f));
  }
  return EnforceBudget();
}

Result<std::vector<DataFile>> PartitionedWriter::Finish() {
  for (auto& [k, f] : open_) {
    if (!f->writer) continue;
    Status st = Close(*f);
    if (!st) {
      Abandon();
      return std::unexpected(st.error());
    }
  }
  open_.clear();
  return std::move(done_);
}

void PartitionedWriter::Abandon() {
  for (auto& [k, f] : open_) {
    if (f->writer) f->writer->Abandon();
    f->writer.reset();
  }
  open_.clear();
  for (const DataFile& d : done_) (void)io_.Delete(firn::FilePath(d.file_path));
  done_.clear();
}

}  // namespace firn::iceberg
