// Column selection for scans: the projected schema of a list of column names (Java's
// Schema.select / TypeUtil.select). A name is a dotted path ("address.zipcode"); selecting
// a field keeps its whole subtree, selecting a nested field keeps its ancestors with only
// the selected children. Lists and maps are kept whole when anything inside them is
// selected. Fields keep their ids and schema order.
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <vector>

#include "firn/common/result.h"
#include "firn/iceberg/types/schema.h"

namespace firn::iceberg {

// `names` empty selects every column. InvalidArgument naming the column for one that does
// not exist in `schema`.
Result<Schema> SelectColumns(const Schema& schema, const std::vector<std::string>& names,
                             bool case_sensitive = true);

// Like SelectColumns, by field id (any depth).
Schema SelectFieldIds(const Schema& schema, const std::vector<int32_t>& field_ids);

}  // namespace firn::iceberg
