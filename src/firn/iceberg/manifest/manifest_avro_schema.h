// The Avro schemas of manifests and manifest lists, exactly as the spec's "Manifests" and
// "Manifest Lists" tables give them (field names, field ids, optionality), for format
// versions 1 and 2; plus the Iceberg-to-Avro type mapping of the spec's Avro appendix for
// the partition struct, and the conversions of partition values between Literal and
// avro::Value.
#pragma once

#include <string>

#include "firn/avro/schema.h"
#include "firn/avro/value.h"
#include "firn/common/result.h"
#include "firn/iceberg/types/literal.h"
#include "firn/iceberg/types/type.h"

namespace firn::iceberg {

// `partition_type`: the spec's partition struct (PartitionSpec::PartitionType).
Result<std::string> ManifestEntryAvroSchemaJson(const Type& partition_type, int32_t format_version);
std::string ManifestListAvroSchemaJson(int32_t format_version);

// The Avro type (as JSON) of a primitive Iceberg type (spec Appendix A, Avro).
Result<std::string> PrimitiveAvroTypeJson(const Type& type);
// The Iceberg type an Avro partition field encodes (the inverse, from logical types and
// Iceberg's attributes); for manifests whose table spec is unavailable.
Result<Type> IcebergTypeOfAvro(const avro::Node& node);

// A partition value to the Avro value of its (optional) field, union branch included.
Result<avro::Value> LiteralToAvro(const Literal& literal);
// The inverse; `type` is the partition field's Iceberg type.
Result<Literal> LiteralFromAvro(const Type& type, const avro::Value& value);

}  // namespace firn::iceberg
