// The data page body of RLE_DICTIONARY (Encodings.md, "Dictionary Encoding"): one byte
// holding the bit width of the indices (at most 32), then the indices as RLE/bit-packing
// hybrid runs with no length prefix.
//
// Thread-safety: none; a decoder is used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "firn/common/buffer.h"
#include "firn/common/result.h"
#include "firn/parquet/encoding/rle_hybrid.h"

namespace firn::parquet {

// Smallest bit width for the indices of a dictionary of this many entries (0 for 0 or 1).
int DictionaryIndexBitWidth(size_t dict_size);

// Appends <bit_width byte> <runs>. REQUIRES: 0 <= bit_width <= 32, every index fits.
void EncodeDictionaryIndices(std::span<const uint32_t> indices, int bit_width, Buffer* out);

// A value type built per data page ("data" must outlive it); Make only parses one byte,
// so it returns the decoder itself rather than a heap object.
class DictionaryIndexDecoder {
 public:
  // Corrupt if `data` is empty or its bit width exceeds 32.
  static Result<DictionaryIndexDecoder> Make(std::span<const uint8_t> data, uint32_t dict_size);

  // Decodes up to n indices; fewer only at the end of the data. Corrupt if an index is
  // >= dict_size.
  Result<size_t> GetBatch(uint32_t* out, size_t n) {
    return rle_.GetBatchBounded(out, n, dict_size_);
  }

  int bit_width() const { return bit_width_; }

 private:
  DictionaryIndexDecoder(std::span<const uint8_t> runs, int bit_width, uint32_t dict_size)
      : rle_(runs, bit_width), bit_width_(bit_width), dict_size_(dict_size) {}

  RleDecoder rle_;
  int bit_width_;
  uint32_t dict_size_;
};

}  // namespace firn::parquet
