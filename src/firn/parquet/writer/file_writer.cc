#include "firn/parquet/writer/file_writer.h"

#include "firn/common/macros.h"
#include "firn/parquet/format/metadata_thrift.h"
#include "firn/parquet/schema/schema_thrift.h"

namespace firn::parquet {

namespace f = format;

namespace {
constexpr std::string_view kMagic = "PAR1";

// Heap held by a row group's footer metadata until Finish (estimated from its parts; a
// file with thousands of small row groups holds megabytes of it).
int64_t HeapBytes(const f::RowGroup& rg) {
  size_t n = sizeof(f::RowGroup) + rg.columns.capacity() * sizeof(f::ColumnChunk);
  for (const f::ColumnChunk& c : rg.columns) {
    if (!c.meta_data) continue;
    const f::ColumnMetaData& m = *c.meta_data;
    n += m.encodings.capacity() * sizeof(f::Encoding) + m.path_in_schema.capacity() * sizeof(std::string);
    for (const std::string& p : m.path_in_schema) n += p.capacity() > 15 ? p.capacity() + 1 : 0;
    if (m.encoding_stats) n += m.encoding_stats->capacity() * sizeof(f::PageEncodingStats);
    if (m.statistics) {
      const f::Statistics& st = *m.statistics;
      for (const auto* v : {&st.min, &st.max, &st.min_value, &st.max_value}) {
        if (v->has_value() && (*v)->capacity() > 15) n += (*v)->capacity() + 1;
      }
    }
  }
  return static_cast<int64_t>(n) + 16 * static_cast<int64_t>(rg.columns.size() + 1);  // allocator headers
}
}  // namespace

FileWriter::FileWriter(std::unique_ptr<io::OutputFile> file, std::shared_ptr<const Schema> schema,
                       WriterOptions options)
    : file_(std::move(file)), schema_(std::move(schema)), options_(std::move(options)), shredder_(*schema_) {}

FileWriter::~FileWriter() {
  if (!finished_) Abandon();
}

Result<std::unique_ptr<FileWriter>> FileWriter::Make(std::unique_ptr<io::OutputFile> file,
                                                     std::shared_ptr<const Schema> schema,
                                                     WriterOptions options) {
  if (schema->num_columns() == 0) return InvalidArgument("cannot write a Parquet file with no columns");
  std::unique_ptr<FileWriter> w(new FileWriter(std::move(file), std::move(schema), std::move(options)));
  for (const auto& c : w->schema_->columns()) {
    FIRN_ASSIGN_OR_RETURN_CTX(auto cw, ColumnWriter::Make(c, w->options_), "column '" + c.PathString() + "'");
    w->columns_.push_back(std::move(cw));
  }
  w->levels_.resize(w->schema_->num_columns());
  FIRN_RETURN_NOT_OK_CTX(w->file_->Write(kMagic), "writing " + w->file_->path().value());
  return w;
}

Status FileWriter::Write(const RecordBatch& batch) {
  if (poisoned_ || finished_) return Internal("write to a Parquet writer that has failed or finished");
  FIRN_RETURN_NOT_OK(ValidateBatch(*schema_, batch));
  Status s = WriteChecked(batch);
  if (!s) poisoned_ = true;
  return s;
}

Status FileWriter::WriteChecked(const RecordBatch& batch) {
  if (batch.num_rows == 0) return OkStatus();
  for (size_t field = 0; field < batch.columns.size(); ++field) {
    shredder_.Shred(field, batch.columns[field], levels_);
    const size_t first = schema_->FirstLeafOf(field), n = schema_->NumLeavesOf(field);
    for (size_t i = first; i < first + n; ++i) {
      FIRN_RETURN_NOT_OK_CTX(columns_[i]->Write(levels_[i]),
                             "writing " + file_->path().value());
    }
  }
  group_rows_ += batch.num_rows;
  total_rows_ += batch.num_rows;
  if (BufferedBytes() >= options_.row_group_size_bytes) return FlushRowGroup();
  return OkStatus();
}

Status FileWriter::FlushRowGroup() {
  if (poisoned_ || finished_) return Internal("flush of a Parquet writer that has failed or finished");
  if (group_rows_ == 0) return OkStatus();
  f::RowGroup rg;
  rg.num_rows = group_rows_;
  rg.file_offset = static_cast<int64_t>(file_->Position());
  rg.ordinal = static_cast<int16_t>(row_groups_.size());
  int64_t compressed = 0;
  for (auto& c : columns_) {
    auto chunk = c->FinishChunk(file_.get());
    if (!chunk) {
      poisoned_ = true;
      return std::unexpected(std::move(chunk).error());
    }
    rg.total_byte_size += chunk->meta_data->total_uncompressed_size;
    compressed += chunk->meta_data->total_compressed_size;
    rg.columns.push_back(std::move(*chunk));
  }
  rg.total_compressed_size = compressed;
  metadata_bytes_ += HeapBytes(rg);
  row_groups_.push_back(std::move(rg));
  group_rows_ = 0;
  return OkStatus();
}

int64_t FileWriter::BufferedBytes() const {
  int64_t n = 0;
  for (const auto& c : columns_) n += c->BufferedBytes();
  return n;
}

int64_t FileWriter::MemoryUsage() const {
  int64_t n = static_cast<int64_t>(chunk_buf_.capacity()) + file_->MemoryUsage() + metadata_bytes_;
  for (const auto& c : columns_) n += c->MemoryUsage();
  for (const LeafLevels& l : levels_) {
    n += static_cast<int64_t>((l.def.capacity() + l.rep.capacity()) * sizeof(int16_t) +
                              l.value_slots.capacity() * sizeof(int64_t));
  }
  return n;
}

Status FileWriter::ReleaseMemory() {
  FIRN_RETURN_NOT_OK(FlushRowGroup());
  for (auto& c : columns_) c->ReleaseMemory();
  for (LeafLevels& l : levels_) {
    std::vector<int16_t>().swap(l.def);
    std::vector<int16_t>().swap(l.rep);
    std::vector<int64_t>().swap(l.value_slots);
  }
  chunk_buf_.Release();
  Status s = file_->ReleaseMemory();
  if (!s) poisoned_ = true;
  return s;
}

int64_t FileWriter::WrittenBytes() const { return static_cast<int64_t>(file_->Position()); }

int64_t FileWriter::EstimatedFileSize() const {
  int64_t n = WrittenBytes();
  for (const auto& c : columns_) n += c->EstimatedChunkBytes();
  return n;
}

Result<WriteResult> FileWriter::Finish() {
  if (poisoned_ || finished_) return Internal("finish of a Parquet writer that has failed or finished");
  FIRN_RETURN_NOT_OK(FlushRowGroup());
  poisoned_ = true;  // until the commit succeeds, any failure leaves the writer unusable

  WriteResult result;
  result.path = file_->path().value();
  result.record_count = total_rows_;
  f::FileMetaData& md = result.metadata;
  md.version = 2;
  md.schema = ToSchemaElements(*schema_);
  md.num_rows = total_rows_;
  md.row_groups = std::move(row_groups_);
  md.created_by = options_.created_by;
  if (!options_.key_value_metadata.empty()) {
    md.key_value_metadata.emplace();
    for (const auto& [k, v] : options_.key_value_metadata) md.key_value_metadata->push_back({k, v});
  }
  md.column_orders = std::vector<f::ColumnOrder>(schema_->num_columns(), f::ColumnOrder::TYPE_ORDER);
  for (const auto& rg : md.row_groups) result.split_offsets.push_back(*rg.file_offset);

  chunk_buf_.Clear();
  f::Serialize(md, &chunk_buf_);
  const uint32_t footer_len = static_cast<uint32_t>(chunk_buf_.size());
  chunk_buf_.AppendValue(footer_len);
  chunk_buf_.Append(kMagic);
  const std::string ctx = "writing " + result.path;
  FIRN_RETURN_NOT_OK_CTX(file_->Write(chunk_buf_.span()), ctx);
  result.file_size_bytes = static_cast<int64_t>(file_->Position());
  FIRN_RETURN_NOT_OK_CTX(file_->Commit(), ctx);
  finished_ = true;

  for (size_t i = 0; i < columns_.size(); ++i) {
    const ColumnDescriptor& c = schema_->columns()[i];
    if (!c.node->field_id) continue;
    result.column_metrics.push_back(MakeColumnMetrics(c, columns_[i]->file_statistics(),
                                                      columns_[i]->file_compressed_bytes(),
                                                      columns_[i]->file_num_values(),
                                                      options_.metrics.ModeFor(c.node->field_id)));
  }
  return result;
}

void FileWriter::Abandon() {
  if (finished_) return;
  finished_ = true;
  poisoned_ = true;
  file_->Abandon();
}

}  // namespace firn::parquet
