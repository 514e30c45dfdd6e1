// PLAIN (Encodings.md, "Plain: (PLAIN = 0)"): values back to back.
//   BOOLEAN               bit-packed, LSB first (same order as the hybrid's bit-packed runs)
//   INT32, FLOAT          4 bytes little endian
//   INT64, DOUBLE         8 bytes little endian
//   INT96                 12 bytes little endian
//   BYTE_ARRAY            4-byte little-endian length, then the bytes
//   FIXED_LEN_BYTE_ARRAY  the bytes
// Also the layout of dictionary pages.
//
// Encoders append to *out. Decoders read n values from the start of `in`, append them to
// the caller's buffers and return the bytes consumed; damaged input is Corrupt.
//
// Thread-safety: pure functions; PlainBooleanEncoder is used by one thread at a time.
#pragma once

#include <algorithm>

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

#include "firn/common/buffer.h"
#include "firn/common/result.h"

namespace firn::parquet {

// Makes room for `n` more offsets. Decoders are called once per page, so an exact
// reserve(size + n) would reallocate on every page and make a chunk quadratic; capacity
// grows geometrically instead.
inline void ReserveMoreOffsets(std::vector<int64_t>& offsets, size_t n) {
  if (offsets.capacity() - offsets.size() < n) {
    offsets.reserve(std::max(offsets.size() + n, 2 * offsets.capacity()));
  }
}

inline constexpr size_t kInt96Width = 12;

// INT32, INT64, FLOAT, DOUBLE (the host is little endian, see bytes.h).
template <typename T>
requires(std::is_arithmetic_v<T> &&
         (sizeof(T) == 4 || sizeof(T) == 8)) void PlainEncode(std::span<const T> values,
                                                              Buffer* out) {
  out->Append(values.data(), values.size_bytes());
}
// INT96 and FIXED_LEN_BYTE_ARRAY: `bytes` is the values back to back, already in order.
inline void PlainEncodeFixedLen(std::span<const uint8_t> bytes, Buffer* out) { out->Append(bytes); }
// One BYTE_ARRAY. REQUIRES: value.size() < 2^32.
void PlainEncodeByteArray(std::string_view value, Buffer* out);
// Byte arrays i in [0, offsets.size() - 1): data[offsets[i], offsets[i + 1]).
void PlainEncodeByteArrays(const uint8_t* data, std::span<const int64_t> offsets, Buffer* out);
// The values data[offsets[s], offsets[s + 1]) for s in slots[0, n), in that order.
void PlainEncodeByteArrays(const uint8_t* data, const int64_t* offsets, const int64_t* slots,
                           size_t n, Buffer* out);
// Booleans given one byte each (0 or non-zero), as one complete bit-packed run.
void PlainEncodeBooleans(std::span<const uint8_t> values, Buffer* out);

// Booleans streamed one at a time; bits are buffered until a byte is complete.
// "*out" must remain live while this encoder is in use.
class PlainBooleanEncoder {
 public:
  explicit PlainBooleanEncoder(Buffer* out) : out_(out) {}
  void Put(bool value) {
    bits_ |= static_cast<uint8_t>(value) << num_bits_;
    if (++num_bits_ == 8) {
      out_->PushBack(bits_);
      bits_ = 0;
      num_bits_ = 0;
    }
  }
  // Writes the partial last byte (zero padded); the next Put starts a new byte.
  void Flush();

 private:
  Buffer* out_;
  uint8_t bits_ = 0;
  int num_bits_ = 0;
};

// Fixed-width values: appends n * width raw little-endian bytes to `out`.
Result<size_t> PlainDecodeFixed(std::span<const uint8_t> in, size_t n, size_t width, Buffer& out);
inline Result<size_t> PlainDecodeInt32(std::span<const uint8_t> in, size_t n, Buffer& out) {
  return PlainDecodeFixed(in, n, 4, out);
}
inline Result<size_t> PlainDecodeInt64(std::span<const uint8_t> in, size_t n, Buffer& out) {
  return PlainDecodeFixed(in, n, 8, out);
}
inline Result<size_t> PlainDecodeInt96(std::span<const uint8_t> in, size_t n, Buffer& out) {
  return PlainDecodeFixed(in, n, kInt96Width, out);
}
inline Result<size_t> PlainDecodeFloat(std::span<const uint8_t> in, size_t n, Buffer& out) {
  return PlainDecodeFixed(in, n, 4, out);
}
inline Result<size_t> PlainDecodeDouble(std::span<const uint8_t> in, size_t n, Buffer& out) {
  return PlainDecodeFixed(in, n, 8, out);
}
// REQUIRES: width > 0.
inline Result<size_t> PlainDecodeFixedLenByteArray(std::span<const uint8_t> in, size_t n,
                                                   size_t width, Buffer& out) {
  return PlainDecodeFixed(in, n, width, out);
}

// Booleans: appends one byte (0 or 1) per value to `out`; consumes ceil(n / 8) bytes.
Result<size_t> PlainDecodeBooleans(std::span<const uint8_t> in, size_t n, Buffer& out);

// Byte arrays: appends the bytes of each to `data` and, after each, data.size() to
// `offsets` (so the caller starts `offsets` with the initial 0).
Result<size_t> PlainDecodeByteArrays(std::span<const uint8_t> in, size_t n, Buffer& data,
                                     std::vector<int64_t>& offsets);

}  // namespace firn::parquet
