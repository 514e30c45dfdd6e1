#include "firn/iceberg/partition/murmur3.h"

#include <bit>

#include "firn/common/bytes.h"

namespace firn::iceberg {

int32_t Murmur3Hash32(const void* data, size_t length, uint32_t seed) {
  constexpr uint32_t c1 = 0xcc9e2d51, c2 = 0x1b873593;
  const auto* p = static_cast<const uint8_t*>(data);
  uint32_t h = seed;
  size_t blocks = length / 4;
  for (size_t i = 0; i < blocks; ++i) {
    uint32_t k = LoadLE<uint32_t>(p + i * 4);
    k *= c1;
    k = std::rotl(k, 15);
    k *= c2;
    h ^= k;
    h = std::rotl(h, 13);
    h = h * 5 + 0xe6546b64;
  }
  const uint8_t* tail = p + blocks * 4;
  uint32_t k = 0;
  switch (length & 3) {
    case 3:
      k ^= static_cast<uint32_t>(tail[2]) << 16;
      [[fallthrough]];
    case 2:
      k ^= static_cast<uint32_t>(tail[1]) << 8;
      [[fallthrough]];
    case 1:
      k ^= tail[0];
      k *= c1;
      k = std::rotl(k, 15);
      k *= c2;
      h ^= k;
  }
  h ^= static_cast<uint32_t>(length);
  h ^= h >> 16;
  h *= 0x85ebca6b;
  h ^= h >> 13;
  h *= 0xc2b2ae35;
  h ^= h >> 16;
  return static_cast<int32_t>(h);
}

}  // namespace firn::iceberg
