// Byte sizes as people write them in a config file: "512MB", "1GiB", "0", "4096".
//
// A size is decimal digits, optionally followed by a unit (spaces between are allowed):
// B; KB, MB, GB, TB (powers of 1000); KiB, MiB, GiB, TiB (powers of 1024). Units are
// case-insensitive ("512mb" is 512 MB: there are no bit units to confuse it with). No sign,
// no fraction, no digit separators; the value must fit in int64_t.
//
// Thread-safety: pure functions.
#pragma once

#include <cstdint>
#include <string_view>

#include "firn/common/result.h"

namespace firn::ingest {

// InvalidArgument saying what is wrong ("unknown unit 'XB'", "is larger than 2^63-1
// bytes"); the caller adds which key it was.
Result<int64_t> ParseByteSize(std::string_view text);

}  // namespace firn::ingest
