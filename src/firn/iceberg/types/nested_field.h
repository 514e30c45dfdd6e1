// NestedField: a named, typed, id-carrying field of a struct (spec "Nested Types"), also
// used for list elements and map keys/values (see type.h).
#pragma once

#include <optional>
#include <string>

#include "firn/common/strong_type.h"
#include "firn/iceberg/types/literal.h"
#include "firn/iceberg/types/type.h"

namespace firn::iceberg {

struct NestedField {
  FieldId id;                              // unique in the table schema
  std::string name;                        // unique among its siblings
  bool required = false;                   // values can not be null
  Type type;                               // the field's type
  std::string doc;                         // optional comment; empty = none
  std::optional<Literal> initial_default;  // v3: value for rows written before the field
  std::optional<Literal> write_default;    // v3: value writers use when none is given

  bool operator==(const NestedField&) const = default;
};

inline NestedField Optional(int32_t id, std::string name, Type type) {
  return NestedField{FieldId(id), std::move(name), false, std::move(type)};
}
inline NestedField Required(int32_t id, std::string name, Type type) {
  return NestedField{FieldId(id), std::move(name), true, std::move(type)};
}

}  // namespace firn::iceberg
