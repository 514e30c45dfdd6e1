// Avro schema JSON: parsing (Avro 1.11, "Schema Declaration" and "Names") and
// serialisation back to JSON.
//
// ParseSchema accepts the three JSON forms (a type name string, an object, a union array),
// resolves named-type references with the spec's namespace rules (a reference may name a
// type defined earlier, including the enclosing record), and keeps every non-standard
// attribute verbatim (see schema.h). SchemaToJson writes a named type in full at its first
// occurrence and by full name afterwards, primitives without attributes as plain strings,
// and attributes after the standard keys in their original order, so
// ParseSchema(SchemaToJson(s)) describes the same schema with the same attributes.
//
// Thread-safety: free functions, no shared state.
#pragma once

#include <string>
#include <string_view>

#include "firn/avro/schema.h"
#include "firn/common/result.h"

namespace firn::avro {

// Errors: InvalidArgument naming the JSON path of the offending part ("fields[3].type"):
// malformed JSON, unknown type names, missing "name"/"fields"/"items"/"values"/"size",
// duplicate names, invalid unions.
Result<Schema> ParseSchema(std::string_view json);

// Compact JSON.
std::string SchemaToJson(const Schema& schema);

}  // namespace firn::avro
