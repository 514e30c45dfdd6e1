// The schema of a Parquet file as the reader sees it: the footer's flattened
// SchemaElements rebuilt into a tree (schema_thrift.h), normalised, checked against what
// the reader can assemble, and validated by Schema::Make.
//
// Normalisation and the shapes the reader accepts (LogicalTypes.md, "Nested Types" and
// its backward-compatibility rules):
//   - a MAP_KEY_VALUE annotation on a map's repeated group (old writers) is dropped: the
//     MAP annotation belongs on the outer group;
//   - LIST: the standard 3-level form, and the legacy 2-level forms (a repeated primitive,
//     or a repeated group with several fields, or one named "array" or "<list>_tuple")
//     whose elements are the repeated node itself. All of them share the batch layout of
//     column_vector.h: list offsets into the repeated group's fields.
// Rejected with NotSupported rather than read wrongly: a repeated field outside a LIST or
// MAP group (the un-annotated legacy list), a LIST or MAP annotation on the repeated node
// itself, and groups without columns. A tree that violates the spec is Corrupt.
//
// Thread-safety: a pure function.
#pragma once

#include <memory>
#include <span>

#include "firn/common/result.h"
#include "firn/parquet/format/file_metadata.h"
#include "firn/parquet/schema/schema.h"

namespace firn::parquet {

Result<std::shared_ptr<const Schema>> SchemaFromFooter(
    std::span<const format::SchemaElement> elements);

// Whether the elements of LIST group `list` are its repeated child itself (a legacy
// 2-level list) rather than the repeated child's only field. Readers that care about the
// element's shape (a struct with one field vs the field) ask this.
// REQUIRES: list is a LIST-annotated group accepted by SchemaFromFooter.
bool IsTwoLevelList(const SchemaNode& list);

}  // namespace firn::parquet
