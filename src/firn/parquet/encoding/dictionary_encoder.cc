#include "firn/parquet/encoding/dictionary_encoder.h"

#include <algorithm>
#include <cassert>
#include <cstring>

#include "firn/common/bytes.h"

namespace firn::parquet {

using encoding_internal::EqualBytes;
using encoding_internal::HashBytes;
using encoding_internal::HashStep;
using encoding_internal::kHashMul2;
using encoding_internal::MixHash;

namespace {

// Batch inserts hash this many values and prefetch their slots before probing any.
constexpr size_t kPrefetchRun = 16;

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
uint32_t FixedWidthDictionaryEncoder<kWidth>::InsertHashed(const uint8_t* value, uint64_t hash) {
  const size_t width = kWidth != 0 ? kWidth : width_;
  bool inserted;
  uint32_t index;
  if constexpr (kInline) {
    uint64_t key;
    if constexpr (kWidth == 4) {
      key = LoadLE<uint32_t>(value);
    } else {
      key = LoadLE<uint64_t>(value);
    }
    index = table_.FindOrInsert(hash, key, &inserted);
  } else {
    index = table_.FindOrInsert(
        hash, [&](uint32_t i) { return EqualBytes(entries_.data() + i * width, value, width); },
        &inserted);
  }
  if (inserted) entries_.Append(value, width);
  return index;
}

template <size_t kWidth>
uint32_t FixedWidthDictionaryEncoder<kWidth>::Insert(const uint8_t* value) {
  return InsertHashed(value, HashFixed<kWidth>(value, kWidth != 0 ? kWidth : width_));
}

template <size_t kWidth>
void FixedWidthDictionaryEncoder<kWidth>::InsertBatch(const uint8_t* values, size_t n,
                                                      uint32_t* indices) {
  const size_t width = kWidth != 0 ? kWidth : width_;
  uint64_t hashes[kPrefetchRun];
  for (size_t base = 0; base < n; base += kPrefetchRun) {
    const size_t m = std::min(kPrefetchRun, n - base);
    const uint8_t* run = values + base * width;
    for (size_t j = 0; j < m; ++j) {
      hashes[j] = HashFixed<kWidth>(run + j * width, width);
      table_.Prefetch(hashes[j]);
    }
    for (size_t j = 0; j < m; ++j) indices[base + j] = InsertHashed(run + j * width, hashes[j]);
  }
}

template <size_t kWidth>
void FixedWidthDictionaryEncoder<kWidth>::AppendPlainValues(const uint32_t* indices, size_t n,
                                                            Buffer* out) const {
  const size_t width = kWidth != 0 ? kWidth : width_;
  uint8_t* p = out->Extend(n * width);
  for (size_t i = 0; i < n; ++i) std::memcpy(p + i * width, value(indices[i]), width);
}

template <size_t kWidth>
void FixedWidthDictionaryEncoder<kWidth>::Clear() {
  entries_.Clear();
  table_.Clear();
}

template <size_t kWidth>
void FixedWidthDictionaryEncoder<kWidth>::Release() {
  entries_.Release();
  table_.Release();
}

template class FixedWidthDictionaryEncoder<0>;
template class FixedWidthDictionaryEncoder<4>;
template class FixedWidthDictionaryEncoder<8>;
template class FixedWidthDictionaryEncoder<12>;

// ---- Byte arrays --------------------------------------------------------------------

uint32_t ByteArrayDictionaryEncoder::InsertHashed(const uint8_t* bytes, size_t size,
                                                  uint64_t hash) {
  assert(size <= UINT32_MAX);
  bool inserted;
  uint32_t index = table_.FindOrInsert(
      hash,
      [&](uint32_t i) {
        const uint8_t* entry = arena_.data() + starts_[i];
        return LoadLE<uint32_t>(entry) == size && EqualBytes(entry + 4, bytes, size);
      },
      &inserted);
  if (inserted) {
    starts_.push_back(arena_.size());
    uint8_t* p = arena_.Extend(4 + size);
    StoreLE<uint32_t>(p, static_cast<uint32_t>(size));
    if (size != 0) std::memcpy(p + 4, bytes, size);
  }
  return index;
}

uint32_t ByteArrayDictionaryEncoder::Insert(std::string_view value) {
  const auto* bytes = reinterpret_cast<const uint8_t*>(value.data());
  return InsertHashed(bytes, value.size(), HashBytes(bytes, value.size()));
}

// Hashes a run of values and prefetches their slots before probing any, so that the cache
// misses of a large table overlap. Value i is data[offsets[b], offsets[b + 1]) with
// b = begin(i).
template <typename Begin>
void ByteArrayDictionaryEncoder::InsertRuns(const uint8_t* data, const int64_t* offsets, size_t n,
                                            Begin&& begin, uint32_t* indices) {
  uint64_t hashes[kPrefetchRun];
  for (size_t base = 0; base < n; base += kPrefetchRun) {
    const size_t m = std::min(kPrefetchRun, n - base);
    for (size_t j = 0; j < m; ++j) {
      const int64_t b = begin(base + j);
      hashes[j] = HashBytes(data + offsets[b], static_cast<size_t>(offsets[b + 1] - offsets[b]));
      table_.Prefetch(hashes[j]);
    }
    for (size_t j = 0; j < m; ++j) {
      const int64_t b = begin(base + j);
      indices[base + j] =
          InsertHashed(data + offsets[b], static_cast<size_t>(offsets[b + 1] - offsets[b]), hashes[j]);
    }
  }
}

void ByteArrayDictionaryEncoder::InsertBatch(const uint8_t* data, std::span<const int64_t> offsets,
                                             uint32_t* indices) {
  const size_t n = offsets.empty() ? 0 : offsets.size() - 1;
  InsertRuns(data, offsets.data(), n, [](size_t i) { return static_cast<int64_t>(i); }, indices);
}

void ByteArrayDictionaryEncoder::InsertBatch(const uint8_t* data, const int64_t* offsets,
                                             const int64_t* slots, size_t n, uint32_t* indices) {
  InsertRuns(data, offsets, n, [slots](size_t i) { return slots[i]; }, indices);
}

std::string_view ByteArrayDictionaryEncoder::value(uint32_t index) const {
  const uint8_t* entry = arena_.data() + starts_[index];
  return {reinterpret_cast<const char*>(entry + 4), LoadLE<uint32_t>(entry)};
}

void ByteArrayDictionaryEncoder::AppendPlainValues(const uint32_t* indices, size_t n, Buffer* out) const {
  // Entries are kept in their PLAIN form (length prefix, bytes): one copy each.
  size_t total = 0;
  for (size_t i = 0; i < n; ++i) total += 4 + LoadLE<uint32_t>(arena_.data() + starts_[indices[i]]);
  uint8_t* p = out->Extend(total);
  for (size_t i = 0; i < n; ++i) {
    const uint8_t* entry = arena_.data() + starts_[indices[i]];
    const size_t bytes = 4 + LoadLE<uint32_t>(entry);
    std::memcpy(p, entry, bytes);
    p += bytes;
  }
}

void ByteArrayDictionaryEncoder::Clear() {
  arena_.Clear();
  starts_.clear();
  table_.Clear();
}

void ByteArrayDictionaryEncoder::Release() {
  arena_.Release();
  std::vector<uint64_t>().swap(starts_);
  table_.Release();
}

}  // namespace firn::parquet
