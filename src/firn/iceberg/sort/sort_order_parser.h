// Sort orders from text, in the form of Spark's `WRITE ORDERED BY` and the sort_order
// option of Iceberg's rewrite_data_files procedure:
//
//   "event_type, day(event_time) desc, user_id asc nulls last, bucket(16, id)"
//
// Each term is a column or a transform of one (the partition terms' syntax:
// partition_spec_parser.h), then optionally asc or desc, then optionally nulls first or
// nulls last. As in Spark and Iceberg's Java API, the null order defaults to nulls first
// for ascending terms and nulls last for descending ones. Keywords are case-insensitive.
#pragma once

#include <string>
#include <string_view>

#include "firn/common/result.h"
#include "firn/iceberg/sort/sort_order.h"
#include "firn/iceberg/types/schema.h"

namespace firn::iceberg {

// Parses and binds against `schema`. The order id is left 0 when the text is empty (the
// unsorted order) and 1 otherwise; TableMetadataBuilder::AddSortOrder assigns the real
// one. InvalidArgument names the offending term.
Result<SortOrder> ParseSortOrder(std::string_view text, const Schema& schema);

// The text form of an order, which ParseSortOrder reads back: "id desc nulls last, ...".
// Names come from `schema`; a source it lacks is written as its field id.
std::string SortOrderToString(const SortOrder& order, const Schema& schema);

}  // namespace firn::iceberg
