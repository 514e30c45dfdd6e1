#include "firn/common/macros.h"
#include "firn/iceberg/expressions/binder.h"
#include "firn/iceberg/expressions/evaluators.h"
#include "firn/iceberg/expressions/partition_positions.h"
#include "firn/iceberg/expressions/projection.h"
#include "firn/iceberg/expressions/value_evaluator.h"

namespace firn::iceberg {
namespace {

bool Eval(const Expression& e, const std::vector<Literal>& tuple) {
  switch (e.op) {
    case Operation::kTrue: return true;
    case Operation::kFalse: return false;
    case Operation::kAnd: return Eval(*e.left, tuple) && Eval(*e.right, tuple);
    case Operation::kOr: return Eval(*e.left, tuple) || Eval(*e.right, tuple);
    default: break;
  }
  size_t pos = static_cast<size_t>(e.ref->field_id.value());
  if (pos >= tuple.size()) return true;  // a short tuple: can not decide
  return EvaluateOnValue(e, tuple[pos]);
}

}  // namespace

Result<std::unique_ptr<PartitionEvaluator>> PartitionEvaluator::Make(const Schema& schema, const PartitionSpec& spec,
                                                                     const ExprPtr& filter, bool case_sensitive) {
  FIRN_ASSIGN_OR_RETURN(ExprPtr bound, Bind(schema, filter, case_sensitive));
  FIRN_ASSIGN_OR_RETURN(ExprPtr projected, InclusiveProjection(schema, spec, bound));
  FIRN_ASSIGN_OR_RETURN(ExprPtr positional, ToPartitionPositions(spec, projected));
  return std::unique_ptr<PartitionEvaluator>(new PartitionEvaluator(std::move(projected), std::move(positional)));
}

bool PartitionEvaluator::MightMatch(const std::vector<Literal>& partition_tuple) const {
  return Eval(*positional_, partition_tuple);
}

}  // namespace firn::iceberg
