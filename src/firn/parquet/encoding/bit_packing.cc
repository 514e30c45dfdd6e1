#include "firn/parquet/encoding/bit_packing.h"

#include <array>
#include <cassert>
#include <cstring>
#include <utility>

namespace firn::parquet {
namespace {

// A group of 8 values of W bits is W bytes, held here as ceil(W / 8) little-endian
// 64-bit words. Value I starts at bit I*W; all offsets are compile-time constants, so
// each group compiles to straight-line shifts and ORs.
template <int W>
constexpr uint64_t kMask = W == 64 ? ~uint64_t{0} : (uint64_t{1} << W) - 1;

template <int W, size_t I>
inline void PackOne(uint64_t* words, uint64_t v) {
  constexpr size_t kBit = I * W;
  constexpr size_t kWord = kBit / 64;
  constexpr int kShift = kBit % 64;
  words[kWord] |= v << kShift;
  if constexpr (kShift + W > 64) words[kWord + 1] |= v >> (64 - kShift);
}

template <int W, size_t I>
inline uint64_t UnpackOne(const uint64_t* words) {
  constexpr size_t kBit = I * W;
  constexpr size_t kWord = kBit / 64;
  constexpr int kShift = kBit % 64;
  uint64_t v = words[kWord] >> kShift;
  if constexpr (kShift + W > 64) v |= words[kWord + 1] << (64 - kShift);
  return v & kMask<W>;
}

template <typename T, int W>
void PackGroups(const T* in, size_t groups, uint8_t* out) {
  if constexpr (W == 0) {
    return;
  } else {
    constexpr int kWords = (W + 7) / 8;
    for (size_t g = 0; g < groups; ++g, in += 8, out += W) {
      uint64_t words[kWords] = {};
      [&]<size_t... I>(std::index_sequence<I...>) {
        (PackOne<W, I>(words, static_cast<uint64_t>(in[I]) & kMask<W>), ...);
      }
      (std::make_index_sequence<8>{});
      std::memcpy(out, words, W);
    }
  }
}

template <typename T, int W>
void UnpackGroups(const uint8_t* in, size_t groups, T* out) {
  if constexpr (W == 0) {
    std::memset(out, 0, groups * 8 * sizeof(T));
  } else {
    constexpr int kWords = (W + 7) / 8;
    for (size_t g = 0; g < groups; ++g, in += W, out += 8) {
      uint64_t words[kWords];
      words[kWords - 1] = 0;
      std::memcpy(words, in, W);
      [&]<size_t... I>(std::index_sequence<I...>) {
        ((out[I] = static_cast<T>(UnpackOne<W, I>(words))), ...);
      }
      (std::make_index_sequence<8>{});
    }
  }
}

template <typename T>
using PackFn = void (*)(const T*, size_t, uint8_t*);
template <typename T>
using UnpackFn = void (*)(const uint8_t*, size_t, T*);

// One entry per bit width 0..8*sizeof(T); dispatch happens once per call, not per group.
template <typename T>
constexpr auto kPackTable = []<size_t... W>(std::index_sequence<W...>) {
  return std::array<PackFn<T>, sizeof...(W)>{&PackGroups<T, static_cast<int>(W)>...};
}
(std::make_index_sequence<8 * sizeof(T) + 1>{});

template <typename T>
constexpr auto kUnpackTable = []<size_t... W>(std::index_sequence<W...>) {
  return std::array<UnpackFn<T>, sizeof...(W)>{&UnpackGroups<T, static_cast<int>(W)>...};
}
(std::make_index_sequence<8 * sizeof(T) + 1>{});

}  // namespace

template <typename T>
void BitPack(const T* values, size_t n, int bit_width, uint8_t* out) {
  assert(bit_width >= 0 && bit_width <= static_cast<int>(8 * sizeof(T)));
  PackFn<T> pack = kPackTable<T>[bit_width];
  size_t groups = n / 8;
  pack(values, groups, out);
  size_t rest = n % 8;
  if (rest == 0) return;
  T tail[8] = {};
  std::memcpy(tail, values + groups * 8, rest * sizeof(T));
  uint8_t packed[64];
  pack(tail, 1, packed);
  std::memcpy(out + groups * bit_width, packed, BitPackedBytes(rest, bit_width));
}

template <typename T>
void BitUnpack(const uint8_t* in, size_t n, int bit_width, T* out) {
  assert(bit_width >= 0 && bit_width <= static_cast<int>(8 * sizeof(T)));
  UnpackFn<T> unpack = kUnpackTable<T>[bit_width];
  size_t groups = n / 8;
  unpack(in, groups, out);
  size_t rest = n % 8;
  if (rest == 0) return;
  uint8_t packed[64] = {};
  std::memcpy(packed, in + groups * bit_width, BitPackedBytes(rest, bit_width));
  T tail[8];
  unpack(packed, 1, tail);
  std::memcpy(out + groups * 8, tail, rest * sizeof(T));
}

template void BitPack<uint8_t>(const uint8_t*, size_t, int, uint8_t*);
template void BitPack<uint16_t>(const uint16_t*, size_t, int, uint8_t*);
template void BitPack<uint32_t>(const uint32_t*, size_t, int, uint8_t*);
template void BitPack<uint64_t>(const uint64_t*, size_t, int, uint8_t*);
template void BitUnpack<uint8_t>(const uint8_t*, size_t, int, uint8_t*);
template void BitUnpack<uint16_t>(const uint8_t*, size_t, int, uint16_t*);
template void BitUnpack<uint32_t>(const uint8_t*, size_t, int, uint32_t*);
template void BitUnpack<uint64_t>(const uint8_t*, size_t, int, uint64_t*);

}  // namespace firn::parquet
