// The Parquet schema of an Iceberg schema, as the spec's "Appendix A: Parquet" maps each
// type (through the builders of parquet/schema/iceberg_types.h): every node that carries
// an Iceberg field (struct fields, list elements, map keys and values) gets its field id;
// the synthetic `list` and `key_value` repeated groups carry none. The root group is
// named "table" and has no field id.
//
// Data files of a table are written with this schema, and batches for them are shaped by
// it (parquet::MakeBatch): one column per top-level field, in schema order.
//
// Thread-safety: pure functions.
#pragma once

#include <memory>

#include "firn/common/result.h"
#include "firn/iceberg/types/nested_field.h"
#include "firn/iceberg/types/schema.h"
#include "firn/parquet/schema/schema.h"

namespace firn::iceberg {

// The node of one field (any type, nested at any depth). The node's name is the field's
// name; `required` maps to Parquet's required/optional. InvalidArgument for a decimal
// precision outside 1..38 or a fixed length below 1.
Result<parquet::SchemaNode> ToParquetNode(const NestedField& field);

// The whole file schema, validated by parquet::Schema::Make.
Result<std::shared_ptr<const parquet::Schema>> ToParquetSchema(const Schema& schema);

}  // namespace firn::iceberg
