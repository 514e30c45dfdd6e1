// Bit packing of unsigned integers at a fixed width of 0..64 bits, in the order of the
// RLE/bit-packing hybrid (Encodings.md, "Run Length Encoding / Bit-Packing Hybrid", note 1):
// values are packed from the least significant bit of each byte upwards, so value i
// occupies bits [i*w, (i+1)*w) of the little-endian bit string. PLAIN booleans and the
// DELTA_BINARY_PACKED miniblocks use the same order.
//
// Groups of 8 values (exactly `bit_width` bytes) go through code specialised per width,
// with no loop per bit or per byte; a partial last group is handled through a scratch group.
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <cstdint>

namespace firn::parquet {

// Bytes that n values of `bit_width` bits occupy: ceil(n * bit_width / 8).
inline constexpr size_t BitPackedBytes(size_t n, int bit_width) {
  return (n * static_cast<size_t>(bit_width) + 7) / 8;
}

// Packs n values into exactly BitPackedBytes(n, bit_width) bytes at `out`; the unused
// high bits of the last byte are zero. Bits of a value above `bit_width` are ignored.
// T is uint8_t, uint16_t, uint32_t or uint64_t.
// REQUIRES: 0 <= bit_width <= 8 * sizeof(T).
template <typename T>
void BitPack(const T* values, size_t n, int bit_width, uint8_t* out);

// Unpacks n values, reading exactly BitPackedBytes(n, bit_width) bytes from `in`.
// REQUIRES: 0 <= bit_width <= 8 * sizeof(T).
template <typename T>
void BitUnpack(const uint8_t* in, size_t n, int bit_width, T* out);

extern template void BitPack<uint8_t>(const uint8_t*, size_t, int, uint8_t*);
extern template void BitPack<uint16_t>(const uint16_t*, size_t, int, uint8_t*);
extern template void BitPack<uint32_t>(const uint32_t*, size_t, int, uint8_t*);
extern template void BitPack<uint64_t>(const uint64_t*, size_t, int, uint8_t*);
extern template void BitUnpack<uint8_t>(const uint8_t*, size_t, int, uint8_t*);
extern template void BitUnpack<uint16_t>(const uint8_t*, size_t, int, uint16_t*);
extern template void BitUnpack<uint32_t>(const uint8_t*, size_t, int, uint32_t*);
extern template void BitUnpack<uint64_t>(const uint8_t*, size_t, int, uint64_t*);

}  // namespace firn::parquet
