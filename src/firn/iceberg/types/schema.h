// Schema: a table schema (spec "Schemas"): a schema-id, the top-level struct's fields and
// the identifier-field-ids, with lookups by field id and by dotted name.
//
// Names in the index are dotted paths from the root using the nested field names, as in
// Java's TypeUtil.indexByName: "loc.lat", "tags.element", "attrs.key", "attrs.value".
//
// Validity (unique ids, unique sibling names, identifier ids that exist) is checked by
// Make() and by the JSON reader; the constructor trusts its input.
// Thread-safety: immutable after construction; copies share the field tree.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "firn/common/result.h"
#include "firn/iceberg/types/nested_field.h"

namespace firn::iceberg {

// One entry of the flat field index.
struct SchemaFieldEntry {
  std::string path;          // dotted name from the root
  const NestedField* field;  // points into the schema's field tree
  FieldId parent_id;         // the enclosing field's id; 0 for top-level fields
};

class Schema {
 public:
  Schema() : Schema(0, {}) {}
  Schema(int32_t schema_id, std::vector<NestedField> fields,
         std::vector<FieldId> identifier_field_ids = {});

  // Checks ids unique, sibling names unique and non-empty, identifier ids present.
  // Returns a value rather than unique_ptr: a Schema is a cheap, shareable value.
  static Result<Schema> Make(int32_t schema_id, std::vector<NestedField> fields,
                             std::vector<FieldId> identifier_field_ids = {});
  Status Validate() const;

  int32_t schema_id() const { return schema_id_; }
  const std::vector<NestedField>& fields() const { return struct_.fields(); }
  const std::vector<FieldId>& identifier_field_ids() const { return identifier_field_ids_; }
  // The schema as a struct type.
  const Type& as_struct() const { return struct_; }

  // nullptr when absent.
  const NestedField* FindField(FieldId id) const;
  const NestedField* FindField(std::string_view dotted_name, bool case_sensitive = true) const;
  // The dotted name of a field id, or empty when absent.
  std::string FindColumnName(FieldId id) const;
  // The index entry of a field id, or nullptr.
  const SchemaFieldEntry* FindEntry(FieldId id) const;
  // Every field, nested ones included, in pre-order.
  const std::vector<SchemaFieldEntry>& AllFields() const { return index_; }
  // The highest field id in the schema (0 when empty).
  int32_t HighestFieldId() const { return highest_field_id_; }

  Schema WithSchemaId(int32_t schema_id) const;

  bool operator==(const Schema& other) const {
    return schema_id_ == other.schema_id_ && struct_ == other.struct_ &&
           identifier_field_ids_ == other.identifier_field_ids_;
  }

 private:
  void BuildIndex(const std::vector<NestedField>& fields, const std::string& prefix,
                  FieldId parent);

  int32_t schema_id_;
  Type struct_;
  std::vector<FieldId> identifier_field_ids_;
  std::vector<SchemaFieldEntry> index_;
  std::unordered_map<int32_t, size_t> by_id_;
  std::unordered_map<std::string, size_t> by_name_;
  std::unordered_map<std::string, size_t> by_lower_name_;
  int32_t highest_field_id_ = 0;
};

// ASCII lower-casing, as used for case-insensitive lookups.
std::string ToLowerAscii(std::string_view s);

}  // namespace firn::iceberg
