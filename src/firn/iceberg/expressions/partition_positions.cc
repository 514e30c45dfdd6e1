#include "firn/iceberg/expressions/partition_positions.h"

#include "firn/common/macros.h"

namespace firn::iceberg {

Result<ExprPtr> ToPartitionPositions(const PartitionSpec& spec, const ExprPtr& e) {
  switch (e->op) {
    case Operation::kTrue:
    case Operation::kFalse: return e;
    case Operation::kAnd:
    case Operation::kOr: {
      FIRN_ASSIGN_OR_RETURN(ExprPtr l, ToPartitionPositions(spec, e->left));
      FIRN_ASSIGN_OR_RETURN(ExprPtr r, ToPartitionPositions(spec, e->right));
      return e->op == Operation::kAnd ? And(l, r) : Or(l, r);
    }
    default: break;
  }
  if (!e->is_bound()) return Internal("partition filter is not bound: {}", e->ToString());
  for (size_t i = 0; i < spec.fields.size(); ++i) {
    if (spec.fields[i].field_id != e->ref->field_id) continue;
    Expression copy = *e;
    copy.ref->field_id = FieldId(static_cast<int32_t>(i));
    return std::make_shared<const Expression>(std::move(copy));
  }
  return Internal("projected predicate on unknown partition field {}", e->ref->field_id.value());
}

}  // namespace firn::iceberg
