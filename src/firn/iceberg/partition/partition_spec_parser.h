// Partition specs from the CLI's text form, and partition field id assignment across spec
// evolution.
//
//   "day(event_time), bucket(16, user_id), truncate(4, country), identity(region), region2,
//    year(ts), void(x)"
//
// A bare column name means identity. bucket and truncate take their parameter first (as in
// Spark's DDL) or second. Plural spellings (years, months, days, hours) are accepted.
// Default names follow Java's PartitionSpec.Builder: identity keeps the column name;
// others append _bucket, _trunc, _year, _month, _day, _hour, or _null for void.
// "<term> as <name>" sets a name explicitly.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "firn/common/result.h"
#include "firn/iceberg/partition/partition_spec.h"
#include "firn/iceberg/types/schema.h"

namespace firn::iceberg {

// One transform term, "bucket(16, user_id)", "day(ts)", "region", bound to `schema`
// (shared with sort orders). `what` starts error messages ("partition term").
struct TransformTerm {
  Transform transform;
  const NestedField* source = nullptr;  // points into `schema`
  std::string column;                   // as written
  std::string name_suffix;              // Java's default partition name suffix ("_bucket")
};
Result<TransformTerm> ParseTransformTerm(std::string_view term, const Schema& schema, std::string_view what);

// Parses and binds the terms against `schema` (case-sensitive dotted names). The result's
// field ids are not assigned yet (0). InvalidArgument names the offending term.
Result<std::vector<PartitionField>> ParsePartitionFields(std::string_view text,
                                                         const Schema& schema);

// Assigns field ids to `fields` for a v2 table, as Java's TableMetadata does on spec
// evolution: a field whose (source-id, transform) appears in one of `existing_specs`
// keeps that field's id; every other field gets ++last_partition_id. Returns the new
// last-partition-id (never smaller than the given one, so ids are never reused).
int32_t AssignPartitionFieldIds(std::vector<PartitionField>& fields,
                                const std::vector<PartitionSpec>& existing_specs,
                                int32_t last_partition_id);

struct NewPartitionSpec {
  PartitionSpec spec;         // validated against the schema, ids assigned
  int32_t last_partition_id;  // the table's new last-partition-id
};

// Parse + assign ids + validate.
Result<NewPartitionSpec> ParsePartitionSpec(std::string_view text, const Schema& schema,
                                            int32_t spec_id,
                                            const std::vector<PartitionSpec>& existing_specs,
                                            int32_t last_partition_id);

}  // namespace firn::iceberg
