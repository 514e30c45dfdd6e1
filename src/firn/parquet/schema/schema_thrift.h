// Conversion between the schema tree and the footer's flattened, depth-first list of
// SchemaElements (parquet.thrift: FileMetaData.schema).
//
// Writing sets both the logical type and, where one exists, the legacy converted type, so
// that old readers still see strings, decimals, dates, lists and maps. Reading accepts
// either: files from writers that predate logical types carry only converted types.
#pragma once

#include <span>
#include <vector>

#include "firn/common/result.h"
#include "firn/parquet/format/file_metadata.h"
#include "firn/parquet/schema/schema.h"

namespace firn::parquet {

std::vector<format::SchemaElement> ToSchemaElements(const Schema& schema);

// Rebuilds the tree from a footer's elements; damaged input (children counts that run
// past the list, missing types on leaves, bad enum values) gives a Corrupt error.
Result<SchemaNode> FromSchemaElements(std::span<const format::SchemaElement> elements);

}  // namespace firn::parquet
