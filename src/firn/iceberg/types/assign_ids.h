// Fresh field ids for new columns and new schemas, in the order Java's
// TypeUtil.assignFreshIds uses: a struct's direct fields get ids first, in order, then
// each field's nested type is visited; a list assigns its element id, a map its key then
// value id, before recursing. So "id long, loc struct<lat, lon>, name string" numbers
// id=1, loc=2, name=3, lat=4, lon=5.
#pragma once

#include <cstdint>
#include <functional>
#include <vector>

#include "firn/iceberg/types/nested_field.h"

namespace firn::iceberg {

// Returns `type` with every nested id replaced by next() (ids in `type` are ignored).
Type AssignFreshIds(const Type& type, const std::function<int32_t()>& next);
// The same for a list of top-level fields.
std::vector<NestedField> AssignFreshIds(const std::vector<NestedField>& fields,
                                        const std::function<int32_t()>& next);

// A copy of nested type `t` with its child fields replaced (struct fields, list element,
// map key and value). REQUIRES: t.is_nested(), children shaped as t.fields().
Type WithChildren(const Type& t, std::vector<NestedField> children);

}  // namespace firn::iceberg
