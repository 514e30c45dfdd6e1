// DELTA_BINARY_PACKED (Encodings.md, "Delta Encoding (DELTA_BINARY_PACKED = 5)"):
//
//   header := ULEB128(block size) ULEB128(miniblocks per block) ULEB128(total values)
//             zigzag-ULEB128(first value)
//   block  := zigzag-ULEB128(min delta) <one bit-width byte per miniblock> <miniblocks>
//
// Deltas and their sums are computed in the unsigned type of the same width, so they wrap
// around as the spec requires and signed overflow never happens.
//
// Thread-safety: none; an encoder or decoder is used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <type_traits>

#include "firn/common/buffer.h"
#include "firn/common/result.h"

namespace firn::parquet {

// What firn writes: 128-value blocks of 4 miniblocks of 32, as parquet-java and Arrow do.
inline constexpr uint32_t kDeltaBlockSize = 128;
inline constexpr uint32_t kDeltaMiniblocks = 4;
inline constexpr uint32_t kDeltaMiniblockSize = kDeltaBlockSize / kDeltaMiniblocks;

// T is int32_t or int64_t. Buffers the encoded blocks of one page; the header, which holds
// the value count, is written by Finish.
template <typename T>
class DeltaBinaryPackedEncoder {
 public:
  void Put(T value);
  void PutBatch(std::span<const T> values);
  // Appends the whole stream to *out, then starts over (keeping capacity).
  void Finish(Buffer* out);

  uint64_t num_values() const { return count_; }
  // Upper bound of what Finish would append now.
  size_t EstimatedSize() const;

 private:
  using U = std::make_unsigned_t<T>;
  void FlushBlock();

  uint64_t count_ = 0;
  U first_ = 0;
  U last_ = 0;
  U deltas_[kDeltaBlockSize];
  uint32_t num_deltas_ = 0;
  Buffer blocks_;
};

// Reads a stream written by any conforming writer (any block size that is a multiple of
// 128 up to 2^20, any miniblock count giving multiples of 32). Damaged headers, bit widths
// wider than T, truncated miniblocks and value counts that the input cannot hold are
// Corrupt. A value type: "data" must outlive it.
template <typename T>
class DeltaBinaryPackedDecoder {
 public:
  static Result<DeltaBinaryPackedDecoder> Make(std::span<const uint8_t> data);

  // Decodes up to n values; fewer only when values_left() reaches 0.
  Result<size_t> GetBatch(T* out, size_t n);

  uint64_t total_values() const { return total_; }
  uint64_t values_left() const { return left_; }
  // Bytes consumed so far; once values_left() == 0, the size of the whole stream (needed
  // to find what follows it in DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY).
  size_t position() const { return pos_; }

 private:
  using U = std::make_unsigned_t<T>;
  DeltaBinaryPackedDecoder() = default;
  Status NextMiniblock();

  std::span<const uint8_t> data_;
  size_t pos_ = 0;
  uint64_t miniblocks_ = 0;            // per block
  uint64_t values_per_miniblock_ = 0;  // a multiple of 32
  uint64_t total_ = 0;
  uint64_t left_ = 0;
  bool first_pending_ = true;
  U last_ = 0;
  U min_delta_ = 0;
  const uint8_t* widths_ = nullptr;          // bit widths of the current block
  uint64_t miniblock_ = 0;                   // index of the next miniblock in the block
  const uint8_t* miniblock_data_ = nullptr;  // next unread 32 values
  uint64_t miniblock_values_left_ = 0;
  int miniblock_width_ = 0;
  U chunk_[32];  // decoded values
  int chunk_pos_ = 0;
  int chunk_len_ = 0;
};

// Decodes exactly n values from the start of `in` and appends them to `out` as raw
// little-endian T; returns the bytes consumed. Corrupt if the stream holds fewer.
template <typename T>
Result<size_t> DeltaBinaryPackedDecode(std::span<const uint8_t> in, size_t n, Buffer& out);

extern template class DeltaBinaryPackedEncoder<int32_t>;
extern template class DeltaBinaryPackedEncoder<int64_t>;
extern template class DeltaBinaryPackedDecoder<int32_t>;
extern template class DeltaBinaryPackedDecoder<int64_t>;
extern template Result<size_t> DeltaBinaryPackedDecode<int32_t>(std::span<const uint8_t>, size_t,
                                                                Buffer&);
extern template Result<size_t> DeltaBinaryPackedDecode<int64_t>(std::span<const uint8_t>, size_t,
                                                                Buffer&);

}  // namespace firn::parquet
