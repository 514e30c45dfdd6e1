// ParseWhere: the CLI's `--where` filter text, a small SQL-like language, into an unbound
// expression (expression.h).
//
//   expr      := or
//   or        := and ("OR" and)*
//   and       := not ("AND" not)*
//   not       := "NOT" not | primary
//   primary   := "(" expr ")" | TRUE | FALSE | column predicate
//   predicate := op value | [NOT] IN "(" value ("," value)* ")" | IS [NOT] NULL
//              | IS [NOT] NAN | [NOT] LIKE 'prefix%'
//   op        := = | == | != | <> | < | <= | > | >=
//   column    := name ("." name)*        name: [A-Za-z_][A-Za-z0-9_]* or "double quoted"
//   value     := 'string' ('' escapes a quote) | number | TRUE | FALSE | NULL
//
// Keywords are case-insensitive. Numbers: integers become long literals, numbers with a
// fraction decimal literals (10.50 -> decimal(4,2)), numbers with an exponent doubles.
// `x = NULL` is refused (use IS NULL). LIKE accepts only a prefix pattern: 'abc%' becomes
// starts_with 'abc' (a literal '%' or '_' before the end, or a pattern without the final
// '%', is refused). Errors are InvalidArgument and name the 1-based column:
//   "--where: at column 17: expected a value after '='".
//
// Thread-safety: pure function.
#pragma once

#include <string_view>

#include "firn/common/result.h"
#include "firn/iceberg/expressions/expression.h"

namespace firn::iceberg {

Result<ExprPtr> ParseWhere(std::string_view text);

}  // namespace firn::iceberg
