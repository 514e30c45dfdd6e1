#include "firn/iceberg/data/source_column.h"

namespace firn::iceberg {

Result<SourceColumn> FindSourceColumn(const Schema& schema, const parquet::RecordBatch& batch, FieldId id,
                                      std::string_view what) {
  // The path of field ids from the root to the field.
  std::vector<FieldId> chain;
  for (const SchemaFieldEntry* e = schema.FindEntry(id); e != nullptr;
       e = e->parent_id.value() == 0 ? nullptr : schema.FindEntry(e->parent_id)) {
    chain.insert(chain.begin(), e->field->id);
  }
  if (chain.empty()) return InvalidArgument("{} field {} is not in the schema", what, id.value());
  const std::vector<NestedField>* fields = &schema.fields();
  const NestedField* found = nullptr;
  SourceColumn out;
  const parquet::ColumnVector* v = nullptr;
  for (size_t depth = 0; depth < chain.size(); ++depth) {
    size_t pos = 0;
    while (pos < fields->size() && (*fields)[pos].id != chain[depth]) ++pos;
    if (pos == fields->size()) return InvalidArgument("{} field {} is inside a list or map", what, id.value());
    found = &(*fields)[pos];
    if (depth == 0) {
      if (pos >= batch.columns.size()) return InvalidArgument("{} field {} has no column in the batch", what, id.value());
      v = &batch.columns[pos];
    } else {
      if (pos >= v->children.size()) return InvalidArgument("{} field {} has no column in the batch", what, id.value());
      v = &v->children[pos];
    }
    if (depth + 1 < chain.size()) {
      if (found->type.id() != TypeId::kStruct) {
        return InvalidArgument("{} field {} is inside a list or map", what, id.value());
      }
      out.ancestors.push_back(v);
      fields = &found->type.fields();
    }
  }
  out.leaf = v;
  out.type = found->type;
  return out;
}

}  // namespace firn::iceberg
