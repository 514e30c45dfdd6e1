// ManifestEvaluator: Java's ManifestEvaluator rules over PartitionFieldSummary (see
// README.md). Summary bounds exclude nulls and NaNs; a missing lower bound with
// contains_null means every value is null (or NaN, for floats).
#include <algorithm>

#include "firn/common/macros.h"
#include "firn/iceberg/expressions/binder.h"
#include "firn/iceberg/expressions/evaluators.h"
#include "firn/iceberg/expressions/partition_positions.h"
#include "firn/iceberg/expressions/projection.h"
#include "firn/iceberg/types/literal_bytes.h"

namespace firn::iceberg {
namespace {

bool IsFloating(const Type& t) { return t.id() == TypeId::kFloat || t.id() == TypeId::kDouble; }

struct Summary {
  const PartitionFieldSummary& s;
  const Type& type;

  // Every value is null (Java's allValuesAreNull).
  bool AllNull() const {
    bool all_null = s.contains_null && !s.lower_bound.has_value();
    if (all_null && IsFloating(type)) all_null = s.contains_nan.has_value() && !*s.contains_nan;
    return all_null;
  }
  // Every non-null value is NaN and there is no null.
  bool AllNaN() const {
    return s.contains_nan.value_or(false) && !s.contains_null && !s.lower_bound.has_value();
  }
};

bool MightMatchPredicate(const Expression& p, const Summary& sum) {
  const PartitionFieldSummary& s = sum.s;
  switch (p.op) {
    case Operation::kIsNull: return s.contains_null;
    case Operation::kNotNull: return !sum.AllNull();
    case Operation::kIsNan: return (!s.contains_nan.has_value() || *s.contains_nan) && !sum.AllNull();
    case Operation::kNotNan: return !sum.AllNaN() && !sum.AllNull();
    case Operation::kNotEq:
    case Operation::kNotIn: return !sum.AllNull();
    default: break;
  }
  // Ordered predicates: with no lower bound every value is null or NaN, which match none
  // (a summary that says nothing at all -- no bound, no null, no NaN -- excludes nothing).
  if (!s.lower_bound.has_value()) return !s.contains_null && !s.contains_nan.value_or(false);
  if (!s.upper_bound.has_value()) return true;
  auto lower = FromBytes(sum.type, *s.lower_bound);
  auto upper = FromBytes(sum.type, *s.upper_bound);
  if (!lower || !upper) return true;  // undecodable bounds exclude nothing
  switch (p.op) {
    case Operation::kLt: return Compare(*lower, p.literal()) < 0;
    case Operation::kLtEq: return Compare(*lower, p.literal()) <= 0;
    case Operation::kGt: return Compare(*upper, p.literal()) > 0;
    case Operation::kGtEq: return Compare(*upper, p.literal()) >= 0;
    case Operation::kEq: return Compare(*lower, p.literal()) <= 0 && Compare(*upper, p.literal()) >= 0;
    case Operation::kIn: {
      auto it = std::lower_bound(p.literals.begin(), p.literals.end(), *lower,
                                 [](const Literal& a, const Literal& b) { return Compare(a, b) < 0; });
      return it != p.literals.end() && Compare(*it, *upper) <= 0;
    }
    case Operation::kStartsWith: {
      const std::string& prefix = p.literal().bytes();
      std::string_view lo(lower->bytes()), hi(upper->bytes());
      if (lo.substr(0, prefix.size()) > prefix) return false;
      if (hi.substr(0, prefix.size()) < prefix) return false;
      return true;
    }
    case Operation::kNotStartsWith: {
      const std::string& prefix = p.literal().bytes();
      // Every value between two values that start with the prefix starts with it too.
      return !(lower->bytes().starts_with(prefix) && upper->bytes().starts_with(prefix));
    }
    default: return true;
  }
}

bool Eval(const Expression& e, const ManifestFile& m, const std::vector<Type>& types) {
  switch (e.op) {
    case Operation::kTrue: return true;
    case Operation::kFalse: return false;
    case Operation::kAnd: return Eval(*e.left, m, types) && Eval(*e.right, m, types);
    case Operation::kOr: return Eval(*e.left, m, types) || Eval(*e.right, m, types);
    default: break;
  }
  size_t pos = static_cast<size_t>(e.ref->field_id.value());
  if (pos >= m.partitions.size() || pos >= types.size()) return true;
  return MightMatchPredicate(e, Summary{m.partitions[pos], types[pos]});
}

}  // namespace

Result<std::unique_ptr<ManifestEvaluator>> ManifestEvaluator::Make(const Schema& schema, const PartitionSpec& spec,
                                                                   const ExprPtr& filter, bool case_sensitive) {
  FIRN_ASSIGN_OR_RETURN(ExprPtr bound, Bind(schema, filter, case_sensitive));
  FIRN_ASSIGN_OR_RETURN(ExprPtr projected, InclusiveProjection(schema, spec, bound));
  FIRN_ASSIGN_OR_RETURN(ExprPtr positional, ToPartitionPositions(spec, projected));
  FIRN_ASSIGN_OR_RETURN(Type ptype, spec.PartitionType(schema));
  std::vector<Type> types;
  for (const NestedField& f : ptype.fields()) types.push_back(f.type);
  return std::unique_ptr<ManifestEvaluator>(
      new ManifestEvaluator(std::move(types), std::move(projected), std::move(positional)));
}

bool ManifestEvaluator::MightMatch(const ManifestFile& manifest) const {
  if (manifest.partitions.empty()) {
    // No summaries: only a constant filter can decide.
    return positional_->op != Operation::kFalse;
  }
  return Eval(*positional_, manifest, types_);
}

}  // namespace firn::iceberg
