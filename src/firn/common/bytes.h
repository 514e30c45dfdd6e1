// Little-endian loads and stores, and bit helpers, for the binary formats (Parquet,
// Avro, Iceberg single-value serialisation). x86-64 and aarch64 are little-endian; the
// static_assert keeps it that way.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>

namespace firn {

static_assert(std::endian::native == std::endian::little, "firn assumes a little-endian host");

template <typename T>
inline T LoadLE(const void* p) {
  T v;
  std::memcpy(&v, p, sizeof(T));
  return v;
}

template <typename T>
inline void StoreLE(void* p, T v) {
  std::memcpy(p, &v, sizeof(T));
}

// Number of bits needed to represent v (0 for v == 0).
inline int BitWidth(uint64_t v) { return static_cast<int>(std::bit_width(v)); }

inline uint64_t CeilDiv(uint64_t a, uint64_t b) { return (a + b - 1) / b; }

}  // namespace firn
