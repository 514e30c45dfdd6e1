// Columnar transforms: apply a Transform to a whole column of a RecordBatch at once, so the
// partitioned writer computes partition values per batch without a virtual call or a
// Literal per value. One tight loop per (transform, physical type).
//
// The input is a leaf parquet::ColumnVector in the layout the Parquet writer uses for the
// Iceberg source type (iceberg_types.h / column_vector.h):
//   int, date -> int32; long, time, timestamp* -> int64; decimal(P<=9) -> int32 unscaled,
//   decimal(P<=18) -> int64 unscaled, larger -> fixed big-endian bytes; string, binary ->
//   offsets + bytes; fixed[L], uuid -> L (16) fixed bytes; boolean 1 byte; float/double.
// The output has the layout of the result type: int32 for bucket, year, month, day (date
// days) and hour; the source layout for identity, truncate and void. Validity is copied
// (void: all null).
//
// `*out` is cleared first and keeps its capacity, so it can be reused across batches.
#pragma once

#include "firn/common/result.h"
#include "firn/iceberg/partition/transform.h"
#include "firn/parquet/batch/column_vector.h"

namespace firn::iceberg {

// InvalidArgument when the transform does not accept `source`; the vector's buffer sizes
// are trusted (ValidateVector checks them).
Status ApplyTransformColumnar(const Transform& transform, const Type& source,
                              const parquet::ColumnVector& in, parquet::ColumnVector* out);

// The fixed width in bytes of a primitive type's values in a column vector, or 0 for
// offset-encoded types (string, binary).
int32_t ColumnValueWidth(const Type& type);

}  // namespace firn::iceberg
