#include "firn/iceberg/types/schema.h"

#include <algorithm>
#include <set>

namespace firn::iceberg {

std::string ToLowerAscii(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

Schema::Schema(int32_t schema_id, std::vector<NestedField> fields,
               std::vector<FieldId> identifier_field_ids)
    : schema_id_(schema_id),
      struct_(Type::Struct(std::move(fields))),
      identifier_field_ids_(std::move(identifier_field_ids)) {
  BuildIndex(struct_.fields(), "", FieldId(0));
}

void Schema::BuildIndex(const std::vector<NestedField>& fields, const std::string& prefix,
                        FieldId parent) {
  for (const NestedField& f : fields) {
    std::string path = prefix.empty() ? f.name : prefix + "." + f.name;
    size_t pos = index_.size();
    index_.push_back(SchemaFieldEntry{path, &f, parent});
    by_id_.emplace(f.id.value(), pos);  // duplicates are reported by Validate()
    by_name_.emplace(path, pos);
    by_lower_name_.emplace(ToLowerAscii(path), pos);
    highest_field_id_ = std::max(highest_field_id_, f.id.value());
    if (f.type.is_nested()) BuildIndex(f.type.fields(), path, f.id);
  }
}

Result<Schema> Schema::Make(int32_t schema_id, std::vector<NestedField> fields,
                            std::vector<FieldId> identifier_field_ids) {
  Schema s(schema_id, std::move(fields), std::move(identifier_field_ids));
  if (auto st = s.Validate(); !st) return std::unexpected(st.error());
  return s;
}

namespace {

Status ValidateSiblings(const std::vector<NestedField>& fields, const std::string& where) {
  std::set<std::string_view> names;
  for (const NestedField& f : fields) {
    if (f.name.empty())
      return InvalidArgument("{}: field {} has an empty name", where, f.id.value());
    if (!names.insert(f.name).second) {
      return InvalidArgument("{}: duplicate field name '{}'", where, f.name);
    }
    if (f.type.is_nested()) {
      if (auto st = ValidateSiblings(f.type.fields(), f.name); !st) return st;
    }
  }
  return OkStatus();
}

}  // namespace

Status Schema::Validate() const {
  if (by_id_.size() != index_.size()) {
    std::set<int32_t> seen;
    for (const auto& e : index_) {
      if (!seen.insert(e.field->id.value()).second) {
        return InvalidArgument("schema {}: duplicate field id {} ('{}')", schema_id_,
                               e.field->id.value(), e.path);
      }
    }
  }
  for (const auto& e : index_) {
    if (e.field->id.value() < 0) {
      return InvalidArgument("schema {}: negative field id for '{}'", schema_id_, e.path);
    }
  }
  if (auto st = ValidateSiblings(fields(), fmt::format("schema {}", schema_id_)); !st) return st;
  for (FieldId id : identifier_field_ids_) {
    if (FindField(id) == nullptr) {
      return InvalidArgument("schema {}: identifier field id {} does not exist", schema_id_,
                             id.value());
    }
  }
  return OkStatus();
}

const SchemaFieldEntry* Schema::FindEntry(FieldId id) const {
  auto it = by_id_.find(id.value());
  return it == by_id_.end() ? nullptr : &index_[it->second];
}

const NestedField* Schema::FindField(FieldId id) const {
  const SchemaFieldEntry* e = FindEntry(id);
  return e ? e->field : nullptr;
}

const NestedField* Schema::FindField(std::string_view name, bool case_sensitive) const {
  if (case_sensitive) {
    auto it = by_name_.find(std::string(name));
    return it == by_name_.end() ? nullptr : index_[it->second].field;
  }
  auto it = by_lower_name_.find(ToLowerAscii(name));
  return it == by_lower_name_.end() ? nullptr : index_[it->second].field;
}

std::string Schema::FindColumnName(FieldId id) const {
  const SchemaFieldEntry* e = FindEntry(id);
  return e ? e->path : std::string();
}

Schema Schema::WithSchemaId(int32_t schema_id) const {
  return Schema(schema_id, fields(), identifier_field_ids_);
}

}  // namespace firn::iceberg
