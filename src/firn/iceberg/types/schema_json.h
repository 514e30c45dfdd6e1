// Appendix C JSON serialization of types and schemas:
//   {"type":"struct","schema-id":0,"identifier-field-ids":[1],"fields":[
//     {"id":1,"name":"id","required":true,"type":"long","doc":"..."}, ...]}
// Lists: {"type":"list","element-id":3,"element":"string","element-required":false};
// maps: {"type":"map","key-id":4,"key":"string","value-id":5,"value":"int","value-required":false}.
// Field defaults use the JSON single-value form (literal_json.h).
#pragma once

#include <string>

#include "firn/common/json_reader.h"
#include "firn/common/json_writer.h"
#include "firn/iceberg/types/schema.h"

namespace firn::iceberg {

void WriteTypeJson(const Type& type, JsonWriter& w);
void WriteSchemaJson(const Schema& schema, JsonWriter& w);
std::string SchemaToJson(const Schema& schema);

// Errors (kCorrupt or kInvalidArgument) name the JSON path: "schemas[0].fields[3].id: ...".
Result<Type> TypeFromJson(const JsonValue& json);
Result<Schema> SchemaFromJson(const JsonValue& json);
// Parses a whole document holding one schema.
Result<Schema> SchemaFromJsonString(std::string_view json);

}  // namespace firn::iceberg
