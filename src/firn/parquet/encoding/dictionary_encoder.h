// Per-column dictionary builders for the writer (Encodings.md, "Dictionary Encoding"):
// each distinct value gets the next index; the dictionary page is the values in index
// order, PLAIN encoded. Values are kept in exactly that form, so dict_bytes() is the page
// size (for the write.parquet.dict-size-bytes fallback) and WriteDictionaryPage is one copy.
//
// Fixed-width values are compared bitwise: NaNs with different payloads, and -0.0 and 0.0,
// are distinct entries, as PLAIN round-trips them.
//
// Thread-safety: none; one per column writer. Move-only.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

#include "firn/common/buffer.h"
#include "firn/parquet/encoding/dict_hash_table.h"

namespace firn::parquet {

// kWidth is 4 (INT32, FLOAT), 8 (INT64, DOUBLE) or 12 (INT96), or 0 for a width given at
// construction (FIXED_LEN_BYTE_ARRAY).
template <size_t kWidth>
class FixedWidthDictionaryEncoder {
 public:
  // REQUIRES: width > 0, and width == kWidth unless kWidth == 0.
  explicit FixedWidthDictionaryEncoder(size_t width = kWidth);

  // `value` points to width() bytes. Returns the value's index.
  uint32_t Insert(const uint8_t* value);
  template <typename T>
  requires(kWidth == sizeof(T) && std::is_trivially_copyable_v<T>) uint32_t Insert(const T& value) {
    return Insert(reinterpret_cast<const uint8_t*>(&value));
  }
  // indices[i] = Insert(values + i * width()) for i < n.
  void InsertBatch(const uint8_t* values, size_t n, uint32_t* indices);
  template <typename T>
  requires(kWidth == sizeof(T) &&
           std::is_trivially_copyable_v<T>) void InsertBatch(std::span<const T> values,
                                                             uint32_t* indices) {
    InsertBatch(reinterpret_cast<const uint8_t*>(values.data()), values.size(), indices);
  }

  size_t size() const { return table_.size(); }
  size_t width() const { return width_; }
  // Size of the PLAIN dictionary page.
  size_t dict_bytes() const { return entries_.size(); }
  // Appends the values in index order, PLAIN encoded.
  void WriteDictionaryPage(Buffer* out) const { out->Append(entries_.span()); }
  // The value of entry `index`: width() bytes.
  const uint8_t* value(uint32_t index) const { return entries_.data() + index * width_; }
  // Appends the values of entries indices[0, n), PLAIN encoded.
  void AppendPlainValues(const uint32_t* indices, size_t n, Buffer* out) const;
  // Memory held, for the writer's budget.
  size_t memory_bytes() const { return entries_.capacity() + table_.memory_bytes(); }
  // Forgets every entry, keeping the memory.
  void Clear();
  // Forgets every entry and frees the memory.
  void Release();

 private:
  // Values of up to 8 bytes live in the hash table's slots themselves.
  static constexpr bool kInline = kWidth == 4 || kWidth == 8;
  using Table = std::conditional_t<kInline, encoding_internal::InlineDictHashTable,
                                   encoding_internal::DictHashTable>;

  uint32_t InsertHashed(const uint8_t* value, uint64_t hash);

  size_t width_;
  Buffer entries_;
  Table table_;
};

using Int32DictionaryEncoder = FixedWidthDictionaryEncoder<4>;  // also FLOAT
using Int64DictionaryEncoder = FixedWidthDictionaryEncoder<8>;  // also DOUBLE
using Int96DictionaryEncoder = FixedWidthDictionaryEncoder<12>;
using FixedLenByteArrayDictionaryEncoder = FixedWidthDictionaryEncoder<0>;

// BYTE_ARRAY values; their bytes are copied into an arena that is the PLAIN dictionary
// page (4-byte length, bytes), so callers' buffers may be reused after Insert returns.
class ByteArrayDictionaryEncoder {
 public:
  // REQUIRES: value.size() < 2^32.
  uint32_t Insert(std::string_view value);
  // indices[i] = Insert(data[offsets[i], offsets[i + 1])) for i < offsets.size() - 1.
  void InsertBatch(const uint8_t* data, std::span<const int64_t> offsets, uint32_t* indices);
  // indices[i] = Insert(data[offsets[s], offsets[s + 1])) with s = slots[i], for i < n.
  void InsertBatch(const uint8_t* data, const int64_t* offsets, const int64_t* slots, size_t n,
                   uint32_t* indices);

  size_t size() const { return table_.size(); }
  size_t dict_bytes() const { return arena_.size(); }
  void WriteDictionaryPage(Buffer* out) const { out->Append(arena_.span()); }
  std::string_view value(uint32_t index) const;
  // Appends the values of entries indices[0, n), PLAIN encoded.
  void AppendPlainValues(const uint32_t* indices, size_t n, Buffer* out) const;
  size_t memory_bytes() const {
    return arena_.capacity() + starts_.capacity() * sizeof(uint64_t) + table_.memory_bytes();
  }
  void Clear();
  void Release();

 private:
  uint32_t InsertHashed(const uint8_t* bytes, size_t size, uint64_t hash);
  template <typename Begin>
  void InsertRuns(const uint8_t* data, const int64_t* offsets, size_t n, Begin&& begin,
                  uint32_t* indices);

  Buffer arena_;                  // the dictionary page
  std::vector<uint64_t> starts_;  // offset in arena_ of each entry's length prefix
  encoding_internal::DictHashTable table_;
};

extern template class FixedWidthDictionaryEncoder<0>;
extern template class FixedWidthDictionaryEncoder<4>;
extern template class FixedWidthDictionaryEncoder<8>;
extern template class FixedWidthDictionaryEncoder<12>;

}  // namespace firn::parquet
