// Adapting the columns of a data file to the table schema being read (spec "Column
// Projection", "Schema Evolution"): a column read from a Parquet file is matched to the
// Iceberg field by field id at every depth (never by name, so renamed columns and
// Avro-escaped Parquet names read correctly), promoted where the schema evolved
// (int -> long, float -> double, decimal precision widening), and laid out as
// ToParquetNode(field) lays it out (data/parquet_schema.h), so that every batch of a scan
// has one shape whatever file it came from. Nested fields that the file lacks are filled
// with their initial-default or null.
//
// Values keep the physical layout of column_vector.h: dates as int32 days, timestamps as
// int64 micros, decimals as INT32 / INT64 / big-endian FIXED by precision.
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

#include "firn/common/result.h"
#include "firn/iceberg/types/literal.h"
#include "firn/iceberg/types/nested_field.h"
#include "firn/parquet/batch/column_vector.h"
#include "firn/parquet/schema/schema.h"

namespace firn::iceberg {

// Converts `in`, read from the file's node `file_node`, into the layout of `target`
// (= ToParquetNode(field)). `in` may be consumed. NotSupported for a Parquet
// representation firn cannot convert to the field's type (naming `path`), Corrupt when the
// file's shape contradicts the field's type.
Result<parquet::ColumnVector> AdaptColumn(const NestedField& field, const parquet::SchemaNode& target,
                                          const parquet::SchemaNode& file_node,
                                          parquet::ColumnVector&& in, std::string_view path);

// A column of `rows` slots that all hold `value` (null when absent or a null literal),
// laid out as `target`. Nested types: null, or for a required struct a struct of its
// children's defaults. InvalidArgument for a required field without a value, naming `path`.
Result<parquet::ColumnVector> ConstantColumn(const NestedField& field,
                                             const parquet::SchemaNode& target,
                                             const std::optional<Literal>& value, int64_t rows,
                                             std::string_view path);

// `value` converted to `type` where the schema evolved (int -> long, float -> double,
// decimal widening); nullopt when it cannot be.
std::optional<Literal> PromoteLiteral(const Literal& value, const Type& type);

}  // namespace firn::iceberg
