// PartitionField and PartitionSpec (spec "Partitioning", "Partition Evolution"): how
// partition values are derived from a table's columns.
//
// Partition field ids are table-wide: the first is 1000 (kPartitionDataIdStart) and a
// table's last-partition-id only grows; see partition_field_ids.h for evolution.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "firn/common/result.h"
#include "firn/common/strong_type.h"
#include "firn/iceberg/partition/transform.h"
#include "firn/iceberg/types/schema.h"

namespace firn::iceberg {

inline constexpr int32_t kPartitionDataIdStart = 1000;
// The last-partition-id of a table that never had a partition field.
inline constexpr int32_t kUnpartitionedLastAssignedId = kPartitionDataIdStart - 1;

struct PartitionField {
  FieldId source_id;    // the schema field the value is derived from
  FieldId field_id;     // the partition field's id (>= 1000), unique across the table's specs
  std::string name;     // the partition field's name, unique in the spec
  Transform transform;  // how the source value is transformed

  bool operator==(const PartitionField&) const = default;
};

struct PartitionSpec {
  int32_t spec_id = 0;                 // the spec's id in the table metadata
  std::vector<PartitionField> fields;  // in partition-tuple order

  // True when there are no fields or every field is void.
  bool IsUnpartitioned() const;
  // The highest field id, or kUnpartitionedLastAssignedId when there are none.
  int32_t LastAssignedFieldId() const;

  // The partition tuple's struct type: one optional field per partition field, with the
  // partition field id and name and the transform's result type. InvalidArgument when a
  // source is missing or a transform does not accept its source's type.
  Result<Type> PartitionType(const Schema& schema) const;

  // Checks the spec against `schema`, with Java's PartitionSpec.Builder rules: sources
  // exist and are primitive, transforms accept them, names are non-empty and unique, a
  // name equal to a schema column is allowed only for an identity of that column, no two
  // fields repeat a transform on a source (two time transforms on a source count as a
  // repeat), field ids are unique.
  Status Validate(const Schema& schema) const;

  bool operator==(const PartitionSpec&) const = default;
};

}  // namespace firn::iceberg
