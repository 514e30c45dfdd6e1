#include "firn/parquet/encoding/dictionary_encoder.h"

#include <cassert>
#include <cstring>

#include "firn/common/bytes.h"

namespace firn::parquet {

using encoding_internal::HashBytes;
using encoding_internal::HashStep;
using encoding_internal::kHashMul2;
using encoding_internal::MixHash;

namespace {

template <size_t kWidth>
uint64_t HashFixed(const uint8_t* v, size_t width) {
  if constexpr (kWidth == 4) {
    return MixHash(LoadLE<uint32_t>(v));
  } else if constexpr (kWidth == 8) {
    return MixHash(LoadLE<uint64_t>(v));
  } else if constexpr (kWidth == 12) {
    return MixHash(HashStep(LoadLE<uint64_t>(v) ^ kHashMul2, LoadLE<uint32_t>(v + 8)));
  } else {
    return HashBytes(v, width);
  }
}

}  // namespace

// ---- Fixed width --------------------------------------------------------------------

template <size_t kWidth>
FixedWidthDictionaryEncoder<kWidth>::FixedWidthDictionaryEncoder(size_t width) : width_(width) {
  assert(width > 0 && (kWidth == 0 || width == kWidth));
}

template <size_t kWidth>
uint32_t FixedWidthDictionaryEncoder<kWidth>::Insert(const uint8_t* value) {
  const size_t width = kWidth != 0 ? kWidth : width_;
  bool inserted;
  uint32_t index = table_.FindOrInsert(
      HashFixed<kWidth>(value, width),
      [&](uint32_t i) { return std::memcmp(entries_.data() + i * width, value, width) == 0; },
      &inserted);
  if (inserted) entries_.Append(value, width);
  return index;
}

template <size_t kWidth>
void FixedWidthDictionaryEncoder<kWidth>::InsertBatch(const uint8_t* values, size_t n,
                                                      uint32_t* indices) {
  const size_t width = kWidth != 0 ? kWidth : width_;
  for (size_t i = 0; i < n; ++i) indices[i] = Insert(values + i * width);
}

template <size_t kWidth>
void FixedWidthDictionaryEncoder<kWidth>::Clear() {
  entries_.Clear();
  table_.Clear();
}

template class FixedWidthDictionaryEncoder<0>;
template class FixedWidthDictionaryEncoder<4>;
template class FixedWidthDictionaryEncoder<8>;
template class FixedWidthDictionaryEncoder<12>;

// ---- Byte arrays --------------------------------------------------------------------

uint32_t ByteArrayDictionaryEncoder::Insert(std::string_view value) {
  assert(value.size() <= UINT32_MAX);
  const auto* bytes = reinterpret_cast<const uint8_t*>(value.data());
  bool inserted;
  uint32_t index = table_.FindOrInsert(
      HashBytes(bytes, value.size()),
      [&](uint32_t i) {
        const uint8_t* entry = arena_.data() + starts_[i];
        return LoadLE<uint32_t>(entry) == value.size() &&
               (value.empty() || std::memcmp(entry + 4, bytes, value.size()) == 0);
      },
      &inserted);
  if (inserted) {
    starts_.push_back(arena_.size());
    uint8_t* p = arena_.Extend(4 + value.size());
    StoreLE<uint32_t>(p, static_cast<uint32_t>(value.size()));
    if (!value.empty()) std::memcpy(p + 4, bytes, value.size());
  }
  return index;
}

void ByteArrayDictionaryEncoder::InsertBatch(const uint8_t* data, std::span<const int64_t> offsets,
                                             uint32_t* indices) {
  for (size_t i = 0; i + 1 < offsets.size(); ++i) {
    indices[i] = Insert({reinterpret_cast<const char*>(data) + offsets[i],
                         static_cast<size_t>(offsets[i + 1] - offsets[i])});
  }
}

std::string_view ByteArrayDictionaryEncoder::value(uint32_t index) const {
  const uint8_t* entry = arena_.data() + starts_[index];
  return {reinterpret_cast<const char*>(entry + 4), LoadLE<uint32_t>(entry)};
}

void ByteArrayDictionaryEncoder::Clear() {
  arena_.Clear();
  starts_.clear();
  table_.Clear();
}

}  // namespace firn::parquet
