// Appendix D "Binary single-value serialization": the bytes of one value as stored in
// manifest bounds (lower_bounds/upper_bounds) and other single-value slots.
//
//   int, date: 4 bytes LE; long, time, timestamp*: 8 bytes LE; float 4 / double 8 bytes LE
//   boolean: 0x00 / 0x01; string: UTF-8; uuid: 16 bytes big-endian; fixed, binary: as is
//   decimal: the unscaled value as big-endian two's complement in the minimum bytes
#pragma once

#include <string>
#include <string_view>

#include "firn/common/result.h"
#include "firn/iceberg/types/literal.h"

namespace firn::iceberg {

// REQUIRES: !v.is_null() and a primitive type.
std::string ToBytes(const Literal& v);

// Reads a value of `type`. As Java does for promoted columns, a long may be read from 4
// bytes (an int bound) and a double from 4 bytes (a float bound). Corrupt on a wrong size.
Result<Literal> FromBytes(const Type& type, std::string_view bytes);

// The minimal big-endian two's-complement bytes of an unscaled decimal value (also the
// bucket hash input, Appendix B).
std::string DecimalMinBytes(Int128 unscaled);
// Sign-extends big-endian two's-complement bytes (1..16 of them).
Result<Int128> DecimalFromBytes(std::string_view bytes);

}  // namespace firn::iceberg
