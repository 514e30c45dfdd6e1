// ULEB128 and zigzag integers, as used by the RLE/bit-packing hybrid run headers and by
// DELTA_BINARY_PACKED (Encodings.md, "Run Length Encoding / Bit-Packing Hybrid" note 2 and
// "Delta Encoding"). Internal to the encoders; the Thrift compact protocol has its own.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "firn/common/buffer.h"
#include "firn/common/result.h"

namespace firn::parquet::encoding_internal {

inline constexpr size_t kMaxUleb128Bytes = 10;

inline void AppendUleb128(uint64_t v, Buffer* out) {
  uint8_t tmp[kMaxUleb128Bytes];
  size_t n = 0;
  while (v >= 0x80) {
    tmp[n++] = static_cast<uint8_t>(v | 0x80);
    v >>= 7;
  }
  tmp[n++] = static_cast<uint8_t>(v);
  out->Append(tmp, n);
}

// Reads one ULEB128 starting at in[*pos] and advances *pos past it. Corrupt if the input
// ends inside the integer or the integer does not fit 64 bits. `what` names the field.
inline Result<uint64_t> ReadUleb128(std::span<const uint8_t> in, size_t* pos, const char* what) {
  uint64_t v = 0;
  for (size_t i = 0; i < kMaxUleb128Bytes; ++i) {
    if (*pos >= in.size()) return Corrupt("{}: ULEB128 truncated at byte {}", what, *pos);
    uint8_t b = in[(*pos)++];
    if (i == kMaxUleb128Bytes - 1 && b > 1) return Corrupt("{}: ULEB128 exceeds 64 bits", what);
    v |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) return v;
  }
  return Corrupt("{}: ULEB128 longer than {} bytes", what, kMaxUleb128Bytes);
}

inline uint64_t ZigZagEncode(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
inline int64_t ZigZagDecode(uint64_t v) { return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1)); }

}  // namespace firn::parquet::encoding_internal
