// The RLE/bit-packing hybrid (Encodings.md, "Run Length Encoding / Bit-Packing Hybrid
// (RLE = 3)"), used for repetition and definition levels, dictionary indices and RLE
// booleans. The runs only; the 4-byte length prefix and the dictionary bit-width byte are
// added by levels.h and dictionary_indices.h.
//
//   rle-run        := ULEB128(count << 1)       value in ceil(bit_width / 8) bytes LE
//   bit-packed-run := ULEB128(groups << 1 | 1)  groups * bit_width bytes (8 values a group)
//
// Thread-safety: none; each encoder or decoder is used by one thread at a time.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

#include "firn/common/buffer.h"
#include "firn/common/result.h"

namespace firn::parquet {

// Runs of 8 or more equal values become RLE runs; everything else is staged as literals
// and written as bit-packed runs of at most 63 groups (a one-byte header), packed in one
// call per run. A partial last group is padded with zeros at Flush(); the reader stops at
// its value count.
//
// "*out" must remain live while this encoder is in use; runs are appended to it.
class RleEncoder {
 public:
  // REQUIRES: 0 <= bit_width <= 64.
  RleEncoder(int bit_width, Buffer* out);

  // REQUIRES: value < 2^bit_width.
  void Put(uint64_t value) {
    if (value == run_value_ && run_count_ != 0) {
      ++run_count_;
      return;
    }
    StartRun(value, 1);
  }
  // Same as calling Put(value) `count` times, in O(1).
  void PutRepeated(uint64_t value, uint64_t count);
  // Put for each value; T is uint8_t, uint16_t, uint32_t or uint64_t.
  template <typename T>
  void PutBatch(std::span<const T> values);

  // Ends the stream: writes the pending run and pads the last bit-packed group. The
  // encoder is then empty and may start a new, separate stream.
  void Flush();

  int bit_width() const { return bit_width_; }

 private:
  static constexpr int kMaxGroupsPerRun = 63;  // (63 << 1) | 1 fits one ULEB128 byte
  static constexpr int kMaxLiterals = 8 * kMaxGroupsPerRun;

  void StartRun(uint64_t value, uint64_t count);
  void EmitRun(uint64_t value, uint64_t count);  // hands a finished run to the packer
  void WriteLiterals(int groups);                // REQUIRES: groups * 8 <= num_literals_
  void WriteRleRun(uint64_t value, uint64_t count);

  int bit_width_;
  Buffer* out_;
  uint64_t run_value_ = 0;
  uint64_t run_count_ = 0;
  // Values waiting to be bit-packed; EmitRun adds at most 14 before the staging is drained.
  uint64_t literals_[kMaxLiterals + 16];
  int num_literals_ = 0;
};

// Decodes hybrid runs from a span. Every read is bounds-checked; damaged input yields
// Corrupt, never a read outside `data`.
//
// "data" must remain live while this decoder is in use.
class RleDecoder {
 public:
  // REQUIRES: 0 <= bit_width <= 64.
  RleDecoder(std::span<const uint8_t> data, int bit_width);

  // Decodes up to n values into out. Returns the number decoded, which is less than n only
  // if the data ends (at a run boundary) first. T is uint8_t, uint16_t, uint32_t or
  // uint64_t and must hold bit_width bits.
  template <typename T>
  Result<size_t> GetBatch(T* out, size_t n);

  // Like GetBatch, and Corrupt if a value is >= bound (e.g. the dictionary size or
  // max level + 1). RLE runs are checked once per run.
  template <typename T>
  Result<size_t> GetBatchBounded(T* out, size_t n, uint64_t bound);

  // Bytes consumed so far, up to the end of the current run's header (bit-packed runs are
  // counted in full when they start).
  size_t position() const { return pos_; }

 private:
  Status NextRun();
  template <typename T>
  size_t ReadLiteral(T* out, size_t n);

  std::span<const uint8_t> data_;
  int bit_width_;
  size_t pos_ = 0;
  bool is_rle_ = false;
  uint64_t rle_value_ = 0;
  uint64_t run_left_ = 0;             // values left in the current run (including padding)
  const uint8_t* literal_ = nullptr;  // next unread group of the bit-packed run
  uint64_t literal_groups_left_ = 0;  // complete groups present in the input
  uint64_t literal_tail_bytes_ = 0;   // bytes of a truncated last group
  uint64_t group_[8];                 // decoded group being drained
  int group_pos_ = 8;
  int group_len_ = 8;
};

extern template void RleEncoder::PutBatch<uint8_t>(std::span<const uint8_t>);
extern template void RleEncoder::PutBatch<uint16_t>(std::span<const uint16_t>);
extern template void RleEncoder::PutBatch<uint32_t>(std::span<const uint32_t>);
extern template void RleEncoder::PutBatch<uint64_t>(std::span<const uint64_t>);
extern template Result<size_t> RleDecoder::GetBatch<uint8_t>(uint8_t*, size_t);
extern template Result<size_t> RleDecoder::GetBatch<uint16_t>(uint16_t*, size_t);
extern template Result<size_t> RleDecoder::GetBatch<uint32_t>(uint32_t*, size_t);
extern template Result<size_t> RleDecoder::GetBatch<uint64_t>(uint64_t*, size_t);
extern template Result<size_t> RleDecoder::GetBatchBounded<uint8_t>(uint8_t*, size_t, uint64_t);
extern template Result<size_t> RleDecoder::GetBatchBounded<uint16_t>(uint16_t*, size_t, uint64_t);
extern template Result<size_t> RleDecoder::GetBatchBounded<uint32_t>(uint32_t*, size_t, uint64_t);
extern template Result<size_t> RleDecoder::GetBatchBounded<uint64_t>(uint64_t*, size_t, uint64_t);

}  // namespace firn::parquet
