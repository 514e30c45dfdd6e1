// The enums of parquet.thrift (apache/parquet-format), with the spec's names and values.
//
// Every enum has a fixed int32_t underlying type, the width of a Thrift enum on the wire,
// so a value this build does not know (written by a newer writer, or damaged) is kept
// as-is by the deserializer without undefined behaviour. Code that acts on a value must
// check it with IsKnown() and reject what it does not support.
#pragma once

#include <cstdint>
#include <string_view>

namespace firn::parquet::format {

// Physical types.
enum class Type : int32_t {
  BOOLEAN = 0,
  INT32 = 1,
  INT64 = 2,
  INT96 = 3,  // deprecated; legacy timestamps
  FLOAT = 4,
  DOUBLE = 5,
  BYTE_ARRAY = 6,
  FIXED_LEN_BYTE_ARRAY = 7,
};

// Deprecated annotations, superseded by LogicalType but still written for old readers.
enum class ConvertedType : int32_t {
  UTF8 = 0,
  MAP = 1,
  MAP_KEY_VALUE = 2,
  LIST = 3,
  ENUM = 4,
  DECIMAL = 5,
  DATE = 6,
  TIME_MILLIS = 7,
  TIME_MICROS = 8,
  TIMESTAMP_MILLIS = 9,
  TIMESTAMP_MICROS = 10,
  UINT_8 = 11,
  UINT_16 = 12,
  UINT_32 = 13,
  UINT_64 = 14,
  INT_8 = 15,
  INT_16 = 16,
  INT_32 = 17,
  INT_64 = 18,
  JSON = 19,
  BSON = 20,
  INTERVAL = 21,
};

// TODO: VECTOR = 3 (with SchemaElement.vector_length) is newer than firn; kept as a raw
// value and rejected by the schema reader.
enum class FieldRepetitionType : int32_t {
  REQUIRED = 0,
  OPTIONAL = 1,
  REPEATED = 2,
};

// Value 1 (GROUP_VAR_INT) was never used and is not a valid encoding.
enum class Encoding : int32_t {
  PLAIN = 0,
  PLAIN_DICTIONARY = 2,
  RLE = 3,
  BIT_PACKED = 4,
  DELTA_BINARY_PACKED = 5,
  DELTA_LENGTH_BYTE_ARRAY = 6,
  DELTA_BYTE_ARRAY = 7,
  RLE_DICTIONARY = 8,
  BYTE_STREAM_SPLIT = 9,
};

enum class CompressionCodec : int32_t {
  UNCOMPRESSED = 0,
  SNAPPY = 1,
  GZIP = 2,
  LZO = 3,
  BROTLI = 4,
  LZ4 = 5,  // deprecated (Hadoop framing)
  ZSTD = 6,
  LZ4_RAW = 7,
};

enum class PageType : int32_t {
  DATA_PAGE = 0,
  INDEX_PAGE = 1,
  DICTIONARY_PAGE = 2,
  DATA_PAGE_V2 = 3,
};

// Ordering of ColumnIndex min_values / max_values.
enum class BoundaryOrder : int32_t {
  UNORDERED = 0,
  ASCENDING = 1,
  DESCENDING = 2,
};

// Whether `v` is one of the enumerators above.
bool IsKnown(Type v);
bool IsKnown(ConvertedType v);
bool IsKnown(FieldRepetitionType v);
bool IsKnown(Encoding v);
bool IsKnown(CompressionCodec v);
bool IsKnown(PageType v);
bool IsKnown(BoundaryOrder v);

// The spec name ("BYTE_ARRAY"), or "UNKNOWN" for a value IsKnown() rejects.
std::string_view ToString(Type v);
std::string_view ToString(ConvertedType v);
std::string_view ToString(FieldRepetitionType v);
std::string_view ToString(Encoding v);
std::string_view ToString(CompressionCodec v);
std::string_view ToString(PageType v);
std::string_view ToString(BoundaryOrder v);

}  // namespace firn::parquet::format
