// Decoder: reads the Avro binary encoding (see encoder.h for the layout) from a byte span.
//
// It never reads past the end of its input. Damaged input gives Corrupt errors that name
// the offset (relative to the start of the span plus `base_offset`, so that errors from a
// block can name the file offset): varints longer than 10 bytes or overflowing 64 bits,
// ints out of the 32-bit range, negative lengths, lengths past the end, booleans other
// than 0 and 1.
//
// Thread-safety: none. The bytes must remain live while this Decoder and any string_view
// or span it returned are in use.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "firn/common/result.h"

namespace firn::avro {

class Decoder {
 public:
  explicit Decoder(std::span<const uint8_t> data, uint64_t base_offset = 0)
      : begin_(data.data()),
        pos_(data.data()),
        end_(data.data() + data.size()),
        base_offset_(base_offset) {}

  Result<bool> ReadBoolean();
  Result<int32_t> ReadInt();
  Result<int64_t> ReadLong() {
    // Fast path: a one-byte varint.
    if (pos_ < end_ && *pos_ < 0x80) {
      uint64_t z = *pos_++;
      return static_cast<int64_t>(z >> 1) ^ -static_cast<int64_t>(z & 1);
    }
    return ReadLongSlow();
  }
  Result<float> ReadFloat();
  Result<double> ReadDouble();
  // Length-prefixed bytes; the span points into the input.
  Result<std::span<const uint8_t>> ReadBytes();
  Result<std::string_view> ReadString();
  Result<std::span<const uint8_t>> ReadFixed(size_t size);
  // A block count of an array or map. A negative count -n is followed by the block's byte
  // size, which is read, checked against the remaining input and discarded; n is returned.
  // 0 ends the array or map.
  Result<int64_t> ReadBlockCount();

  // Offset of the next byte, including base_offset.
  uint64_t offset() const { return base_offset_ + static_cast<uint64_t>(pos_ - begin_); }
  size_t remaining() const { return static_cast<size_t>(end_ - pos_); }
  bool at_end() const { return pos_ == end_; }

 private:
  Result<int64_t> ReadLongSlow();
  Result<size_t> ReadLength(std::string_view what);

  const uint8_t* begin_;
  const uint8_t* pos_;
  const uint8_t* end_;
  uint64_t base_offset_;
};

}  // namespace firn::avro
