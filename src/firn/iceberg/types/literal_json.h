// Appendix D "JSON single-value serialization", used for field defaults
// (initial-default, write-default) and partition values in JSON.
//
//   boolean/int/long/float/double: JSON boolean or number; decimal: "14.20";
//   date "2017-11-16"; time "22:31:08.123456"; timestamp "2017-11-16T22:31:08.123456";
//   timestamptz "...+00:00"; _ns types with nine fraction digits; string as is; uuid
//   lower-case text; fixed and binary as lower-case hex.
// Struct, list and map values are not supported yet (NotSupported).
#pragma once

#include "firn/common/json_reader.h"
#include "firn/common/json_writer.h"
#include "firn/iceberg/types/literal.h"

namespace firn::iceberg {

// Writes one value (JSON null for a null literal).
void WriteLiteralJson(const Literal& v, JsonWriter& w);
std::string LiteralToJson(const Literal& v);

// Reads a value of primitive `type`; errors name the JSON path.
Result<Literal> LiteralFromJson(const Type& type, const JsonValue& json);

}  // namespace firn::iceberg
