// SortField and SortOrder (spec "Sorting"): how data files are sorted. Order id 0 is
// reserved for the unsorted order, which has no fields.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "firn/common/result.h"
#include "firn/common/strong_type.h"
#include "firn/iceberg/partition/transform.h"
#include "firn/iceberg/types/schema.h"

namespace firn::iceberg {

enum class SortDirection : int8_t { kAsc, kDesc };
enum class NullOrder : int8_t { kNullsFirst, kNullsLast };

std::string_view SortDirectionName(SortDirection d);  // "asc" / "desc"
std::string_view NullOrderName(NullOrder n);          // "nulls-first" / "nulls-last"
Result<SortDirection> ParseSortDirection(std::string_view s);
Result<NullOrder> ParseNullOrder(std::string_view s);

struct SortField {
  Transform transform;                            // applied to the source before comparing
  FieldId source_id;                              // the schema field sorted on
  SortDirection direction = SortDirection::kAsc;  // ascending or descending
  NullOrder null_order = NullOrder::kNullsFirst;  // where nulls go

  bool operator==(const SortField&) const = default;
};

inline constexpr int32_t kUnsortedOrderId = 0;

struct SortOrder {
  int32_t order_id = kUnsortedOrderId;  // 0 = unsorted
  std::vector<SortField> fields;        // most significant first

  static SortOrder Unsorted() { return SortOrder{}; }
  bool IsUnsorted() const { return fields.empty(); }

  // Order 0 must have no fields and a sorted order must not use id 0; sources exist and
  // are primitive, and transforms accept them.
  Status Validate(const Schema& schema) const;

  bool operator==(const SortOrder&) const = default;
};

}  // namespace firn::iceberg
