#include "firn/parquet/format/enums.h"

#include <array>

namespace firn::parquet::format {
namespace {

// Names indexed by value; "" marks a hole (Encoding 1).
template <typename E, size_t N>
std::string_view Lookup(E v, const std::array<std::string_view, N>& names) {
  const auto i = static_cast<int32_t>(v);
  if (i < 0 || static_cast<size_t>(i) >= N || names[i].empty()) return "UNKNOWN";
  return names[i];
}

constexpr std::array<std::string_view, 8> kTypeNames = {
    "BOOLEAN", "INT32", "INT64", "INT96", "FLOAT", "DOUBLE", "BYTE_ARRAY", "FIXED_LEN_BYTE_ARRAY"};

constexpr std::array<std::string_view, 22> kConvertedTypeNames = {
    "UTF8",        "MAP",         "MAP_KEY_VALUE",    "LIST",
    "ENUM",        "DECIMAL",     "DATE",             "TIME_MILLIS",
    "TIME_MICROS", "TIMESTAMP_MILLIS", "TIMESTAMP_MICROS", "UINT_8",
    "UINT_16",     "UINT_32",     "UINT_64",          "INT_8",
    "INT_16",      "INT_32",      "INT_64",           "JSON",
    "BSON",        "INTERVAL"};

constexpr std::array<std::string_view, 3> kRepetitionNames = {"REQUIRED", "OPTIONAL", "REPEATED"};

constexpr std::array<std::string_view, 10> kEncodingNames = {
    "PLAIN",
    "",  // GROUP_VAR_INT, never used
    "PLAIN_DICTIONARY",
    "RLE",
    "BIT_PACKED",
    "DELTA_BINARY_PACKED",
    "DELTA_LENGTH_BYTE_ARRAY",
    "DELTA_BYTE_ARRAY",
    "RLE_DICTIONARY",
    "BYTE_STREAM_SPLIT"};

constexpr std::array<std::string_view, 8> kCodecNames = {
    "UNCOMPRESSED", "SNAPPY", "GZIP", "LZO", "BROTLI", "LZ4", "ZSTD", "LZ4_RAW"};

constexpr std::array<std::string_view, 4> kPageTypeNames = {"DATA_PAGE", "INDEX_PAGE",
                                                            "DICTIONARY_PAGE", "DATA_PAGE_V2"};

constexpr std::array<std::string_view, 3> kBoundaryOrderNames = {"UNORDERED", "ASCENDING",
                                                                 "DESCENDING"};

}  // namespace

std::string_view ToString(Type v) { return Lookup(v, kTypeNames); }
std::string_view ToString(ConvertedType v) { return Lookup(v, kConvertedTypeNames); }
std::string_view ToString(FieldRepetitionType v) { return Lookup(v, kRepetitionNames); }
std::string_view ToString(Encoding v) { return Lookup(v, kEncodingNames); }
std::string_view ToString(CompressionCodec v) { return Lookup(v, kCodecNames); }
std::string_view ToString(PageType v) { return Lookup(v, kPageTypeNames); }
std::string_view ToString(BoundaryOrder v) { return Lookup(v, kBoundaryOrderNames); }

bool IsKnown(Type v) { return ToString(v) != "UNKNOWN"; }
bool IsKnown(ConvertedType v) { return ToString(v) != "UNKNOWN"; }
bool IsKnown(FieldRepetitionType v) { return ToString(v) != "UNKNOWN"; }
bool IsKnown(Encoding v) { return ToString(v) != "UNKNOWN"; }
bool IsKnown(CompressionCodec v) { return ToString(v) != "UNKNOWN"; }
bool IsKnown(PageType v) { return ToString(v) != "UNKNOWN"; }
bool IsKnown(BoundaryOrder v) { return ToString(v) != "UNKNOWN"; }

}  // namespace firn::parquet::format
