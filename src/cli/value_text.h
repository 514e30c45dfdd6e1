// One Parquet value as text, by its logical type, for `firn parquet inspect` (statistics)
// and `firn parquet cat` (rows). Where Iceberg's JSON single-value serialization (table
// spec, Appendix D) has a form, it is used: timestamps and dates as ISO-8601 strings,
// uuids as 8-4-4-4-12, decimals as strings with their scale ("14.20"), binary and
// fixed as hex strings ("0000FF0000"). Otherwise:
//   integers (signed or unsigned by annotation) and floats as JSON numbers, booleans as
//   true/false, NaN and infinities as the strings "NaN", "Infinity", "-Infinity",
//   FLOAT16 as a number, INT96 (legacy Impala timestamps) as a timestamp without zone,
//   TIME as "hh:mm:ss.ffffff".
//
// Thread-safety: pure function.
#pragma once

#include <string>
#include <string_view>

#include "firn/parquet/schema/schema.h"

namespace firn::cli {

struct ValueText {
  std::string text;  // the value, unescaped
  bool quoted;       // a JSON string (true) or a bare JSON number or literal (false)
};

// `bytes` holds the value as a ColumnVector slot or a PLAIN-encoded statistic holds it:
// fixed-width types little-endian in ValueWidth(leaf) bytes (BOOLEAN one byte), byte
// arrays as their bytes. Bytes of the wrong size for the type render as hex.
ValueText RenderLeafValue(const parquet::SchemaNode& leaf, std::string_view bytes);

}  // namespace firn::cli
