// Block codecs of object container files (Avro 1.11 specification, "Required Codecs"
// and "Optional Codecs").
//
//   null     the block data as is
//   deflate  raw RFC 1951 deflate, no zlib or gzip header
//   snappy   a snappy block followed by the big-endian CRC-32 of the uncompressed data
//
// Thread-safety: free functions, no shared state.
#pragma once

#include <cstdint>
#include <span>
#include <string_view>

#include "firn/common/buffer.h"
#include "firn/common/result.h"

namespace firn::avro {

enum class Codec { kNull, kDeflate, kSnappy };

// Largest uncompressed block the reader accepts: a guard against decompression bombs.
inline constexpr size_t kMaxBlockBytes = size_t{256} << 20;

// "null", "deflate", "snappy".
std::string_view CodecName(Codec codec);
// NotSupported naming the codec for any other name (zstandard, bzip2, xz, ...).
Result<Codec> ParseCodec(std::string_view name);

// Appends the compressed form of `in` to *out. `level` is the deflate level (-1: zlib's
// default); other codecs ignore it.
Status CompressBlock(Codec codec, std::span<const uint8_t> in, int level, Buffer* out);

// Replaces *out with the uncompressed form of `in`. Corrupt on damaged data (including a
// snappy CRC mismatch) and on blocks larger than kMaxBlockBytes.
Status DecompressBlock(Codec codec, std::span<const uint8_t> in, Buffer* out);

}  // namespace firn::avro
