// Bind: resolves an unbound expression against a schema (Java's Binder).
//
// Each predicate's column is looked up by dotted name (struct fields may be nested:
// "device.os"; fields inside lists and maps can not be filtered). Literals are converted to
// the field's type, with range checks (literal_convert.h): a long to an int column is
// narrowed when it fits, an int to a long widened, '2024-01-02' to a date or timestamp,
// '2024-01-02T10:00:00Z' to a timestamptz, 10.5 to a decimal(9,2) or a double. A
// comparison whose literal lies beyond the column type's range is folded, keeping SQL null
// semantics: `int_col < 1e10 (as long)` becomes `int_col not_null`, `int_col > 1e10` false.
// Not is pushed down (RewriteNot), and in/not_in with one value become =/!=.
//
// Errors (InvalidArgument) name the column and the offending literal:
//   "column 'country' (string): can not compare with 10 (long)".
//
// An expression that is already bound is returned unchanged (REQUIRES: bound to `schema`).
// Thread-safety: pure function.
#pragma once

#include "firn/common/result.h"
#include "firn/iceberg/expressions/expression.h"
#include "firn/iceberg/types/schema.h"

namespace firn::iceberg {

Result<ExprPtr> Bind(const Schema& schema, const ExprPtr& expr, bool case_sensitive = true);

// True when every predicate of `expr` is bound (constant trees count as bound).
bool IsBound(const ExprPtr& expr);

}  // namespace firn::iceberg
