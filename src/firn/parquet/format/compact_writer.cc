// Thrift compact protocol writer, per apache/thrift doc/specs/thrift-compact-protocol.md:
// "Integer encoding" (zigzag + ULEB128 varints), "Double encoding" (8 bytes LE), "Binary
// encoding", "Boolean encoding", "Struct encoding" (field-id deltas), "List and Set" and
// "Map".
#include "firn/parquet/format/compact_writer.h"

#include <bit>
#include <cassert>
#include <limits>

#include "firn/common/bytes.h"

namespace firn::parquet {

void CompactWriter::WriteStructBegin() {
  assert(depth_ < kMaxThriftDepth);
  last_field_id_[++depth_] = 0;
}

void CompactWriter::WriteStructEnd() {
  assert(depth_ > 0);
  out_->PushBack(0);  // stop field
  --depth_;
}

void CompactWriter::WriteFieldHeader(CompactType type, int16_t id) {
  assert(depth_ > 0 && type != CompactType::kStop);
  const uint8_t t = static_cast<uint8_t>(type);
  const int delta = int{id} - int{last_field_id_[depth_]};
  if (delta > 0 && delta <= 15) {
    out_->PushBack(static_cast<uint8_t>(delta << 4) | t);
  } else {
    out_->PushBack(t);
    WriteI16(id);
  }
  last_field_id_[depth_] = id;
}

void CompactWriter::WriteBoolField(int16_t id, bool value) {
  WriteFieldHeader(value ? CompactType::kBoolTrue : CompactType::kBoolFalse, id);
}

void CompactWriter::WriteCollectionBegin(CompactType elem_type, uint32_t size) {
  assert(size <= static_cast<uint32_t>(std::numeric_limits<int32_t>::max()));
  if (IsBool(elem_type)) elem_type = CompactType::kBoolTrue;
  const uint8_t t = static_cast<uint8_t>(elem_type);
  if (size < 15) {
    out_->PushBack(static_cast<uint8_t>(size << 4) | t);
  } else {
    out_->PushBack(0xF0 | t);
    WriteVarint(size);
  }
}

void CompactWriter::WriteListBegin(CompactType elem_type, uint32_t size) {
  WriteCollectionBegin(elem_type, size);
}

void CompactWriter::WriteSetBegin(CompactType elem_type, uint32_t size) {
  WriteCollectionBegin(elem_type, size);
}

void CompactWriter::WriteMapBegin(CompactType key_type, CompactType value_type, uint32_t size) {
  if (size == 0) {
    out_->PushBack(0);
    return;
  }
  if (IsBool(key_type)) key_type = CompactType::kBoolTrue;
  if (IsBool(value_type)) value_type = CompactType::kBoolTrue;
  WriteVarint(size);
  out_->PushBack(static_cast<uint8_t>(static_cast<uint8_t>(key_type) << 4) |
                 static_cast<uint8_t>(value_type));
}

void CompactWriter::WriteBool(bool value) { out_->PushBack(value ? 1 : 2); }

void CompactWriter::WriteI8(int8_t value) { out_->PushBack(static_cast<uint8_t>(value)); }

void CompactWriter::WriteDouble(double value) {
  StoreLE<uint64_t>(out_->Extend(8), std::bit_cast<uint64_t>(value));
}

void CompactWriter::WriteBinary(std::span<const uint8_t> bytes) {
  assert(bytes.size() <= static_cast<size_t>(std::numeric_limits<int32_t>::max()));
  WriteVarint(bytes.size());
  out_->Append(bytes);
}

void CompactWriter::WriteString(std::string_view s) {
  WriteBinary({reinterpret_cast<const uint8_t*>(s.data()), s.size()});
}

void CompactWriter::WriteVarint(uint64_t value) {
  while (value >= 0x80) {
    out_->PushBack(static_cast<uint8_t>(value) | 0x80);
    value >>= 7;
  }
  out_->PushBack(static_cast<uint8_t>(value));
}

}  // namespace firn::parquet
