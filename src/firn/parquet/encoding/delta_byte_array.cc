#include "firn/parquet/encoding/delta_byte_array.h"

#include <algorithm>
#include <cassert>
#include <cstring>

#include "firn/common/macros.h"
#include "firn/parquet/encoding/plain.h"

namespace firn::parquet {
namespace {

std::string_view View(const uint8_t* data, int64_t begin, int64_t end) {
  return {reinterpret_cast<const char*>(data) + begin, static_cast<size_t>(end - begin)};
}

// Decodes a DELTA_BINARY_PACKED stream of exactly n non-negative int32 lengths into
// `lengths` and returns its size in bytes.
Result<size_t> DecodeLengths(std::span<const uint8_t> in, size_t n, std::vector<int32_t>& lengths,
                             const char* what) {
  lengths.clear();
  if (n == 0 && in.empty()) return 0;  // tolerate an empty page with no header at all
  FIRN_ASSIGN_OR_RETURN_CTX(auto decoder, DeltaBinaryPackedDecoder<int32_t>::Make(in), what);
  if (decoder.total_values() != n) {
    return Corrupt("{}: stream holds {} values, expected {}", what, decoder.total_values(), n);
  }
  lengths.resize(n);
  FIRN_ASSIGN_OR_RETURN_CTX(size_t got, decoder.GetBatch(lengths.data(), n), what);
  (void)got;  // == n: total_values() == n
  for (size_t i = 0; i < n; ++i) {
    if (lengths[i] < 0) return Corrupt("{}: value {} has negative length {}", what, i, lengths[i]);
  }
  return decoder.position();
}

}  // namespace

// ---- DELTA_LENGTH_BYTE_ARRAY --------------------------------------------------------

void DeltaLengthByteArrayEncoder::Put(std::string_view value) {
  assert(value.size() <= INT32_MAX);
  lengths_.Put(static_cast<int32_t>(value.size()));
  data_.Append(value);
}

void DeltaLengthByteArrayEncoder::PutBatch(const uint8_t* data, std::span<const int64_t> offsets) {
  for (size_t i = 0; i + 1 < offsets.size(); ++i) Put(View(data, offsets[i], offsets[i + 1]));
}

void DeltaLengthByteArrayEncoder::Finish(Buffer* out) {
  lengths_.Finish(out);
  out->Append(data_.span());
  data_.Clear();
}

Result<size_t> DeltaLengthByteArrayDecoder::Decode(std::span<const uint8_t> in, size_t n,
                                                   Buffer& data, std::vector<int64_t>& offsets) {
  FIRN_ASSIGN_OR_RETURN(size_t pos,
                        DecodeLengths(in, n, lengths_, "DELTA_LENGTH_BYTE_ARRAY lengths"));
  uint64_t total = 0;
  for (int32_t len : lengths_) total += static_cast<uint64_t>(len);
  if (total > in.size() - pos) {
    return Corrupt("DELTA_LENGTH_BYTE_ARRAY: lengths sum to {} bytes, only {} follow", total,
                   in.size() - pos);
  }
  const uint8_t* src = in.data() + pos;
  uint8_t* dst = data.Extend(total);
  if (total != 0) std::memcpy(dst, src, total);
  int64_t end = static_cast<int64_t>(data.size() - total);
  ReserveMoreOffsets(offsets, n);
  for (int32_t len : lengths_) offsets.push_back(end += len);
  return pos + total;
}

// ---- DELTA_BYTE_ARRAY ---------------------------------------------------------------

void DeltaByteArrayEncoder::Put(std::string_view value) {
  assert(value.size() <= INT32_MAX);
  std::string_view previous = previous_.view();
  size_t limit = std::min(previous.size(), value.size());
  size_t prefix =
      std::mismatch(value.begin(), value.begin() + limit, previous.begin()).first - value.begin();
  prefix_lengths_.Put(static_cast<int32_t>(prefix));
  suffixes_.Put(value.substr(prefix));
  previous_.Clear();
  previous_.Append(value);
}

void DeltaByteArrayEncoder::PutBatch(const uint8_t* data, std::span<const int64_t> offsets) {
  for (size_t i = 0; i + 1 < offsets.size(); ++i) Put(View(data, offsets[i], offsets[i + 1]));
}

void DeltaByteArrayEncoder::Finish(Buffer* out) {
  prefix_lengths_.Finish(out);
  suffixes_.Finish(out);
  previous_.Clear();
}

Result<size_t> DeltaByteArrayDecoder::Decode(std::span<const uint8_t> in, size_t n, Buffer& data,
                                             std::vector<int64_t>& offsets) {
  FIRN_ASSIGN_OR_RETURN(size_t pos,
                        DecodeLengths(in, n, prefixes_, "DELTA_BYTE_ARRAY prefix lengths"));
  suffixes_.Clear();
  suffix_offsets_.assign(1, 0);
  FIRN_ASSIGN_OR_RETURN_CTX(size_t suffix_bytes,
                            suffix_decoder_.Decode(in.subspan(pos), n, suffixes_, suffix_offsets_),
                            "DELTA_BYTE_ARRAY suffixes");
  // Validate the prefixes and size the output first, so that copying a prefix out of the
  // previous value never reads memory that a reallocation has moved.
  uint64_t total = 0;
  uint64_t previous = 0;
  for (size_t i = 0; i < n; ++i) {
    uint64_t prefix = static_cast<uint64_t>(prefixes_[i]);
    if (prefix > previous) {
      return Corrupt("DELTA_BYTE_ARRAY: value {} has prefix length {}, previous value has {} bytes",
                     i, prefix, previous);
    }
    previous = prefix + static_cast<uint64_t>(suffix_offsets_[i + 1] - suffix_offsets_[i]);
    total += previous;
  }
  data.Reserve(data.size() + total);
  ReserveMoreOffsets(offsets, n);
  size_t prev_begin = data.size();
  for (size_t i = 0; i < n; ++i) {
    size_t begin = data.size();
    size_t prefix = static_cast<size_t>(prefixes_[i]);
    if (prefix != 0) {
      uint8_t* dst = data.Extend(prefix);  // within the reservation: data() does not move
      std::memcpy(dst, data.data() + prev_begin, prefix);
    }
    data.Append(suffixes_.data() + suffix_offsets_[i],
                static_cast<size_t>(suffix_offsets_[i + 1] - suffix_offsets_[i]));
    offsets.push_back(static_cast<int64_t>(data.size()));
    prev_begin = begin;
  }
  return pos + suffix_bytes;
}

}  // namespace firn::parquet
