// A schema from the CLI's column-list DDL:
//
//   "id long not null, name string, ts timestamptz, tags list<string>,
//    attrs map<string,int>, loc struct<lat: double, lon: double not null>"
//
// Columns are optional unless followed by NOT NULL; list elements and map values are
// optional (write "list<string not null>" for required ones). Type names are
// case-insensitive; aliases: integer -> int, bigint -> long, bool -> boolean,
// varchar/text -> string, fixed(L) -> fixed[L]. Field ids are assigned fresh from 1 in
// Java's order (assign_ids.h): top-level columns first, then nested ones.
#pragma once

#include <string_view>

#include "firn/common/result.h"
#include "firn/iceberg/types/schema.h"

namespace firn::iceberg {

// InvalidArgument naming the offending column on a syntax error, unknown type or
// duplicate name.
Result<Schema> ParseSchemaDdl(std::string_view ddl, int32_t schema_id = 0);

}  // namespace firn::iceberg
