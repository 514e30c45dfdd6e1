#include "firn/parquet/reader/file_reader.h"

#include <algorithm>
#include <string>

#include "firn/common/macros.h"

namespace firn::parquet {

FileReader::FileReader(std::unique_ptr<io::InputFile> file, FileFooter footer, ReaderOptions options)
    : file_(std::move(file)),
      footer_(std::move(footer)),
      options_(options),
      chunk_reader_(*file_, options_) {}

Result<std::unique_ptr<FileReader>> FileReader::Open(std::unique_ptr<io::InputFile> file,
                                                     ReaderOptions options) {
  FIRN_ASSIGN_OR_RETURN(FileFooter footer, ReadFooter(*file));
  return std::unique_ptr<FileReader>(new FileReader(std::move(file), std::move(footer), options));
}

Result<Projection> FileReader::ProjectIndices(const std::vector<size_t>& fields) const {
  const SchemaNode& root = footer_.schema->root();
  Projection p;
  p.fields = fields;
  bool identity = fields.size() == root.children.size();
  SchemaNode projected;
  projected.name = root.name;
  projected.field_id = root.field_id;
  projected.repetition = root.repetition;
  projected.is_group = true;
  projected.logical = root.logical;
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i] >= root.children.size()) {
      return InvalidArgument("field index {} is out of range: the file has {} top-level fields",
                             fields[i], root.children.size());
    }
    if (std::count(fields.begin(), fields.begin() + static_cast<ptrdiff_t>(i), fields[i]) != 0) {
      return InvalidArgument("field '{}' is projected twice", root.children[fields[i]].name);
    }
    identity = identity && fields[i] == i;
    projected.children.push_back(root.children[fields[i]]);
  }
  if (identity) {
    p.schema = footer_.schema;
  } else {
    FIRN_ASSIGN_OR_RETURN(p.schema, Schema::Make(std::move(projected)));
  }
  return p;
}

Result<Projection> FileReader::Project(const std::vector<int32_t>& field_ids) const {
  const auto& top = footer_.schema->root().children;
  std::vector<size_t> fields;
  if (field_ids.empty()) {
    for (size_t i = 0; i < top.size(); ++i) fields.push_back(i);
  }
  for (int32_t id : field_ids) {
    auto it = std::find_if(top.begin(), top.end(), [&](const SchemaNode& n) { return n.field_id == id; });
    if (it == top.end()) {
      return InvalidArgument("{}: no top-level field has field id {}", file_->path().value(), id);
    }
    fields.push_back(static_cast<size_t>(it - top.begin()));
  }
  return ProjectIndices(fields);
}

Status FileReader::CheckRowGroup(int row_group) const {
  if (row_group < 0 || row_group >= num_row_groups()) {
    return OutOfRange("{}: row group {} does not exist; the file has {}", file_->path().value(),
                      row_group, num_row_groups());
  }
  return OkStatus();
}

Status FileReader::AppendRowGroup(int row_group, const Projection& projection, RecordBatch* out) {
  const format::RowGroup& rg = footer_.metadata.row_groups[static_cast<size_t>(row_group)];
  const Schema& schema = *footer_.schema;
  for (size_t k = 0; k < projection.fields.size(); ++k) {
    const size_t field = projection.fields[k];
    const size_t first = schema.FirstLeafOf(field), count = schema.NumLeavesOf(field);
    if (leaf_data_.size() < count) leaf_data_.resize(count);
    for (size_t j = 0; j < count; ++j) {
      FIRN_RETURN_NOT_OK(chunk_reader_.Read(rg.columns[first + j], schema.columns()[first + j],
                                            row_group, &leaf_data_[j]));
    }
    const SchemaNode& node = schema.root().children[field];
    int64_t rows = 0;
    FIRN_RETURN_NOT_OK_CTX(
        assembler_.AppendField(node, {leaf_data_.data(), count}, &out->columns[k], &rows),
        fmt::format("row group {}, field '{}'", row_group, node.name));
    if (rows != rg.num_rows) {
      return Corrupt("row group {}, field '{}': {} rows, the row group has {}", row_group, node.name,
                     rows, rg.num_rows);
    }
  }
  out->num_rows += rg.num_rows;
  return OkStatus();
}

Status FileReader::Validate(const Projection& projection, const RecordBatch& batch) const {
  Status s = ValidateBatch(*projection.schema, batch);
  if (!s) return Corrupt("the assembled batch is invalid: {}", s.error().message());
  return OkStatus();
}

Status FileReader::ReadRowGroupInto(int row_group, const Projection& projection, RecordBatch* out) {
  out->Clear();
  Status s = CheckRowGroup(row_group);
  if (s) s = AppendRowGroup(row_group, projection, out);
  if (s) s = Validate(projection, *out);
  if (!s) {
    out->Clear();
    return std::unexpected(std::move(s).error().WithContext("reading " + file_->path().value()));
  }
  return OkStatus();
}

Result<RecordBatch> FileReader::ReadRowGroup(int row_group, const Projection& projection) {
  RecordBatch batch = MakeBatch(*projection.schema);
  FIRN_RETURN_NOT_OK(ReadRowGroupInto(row_group, projection, &batch));
  return batch;
}

Result<RecordBatch> FileReader::ReadRowGroup(int row_group, const std::vector<int32_t>& field_ids) {
  FIRN_ASSIGN_OR_RETURN(Projection p, Project(field_ids));
  return ReadRowGroup(row_group, p);
}

Result<RecordBatch> FileReader::ReadAll(const std::vector<int32_t>& field_ids) {
  FIRN_ASSIGN_OR_RETURN(Projection p, Project(field_ids));
  RecordBatch batch = MakeBatch(*p.schema);
  Status s;
  for (int g = 0; g < num_row_groups() && s; ++g) s = AppendRowGroup(g, p, &batch);
  if (s) s = Validate(p, batch);
  if (!s) return std::unexpected(std::move(s).error().WithContext("reading " + file_->path().value()));
  return batch;
}

Result<std::optional<ColumnChunkStats>> FileReader::ChunkStatistics(int row_group, int column) const {
  FIRN_RETURN_NOT_OK(CheckRowGroup(row_group));
  if (column < 0 || static_cast<size_t>(column) >= footer_.schema->num_columns()) {
    return OutOfRange("{}: column {} does not exist; the file has {}", file_->path().value(), column,
                      footer_.schema->num_columns());
  }
  const auto& md = *footer_.metadata.row_groups[static_cast<size_t>(row_group)]
                        .columns[static_cast<size_t>(column)].meta_data;
  std::optional<format::ColumnOrder> order;
  if (footer_.metadata.column_orders) order = (*footer_.metadata.column_orders)[static_cast<size_t>(column)];
  auto stats = ChunkStatsFromMetadata(md, footer_.schema->columns()[static_cast<size_t>(column)], order);
  if (!stats) {
    return std::unexpected(std::move(stats).error().WithContext(
        fmt::format("reading {}: row group {}", file_->path().value(), row_group)));
  }
  return stats;
}

}  // namespace firn::parquet
