// Type ids of the Thrift compact protocol (apache/thrift
// doc/specs/thrift-compact-protocol.md, "Struct encoding" and "List and Set").
#pragma once

#include <cstdint>
#include <string_view>

namespace firn::parquet {

// The same ids serve as field types and element types, except for booleans: a bool
// *field* carries its value in the type nibble (kBoolTrue / kBoolFalse, no value bytes),
// while a bool *element* is one byte. For the element type of a list<bool> the spec text
// says 2, but Apache Thrift's C++ and Java libraries (hence parquet-java and Arrow) write
// 1; firn writes 1 and accepts both.
enum class CompactType : uint8_t {
  kStop = 0,
  kBoolTrue = 1,
  kBoolFalse = 2,
  kI8 = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,  // binary and string
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,  // structs and unions
  kUuid = 13,    // 16 raw bytes
};

// "i32", "struct", ... for error messages.
std::string_view CompactTypeName(CompactType type);

inline bool IsBool(CompactType t) {
  return t == CompactType::kBoolTrue || t == CompactType::kBoolFalse;
}

// Structs and containers nest at most this deep when read; deeper input is kCorrupt. This
// bounds recursion on hostile input; Parquet metadata itself nests about 5 deep.
inline constexpr int kMaxThriftDepth = 64;

}  // namespace firn::parquet
