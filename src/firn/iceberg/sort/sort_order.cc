#include "firn/iceberg/sort/sort_order.h"

namespace firn::iceberg {

std::string_view SortDirectionName(SortDirection d) {
  return d == SortDirection::kAsc ? "asc" : "desc";
}

std::string_view NullOrderName(NullOrder n) {
  return n == NullOrder::kNullsFirst ? "nulls-first" : "nulls-last";
}

Result<SortDirection> ParseSortDirection(std::string_view s) {
  if (s == "asc") return SortDirection::kAsc;
  if (s == "desc") return SortDirection::kDesc;
  return InvalidArgument("invalid sort direction '{}' (expected asc or desc)", s);
}

Result<NullOrder> ParseNullOrder(std::string_view s) {
  if (s == "nulls-first") return NullOrder::kNullsFirst;
  if (s == "nulls-last") return NullOrder::kNullsLast;
  return InvalidArgument("invalid null order '{}' (expected nulls-first or nulls-last)", s);
}

Status SortOrder::Validate(const Schema& schema) const {
  if (order_id == kUnsortedOrderId && !fields.empty()) {
    return InvalidArgument("sort order 0 is reserved for the unsorted order");
  }
  if (order_id != kUnsortedOrderId && fields.empty()) {
    return InvalidArgument("sort order {} has no fields (use order 0 for unsorted)", order_id);
  }
  for (const SortField& f : fields) {
    const NestedField* source = schema.FindField(f.source_id);
    if (source == nullptr) {
      return InvalidArgument("sort order {}: source field {} does not exist", order_id,
                             f.source_id.value());
    }
    if (!source->type.is_primitive() || !f.transform.CanTransform(source->type)) {
      return InvalidArgument("sort order {}: transform {} cannot be applied to '{}' of type {}",
                             order_id, f.transform.ToString(), schema.FindColumnName(f.source_id),
                             source->type.ToString());
    }
  }
  return OkStatus();
}

}  // namespace firn::iceberg
