#include "firn/iceberg/expressions/binder.h"

#include <algorithm>

#include "firn/common/macros.h"
#include "firn/iceberg/expressions/literal_convert.h"

namespace firn::iceberg {
namespace {

bool IsFloating(const Type& t) { return t.id() == TypeId::kFloat || t.id() == TypeId::kDouble; }

// Resolves a column name; InvalidArgument for unknown names and fields inside lists/maps.
// `nullable_path` is set when the field or any enclosing struct is optional.
Result<BoundReference> Resolve(const Schema& schema, const std::string& name, bool case_sensitive,
                               bool* nullable_path) {
  const NestedField* field = schema.FindField(name, case_sensitive);
  if (field == nullptr) return InvalidArgument("unknown column '{}'", name);
  *nullable_path = !field->required;
  const SchemaFieldEntry* entry = schema.FindEntry(field->id);
  while (entry != nullptr && entry->parent_id.value() != 0) {
    const SchemaFieldEntry* parent = schema.FindEntry(entry->parent_id);
    if (parent == nullptr) break;
    if (parent->field->type.id() != TypeId::kStruct) {
      return InvalidArgument("column '{}' is inside the {} '{}'; only struct fields can be filtered", name,
                             parent->field->type.id() == TypeId::kList ? "list" : "map", parent->path);
    }
    *nullable_path = *nullable_path || !parent->field->required;
    entry = parent;
  }
  return BoundReference{field->id, field->type, schema.FindColumnName(field->id)};
}

// `x op v` where v lies beyond the type's range (SQL: false for nulls, and NaN is not
// ordered, so the "always" cases become not_null / not_nan).
ExprPtr FoldOutOfRange(Operation op, bool above, const BoundReference& ref) {
  bool always = false;
  switch (op) {
    case Operation::kLt:
    case Operation::kLtEq: always = above; break;
    case Operation::kGt:
    case Operation::kGtEq: always = !above; break;
    case Operation::kEq: always = false; break;
    case Operation::kNotEq: always = true; break;
    default: break;
  }
  if (!always) return False();
  return BoundPredicate(op == Operation::kNotEq || !IsFloating(ref.type) ? Operation::kNotNull : Operation::kNotNan, ref);
}

Result<ExprPtr> BindPredicate(const Schema& schema, const Expression& p, bool case_sensitive) {
  bool nullable = true;
  FIRN_ASSIGN_OR_RETURN(BoundReference ref, Resolve(schema, p.column, case_sensitive, &nullable));
  auto fail = [&](std::string_view why) {
    return InvalidArgument("column '{}' ({}): {}", ref.name, ref.type.ToString(), why);
  };
  Operation op = p.op;
  if (op == Operation::kIsNull || op == Operation::kNotNull) {
    if (!nullable) return (op == Operation::kNotNull) ? True() : False();
    return BoundPredicate(op, ref);
  }
  if (!ref.type.is_primitive()) {
    return fail(fmt::format("{} is not supported on nested types (only IS [NOT] NULL)", OperationName(op)));
  }
  if (op == Operation::kIsNan || op == Operation::kNotNan) {
    if (!IsFloating(ref.type)) return fail("IS [NOT] NAN needs a float or double column");
    return BoundPredicate(op, ref);
  }
  if (op == Operation::kStartsWith || op == Operation::kNotStartsWith) {
    if (ref.type.id() != TypeId::kString) return fail("starts with / LIKE needs a string column");
    if (p.literals.size() != 1 || p.literal().type.id() != TypeId::kString) {
      return fail("starts with needs one string literal");
    }
    return BoundPredicate(op, ref, p.literals);
  }
  if (p.literals.empty()) return fail(fmt::format("{} needs a value", OperationName(op)));
  std::vector<Literal> values;
  for (const Literal& lit : p.literals) {
    if (lit.is_null()) return fail("can not compare with null; use IS NULL");
    auto c = ConvertLiteral(lit, ref.type);
    if (!c) return fail(c.error().message());
    if (c->kind != ConvertedLiteral::Kind::kValue) {
      if (op == Operation::kIn || op == Operation::kNotIn) continue;  // can equal no value
      return FoldOutOfRange(op, c->kind == ConvertedLiteral::Kind::kAboveMax, ref);
    }
    values.push_back(std::move(c->value));
  }
  if (op == Operation::kIn || op == Operation::kNotIn) {
    std::sort(values.begin(), values.end(), [](const Literal& a, const Literal& b) { return Compare(a, b) < 0; });
    values.erase(std::unique(values.begin(), values.end(),
                             [](const Literal& a, const Literal& b) { return Compare(a, b) == 0; }),
                 values.end());
    if (values.empty()) {
      return op == Operation::kIn ? False() : BoundPredicate(Operation::kNotNull, ref);
    }
    if (values.size() == 1) op = op == Operation::kIn ? Operation::kEq : Operation::kNotEq;
  } else if (values.size() != 1) {
    return fail(fmt::format("{} needs exactly one value", OperationName(op)));
  }
  return BoundPredicate(op, ref, std::move(values));
}

Result<ExprPtr> BindNode(const Schema& schema, const ExprPtr& e, bool case_sensitive) {
  switch (e->op) {
    case Operation::kTrue:
    case Operation::kFalse: return e;
    case Operation::kAnd:
    case Operation::kOr: {
      FIRN_ASSIGN_OR_RETURN(ExprPtr l, BindNode(schema, e->left, case_sensitive));
      FIRN_ASSIGN_OR_RETURN(ExprPtr r, BindNode(schema, e->right, case_sensitive));
      return e->op == Operation::kAnd ? And(l, r) : Or(l, r);
    }
    case Operation::kNot: {
      FIRN_ASSIGN_OR_RETURN(ExprPtr c, BindNode(schema, e->left, case_sensitive));
      return Not(c);
    }
    default:
      if (e->is_bound()) return e;
      return BindPredicate(schema, *e, case_sensitive);
  }
}

}  // namespace

Result<ExprPtr> Bind(const Schema& schema, const ExprPtr& expr, bool case_sensitive) {
  // Not is pushed down before binding so that a negated predicate is folded (e.g. for
  // required columns or out-of-range literals) as what it really tests.
  return BindNode(schema, RewriteNot(expr), case_sensitive);
}

bool IsBound(const ExprPtr& e) {
  switch (e->op) {
    case Operation::kTrue:
    case Operation::kFalse: return true;
    case Operation::kAnd:
    case Operation::kOr: return IsBound(e->left) && IsBound(e->right);
    case Operation::kNot: return false;
    default: return e->is_bound();
  }
}

}  // namespace firn::iceberg
