// SchemaUpdate: schema evolution (spec "Schema Evolution"), refusing every change that
// would break readers of existing data.
//
//   SchemaUpdate u(table_schema, last_column_id);
//   FIRN_RETURN_NOT_OK(u.AddColumn("", "email", Type::String()));
//   FIRN_RETURN_NOT_OK(u.RenameColumn("name", "full_name"));
//   FIRN_ASSIGN_OR_RETURN(auto result, u.Apply(/*new_schema_id=*/1));
//
// Operations apply in order, each to the result of the previous ones; names are dotted
// paths in that current state ("loc.lat", "points.element.x"). Every refused change is an
// InvalidArgument naming the column. Allowed:
//   add       optional anywhere in a struct (also a list element's or map value's struct);
//             required only with an initial default (v3 semantics); ids from last+1
//   rename    struct fields (not list elements or map keys/values); no sibling clash
//   widen     int -> long, float -> double, decimal(P,S) -> decimal(P',S) with P' >= P
//   optional  required -> optional (not identifier fields, not map keys)
//   delete    struct fields that are not (and do not contain) identifier fields
//   move      first / before / after a sibling in the same struct
//   identifier fields: existing, required, primitive, not float/double, whose parents
//             are all required structs (not lists or maps)
// Thread-safety: none.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "firn/common/result.h"
#include "firn/iceberg/types/schema.h"

namespace firn::iceberg {

struct SchemaUpdateResult {
  Schema schema;           // the evolved schema, with the new schema id
  int32_t last_column_id;  // the table's new last-column-id
};

class SchemaUpdate {
 public:
  // REQUIRES: last_column_id >= base.HighestFieldId().
  SchemaUpdate(Schema base, int32_t last_column_id);

  // `parent` is "" for a top-level column. The ids inside `type` are replaced.
  Status AddColumn(std::string_view parent, std::string_view name, const Type& type,
                   bool required = false, std::string doc = "",
                   std::optional<Literal> initial_default = std::nullopt);
  Status RenameColumn(std::string_view name, std::string_view new_name);
  Status UpdateColumnType(std::string_view name, const Type& new_type);
  Status MakeColumnOptional(std::string_view name);
  Status DeleteColumn(std::string_view name);
  Status MoveFirst(std::string_view name);
  Status MoveBefore(std::string_view name, std::string_view before);
  Status MoveAfter(std::string_view name, std::string_view after);
  Status SetIdentifierFields(const std::vector<std::string>& names);

  // The current state as a new schema.
  SchemaUpdateResult Apply(int32_t new_schema_id) const;

  // True when `to` is a type `from` may be promoted to (or equal).
  static bool IsAllowedPromotion(const Type& from, const Type& to);

 private:
  Result<const SchemaFieldEntry*> Find(std::string_view name) const;
  // The field list `fields` of struct `struct_id` (0 = root) is passed to `edit`.
  Status EditStruct(FieldId struct_id,
                    const std::function<Status(std::vector<NestedField>&)>& edit);
  // Edits the sibling list holding `entry`'s field; refuses list/map children.
  Status EditSiblings(const SchemaFieldEntry& entry, std::string_view what,
                      const std::function<Status(std::vector<NestedField>&, size_t)>& edit);
  Status Move(std::string_view name, std::string_view other, int where);

  Schema current_;
  int32_t last_column_id_;
};

}  // namespace firn::iceberg
