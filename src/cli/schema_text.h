// A Parquet schema as people read it: the "message" notation of parquet-mr and
// parquet-cli, with field ids and logical types, e.g.
//
//   message event {
//     optional fixed_len_byte_array(16) event_id = 1 (UUID);
//     optional int64 event_time = 2 (TIMESTAMP(MICROS,true));
//     optional group tags = 10 (LIST) {
//       repeated group list {
//         optional binary element = 13 (STRING);
//       }
//     }
//   }
//
// Thread-safety: pure functions.
#pragma once

#include <string>
#include <string_view>

#include "firn/parquet/schema/schema.h"

namespace firn::cli {

// "required", "optional", "repeated".
std::string_view RepetitionName(parquet::Repetition r);
// "boolean", "int32", "int64", "int96", "float", "double", "binary",
// "fixed_len_byte_array(16)"; "group" for groups.
std::string PhysicalTypeName(const parquet::SchemaNode& node);
// "STRING", "TIMESTAMP(MICROS,true)", "DECIMAL(10,2)", "INTEGER(8,false)", "LIST", ...;
// empty for no annotation.
std::string LogicalTypeName(const parquet::LogicalType& type);

// The whole tree in message notation, two spaces per level, ending in a newline.
std::string SchemaText(const parquet::SchemaNode& root);

}  // namespace firn::cli
