// CompactWriter: Thrift compact protocol encoding into a firn::Buffer.
//
// It cannot fail: callers hand it well-formed sequences, and an unbalanced Begin/End or a
// nesting deeper than kMaxThriftDepth is a bug, checked by assert.
//
// Thread-safety: none; one thread at a time. Not copyable.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <string_view>

#include "firn/common/buffer.h"
#include "firn/parquet/format/compact_type.h"

namespace firn::parquet {

class CompactWriter {
 public:
  // "*out" must remain live while this writer is in use; bytes are appended to it.
  explicit CompactWriter(Buffer* out) : out_(out) {}
  CompactWriter(const CompactWriter&) = delete;
  CompactWriter& operator=(const CompactWriter&) = delete;

  // A struct (or union) value: Begin, its fields in any order, End (which writes the stop
  // field). REQUIRES: nesting depth < kMaxThriftDepth.
  void WriteStructBegin();
  void WriteStructEnd();
  // Field header: short form `ddddtttt` when 0 < id - previous id <= 15, else the long form
  // `0000tttt` followed by the id as a zigzag varint. REQUIRES: inside a struct; type is
  // not kStop and not a bool (use WriteBoolField).
  void WriteFieldHeader(CompactType type, int16_t id);
  // A bool field: the value lives in the header's type nibble (1 true, 2 false).
  void WriteBoolField(int16_t id, bool value);

  // List and set headers: `sssstttt` when size < 15, else `1111tttt` + varint size.
  // REQUIRES: size <= INT32_MAX. For list<bool> pass either bool type (1 is written).
  void WriteListBegin(CompactType elem_type, uint32_t size);
  void WriteSetBegin(CompactType elem_type, uint32_t size);
  // Map header: a single 0 byte when empty, else varint size + `kkkkvvvv`.
  void WriteMapBegin(CompactType key_type, CompactType value_type, uint32_t size);

  // A bool element (inside a container): 1 true, 2 false. The spec text says 0 for false,
  // but Apache Thrift's libraries write 2 and some readers accept only 1 and 2.
  void WriteBool(bool value);
  void WriteI8(int8_t value);  // one byte
  void WriteI16(int16_t value) { WriteVarint(ZigZag32(value)); }
  void WriteI32(int32_t value) { WriteVarint(ZigZag32(value)); }
  void WriteI64(int64_t value) { WriteVarint(ZigZag64(value)); }
  void WriteDouble(double value);                    // 8 bytes, little-endian IEEE 754
  void WriteBinary(std::span<const uint8_t> bytes);  // varint length + bytes
  void WriteString(std::string_view s);
  // Appends already-encoded bytes of one value (e.g. a captured, unmodeled struct).
  void WriteRaw(std::span<const uint8_t> bytes) { out_->Append(bytes); }

  // Unsigned LEB128.
  void WriteVarint(uint64_t value);
  static uint32_t ZigZag32(int32_t v) {
    return (static_cast<uint32_t>(v) << 1) ^ static_cast<uint32_t>(v >> 31);
  }
  static uint64_t ZigZag64(int64_t v) {
    return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
  }

 private:
  void WriteCollectionBegin(CompactType elem_type, uint32_t size);

  Buffer* out_;  // not owned
  int depth_ = 0;
  std::array<int16_t, kMaxThriftDepth + 1> last_field_id_{};  // per open struct
};

}  // namespace firn::parquet
