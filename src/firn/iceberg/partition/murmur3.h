// 32-bit Murmur3, x86 variant, seed 0: the hash the spec's bucket transform requires
// (Appendix B "32-bit Hash Requirements"). Written from the algorithm's description.
#pragma once

#include <cstdint>
#include <string_view>

namespace firn::iceberg {

int32_t Murmur3Hash32(const void* data, size_t length, uint32_t seed = 0);

// Appendix B hash inputs: ints, dates, times and timestamps are hashed as the 8
// little-endian bytes of a long; strings, binary, fixed and uuid as their bytes;
// decimals as their minimal big-endian two's-complement bytes (see literal_bytes.h).
inline int32_t HashLong(int64_t v) { return Murmur3Hash32(&v, sizeof(v)); }
inline int32_t HashBytes(std::string_view b) { return Murmur3Hash32(b.data(), b.size()); }

// (hash & Integer.MAX_VALUE) % n.
inline int32_t BucketOf(int32_t hash, int32_t n) {
  return static_cast<int32_t>((static_cast<uint32_t>(hash) & 0x7fffffffu) %
                              static_cast<uint32_t>(n));
}

}  // namespace firn::iceberg
