#include "firn/iceberg/scan/task_reader.h"

#include <algorithm>
#include <optional>

#include "firn/common/macros.h"
#include "firn/iceberg/data/parquet_schema.h"
#include "firn/iceberg/scan/column_adapter.h"
#include "firn/iceberg/scan/column_selection.h"
#include "firn/iceberg/scan/equality_key.h"
#include "firn/iceberg/scan/row_selection.h"
#include "firn/parquet/reader/file_reader.h"

namespace firn::iceberg {
namespace {

using parquet::ColumnVector;
using parquet::RecordBatch;

// Field ids whose selection (SelectFieldIds) rebuilds `fields` exactly: leaves, lists and
// maps, and structs through their children.
void CollectSelectionIds(const std::vector<NestedField>& fields, std::vector<int32_t>* out) {
  for (const NestedField& f : fields) {
    if (f.type.id() == TypeId::kStruct && !f.type.fields().empty()) {
      CollectSelectionIds(f.type.fields(), out);
    } else {
      out->push_back(f.id.value());
    }
  }
}

void CollectFilterIds(const ExprPtr& e, std::vector<int32_t>* out) {
  if (e == nullptr) return;
  if (e->ref) out->push_back(e->ref->field_id.value());
  CollectFilterIds(e->left, out);
  CollectFilterIds(e->right, out);
}

// `v`, read for field `from`, cut down to `to` (the same field with fewer struct children).
ColumnVector PruneTo(const NestedField& from, const NestedField& to, ColumnVector&& v) {
  if (to.type.id() != TypeId::kStruct || from.type == to.type) return std::move(v);
  ColumnVector out;
  out.length = v.length;
  out.validity = std::move(v.validity);
  const auto& from_fields = from.type.fields();
  for (const NestedField& child : to.type.fields()) {
    for (size_t i = 0; i < from_fields.size(); ++i) {
      if (from_fields[i].id == child.id) {
        out.children.push_back(PruneTo(from_fields[i], child, std::move(v.children[i])));
        break;
      }
    }
  }
  return out;
}

// The value a column missing from the data file takes (spec "Column Projection"): the
// identity partition value, else the initial-default, else none (null).
std::optional<Literal> MissingValue(const NestedField& field, const DataFile& file,
                                    const TableMetadata& metadata) {
  if (const PartitionSpec* spec = metadata.SpecById(file.spec_id)) {
    for (size_t i = 0; i < spec->fields.size() && i < file.partition.size(); ++i) {
      const PartitionField& pf = spec->fields[i];
      if (pf.source_id == field.id && pf.transform.kind == TransformKind::kIdentity &&
          !file.partition[i].is_null()) {
        if (auto v = PromoteLiteral(file.partition[i], field.type)) return v;
      }
    }
  }
  return field.initial_default;
}

int IndexOfField(const Schema& schema, int32_t id) {
  const auto& fields = schema.fields();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].id.value() == id) return static_cast<int>(i);
  }
  return -1;
}

bool HasFieldIds(const parquet::SchemaNode& node) {
  if (node.field_id.has_value()) return true;
  return std::any_of(node.children.begin(), node.children.end(), HasFieldIds);
}

}  // namespace

TaskReader::TaskReader(io::FileIO& io, const TableMetadata& metadata, Schema table_schema,
                       Schema projected, std::shared_ptr<const parquet::Schema> output, ExprPtr filter,
                       std::vector<int32_t> base_ids, bool case_sensitive,
                       parquet::ReaderOptions options)
    : io_(io), metadata_(metadata), table_schema_(std::move(table_schema)),
      projected_(std::move(projected)), output_(std::move(output)), filter_(std::move(filter)),
      base_ids_(std::move(base_ids)), case_sensitive_(case_sensitive), options_(options),
      deletes_(std::make_unique<DeleteLoader>(io, options)) {}

