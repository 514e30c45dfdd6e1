#include "firn/iceberg/expressions/projection.h"

#include <algorithm>
#include <limits>

#include "firn/common/macros.h"

namespace firn::iceberg {
namespace {

bool IsIntegral(TypeId t) {
  return t == TypeId::kInt || t == TypeId::kLong || t == TypeId::kDate || t == TypeId::kTimestamp ||
         t == TypeId::kTimestampTz || t == TypeId::kTimestampNs || t == TypeId::kTimestampTzNs ||
         t == TypeId::kDecimal;
}

// `v + delta` for the integer-like types (decimals step by one unscaled unit); nullopt on
// overflow of the type's range.
std::optional<Literal> Step(const Literal& v, int delta) {
  switch (v.type.id()) {
    case TypeId::kInt:
    case TypeId::kDate: {
      int64_t x = int64_t{v.int32()} + delta;
      if (x < std::numeric_limits<int32_t>::min() || x > std::numeric_limits<int32_t>::max()) return std::nullopt;
      return Literal{v.type, static_cast<int32_t>(x)};
    }
    case TypeId::kDecimal: return Literal{v.type, v.unscaled() + delta};
    default: {
      int64_t x = v.int64();
      if ((delta < 0 && x == std::numeric_limits<int64_t>::min()) ||
          (delta > 0 && x == std::numeric_limits<int64_t>::max())) {
        return std::nullopt;
      }
      return Literal{v.type, x + delta};
    }
  }
}

Result<std::vector<Literal>> ApplyAll(const Transform& t, const std::vector<Literal>& values) {
  std::vector<Literal> out;
  out.reserve(values.size());
  for (const Literal& v : values) {
    FIRN_ASSIGN_OR_RETURN(Literal r, t.Apply(v));
    out.push_back(std::move(r));
  }
  std::sort(out.begin(), out.end(), [](const Literal& a, const Literal& b) { return Compare(a, b) < 0; });
  out.erase(std::unique(out.begin(), out.end(), [](const Literal& a, const Literal& b) { return Compare(a, b) == 0; }),
            out.end());
  return out;
}

ExprPtr Make(Operation op, const BoundReference& ref, std::vector<Literal> literals) {
  if (op == Operation::kIn && literals.size() == 1) op = Operation::kEq;
  return BoundPredicate(op, ref, std::move(literals));
}

// Ranges and equality through an order-preserving transform (truncate, year..hour). For
// integer-like sources `<` and `>` step to the neighbouring value first, which is exact
// with floor-based transforms (also before 1970 and for negative numbers).
Result<ExprPtr> ProjectOrdered(const Expression& p, const Transform& t, const BoundReference& ref) {
  bool integral = IsIntegral(p.ref->type.id());
  auto apply_one = [&](Operation op, const Literal& v) -> Result<ExprPtr> {
    FIRN_ASSIGN_OR_RETURN(Literal r, t.Apply(v));
    return Make(op, ref, {std::move(r)});
  };
  switch (p.op) {
    case Operation::kLt:
      if (integral) {
        auto prev = Step(p.literal(), -1);
        if (!prev) return False();  // nothing is below the minimum
        return apply_one(Operation::kLtEq, *prev);
      }
      return apply_one(Operation::kLtEq, p.literal());
    case Operation::kLtEq: return apply_one(Operation::kLtEq, p.literal());
    case Operation::kGt:
      if (integral) {
        auto next = Step(p.literal(), 1);
        if (!next) return False();
        return apply_one(Operation::kGtEq, *next);
      }
      return apply_one(Operation::kGtEq, p.literal());
    case Operation::kGtEq: return apply_one(Operation::kGtEq, p.literal());
    case Operation::kEq: return apply_one(Operation::kEq, p.literal());
    case Operation::kIn: {
      FIRN_ASSIGN_OR_RETURN(auto values, ApplyAll(t, p.literals));
      return Make(Operation::kIn, ref, std::move(values));
    }
    case Operation::kStartsWith:
    case Operation::kNotStartsWith: {
      if (t.kind != TransformKind::kTruncate || p.ref->type.id() != TypeId::kString) return nullptr;
      const std::string& prefix = p.literal().bytes();
      std::string_view cut = TruncateUtf8(prefix, t.param);
      bool shorter = cut.size() == prefix.size();  // |prefix| <= W code points
      if (p.op == Operation::kNotStartsWith) {
        // A partition value starting with the prefix means every value in it does.
        if (!shorter) return nullptr;
        return Make(Operation::kNotStartsWith, ref, {Literal::String(prefix)});
      }
      if (shorter && TruncateUtf8(prefix, t.param - 1).size() == prefix.size()) {
        return Make(Operation::kStartsWith, ref, {Literal::String(prefix)});  // |prefix| < W
      }
      return Make(Operation::kEq, ref, {Literal::String(std::string(cut))});
    }
    default: return nullptr;
  }
}

}  // namespace

Result<ExprPtr> ProjectPredicate(const Expression& p, const Transform& t, const BoundReference& ref) {
  if (t.kind == TransformKind::kVoid) return nullptr;
  if (p.op == Operation::kIsNull || p.op == Operation::kNotNull) return BoundPredicate(p.op, ref);
  if (t.kind == TransformKind::kIdentity) return BoundPredicate(p.op, ref, p.literals);
  if (t.kind == TransformKind::kBucket) {
    if (p.op == Operation::kEq) {
      FIRN_ASSIGN_OR_RETURN(Literal r, t.Apply(p.literal()));
      return BoundPredicate(Operation::kEq, ref, {std::move(r)});
    }
    if (p.op == Operation::kIn) {
      FIRN_ASSIGN_OR_RETURN(auto values, ApplyAll(t, p.literals));
      return Make(Operation::kIn, ref, std::move(values));
    }
    return nullptr;
  }
  return ProjectOrdered(p, t, ref);
}

namespace {

Result<ExprPtr> Project(const Schema& schema, const PartitionSpec& spec, const std::vector<NestedField>& pfields,
                        const ExprPtr& e) {
  switch (e->op) {
    case Operation::kTrue:
    case Operation::kFalse: return e;
    case Operation::kAnd:
    case Operation::kOr: {
      FIRN_ASSIGN_OR_RETURN(ExprPtr l, Project(schema, spec, pfields, e->left));
      FIRN_ASSIGN_OR_RETURN(ExprPtr r, Project(schema, spec, pfields, e->right));
      return e->op == Operation::kAnd ? And(l, r) : Or(l, r);
    }
    case Operation::kNot: return InvalidArgument("projection needs a bound expression without not");
    default: break;
  }
  if (!e->is_bound()) return InvalidArgument("projection needs a bound expression, got {}", e->ToString());
  ExprPtr result = True();
  for (size_t i = 0; i < spec.fields.size(); ++i) {
    const PartitionField& f = spec.fields[i];
    if (f.source_id != e->ref->field_id) continue;
    BoundReference ref{f.field_id, pfields[i].type, f.name};
    FIRN_ASSIGN_OR_RETURN(ExprPtr p, ProjectPredicate(*e, f.transform, ref));
    if (p) result = And(result, p);
  }
  return result;
}

}  // namespace

Result<ExprPtr> InclusiveProjection(const Schema& schema, const PartitionSpec& spec, const ExprPtr& bound_filter) {
  FIRN_ASSIGN_OR_RETURN(Type ptype, spec.PartitionType(schema));
  return Project(schema, spec, ptype.fields(), bound_filter);
}

}  // namespace firn::iceberg
