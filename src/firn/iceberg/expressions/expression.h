// Expression: a filter over a table's rows (Java's org.apache.iceberg.expressions), as an
// immutable tree shared through ExprPtr.
//
//   true, false, and, or, not
//   predicates on one column: is_null, not_null, is_nan, not_nan, <, <=, >, >=, =, !=,
//   in, not_in, starts_with, not_starts_with
//
// A predicate is *unbound* when it names its column by (dotted) name and carries literals
// as written (the parser gives long, double, decimal, string and boolean literals), and
// *bound* (see binder.h) when `ref` is set: the column is resolved to a field id and type of
// a schema and every literal has been converted to that type. Bound trees never contain
// `not` (it is pushed down to the predicates by RewriteNot, as Java's binder does), so
// evaluators only see true/false/and/or and predicates.
//
// Thread-safety: immutable; safe to share.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "firn/common/strong_type.h"
#include "firn/iceberg/types/literal.h"
#include "firn/iceberg/types/type.h"

namespace firn::iceberg {

enum class Operation : int8_t {
  kTrue,
  kFalse,
  kAnd,
  kOr,
  kNot,
  kIsNull,
  kNotNull,
  kIsNan,
  kNotNan,
  kLt,
  kLtEq,
  kGt,
  kGtEq,
  kEq,
  kNotEq,
  kIn,
  kNotIn,
  kStartsWith,
  kNotStartsWith,
};

// "<", "is_null", "and", ... (for messages and ToString).
std::string_view OperationName(Operation op);
// The operation matching exactly the rows the given one does not match, for predicates
// whose column is non-null (Java's Operation.negate): < <-> >=, = <-> !=, in <-> not_in, ...
// REQUIRES: a predicate operation, or true/false/and/or (and <-> or).
Operation Negate(Operation op);
// `a op b` <=> `b Flip(op) a`: < <-> >, <= <-> >=; others unchanged.
Operation Flip(Operation op);
bool IsPredicate(Operation op);
bool IsUnary(Operation op);  // is/not null, is/not nan

// The column a bound predicate reads.
struct BoundReference {
  FieldId field_id;  // the field in the schema it was bound to
  Type type;         // the field's type (primitive, except for is/not null)
  std::string name;  // the field's full dotted name in that schema

  bool operator==(const BoundReference&) const = default;
};

struct Expression;
using ExprPtr = std::shared_ptr<const Expression>;

struct Expression {
  Operation op = Operation::kTrue;   // what this node is
  ExprPtr left;                      // and/or: left operand; not: the operand
  ExprPtr right;                     // and/or: right operand
  std::string column;                // predicates: the column name as written
  std::vector<Literal> literals;     // predicates: none (unary), one, or the in-list;
                                     // bound in/not_in lists are sorted and unique
  std::optional<BoundReference> ref;  // set on bound predicates

  bool is_predicate() const { return IsPredicate(op); }
  bool is_bound() const { return ref.has_value(); }
  const Literal& literal() const { return literals.front(); }  // REQUIRES: one literal

  // "(a < 5 and b is_null)": a readable, stable form for messages and tests. Bound
  // predicates print their field name.
  std::string ToString() const;
};

// Factories. And/Or simplify constant operands (and(false, x) = false, and(true, x) = x,
// ...); Not simplifies not(true), not(false) and not(not(x)).
ExprPtr True();
ExprPtr False();
ExprPtr And(ExprPtr left, ExprPtr right);
ExprPtr Or(ExprPtr left, ExprPtr right);
ExprPtr Not(ExprPtr child);
// An unbound predicate. REQUIRES: IsPredicate(op) and a literal count that fits op.
ExprPtr Predicate(Operation op, std::string column, std::vector<Literal> literals = {});
// A bound predicate (used by the binder and by projection).
ExprPtr BoundPredicate(Operation op, BoundReference ref, std::vector<Literal> literals = {});

// Pushes every `not` down to the predicates by negating them (Java's RewriteNot).
ExprPtr RewriteNot(const ExprPtr& expr);

}  // namespace firn::iceberg