Result<std::unique_ptr<TaskReader>> TaskReader::Make(io::FileIO& io, const TableMetadata& metadata,
                                                     Schema table_schema, Schema projected_schema,
                                                     ExprPtr bound_filter, bool case_sensitive,
                                                     parquet::ReaderOptions reader_options) {
  FIRN_ASSIGN_OR_RETURN(auto output, ToParquetSchema(projected_schema));
  std::vector<int32_t> ids;
  CollectSelectionIds(projected_schema.fields(), &ids);
  CollectFilterIds(bound_filter, &ids);
  return std::unique_ptr<TaskReader>(new TaskReader(io, metadata, std::move(table_schema),
                                                    std::move(projected_schema), std::move(output),
                                                    std::move(bound_filter), std::move(ids),
                                                    case_sensitive, reader_options));
}

Result<std::vector<RecordBatch>> TaskReader::Read(const FileScanTask& task) const {
  const DataFile& file = task.data_file;
  const std::string& location = task.location;
  const std::string ctx = fmt::format("data file {}", location);
  if (file.content != DataFileContent::kData) {
    return InvalidArgument("{}: is a {} file, not a data file", ctx, DataFileContentName(file.content));
  }
  if (file.file_format != FileFormat::kParquet) {
    return NotSupported("{}: {} data files are not supported", ctx, FileFormatName(file.file_format));
  }
  if (task.delete_files.size() != task.delete_locations.size()) {
    return InvalidArgument("{}: task has {} delete files but {} delete locations", ctx,
                           task.delete_files.size(), task.delete_locations.size());
  }

  // Deletes first: their equality columns join the columns to read.
  std::vector<int64_t> deleted;  // positions, ascending
  std::vector<std::shared_ptr<const EqualityDeleteSet>> equality;
  std::vector<int32_t> ids = base_ids_;
  for (size_t i = 0; i < task.delete_files.size(); ++i) {
    const DataFile& del = task.delete_files[i];
    if (del.content == DataFileContent::kPositionDeletes) {
      FIRN_ASSIGN_OR_RETURN(std::vector<int64_t> p,
                            deletes_->Positions(del, task.delete_locations[i], file.file_path));
      deleted.insert(deleted.end(), p.begin(), p.end());
    } else if (del.content == DataFileContent::kEqualityDeletes) {
      FIRN_ASSIGN_OR_RETURN(auto set, deletes_->EqualityKeys(del, task.delete_locations[i], table_schema_));
      ids.insert(ids.end(), set->field_ids.begin(), set->field_ids.end());
      equality.push_back(std::move(set));
    } else {
      return InvalidArgument("{}: delete list holds data file {}", ctx, del.file_path);
    }
  }
  std::sort(deleted.begin(), deleted.end());

  const Schema read_schema = SelectFieldIds(table_schema_, ids);
  FIRN_ASSIGN_OR_RETURN(auto read_parquet, ToParquetSchema(read_schema));
  std::unique_ptr<RowFilter> row_filter;
  if (filter_ != nullptr) {
    FIRN_ASSIGN_OR_RETURN(row_filter, RowFilter::Make(read_schema, filter_, case_sensitive_));
  }

  data_files_opened_.fetch_add(1);
  FIRN_ASSIGN_OR_RETURN_CTX(auto in, io_.OpenInputFile(FilePath(location)), ctx);
  FIRN_ASSIGN_OR_RETURN_CTX(auto reader, parquet::FileReader::Open(std::move(in), options_), ctx);
  const parquet::SchemaNode& file_root = reader->schema()->root();
  if (!HasFieldIds(file_root)) {
    return NotSupported("{}: the Parquet file has no field ids (name mapping is not supported)", ctx);
  }

  // Where each read field comes from: a file column, or a constant.
  const auto& read_fields = read_schema.fields();
  std::vector<int> from_file(read_fields.size(), -1);  // index into the projection
  std::vector<int32_t> present;
  std::vector<std::optional<Literal>> constants(read_fields.size());
  for (size_t i = 0; i < read_fields.size(); ++i) {
    const int32_t id = read_fields[i].id.value();
    bool found = std::any_of(file_root.children.begin(), file_root.children.end(),
                             [&](const parquet::SchemaNode& c) { return c.field_id == id; });
    if (found) {
      from_file[i] = static_cast<int>(present.size());
      present.push_back(id);
    } else {
      constants[i] = MissingValue(read_fields[i], file, metadata_);
    }
  }
  std::optional<parquet::Projection> projection;
  if (!present.empty()) {
    FIRN_ASSIGN_OR_RETURN_CTX(projection, reader->Project(present), ctx);
  }

  // Equality keys are built from the read batch's columns, by position.
  std::vector<std::vector<int>> eq_columns;
  for (const auto& set : equality) {
    std::vector<int> cols;
    for (int32_t id : set->field_ids) cols.push_back(IndexOfField(read_schema, id));
    eq_columns.push_back(std::move(cols));
  }

  std::vector<RecordBatch> out;
  int64_t row_base = 0;
  auto next_deleted = deleted.begin();
  std::string key;
  for (int g = 0; g < reader->num_row_groups(); ++g) {
    RecordBatch file_batch;
    int64_t rows = reader->metadata().row_groups[g].num_rows;
    if (projection) {
      FIRN_ASSIGN_OR_RETURN_CTX(file_batch, reader->ReadRowGroup(g, *projection), ctx);
      rows = file_batch.num_rows;
    }
    RecordBatch batch;
    batch.num_rows = rows;
    for (size_t i = 0; i < read_fields.size(); ++i) {
      const parquet::SchemaNode& target = read_parquet->root().children[i];
      ColumnVector v;
      if (from_file[i] >= 0) {
        const size_t k = static_cast<size_t>(from_file[i]);
        FIRN_ASSIGN_OR_RETURN_CTX(v, AdaptColumn(read_fields[i], target, projection->schema->root().children[k],
                                                 std::move(file_batch.columns[k]), read_fields[i].name), ctx);
      } else {
        FIRN_ASSIGN_OR_RETURN_CTX(v, ConstantColumn(read_fields[i], target, constants[i], rows,
                                                    read_fields[i].name), ctx);
      }
      batch.columns.push_back(std::move(v));
    }

    std::vector<uint8_t> keep(static_cast<size_t>(rows), 1);
    while (next_deleted != deleted.end() && *next_deleted < row_base + rows) {
      if (*next_deleted >= row_base) keep[static_cast<size_t>(*next_deleted - row_base)] = 0;
      ++next_deleted;
    }
    for (size_t s = 0; s < equality.size(); ++s) {
      std::vector<KeyColumn> cols;
      for (int c : eq_columns[s]) cols.push_back({&read_parquet->root().children[c], &batch.columns[c]});
      for (int64_t r = 0; r < rows; ++r) {
        if (!keep[r]) continue;
        key.clear();
        AppendEqualityKey(cols, r, &key);
        if (equality[s]->keys.contains(key)) keep[r] = 0;
      }
    }
    if (row_filter != nullptr) {
      std::vector<uint8_t> selected;
      FIRN_RETURN_NOT_OK_CTX(row_filter->Select(batch, &selected), ctx);
      for (int64_t r = 0; r < rows; ++r) keep[r] = keep[r] && selected[r];
    }

    RecordBatch result;
    result.num_rows = rows;
    for (const NestedField& f : projected_.fields()) {
      const int i = IndexOfField(read_schema, f.id.value());
      result.columns.push_back(PruneTo(read_fields[i], f, std::move(batch.columns[i])));
    }
    SelectRows(*output_, keep, &result);
    if (auto st = parquet::ValidateBatch(*output_, result); !st.has_value()) {
      return Internal("{}: scan produced an ill-formed batch: {}", ctx, st.error().message());
    }
    out.push_back(std::move(result));
    row_base += rows;
  }
  return out;
}

}  // namespace firn::iceberg
