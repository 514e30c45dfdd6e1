// Encoder: the Avro binary encoding of primitive values (Avro 1.11 specification,
// "Binary Encoding"), appended to a Buffer.
//
//   int, long   zig-zag, then base-128 varint, low groups first
//   float       4 bytes little-endian IEEE 754; double: 8 bytes
//   boolean     one byte, 0 or 1
//   bytes       long length, then the bytes; string: the same, UTF-8
//   fixed       the bytes, no length
//   union       long branch index, then the value; enum: int symbol index
//   array, map  blocks: long count, items (map: string key then value); a 0 count ends
//
// Thread-safety: none. "*out" must remain live while this Encoder is in use.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "firn/common/buffer.h"

namespace firn::avro {

class Encoder {
 public:
  explicit Encoder(Buffer* out) : out_(out) {}

  void WriteNull() {}
  void WriteBoolean(bool v) { out_->PushBack(v ? 1 : 0); }
  void WriteInt(int32_t v) { WriteLong(v); }
  void WriteLong(int64_t v);
  void WriteFloat(float v) { out_->AppendValue(v); }
  void WriteDouble(double v) { out_->AppendValue(v); }
  void WriteBytes(std::span<const uint8_t> v);
  void WriteString(std::string_view v);
  void WriteFixed(std::span<const uint8_t> v) { out_->Append(v); }
  void WriteUnionIndex(int64_t index) { WriteLong(index); }
  void WriteEnum(int32_t index) { WriteLong(index); }
  // Starts an array or map block of `count` items (REQUIRES count > 0), or ends the
  // array or map (count == 0).
  void WriteBlockCount(int64_t count) { WriteLong(count); }

  Buffer* buffer() { return out_; }

 private:
  Buffer* out_;
};

// Zig-zag varint of `v` into `dest` (at least 10 bytes); returns the bytes written.
size_t EncodeVarLong(int64_t v, uint8_t* dest);

}  // namespace firn::avro
