// InclusiveProjection (Java's Projections.inclusive): a bound filter on a table's columns
// -> a filter on the partition tuple of a spec that is true for every partition that may
// hold a matching row. Each predicate on a source column becomes the `and` of its
// projections through every partition field of that source (true when none projects).
//
//   identity             the predicate itself, on the partition field
//   bucket[N]            = and in only: bucket = hash(v) / bucket in {...}; others true
//   truncate[W]          <  v -> <= trunc(v); <= v -> <= trunc(v); > v -> >= trunc(v);
//                        >= v -> >= trunc(v); = v -> = trunc(v); in -> in trunc(v)...;
//                        starts_with p -> starts_with trunc(p) (or = p when |p| == W)
//   year/month/day/hour  <  v -> <= t(v - 1); <= v -> <= t(v); > v -> >= t(v + 1);
//                        >= v -> >= t(v); = v -> = t(v); in -> in t(v)...
//   void                 true
//   is_null/not_null     kept for every transform except void (null maps to null);
//   is_nan/not_nan       kept for identity only
//   != / not_in / not_starts_with  kept for identity only, else true
//
// The result is bound to the partition struct: BoundReference.field_id is the partition
// field id and type its result type. Thread-safety: pure function.
#pragma once

#include "firn/common/result.h"
#include "firn/iceberg/expressions/expression.h"
#include "firn/iceberg/partition/partition_spec.h"
#include "firn/iceberg/types/schema.h"

namespace firn::iceberg {

// REQUIRES: `bound_filter` is bound to `schema` (binder.h).
Result<ExprPtr> InclusiveProjection(const Schema& schema, const PartitionSpec& spec,
                                    const ExprPtr& bound_filter);

// Projects one bound predicate through one transform onto a partition field
// (`partition_ref`); nullptr when the transform can not narrow it (means true).
Result<ExprPtr> ProjectPredicate(const Expression& pred, const Transform& transform,
                                 const BoundReference& partition_ref);

}  // namespace firn::iceberg
