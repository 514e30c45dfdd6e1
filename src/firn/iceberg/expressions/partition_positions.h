// ToPartitionPositions: a projected partition filter (projection.h) with each reference's
// field id replaced by the partition field's position in the spec, so that the partition
// evaluators index tuples and summaries directly. Internal error for a reference to a field
// the spec does not have. Thread-safety: pure function.
#pragma once

#include "firn/common/result.h"
#include "firn/iceberg/expressions/expression.h"
#include "firn/iceberg/partition/partition_spec.h"

namespace firn::iceberg {

Result<ExprPtr> ToPartitionPositions(const PartitionSpec& spec, const ExprPtr& projected);

}  // namespace firn::iceberg
