// EvaluateOnValue: one bound predicate on one value, with the row semantics of row_filter.h
// (a null satisfies only is_null; NaN satisfies is_nan, != and not_in, and no ordered
// comparison). Used on partition tuples, where values are few and per-value calls are fine.
//
// Thread-safety: pure function.
#pragma once

#include "firn/iceberg/expressions/expression.h"
#include "firn/iceberg/types/literal.h"

namespace firn::iceberg {

// REQUIRES: `pred` is a bound predicate and `value` is of its reference's type (or null).
bool EvaluateOnValue(const Expression& pred, const Literal& value);

// True for a float or double NaN.
bool IsNaN(const Literal& v);

}  // namespace firn::iceberg
