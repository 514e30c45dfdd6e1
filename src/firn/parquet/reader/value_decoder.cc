#include "firn/parquet/reader/value_decoder.h"

#include <cstring>

#include "firn/common/macros.h"
#include "firn/parquet/encoding/byte_stream_split.h"
#include "firn/parquet/encoding/delta_binary_packed.h"
#include "firn/parquet/encoding/dictionary_indices.h"
#include "firn/parquet/encoding/levels.h"
#include "firn/parquet/encoding/plain.h"
#include "firn/parquet/encoding/rle_hybrid.h"

namespace firn::parquet {
namespace {

namespace f = format;

std::string_view TypeName(PhysicalType t) { return f::ToString(static_cast<f::Type>(t)); }

Status NotValidFor(f::Encoding e, PhysicalType t) {
  return Corrupt("encoding {} is not valid for {} columns", f::ToString(e), TypeName(t));
}

Status CheckBudget(const Buffer& values, uint64_t more, uint64_t max_bytes) {
  if (more > max_bytes || values.size() > max_bytes - more) {
    return OutOfRange("decoded values would exceed the reader's limit of {} bytes per column chunk",
                      max_bytes);
  }
  return OkStatus();
}

// Sum of a DELTA_BINARY_PACKED stream of n non-negative int32 lengths at the start of
// `in`; *size is the stream's size in bytes.
Result<uint64_t> SumLengths(std::span<const uint8_t> in, size_t n, size_t* size) {
  FIRN_ASSIGN_OR_RETURN(auto decoder, DeltaBinaryPackedDecoder<int32_t>::Make(in));
  if (decoder.total_values() != n) {
    return Corrupt("DELTA_BYTE_ARRAY: a length stream holds {} values, expected {}",
                   decoder.total_values(), n);
  }
  uint64_t sum = 0;
  int32_t lengths[256];
  while (decoder.values_left() > 0) {
    FIRN_ASSIGN_OR_RETURN(size_t got, decoder.GetBatch(lengths, 256));
    if (got == 0) return Corrupt("DELTA_BYTE_ARRAY: a length stream ends early");
    for (size_t i = 0; i < got; ++i) {
      if (lengths[i] < 0) return Corrupt("DELTA_BYTE_ARRAY: negative length {}", lengths[i]);
      sum += static_cast<uint64_t>(lengths[i]);
    }
  }
  *size = decoder.position();
  return sum;
}

template <size_t W>
void GatherFixed(const uint8_t* dict, const uint32_t* idx, size_t n, size_t width, uint8_t* out) {
  if constexpr (W != 0) {
    for (size_t i = 0; i < n; ++i) std::memcpy(out + i * W, dict + idx[i] * W, W);
  } else {
    for (size_t i = 0; i < n; ++i) std::memcpy(out + i * width, dict + size_t{idx[i]} * width, width);
  }
}

// The decoders return the bytes they consumed; the reader only needs success.
Status Ok(Result<size_t> consumed) {
  if (!consumed) return std::unexpected(std::move(consumed).error());
  return OkStatus();
}

}  // namespace

void ValueDecoder::Reset(const SchemaNode& leaf) {
  leaf_ = &leaf;
  physical_ = leaf.physical;
  width_ = static_cast<size_t>(ValueWidth(leaf));
  has_dictionary_ = false;
  dict_size_ = 0;
  dict_values_.Clear();
  dict_offsets_.clear();
}

Status ValueDecoder::SetDictionary(const f::DictionaryPageHeader& header,
                                   std::span<const uint8_t> body) {
  if (header.encoding != f::Encoding::PLAIN && header.encoding != f::Encoding::PLAIN_DICTIONARY) {
    return NotSupported("dictionary page encoding {} ({})", f::ToString(header.encoding),
                        static_cast<int>(header.encoding));
  }
  if (header.num_values < 0) return Corrupt("dictionary page with {} entries", header.num_values);
  const size_t n = static_cast<size_t>(header.num_values);
  dict_values_.Clear();
  dict_offsets_.assign(1, 0);
  if (physical_ == PhysicalType::kBoolean) {
    FIRN_RETURN_NOT_OK_CTX(PlainDecodeBooleans(body, n, dict_values_), "dictionary page");
  } else if (physical_ == PhysicalType::kByteArray) {
    FIRN_RETURN_NOT_OK_CTX(PlainDecodeByteArrays(body, n, dict_values_, dict_offsets_), "dictionary page");
  } else {
    FIRN_RETURN_NOT_OK_CTX(PlainDecodeFixed(body, n, width_, dict_values_), "dictionary page");
  }
  dict_size_ = static_cast<uint32_t>(n);
  has_dictionary_ = true;
  return OkStatus();
}

Status ValueDecoder::Decode(f::Encoding encoding, std::span<const uint8_t> in, size_t n,
                            uint64_t max_bytes, Buffer& values, std::vector<int64_t>& offsets) {
  if (n == 0) return OkStatus();
  const bool bytes = physical_ == PhysicalType::kByteArray;
  switch (encoding) {
    case f::Encoding::PLAIN:
      if (physical_ == PhysicalType::kBoolean) return Ok(PlainDecodeBooleans(in, n, values));
      if (bytes) return Ok(PlainDecodeByteArrays(in, n, values, offsets));
      return Ok(PlainDecodeFixed(in, n, width_, values));
    case f::Encoding::PLAIN_DICTIONARY:
    case f::Encoding::RLE_DICTIONARY:
      return DecodeDictionaryIndices(in, n, max_bytes, values, offsets);
    case f::Encoding::RLE: {
      if (physical_ != PhysicalType::kBoolean) return NotValidFor(encoding, physical_);
      FIRN_ASSIGN_OR_RETURN(auto runs, ReadLengthPrefixed(in, "RLE booleans"));
      RleDecoder decoder(runs, 1);
      FIRN_ASSIGN_OR_RETURN(size_t got, decoder.GetBatch(values.Extend(n), n));
      if (got != n) return Corrupt("RLE booleans: {} values, expected {}", got, n);
      return OkStatus();
    }
    case f::Encoding::DELTA_BINARY_PACKED:
      if (physical_ == PhysicalType::kInt32) return DecodeDeltaInt32(in, n, values);
      if (physical_ == PhysicalType::kInt64) return Ok(DeltaBinaryPackedDecode<int64_t>(in, n, values));
      return NotValidFor(encoding, physical_);
    case f::Encoding::DELTA_LENGTH_BYTE_ARRAY:
      if (!bytes) return NotValidFor(encoding, physical_);
      return Ok(dlba_.Decode(in, n, values, offsets));
    case f::Encoding::DELTA_BYTE_ARRAY:
      if (!bytes && physical_ != PhysicalType::kFixedLenByteArray) return NotValidFor(encoding, physical_);
      return DecodeDeltaByteArray(in, n, max_bytes, values, offsets);
    case f::Encoding::BYTE_STREAM_SPLIT:
      if (bytes || physical_ == PhysicalType::kBoolean || physical_ == PhysicalType::kInt96) {
        return NotValidFor(encoding, physical_);
      }
      return ByteStreamSplitDecode(in, n, width_, values);
    case f::Encoding::BIT_PACKED:
      return NotValidFor(encoding, physical_);
  }
  return NotSupported("value encoding {} is unknown", static_cast<int>(encoding));
}

Status ValueDecoder::DecodeDictionaryIndices(std::span<const uint8_t> in, size_t n,
                                             uint64_t max_bytes, Buffer& values,
                                             std::vector<int64_t>& offsets) {
  if (!has_dictionary_) return Corrupt("a dictionary-encoded page but the chunk has no dictionary page");
  FIRN_ASSIGN_OR_RETURN(auto decoder, DictionaryIndexDecoder::Make(in, dict_size_));
  indices_.resize(n);
  FIRN_ASSIGN_OR_RETURN(size_t got, decoder.GetBatch(indices_.data(), n));
  if (got != n) return Corrupt("dictionary indices: {} found, expected {}", got, n);
  const uint32_t* idx = indices_.data();
  if (physical_ != PhysicalType::kByteArray) {
    uint8_t* out = values.Extend(n * width_);
    const uint8_t* dict = dict_values_.data();
    switch (width_) {
      case 1: GatherFixed<1>(dict, idx, n, width_, out); break;
      case 4: GatherFixed<4>(dict, idx, n, width_, out); break;
      case 8: GatherFixed<8>(dict, idx, n, width_, out); break;
      default: GatherFixed<0>(dict, idx, n, width_, out); break;
    }
    return OkStatus();
  }
  const int64_t* dict_off = dict_offsets_.data();
  uint64_t total = 0;
  for (size_t i = 0; i < n; ++i) total += static_cast<uint64_t>(dict_off[idx[i] + 1] - dict_off[idx[i]]);
  FIRN_RETURN_NOT_OK(CheckBudget(values, total, max_bytes));
  values.Reserve(values.size() + total);
  for (size_t i = 0; i < n; ++i) {
    const int64_t b = dict_off[idx[i]], e = dict_off[idx[i] + 1];
    values.Append(dict_values_.data() + b, static_cast<size_t>(e - b));
    offsets.push_back(static_cast<int64_t>(values.size()));
  }
  return OkStatus();
}

// INT32 DELTA_BINARY_PACKED is decoded as INT64 and narrowed. The spec has writers wrap
// deltas at 32 bits, but DuckDB computes INT32 deltas in 64 bits and writes miniblocks up
// to 33 bits wide, which a 32-bit decoder must refuse. Decoding in 64 bits accepts both:
// every step is arithmetic modulo 2^64, and narrowing to 32 bits commutes with it.
Status ValueDecoder::DecodeDeltaInt32(std::span<const uint8_t> in, size_t n, Buffer& values) {
  scratch_.Clear();
  FIRN_RETURN_NOT_OK(DeltaBinaryPackedDecode<int64_t>(in, n, scratch_));
  uint8_t* out = values.Extend(n * sizeof(int32_t));
  for (size_t i = 0; i < n; ++i) {
    int64_t wide;
    std::memcpy(&wide, scratch_.data() + i * sizeof(int64_t), sizeof(wide));
    const int32_t v = static_cast<int32_t>(static_cast<uint32_t>(wide));
    std::memcpy(out + i * sizeof(int32_t), &v, sizeof(v));
  }
  return OkStatus();
}

Status ValueDecoder::DecodeDeltaByteArray(std::span<const uint8_t> in, size_t n, uint64_t max_bytes,
                                          Buffer& values, std::vector<int64_t>& offsets) {
  // Measure first: shared prefixes make the output up to n times the input.
  size_t prefix_size = 0, suffix_size = 0;
  FIRN_ASSIGN_OR_RETURN(uint64_t prefixes, SumLengths(in, n, &prefix_size));
  FIRN_ASSIGN_OR_RETURN(uint64_t suffixes, SumLengths(in.subspan(prefix_size), n, &suffix_size));
  FIRN_RETURN_NOT_OK(CheckBudget(values, prefixes + suffixes, max_bytes));
  if (physical_ == PhysicalType::kByteArray) {
    return Ok(dba_.Decode(in, n, values, offsets));
  }
  if (prefixes + suffixes != static_cast<uint64_t>(n) * width_) {
    return Corrupt("DELTA_BYTE_ARRAY: {} bytes for {} values of width {}", prefixes + suffixes, n, width_);
  }
  scratch_.Clear();
  scratch_offsets_.assign(1, 0);
  FIRN_RETURN_NOT_OK(dba_.Decode(in, n, scratch_, scratch_offsets_));
  for (size_t i = 0; i < n; ++i) {
    if (static_cast<size_t>(scratch_offsets_[i + 1] - scratch_offsets_[i]) != width_) {
      return Corrupt("DELTA_BYTE_ARRAY: value {} has {} bytes, the column's width is {}", i,
                     scratch_offsets_[i + 1] - scratch_offsets_[i], width_);
    }
  }
  values.Append(scratch_.span());
  return OkStatus();
}

}  // namespace firn::parquet
