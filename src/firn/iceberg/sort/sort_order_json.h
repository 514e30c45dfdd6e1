// Appendix C JSON of sort orders:
//   {"order-id":1,"fields":[{"transform":"identity","source-id":2,"direction":"asc",
//                            "null-order":"nulls-first"}]}
// TODO: v3 multi-argument transforms ("source-ids") are refused.
#pragma once

#include <string>

#include "firn/common/json_reader.h"
#include "firn/common/json_writer.h"
#include "firn/iceberg/sort/sort_order.h"

namespace firn::iceberg {

void WriteSortOrderJson(const SortOrder& order, JsonWriter& w);
std::string SortOrderToJson(const SortOrder& order);
Result<SortOrder> SortOrderFromJson(const JsonValue& json);
Result<SortOrder> SortOrderFromJsonString(std::string_view json);

}  // namespace firn::iceberg
