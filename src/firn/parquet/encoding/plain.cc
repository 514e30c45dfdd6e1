#include "firn/parquet/encoding/plain.h"

#include <algorithm>
#include <cassert>
#include <cstring>

#include "firn/common/bytes.h"
#include "firn/parquet/encoding/bit_packing.h"

namespace firn::parquet {

void PlainEncodeByteArray(std::string_view value, Buffer* out) {
  assert(value.size() <= UINT32_MAX);
  uint8_t* p = out->Extend(4 + value.size());
  StoreLE<uint32_t>(p, static_cast<uint32_t>(value.size()));
  if (!value.empty()) std::memcpy(p + 4, value.data(), value.size());
}

void PlainEncodeByteArrays(const uint8_t* data, std::span<const int64_t> offsets, Buffer* out) {
  if (offsets.size() < 2) return;
  size_t n = offsets.size() - 1;
  size_t total = static_cast<size_t>(offsets[n] - offsets[0]);
  uint8_t* p = out->Extend(4 * n + total);
  for (size_t i = 0; i < n; ++i) {
    size_t len = static_cast<size_t>(offsets[i + 1] - offsets[i]);
    assert(len <= UINT32_MAX);
    StoreLE<uint32_t>(p, static_cast<uint32_t>(len));
    if (len != 0) std::memcpy(p + 4, data + offsets[i], len);
    p += 4 + len;
  }
}

void PlainEncodeByteArrays(const uint8_t* data, const int64_t* offsets, const int64_t* slots,
                           size_t n, Buffer* out) {
  size_t total = 0;
  for (size_t i = 0; i < n; ++i) total += static_cast<size_t>(offsets[slots[i] + 1] - offsets[slots[i]]);
  uint8_t* p = out->Extend(4 * n + total);
  for (size_t i = 0; i < n; ++i) {
    const int64_t s = slots[i];
    const auto len = static_cast<size_t>(offsets[s + 1] - offsets[s]);
    assert(len <= UINT32_MAX);
    StoreLE<uint32_t>(p, static_cast<uint32_t>(len));
    if (len != 0) std::memcpy(p + 4, data + offsets[s], len);
    p += 4 + len;
  }
}

void PlainEncodeBooleans(std::span<const uint8_t> values, Buffer* out) {
  // Normalise to 0/1 in chunks so that BitPack sees single-bit values.
  constexpr size_t kChunk = 256;
  uint8_t bits[kChunk];
  for (size_t i = 0; i < values.size(); i += kChunk) {
    size_t k = std::min(kChunk, values.size() - i);
    for (size_t j = 0; j < k; ++j) bits[j] = values[i + j] != 0;
    BitPack<uint8_t>(bits, k, 1, out->Extend(BitPackedBytes(k, 1)));
  }
}

void PlainBooleanEncoder::Flush() {
  if (num_bits_ == 0) return;
  out_->PushBack(bits_);
  bits_ = 0;
  num_bits_ = 0;
}

Result<size_t> PlainDecodeFixed(std::span<const uint8_t> in, size_t n, size_t width, Buffer& out) {
  assert(width > 0);
  if (n > in.size() / width) {
    return Corrupt("PLAIN: {} values of {} bytes exceed the {} bytes present", n, width, in.size());
  }
  out.Append(in.data(), n * width);
  return n * width;
}

Result<size_t> PlainDecodeBooleans(std::span<const uint8_t> in, size_t n, Buffer& out) {
  size_t bytes = n / 8 + (n % 8 != 0);
  if (bytes > in.size()) {
    return Corrupt("PLAIN: {} booleans need {} bytes, only {} present", n, bytes, in.size());
  }
  BitUnpack<uint8_t>(in.data(), n, 1, out.Extend(n));
  return bytes;
}

Result<size_t> PlainDecodeByteArrays(std::span<const uint8_t> in, size_t n, Buffer& data,
                                     std::vector<int64_t>& offsets) {
  if (n > in.size() / 4) {
    return Corrupt("PLAIN: {} byte arrays need more than the {} bytes present", n, in.size());
  }
  ReserveMoreOffsets(offsets, n);
  data.Reserve(data.size() + (in.size() - 4 * n));
  size_t pos = 0;
  for (size_t i = 0; i < n; ++i) {
    if (in.size() - pos < 4) {
      return Corrupt("PLAIN: byte array {} of {}: length truncated at byte {}", i, n, pos);
    }
    uint32_t len = LoadLE<uint32_t>(in.data() + pos);
    pos += 4;
    if (len > in.size() - pos) {
      return Corrupt("PLAIN: byte array {} of {} at byte {}: length {} exceeds the {} bytes left",
                     i, n, pos - 4, len, in.size() - pos);
    }
    data.Append(in.data() + pos, len);
    pos += len;
    offsets.push_back(static_cast<int64_t>(data.size()));
  }
  return pos;
}

}  // namespace firn::parquet
