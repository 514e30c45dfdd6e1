#include "firn/iceberg/scan/column_selection.h"

#include <optional>
#include <set>

namespace firn::iceberg {
namespace {

// The pruned copy of `field`, or nullopt when neither it nor anything below it is selected.
std::optional<NestedField> Prune(const NestedField& field, const std::set<int32_t>& selected) {
  if (selected.count(field.id.value())) return field;
  const Type& t = field.type;
  if (t.id() == TypeId::kStruct) {
    std::vector<NestedField> kept;
    for (const NestedField& child : t.fields()) {
      if (auto c = Prune(child, selected)) kept.push_back(std::move(*c));
    }
    if (kept.empty()) return std::nullopt;
    NestedField out = field;
    out.type = Type::Struct(std::move(kept));
    return out;
  }
  if (t.id() == TypeId::kList || t.id() == TypeId::kMap) {
    for (const NestedField& child : t.fields()) {
      if (Prune(child, selected)) return field;
    }
  }
  return std::nullopt;
}

Schema PruneSchema(const Schema& schema, const std::set<int32_t>& selected) {
  std::vector<NestedField> fields;
  for (const NestedField& f : schema.fields()) {
    if (auto p = Prune(f, selected)) fields.push_back(std::move(*p));
  }
  return Schema(schema.schema_id(), std::move(fields));
}

}  // namespace

Result<Schema> SelectColumns(const Schema& schema, const std::vector<std::string>& names,
                             bool case_sensitive) {
  if (names.empty()) return schema;
  std::set<int32_t> selected;
  for (const std::string& name : names) {
    const NestedField* f = schema.FindField(name, case_sensitive);
    if (f == nullptr) {
      return InvalidArgument("column '{}' is not in the table schema (schema id {})", name,
                             schema.schema_id());
    }
    selected.insert(f->id.value());
  }
  return PruneSchema(schema, selected);
}

Schema SelectFieldIds(const Schema& schema, const std::vector<int32_t>& field_ids) {
  return PruneSchema(schema, std::set<int32_t>(field_ids.begin(), field_ids.end()));
}

}  // namespace firn::iceberg
