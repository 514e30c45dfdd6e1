#include "firn/iceberg/data/equality_delete_writer.h"

#include <algorithm>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "firn/common/macros.h"
#include "firn/iceberg/metadata/table_metadata_builder.h"
#include "firn/iceberg/types/schema_json.h"

namespace firn::iceberg {
namespace {

// The top-level position of field `id` in `schema`, or an error naming why it cannot be
// an equality key (only top-level primitive fields can, for now).
Result<size_t> TopLevelKey(const Schema& schema, int32_t id, std::string_view what) {
  const NestedField* f = schema.FindField(FieldId(id));
  if (f == nullptr) return InvalidArgument("{}: no field with id {}", what, id);
  const auto& fields = schema.fields();
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].id == FieldId(id)) {
      if (!f->type.is_primitive()) {
        return NotSupported("{}: field '{}' (id {}) is a {}: equality keys must be primitive", what,
                            f->name, id, f->type.ToString());
      }
      return i;
    }
  }
  return NotSupported("{}: field '{}' (id {}) is nested: equality keys on nested fields are not supported",
                      what, schema.FindColumnName(FieldId(id)), id);
}

}  // namespace

Result<Schema> EqualityDeleteSchema(const Schema& table_schema, const std::vector<int32_t>& field_ids) {
  if (field_ids.empty()) return InvalidArgument("equality delete schema: no key fields");
  std::vector<NestedField> fields;
  std::set<int32_t> seen;
  for (int32_t id : field_ids) {
    if (!seen.insert(id).second) return InvalidArgument("equality delete schema: field id {} repeated", id);
    FIRN_ASSIGN_OR_RETURN(size_t i, TopLevelKey(table_schema, id, "equality delete schema"));
    fields.push_back(table_schema.fields()[i]);
  }
  return Schema(0, std::move(fields));
}

Result<parquet::RecordBatch> ProjectColumns(const Schema& table_schema, const parquet::RecordBatch& batch,
                                            const Schema& delete_schema) {
  if (batch.columns.size() != table_schema.fields().size()) {
    return InvalidArgument("projecting key columns: batch has {} columns, schema {} has {} fields",
                           batch.columns.size(), table_schema.schema_id(), table_schema.fields().size());
  }
  parquet::RecordBatch out;
  out.num_rows = batch.num_rows;
  for (const NestedField& key : delete_schema.fields()) {
    FIRN_ASSIGN_OR_RETURN(size_t i, TopLevelKey(table_schema, key.id.value(), "projecting key columns"));
    const NestedField& column = table_schema.fields()[i];
    if (column.type != key.type) {
      return InvalidArgument("projecting key columns: field id {} is {} in the table schema, {} in the delete schema",
                             key.id.value(), column.type.ToString(), key.type.ToString());
    }
    const parquet::ColumnVector& in = batch.columns[i];
    parquet::ColumnVector& v = out.columns.emplace_back();
    v.length = in.length;
    v.validity.Append(in.validity.view());
    v.values.Append(in.values.view());
    v.offsets.Append(in.offsets.view());
  }
  return out;
}

EqualityDeleteWriter::EqualityDeleteWriter(std::unique_ptr<Schema> schema, std::unique_ptr<PartitionSpec> spec,
                                           std::vector<int32_t> equality_ids)
    : schema_(std::move(schema)), spec_(std::move(spec)), equality_ids_(std::move(equality_ids)) {}

EqualityDeleteWriter::~EqualityDeleteWriter() = default;

Result<std::unique_ptr<EqualityDeleteWriter>> EqualityDeleteWriter::Make(io::FileIO& io, const Schema& delete_schema,
                                                                         std::vector<int32_t> equality_ids,
                                                                         const PartitionSpec& spec,
                                                                         DataWriterOptions options) {
  if (equality_ids.empty()) return InvalidArgument("equality delete writer: no equality field ids");
  std::set<int32_t> seen;
  for (int32_t id : equality_ids) {
    if (!seen.insert(id).second) return InvalidArgument("equality delete writer: equality field id {} repeated", id);
    FIRN_RETURN_NOT_OK(TopLevelKey(delete_schema, id, "equality delete writer"));
  }
  for (const PartitionField& pf : spec.fields) {
    if (delete_schema.FindField(pf.source_id) == nullptr) {
      return InvalidArgument(
          "equality delete writer: partition field '{}' of spec {} has source field id {}, which is not in the "
          "delete schema; add it to the delete schema, or write global deletes with an unpartitioned spec",
          pf.name, spec.spec_id, pf.source_id.value());
    }
  }
  if (options.file_prefix.empty()) options.file_prefix = NewUuid();
  options.file_prefix += "-eq-deletes";
  auto& kv = options.parquet.key_value_metadata;
  std::erase_if(kv, [](const auto& e) {
    return e.first == "iceberg.schema" || e.first == "delete-type" || e.first == "delete-field-ids";
  });
  kv.emplace_back("iceberg.schema", SchemaToJson(delete_schema));
  kv.emplace_back("delete-type", "equality");
  kv.emplace_back("delete-field-ids", fmt::format("{}", fmt::join(equality_ids, ",")));

  std::unique_ptr<EqualityDeleteWriter> w(new EqualityDeleteWriter(
      std::make_unique<Schema>(delete_schema), std::make_unique<PartitionSpec>(spec), std::move(equality_ids)));
  FIRN_ASSIGN_OR_RETURN(w->writer_, PartitionedWriter::Make(io, *w->schema_, *w->spec_, std::move(options)));
  return w;
}

Status EqualityDeleteWriter::Write(const parquet::RecordBatch& batch) { return writer_->Write(batch); }

Result<std::vector<DataFile>> EqualityDeleteWriter::Finish() {
  FIRN_ASSIGN_OR_RETURN(std::vector<DataFile> files, writer_->Finish());
  for (DataFile& f : files) {
    f.content = DataFileContent::kEqualityDeletes;
    f.equality_ids = equality_ids_;
    f.sort_order_id.reset();  // the rows are in arrival order, not the table's sort order
  }
  return files;
}

void EqualityDeleteWriter::Abandon() { writer_->Abandon(); }

}  // namespace firn::iceberg
