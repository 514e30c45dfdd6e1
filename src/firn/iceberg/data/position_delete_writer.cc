#include "firn/iceberg/data/position_delete_writer.h"

#include <algorithm>

#include <fmt/format.h>

#include "firn/common/macros.h"
#include "firn/iceberg/data/parquet_schema.h"
#include "firn/iceberg/metadata/table_metadata_builder.h"
#include "firn/iceberg/partition/partition_path.h"
#include "firn/iceberg/types/schema_json.h"
#include "firn/parquet/writer/file_writer.h"

namespace firn::iceberg {
namespace {

constexpr int64_t kBatchRows = 8192;
// Rough heap cost of one std::map node holding a path and a vector (beyond their bytes).
constexpr int64_t kPathOverheadBytes = 96;

}  // namespace

const Schema& PositionDeleteSchema() {
  static const Schema schema(0, {Required(kDeleteFilePathFieldId, "file_path", Type::String()),
                                 Required(kDeletePosFieldId, "pos", Type::Long())});
  return schema;
}

PositionDeleteWriter::PositionDeleteWriter(io::FileIO& io, const PartitionSpec& spec,
                                           std::shared_ptr<const parquet::Schema> file_schema,
                                           DataWriterOptions options)
    : io_(io), spec_(spec), file_schema_(std::move(file_schema)), options_(std::move(options)) {}

PositionDeleteWriter::~PositionDeleteWriter() = default;

Result<std::unique_ptr<PositionDeleteWriter>> PositionDeleteWriter::Make(io::FileIO& io,
                                                                         const PartitionSpec& spec,
                                                                         DataWriterOptions options) {
  FIRN_ASSIGN_OR_RETURN(auto file_schema, ToParquetSchema(PositionDeleteSchema()));
  if (options.file_prefix.empty()) options.file_prefix = NewUuid();
  // Readers prune delete files by the file_path bounds: keep them whole, whatever the
  // table's write.metadata.metrics.* say (Java's MetricsConfig.forPositionDelete).
  options.parquet.metrics.default_mode = parquet::MetricsMode{parquet::MetricsMode::Kind::kFull, 0};
  options.parquet.metrics.by_field_id.clear();
  auto& kv = options.parquet.key_value_metadata;
  std::erase_if(kv, [](const auto& e) { return e.first == "iceberg.schema" || e.first == "delete-type"; });
  kv.emplace_back("iceberg.schema", SchemaToJson(PositionDeleteSchema()));
  kv.emplace_back("delete-type", "position");
  return std::unique_ptr<PositionDeleteWriter>(
      new PositionDeleteWriter(io, spec, std::move(file_schema), std::move(options)));
}

Status PositionDeleteWriter::Delete(std::string_view data_file_path, int64_t pos,
                                    const std::vector<Literal>& partition) {
  if (pos < 0) return InvalidArgument("position delete of {}: negative position {}", data_file_path, pos);
  if (partition.size() != spec_.fields.size()) {
    return InvalidArgument("position delete of {}: partition tuple has {} values, spec {} has {} fields",
                           data_file_path, partition.size(), spec_.spec_id, spec_.fields.size());
  }
  if (last_partition_ == nullptr || last_partition_->partition != partition) {
    const std::string key = spec_.fields.empty() ? std::string() : PartitionPath(spec_, partition);
    auto [it, inserted] = partitions_.try_emplace(key);
    if (inserted) it->second.partition = partition;
    last_partition_ = &it->second;
    last_positions_ = nullptr;
  }
  if (last_positions_ == nullptr || last_path_ != data_file_path) {
    last_path_.assign(data_file_path);
    auto [it, inserted] = last_partition_->positions.try_emplace(last_path_);
    if (inserted) memory_bytes_ += static_cast<int64_t>(last_path_.size()) + kPathOverheadBytes;
    last_positions_ = &it->second;
  }
  const size_t capacity = last_positions_->capacity();
  last_positions_->push_back(pos);
  memory_bytes_ += static_cast<int64_t>((last_positions_->capacity() - capacity) * sizeof(int64_t));
  ++recorded_;
  return OkStatus();
}

Status PositionDeleteWriter::WritePartition(const std::string& key, Partition& p) {
  std::string dir = options_.data_location;
  if (!key.empty()) dir += "/" + key;
  std::unique_ptr<parquet::FileWriter> writer;
  auto finish = [&]() -> Status {
    auto result = writer->Finish();
    writer.reset();
    FIRN_RETURN_NOT_OK(result);
    done_.push_back(DataFileFromWriteResult(*result, DataFileContent::kPositionDeletes, spec_.spec_id,
                                            p.partition));
    return OkStatus();
  };
  parquet::RecordBatch batch = parquet::MakeBatch(*file_schema_);
  auto flush = [&]() -> Status {
    if (batch.num_rows == 0) return OkStatus();
    if (writer == nullptr) {
      const std::string path = fmt::format("{}/{}-pos-deletes-{:05d}.parquet", dir, options_.file_prefix, counter_++);
      FIRN_ASSIGN_OR_RETURN(auto out, io_.NewOutputFile(FilePath(path), io::WriteMode::kCreate));
      FIRN_ASSIGN_OR_RETURN(writer, parquet::FileWriter::Make(std::move(out), file_schema_, options_.parquet));
    }
    Status st = writer->Write(batch);
    batch.Clear();
    if (!st) {
      writer->Abandon();
      return st;
    }
    if (writer->EstimatedFileSize() >= options_.target_file_size_bytes) return finish();
    return OkStatus();
  };
  for (auto& [path, positions] : p.positions) {
    std::sort(positions.begin(), positions.end());
    positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
    for (int64_t pos : positions) {
      batch.columns[0].AppendBytes(path);
      batch.columns[1].AppendValue<int64_t>(pos);
      if (++batch.num_rows == kBatchRows) FIRN_RETURN_NOT_OK(flush());
    }
  }
  FIRN_RETURN_NOT_OK(flush());
  if (writer != nullptr) return finish();
  return OkStatus();
}

Result<std::vector<DataFile>> PositionDeleteWriter::Finish() {
  for (auto& [key, p] : partitions_) {
    Status st = WritePartition(key, p);
    if (!st) {
      Abandon();
      return std::unexpected(st.error());
    }
  }
  partitions_.clear();
  last_partition_ = nullptr;
  last_positions_ = nullptr;
  memory_bytes_ = 0;
  recorded_ = 0;
  std::vector<DataFile> out = std::move(done_);
  done_.clear();
  return out;
}

void PositionDeleteWriter::Abandon() {
  for (const DataFile& d : done_) (void)io_.Delete(FilePath(d.file_path));
  done_.clear();
  partitions_.clear();
  last_partition_ = nullptr;
  last_positions_ = nullptr;
  memory_bytes_ = 0;
  recorded_ = 0;
}

}  // namespace firn::iceberg
