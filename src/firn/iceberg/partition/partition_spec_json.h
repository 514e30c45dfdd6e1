// Appendix C JSON of partition specs:
//   {"spec-id":0,"fields":[{"name":"ts_day","transform":"day","source-id":4,"field-id":1000}]}
// TODO: v3 multi-argument transforms ("source-ids") are refused.
#pragma once

#include <string>

#include "firn/common/json_reader.h"
#include "firn/common/json_writer.h"
#include "firn/iceberg/partition/partition_spec.h"

namespace firn::iceberg {

void WritePartitionSpecJson(const PartitionSpec& spec, JsonWriter& w);
// Only the spec's "fields" array: v1 metadata's "partition-spec" and the manifest header's
// "partition-spec" entry.
void WritePartitionFieldsJson(const PartitionSpec& spec, JsonWriter& w);
std::string PartitionSpecToJson(const PartitionSpec& spec);

// Errors name the JSON path. The spec is not validated against a schema here.
Result<PartitionSpec> PartitionSpecFromJson(const JsonValue& json);
Result<PartitionSpec> PartitionSpecFromJsonString(std::string_view json);

}  // namespace firn::iceberg
