#include "firn/avro/encoder.h"

namespace firn::avro {

size_t EncodeVarLong(int64_t v, uint8_t* dest) {
  uint64_t z = (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  size_t n = 0;
  while (z >= 0x80) {
    dest[n++] = static_cast<uint8_t>(z | 0x80);
    z >>= 7;
  }
  dest[n++] = static_cast<uint8_t>(z);
  return n;
}

void Encoder::WriteLong(int64_t v) {
  uint8_t tmp[10];
  out_->Append(tmp, EncodeVarLong(v, tmp));
}

void Encoder::WriteBytes(std::span<const uint8_t> v) {
  WriteLong(static_cast<int64_t>(v.size()));
  out_->Append(v);
}

void Encoder::WriteString(std::string_view v) {
  WriteLong(static_cast<int64_t>(v.size()));
  out_->Append(v);
}

}  // namespace firn::avro
