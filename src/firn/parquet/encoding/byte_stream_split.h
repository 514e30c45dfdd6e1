// BYTE_STREAM_SPLIT (Encodings.md, "Byte Stream Split: (BYTE_STREAM_SPLIT = 9)"): for N
// values of K bytes, K streams of N bytes; stream b holds byte b of every value, and the
// streams are concatenated in order. There is no header: the stream length is the page
// length, so K * N must be exactly the size of the page's value section.
//
// Widths 4 (FLOAT, INT32) and 8 (DOUBLE, INT64) are specialised; any FIXED_LEN_BYTE_ARRAY
// width works.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "firn/common/buffer.h"
#include "firn/common/result.h"

namespace firn::parquet {

// Appends the split form of `values` (values back to back, `width` bytes each).
// REQUIRES: width > 0, values.size() % width == 0.
void ByteStreamSplitEncode(std::span<const uint8_t> values, size_t width, Buffer* out);

// Appends the n values held in `in` to `out`, back to back. Corrupt unless in.size() is
// exactly n * width. REQUIRES: width > 0.
Status ByteStreamSplitDecode(std::span<const uint8_t> in, size_t n, size_t width, Buffer& out);

}  // namespace firn::parquet
