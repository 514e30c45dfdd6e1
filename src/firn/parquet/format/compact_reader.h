// CompactReader: Thrift compact protocol decoding of untrusted bytes.
//
// Every read is bounds-checked and returns a Result whose error names the byte offset
// (relative to the start of the input). Reading past the end of the input is
// ErrorKind::kOutOfRange, so that a caller holding only a prefix (a page header read with
// a guessed size) can retry with more bytes; malformed bytes are kCorrupt. Container sizes
// are checked against the remaining input before anything is allocated, and nesting is
// limited to kMaxThriftDepth. After an error the reader's state is unspecified.
//
// Thread-safety: none; one thread at a time. Not copyable.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "firn/common/result.h"
#include "firn/parquet/format/compact_type.h"

namespace firn::parquet {

// A field header as read. `type` is kStop at the end of a struct; for a bool field it is
// kBoolTrue or kBoolFalse and carries the value.
struct FieldHeader {
  CompactType type = CompactType::kStop;
  int16_t id = 0;
};

struct ListHeader {
  CompactType elem_type = CompactType::kStop;
  uint32_t size = 0;  // checked: the remaining input can hold this many elements
};

struct MapHeader {
  CompactType key_type = CompactType::kStop;    // kStop when size == 0
  CompactType value_type = CompactType::kStop;  // kStop when size == 0
  uint32_t size = 0;                            // checked like ListHeader::size
};

class CompactReader {
 public:
  // "in" must remain live while this reader is in use; binary values point into it.
  explicit CompactReader(std::span<const uint8_t> in) : in_(in) {}
  CompactReader(const CompactReader&) = delete;
  CompactReader& operator=(const CompactReader&) = delete;

  size_t position() const { return pos_; }
  size_t remaining() const { return in_.size() - pos_; }
  std::span<const uint8_t> input() const { return in_; }

  // Opens a struct (kCorrupt beyond kMaxThriftDepth). Read fields until a kStop header,
  // then call ReadStructEnd().
  Status ReadStructBegin();
  void ReadStructEnd();
  Result<FieldHeader> ReadFieldHeader();

  // List and set headers. Every element takes at least one byte (a bool element is one
  // byte, an empty struct its stop byte; doubles 8, uuids 16), so a size the remaining
  // input cannot hold is rejected here: callers may loop `size` times without allocating
  // more than the input justifies.
  Result<ListHeader> ReadListBegin();
  Result<MapHeader> ReadMapBegin();

  Result<bool> ReadBool();  // a bool element: 1 is true, 0 or 2 false, else kCorrupt
  Result<int8_t> ReadI8();
  Result<int16_t> ReadI16();
  Result<int32_t> ReadI32();
  Result<int64_t> ReadI64();
  Result<double> ReadDouble();
  // A view into the input.
  Result<std::span<const uint8_t>> ReadBinary();
  Result<std::string> ReadString();
  // Unsigned LEB128 of at most 10 bytes; longer or overflowing varints are kCorrupt.
  Result<uint64_t> ReadVarint();

  // Skips the value that follows a field header of type `field_type` (nothing for bool
  // fields), recursing through structs and containers; used to ignore unknown fields.
  Status Skip(CompactType field_type);

 private:
  Status SkipValue(CompactType type, bool is_element);
  Result<CompactType> ReadElementType(uint8_t nibble, size_t at);
  Status CheckCount(uint64_t count, size_t min_bytes_each, std::string_view what, size_t at);
  std::unexpected<Error> PastEnd(std::string_view what, size_t at, size_t need) const;
  Status Need(std::string_view what, size_t n) const;

  std::span<const uint8_t> in_;
  size_t pos_ = 0;
  int depth_ = 0;
  std::array<int16_t, kMaxThriftDepth + 1> last_field_id_{};  // per open struct
};

}  // namespace firn::parquet
