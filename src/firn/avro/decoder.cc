#include "firn/avro/decoder.h"

#include <limits>

#include "firn/common/bytes.h"
#include "firn/common/macros.h"

namespace firn::avro {

Result<int64_t> Decoder::ReadLongSlow() {
  uint64_t start = offset();
  uint64_t z = 0;
  for (int shift = 0; shift < 70; shift += 7) {
    if (pos_ == end_) return Corrupt("varint at offset {} runs past the end of the input", start);
    uint8_t b = *pos_++;
    if (shift == 63 && (b & 0x7e) != 0) {
      return Corrupt("varint at offset {} overflows 64 bits", start);
    }
    z |= static_cast<uint64_t>(b & 0x7f) << shift;
    if ((b & 0x80) == 0) return static_cast<int64_t>(z >> 1) ^ -static_cast<int64_t>(z & 1);
  }
  return Corrupt("varint at offset {} is longer than 10 bytes", start);
}

Result<int32_t> Decoder::ReadInt() {
  uint64_t start = offset();
  FIRN_ASSIGN_OR_RETURN(int64_t v, ReadLong());
  if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
    return Corrupt("int at offset {} is out of range: {}", start, v);
  }
  return static_cast<int32_t>(v);
}

Result<bool> Decoder::ReadBoolean() {
  if (pos_ == end_) return Corrupt("boolean at offset {} is past the end of the input", offset());
  uint8_t b = *pos_;
  if (b > 1) return Corrupt("boolean at offset {} is {}, not 0 or 1", offset(), b);
  ++pos_;
  return b == 1;
}

Result<float> Decoder::ReadFloat() {
  if (remaining() < 4)
    return Corrupt("float at offset {} runs past the end of the input", offset());
  float v = LoadLE<float>(pos_);
  pos_ += 4;
  return v;
}

Result<double> Decoder::ReadDouble() {
  if (remaining() < 8) {
    return Corrupt("double at offset {} runs past the end of the input", offset());
  }
  double v = LoadLE<double>(pos_);
  pos_ += 8;
  return v;
}

Result<size_t> Decoder::ReadLength(std::string_view what) {
  uint64_t start = offset();
  FIRN_ASSIGN_OR_RETURN(int64_t len, ReadLong());
  if (len < 0) return Corrupt("{} at offset {} has a negative length {}", what, start, len);
  if (static_cast<uint64_t>(len) > remaining()) {
    return Corrupt("{} at offset {} has length {}, past the end of the input ({} bytes left)", what,
                   start, len, remaining());
  }
  return static_cast<size_t>(len);
}

Result<std::span<const uint8_t>> Decoder::ReadBytes() {
  FIRN_ASSIGN_OR_RETURN(size_t len, ReadLength("bytes"));
  std::span<const uint8_t> out(pos_, len);
  pos_ += len;
  return out;
}

Result<std::string_view> Decoder::ReadString() {
  FIRN_ASSIGN_OR_RETURN(size_t len, ReadLength("string"));
  std::string_view out(reinterpret_cast<const char*>(pos_), len);
  pos_ += len;
  return out;
}

Result<std::span<const uint8_t>> Decoder::ReadFixed(size_t size) {
  if (size > remaining()) {
    return Corrupt("fixed({}) at offset {} runs past the end of the input", size, offset());
  }
  std::span<const uint8_t> out(pos_, size);
  pos_ += size;
  return out;
}

Result<int64_t> Decoder::ReadBlockCount() {
  uint64_t start = offset();
  FIRN_ASSIGN_OR_RETURN(int64_t count, ReadLong());
  if (count >= 0) return count;
  if (count == std::numeric_limits<int64_t>::min()) {
    return Corrupt("block count at offset {} is out of range", start);
  }
  FIRN_ASSIGN_OR_RETURN(int64_t size, ReadLong());
  if (size < 0 || static_cast<uint64_t>(size) > remaining()) {
    return Corrupt("block at offset {} has byte size {}, but {} bytes are left", start, size,
                   remaining());
  }
  return -count;
}

}  // namespace firn::avro
