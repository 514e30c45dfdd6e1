// Byte-array encodings built on DELTA_BINARY_PACKED int32 lengths:
//
//   DELTA_LENGTH_BYTE_ARRAY (Encodings.md, "Delta-length byte array"):
//     <DELTA_BINARY_PACKED lengths> <the bytes of every value, back to back>
//   DELTA_BYTE_ARRAY (Encodings.md, "Delta Strings"), also for FIXED_LEN_BYTE_ARRAY:
//     <DELTA_BINARY_PACKED prefix lengths> <suffixes as DELTA_LENGTH_BYTE_ARRAY>
//     where a prefix length counts the bytes shared with the previous value.
//
// Decoders append values to `data` and, after each, data.size() to `offsets` (the caller
// starts `offsets` with the initial 0), and return the bytes consumed. Output is bounded by
// n times the input size.
//
// Thread-safety: none; each object is used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "firn/common/buffer.h"
#include "firn/common/result.h"
#include "firn/parquet/encoding/delta_binary_packed.h"

namespace firn::parquet {

class DeltaLengthByteArrayEncoder {
 public:
  // REQUIRES: value.size() <= INT32_MAX.
  void Put(std::string_view value);
  // Byte arrays i in [0, offsets.size() - 1): data[offsets[i], offsets[i + 1]).
  void PutBatch(const uint8_t* data, std::span<const int64_t> offsets);
  // Appends the stream to *out and starts over, keeping capacity.
  void Finish(Buffer* out);

  uint64_t num_values() const { return lengths_.num_values(); }
  size_t EstimatedSize() const { return lengths_.EstimatedSize() + data_.size(); }

 private:
  DeltaBinaryPackedEncoder<int32_t> lengths_;
  Buffer data_;
};

class DeltaByteArrayEncoder {
 public:
  // REQUIRES: value.size() <= INT32_MAX.
  void Put(std::string_view value);
  void PutBatch(const uint8_t* data, std::span<const int64_t> offsets);
  void Finish(Buffer* out);

  uint64_t num_values() const { return prefix_lengths_.num_values(); }
  size_t EstimatedSize() const {
    return prefix_lengths_.EstimatedSize() + suffixes_.EstimatedSize();
  }

 private:
  DeltaBinaryPackedEncoder<int32_t> prefix_lengths_;
  DeltaLengthByteArrayEncoder suffixes_;
  Buffer previous_;
};

// Keeps its length scratch across pages.
class DeltaLengthByteArrayDecoder {
 public:
  // Decodes exactly n values; Corrupt unless the stream holds exactly n.
  Result<size_t> Decode(std::span<const uint8_t> in, size_t n, Buffer& data,
                        std::vector<int64_t>& offsets);

 private:
  std::vector<int32_t> lengths_;
};

class DeltaByteArrayDecoder {
 public:
  // Decodes exactly n values; Corrupt unless both streams hold exactly n, or if a prefix
  // is longer than the previous value.
  Result<size_t> Decode(std::span<const uint8_t> in, size_t n, Buffer& data,
                        std::vector<int64_t>& offsets);

 private:
  std::vector<int32_t> prefixes_;
  DeltaLengthByteArrayDecoder suffix_decoder_;
  Buffer suffixes_;
  std::vector<int64_t> suffix_offsets_;
};

}  // namespace firn::parquet
