// ValueToJson: a Value as plain JSON, for dumps, tools and interop checks (not the Avro
// JSON encoding). Records become objects keyed by field name, maps objects, arrays
// arrays, unions their branch's value, enums their symbol, bytes and fixed lowercase hex
// strings, ints and longs JSON integers, floats and doubles numbers (NaN and infinities:
// null).
//
// Thread-safety: free function, no shared state.
#pragma once

#include <string>

#include "firn/avro/schema.h"
#include "firn/avro/value.h"
#include "firn/common/json_writer.h"

namespace firn::avro {

// REQUIRES: `value` was decoded with (or matches) `node`.
void WriteValueJson(const Node& node, const Value& value, JsonWriter& out);
std::string ValueToJson(const Node& node, const Value& value);

}  // namespace firn::avro
