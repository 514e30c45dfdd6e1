#include "firn/iceberg/expressions/expression.h"

#include <cassert>

#include <fmt/format.h>

namespace firn::iceberg {

std::string_view OperationName(Operation op) {
  switch (op) {
    case Operation::kTrue: return "true";
    case Operation::kFalse: return "false";
    case Operation::kAnd: return "and";
    case Operation::kOr: return "or";
    case Operation::kNot: return "not";
    case Operation::kIsNull: return "is_null";
    case Operation::kNotNull: return "not_null";
    case Operation::kIsNan: return "is_nan";
    case Operation::kNotNan: return "not_nan";
    case Operation::kLt: return "<";
    case Operation::kLtEq: return "<=";
    case Operation::kGt: return ">";
    case Operation::kGtEq: return ">=";
    case Operation::kEq: return "==";
    case Operation::kNotEq: return "!=";
    case Operation::kIn: return "in";
    case Operation::kNotIn: return "not_in";
    case Operation::kStartsWith: return "starts_with";
    case Operation::kNotStartsWith: return "not_starts_with";
  }
  return "?";
}

Operation Negate(Operation op) {
  switch (op) {
    case Operation::kTrue: return Operation::kFalse;
    case Operation::kFalse: return Operation::kTrue;
    case Operation::kAnd: return Operation::kOr;
    case Operation::kOr: return Operation::kAnd;
    case Operation::kIsNull: return Operation::kNotNull;
    case Operation::kNotNull: return Operation::kIsNull;
    case Operation::kIsNan: return Operation::kNotNan;
    case Operation::kNotNan: return Operation::kIsNan;
    case Operation::kLt: return Operation::kGtEq;
    case Operation::kLtEq: return Operation::kGt;
    case Operation::kGt: return Operation::kLtEq;
    case Operation::kGtEq: return Operation::kLt;
    case Operation::kEq: return Operation::kNotEq;
    case Operation::kNotEq: return Operation::kEq;
    case Operation::kIn: return Operation::kNotIn;
    case Operation::kNotIn: return Operation::kIn;
    case Operation::kStartsWith: return Operation::kNotStartsWith;
    case Operation::kNotStartsWith: return Operation::kStartsWith;
    case Operation::kNot: break;
  }
  assert(false && "Negate(not)");
  return op;
}

Operation Flip(Operation op) {
  switch (op) {
    case Operation::kLt: return Operation::kGt;
    case Operation::kLtEq: return Operation::kGtEq;
    case Operation::kGt: return Operation::kLt;
    case Operation::kGtEq: return Operation::kLtEq;
    default: return op;
  }
}

bool IsPredicate(Operation op) { return op >= Operation::kIsNull; }
bool IsUnary(Operation op) { return op >= Operation::kIsNull && op <= Operation::kNotNan; }

namespace {

std::string LiteralText(const Literal& v) {
  if (v.is_null()) return "null";
  switch (v.type.id()) {
    case TypeId::kString: return fmt::format("'{}'", v.bytes());
    case TypeId::kDate:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs:
    case TypeId::kUuid: return fmt::format("'{}'", v.ToString());
    case TypeId::kBoolean: return std::get<bool>(v.value) ? "true" : "false";
    default: return v.ToString();
  }
}

}  // namespace

std::string Expression::ToString() const {
  switch (op) {
    case Operation::kTrue: return "true";
    case Operation::kFalse: return "false";
    case Operation::kAnd: return fmt::format("({} and {})", left->ToString(), right->ToString());
    case Operation::kOr: return fmt::format("({} or {})", left->ToString(), right->ToString());
    case Operation::kNot: return fmt::format("not({})", left->ToString());
    default: break;
  }
  const std::string& name = ref ? ref->name : column;
  if (IsUnary(op)) return fmt::format("{} {}", name, OperationName(op));
  if (op == Operation::kIn || op == Operation::kNotIn) {
    std::string out = fmt::format("{} {} (", name, OperationName(op));
    for (size_t i = 0; i < literals.size(); ++i) {
      if (i > 0) out += ", ";
      out += LiteralText(literals[i]);
    }
    return out + ")";
  }
  return fmt::format("{} {} {}", name, OperationName(op), LiteralText(literal()));
}

ExprPtr True() {
  static const ExprPtr kTrue = std::make_shared<const Expression>(Expression{Operation::kTrue});
  return kTrue;
}

ExprPtr False() {
  static const ExprPtr kFalse = std::make_shared<const Expression>(Expression{Operation::kFalse});
  return kFalse;
}

ExprPtr And(ExprPtr left, ExprPtr right) {
  if (left->op == Operation::kFalse || right->op == Operation::kFalse) return False();
  if (left->op == Operation::kTrue) return right;
  if (right->op == Operation::kTrue) return left;
  Expression e{Operation::kAnd, std::move(left), std::move(right)};
  return std::make_shared<const Expression>(std::move(e));
}

ExprPtr Or(ExprPtr left, ExprPtr right) {
  if (left->op == Operation::kTrue || right->op == Operation::kTrue) return True();
  if (left->op == Operation::kFalse) return right;
  if (right->op == Operation::kFalse) return left;
  Expression e{Operation::kOr, std::move(left), std::move(right)};
  return std::make_shared<const Expression>(std::move(e));
}

ExprPtr Not(ExprPtr child) {
  if (child->op == Operation::kTrue) return False();
  if (child->op == Operation::kFalse) return True();
  if (child->op == Operation::kNot) return child->left;
  Expression e{Operation::kNot, std::move(child)};
  return std::make_shared<const Expression>(std::move(e));
}

ExprPtr Predicate(Operation op, std::string column, std::vector<Literal> literals) {
  assert(IsPredicate(op));
  Expression e;
  e.op = op;
  e.column = std::move(column);
  e.literals = std::move(literals);
  return std::make_shared<const Expression>(std::move(e));
}

ExprPtr BoundPredicate(Operation op, BoundReference ref, std::vector<Literal> literals) {
  assert(IsPredicate(op));
  Expression e;
  e.op = op;
  e.column = ref.name;
  e.literals = std::move(literals);
  e.ref = std::move(ref);
  return std::make_shared<const Expression>(std::move(e));
}

namespace {

ExprPtr Rewrite(const ExprPtr& e, bool negate) {
  switch (e->op) {
    case Operation::kTrue:
    case Operation::kFalse:
      return (e->op == Operation::kTrue) != negate ? True() : False();
    case Operation::kNot:
      return Rewrite(e->left, !negate);
    case Operation::kAnd:
    case Operation::kOr: {
      ExprPtr l = Rewrite(e->left, negate);
      ExprPtr r = Rewrite(e->right, negate);
      bool is_and = (e->op == Operation::kAnd) != negate;
      return is_and ? And(std::move(l), std::move(r)) : Or(std::move(l), std::move(r));
    }
    default: {
      if (!negate) return e;
      Expression n = *e;
      n.op = Negate(e->op);
      return std::make_shared<const Expression>(std::move(n));
    }
  }
}

}  // namespace

ExprPtr RewriteNot(const ExprPtr& expr) { return Rewrite(expr, false); }

}  // namespace firn::iceberg
