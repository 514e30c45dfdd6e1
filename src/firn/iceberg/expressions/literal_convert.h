// ConvertLiteral: converts a filter literal to a column's type when the expression is bound
// (Java's Literal.to(Type)), with range checks.
//
//   from long/int     -> int (when in range), long, float, double, decimal(P,S)
//   from decimal      -> decimal(P,S) (rescaled; extra fraction digits must be zeros),
//                        float, double
//   from double/float -> double, float (beyond float's range: out of range)
//   from string       -> string, date ('2024-01-02'), time, timestamp[tz][_ns] (a date
//                        alone is midnight; an offset is converted to UTC), uuid, decimal
//   from boolean      -> boolean
//
// A number beyond the target's range is not an error: the result says whether it lies above
// the maximum or below the minimum, so that the binder can fold the comparison. Anything
// else that does not convert is InvalidArgument. Thread-safety: pure functions.
#pragma once

#include "firn/common/result.h"
#include "firn/iceberg/types/literal.h"
#include "firn/iceberg/types/type.h"

namespace firn::iceberg {

struct ConvertedLiteral {
  enum class Kind : int8_t { kValue, kAboveMax, kBelowMin };
  Kind kind = Kind::kValue;  // whether `value` holds the converted literal
  Literal value;             // the literal in the target type (kind == kValue)
};

// REQUIRES: `v` is not null; `to` is primitive.
Result<ConvertedLiteral> ConvertLiteral(const Literal& v, const Type& to);

// The literal as written in messages: "10 (long)", "'US' (string)".
std::string DescribeLiteral(const Literal& v);

}  // namespace firn::iceberg
