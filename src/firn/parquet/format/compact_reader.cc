// Thrift compact protocol reader, per apache/thrift doc/specs/thrift-compact-protocol.md
// (the same sections as compact_writer.cc), hardened for untrusted input; see
// compact_reader.h for the error contract.
#include "firn/parquet/format/compact_reader.h"

#include <bit>
#include <cassert>
#include <limits>

#include "firn/common/bytes.h"
#include "firn/common/macros.h"

namespace firn::parquet {
namespace {

constexpr int kMaxVarintBytes = 10;

bool IsValidType(uint8_t t) { return t >= 1 && t <= 13; }

// The fewest bytes one element of `t` can occupy in a container: a bool element is one
// byte, an empty struct is its stop byte, so every element needs at least one.
size_t MinElementBytes(CompactType t) {
  switch (t) {
    case CompactType::kDouble:
      return 8;
    case CompactType::kUuid:
      return 16;
    default:
      return 1;
  }
}

}  // namespace

std::unexpected<Error> CompactReader::PastEnd(std::string_view what, size_t at,
                                              size_t need) const {
  return OutOfRange("thrift: {} at byte offset {} needs {} more bytes than the {} left", what, at,
                    need, in_.size() - pos_);
}

Status CompactReader::Need(std::string_view what, size_t n) const {
  if (n > remaining()) return PastEnd(what, pos_, n - remaining());
  return OkStatus();
}

Status CompactReader::ReadStructBegin() {
  if (depth_ >= kMaxThriftDepth) {
    return Corrupt("thrift: struct at byte offset {} nests deeper than {} levels", pos_,
                   kMaxThriftDepth);
  }
  last_field_id_[++depth_] = 0;
  return OkStatus();
}

void CompactReader::ReadStructEnd() {
  assert(depth_ > 0);
  --depth_;
}

Result<FieldHeader> CompactReader::ReadFieldHeader() {
  assert(depth_ > 0);
  const size_t at = pos_;
  FIRN_RETURN_NOT_OK(Need("field header", 1));
  const uint8_t b = in_[pos_++];
  const uint8_t t = b & 0x0F;
  // Like Apache Thrift, a zero type nibble is the stop field whatever the high nibble.
  if (t == 0) return FieldHeader{};
  if (!IsValidType(t)) return Corrupt("thrift: invalid field type {} at byte offset {}", t, at);
  FieldHeader h{static_cast<CompactType>(t), 0};
  const int delta = b >> 4;
  if (delta != 0) {
    const int id = int{last_field_id_[depth_]} + delta;
    if (id > std::numeric_limits<int16_t>::max()) {
      return Corrupt("thrift: field id {} at byte offset {} overflows i16", id, at);
    }
    h.id = static_cast<int16_t>(id);
  } else {
    FIRN_ASSIGN_OR_RETURN(h.id, ReadI16());
  }
  last_field_id_[depth_] = h.id;
  return h;
}

Result<CompactType> CompactReader::ReadElementType(uint8_t nibble, size_t at) {
  if (!IsValidType(nibble)) {
    return Corrupt("thrift: invalid element type {} in container at byte offset {}", nibble, at);
  }
  return static_cast<CompactType>(nibble);
}

Status CompactReader::CheckCount(uint64_t count, size_t min_bytes_each, std::string_view what,
                                 size_t at) {
  if (count > static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) {
    return Corrupt("thrift: {} at byte offset {} has negative or oversized size {}", what, at,
                   count);
  }
  if (count > remaining() / min_bytes_each) {
    return OutOfRange("thrift: {} at byte offset {} claims {} elements but only {} bytes remain",
                      what, at, count, remaining());
  }
  return OkStatus();
}

Result<ListHeader> CompactReader::ReadListBegin() {
  const size_t at = pos_;
  FIRN_RETURN_NOT_OK(Need("list header", 1));
  const uint8_t b = in_[pos_++];
  ListHeader h;
  FIRN_ASSIGN_OR_RETURN(h.elem_type, ReadElementType(b & 0x0F, at));
  uint64_t size = b >> 4;
  if (size == 15) {
    FIRN_ASSIGN_OR_RETURN(size, ReadVarint());
  }
  FIRN_RETURN_NOT_OK(CheckCount(size, MinElementBytes(h.elem_type), "list", at));
  h.size = static_cast<uint32_t>(size);
  return h;
}

Result<MapHeader> CompactReader::ReadMapBegin() {
  const size_t at = pos_;
  FIRN_ASSIGN_OR_RETURN(uint64_t size, ReadVarint());
  MapHeader h;
  if (size == 0) return h;
  FIRN_RETURN_NOT_OK(Need("map key/value types", 1));
  const uint8_t b = in_[pos_++];
  FIRN_ASSIGN_OR_RETURN(h.key_type, ReadElementType(b >> 4, at));
  FIRN_ASSIGN_OR_RETURN(h.value_type, ReadElementType(b & 0x0F, at));
  const size_t min_pair = MinElementBytes(h.key_type) + MinElementBytes(h.value_type);
  FIRN_RETURN_NOT_OK(CheckCount(size, min_pair, "map", at));
  h.size = static_cast<uint32_t>(size);
  return h;
}

Result<bool> CompactReader::ReadBool() {
  FIRN_RETURN_NOT_OK(Need("bool", 1));
  const uint8_t b = in_[pos_];
  // Spec: true 1, false 0; Apache Thrift's libraries write 2 for false. Accept both.
  if (b > 2) return Corrupt("thrift: invalid bool byte {} at byte offset {}", b, pos_);
  ++pos_;
  return b == 1;
}

Result<int8_t> CompactReader::ReadI8() {
  FIRN_RETURN_NOT_OK(Need("i8", 1));
  return static_cast<int8_t>(in_[pos_++]);
}

Result<uint64_t> CompactReader::ReadVarint() {
  const size_t at = pos_;
  uint64_t value = 0;
  for (int i = 0; i < kMaxVarintBytes; ++i) {
    if (pos_ >= in_.size()) return PastEnd("varint", at, 1);
    const uint8_t b = in_[pos_++];
    if (i == kMaxVarintBytes - 1 && b > 1) {
      return Corrupt("thrift: varint at byte offset {} is longer than 10 bytes or overflows 64 bits",
                     at);
    }
    value |= static_cast<uint64_t>(b & 0x7F) << (7 * i);
    if ((b & 0x80) == 0) return value;
  }
  return Corrupt("thrift: varint at byte offset {} is longer than 10 bytes", at);  // unreachable
}

Result<int16_t> CompactReader::ReadI16() {
  const size_t at = pos_;
  FIRN_ASSIGN_OR_RETURN(uint64_t z, ReadVarint());
  if (z > 0xFFFF) return Corrupt("thrift: i16 varint at byte offset {} is out of range", at);
  return static_cast<int16_t>(static_cast<int32_t>(z >> 1) ^ -static_cast<int32_t>(z & 1));
}

Result<int32_t> CompactReader::ReadI32() {
  const size_t at = pos_;
  FIRN_ASSIGN_OR_RETURN(uint64_t z, ReadVarint());
  if (z > 0xFFFFFFFFu) return Corrupt("thrift: i32 varint at byte offset {} is out of range", at);
  const uint32_t u = static_cast<uint32_t>(z);
  return static_cast<int32_t>((u >> 1) ^ (0u - (u & 1)));
}

Result<int64_t> CompactReader::ReadI64() {
  FIRN_ASSIGN_OR_RETURN(uint64_t z, ReadVarint());
  return static_cast<int64_t>((z >> 1) ^ (0ull - (z & 1)));
}

Result<double> CompactReader::ReadDouble() {
  FIRN_RETURN_NOT_OK(Need("double", 8));
  const uint64_t bits = LoadLE<uint64_t>(in_.data() + pos_);
  pos_ += 8;
  return std::bit_cast<double>(bits);
}

Result<std::span<const uint8_t>> CompactReader::ReadBinary() {
  const size_t at = pos_;
  FIRN_ASSIGN_OR_RETURN(uint64_t len, ReadVarint());
  if (len > static_cast<uint64_t>(std::numeric_limits<int32_t>::max())) {
    return Corrupt("thrift: binary at byte offset {} has negative or oversized length {}", at,
                   len);
  }
  if (len > remaining()) return PastEnd("binary", at, len - remaining());
  auto bytes = in_.subspan(pos_, len);
  pos_ += len;
  return bytes;
}

Result<std::string> CompactReader::ReadString() {
  FIRN_ASSIGN_OR_RETURN(auto bytes, ReadBinary());
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

Status CompactReader::Skip(CompactType field_type) { return SkipValue(field_type, false); }

Status CompactReader::SkipValue(CompactType type, bool is_element) {
  switch (type) {
    case CompactType::kBoolTrue:
    case CompactType::kBoolFalse:
      if (is_element) FIRN_RETURN_NOT_OK(ReadBool());
      return OkStatus();
    case CompactType::kI8:
      FIRN_RETURN_NOT_OK(Need("i8", 1));
      ++pos_;
      return OkStatus();
    case CompactType::kI16:
    case CompactType::kI32:
    case CompactType::kI64:
      FIRN_RETURN_NOT_OK(ReadVarint());
      return OkStatus();
    case CompactType::kDouble:
      FIRN_RETURN_NOT_OK(Need("double", 8));
      pos_ += 8;
      return OkStatus();
    case CompactType::kUuid:
      FIRN_RETURN_NOT_OK(Need("uuid", 16));
      pos_ += 16;
      return OkStatus();
    case CompactType::kBinary:
      FIRN_RETURN_NOT_OK(ReadBinary());
      return OkStatus();
    case CompactType::kStruct: {
      FIRN_RETURN_NOT_OK(ReadStructBegin());
      while (true) {
        FIRN_ASSIGN_OR_RETURN(FieldHeader h, ReadFieldHeader());
        if (h.type == CompactType::kStop) break;
        FIRN_RETURN_NOT_OK(SkipValue(h.type, false));
      }
      ReadStructEnd();
      return OkStatus();
    }
    case CompactType::kList:
    case CompactType::kSet:
    case CompactType::kMap: {
      // Containers count towards the depth limit like structs: list<list<...>> recurses.
      const size_t at = pos_;
      if (depth_ >= kMaxThriftDepth) {
        return Corrupt("thrift: container at byte offset {} nests deeper than {} levels", at,
                       kMaxThriftDepth);
      }
      ++depth_;
      if (type == CompactType::kMap) {
        FIRN_ASSIGN_OR_RETURN(MapHeader m, ReadMapBegin());
        for (uint32_t i = 0; i < m.size; ++i) {
          FIRN_RETURN_NOT_OK(SkipValue(m.key_type, true));
          FIRN_RETURN_NOT_OK(SkipValue(m.value_type, true));
        }
      } else {
        FIRN_ASSIGN_OR_RETURN(ListHeader l, ReadListBegin());
        for (uint32_t i = 0; i < l.size; ++i) FIRN_RETURN_NOT_OK(SkipValue(l.elem_type, true));
      }
      --depth_;
      return OkStatus();
    }
    case CompactType::kStop:
      break;
  }
  return Corrupt("thrift: cannot skip a value of type {} at byte offset {}",
                 static_cast<int>(type), pos_);
}

}  // namespace firn::parquet
