// Page compression codecs (parquet.thrift CompressionCodec; Iceberg table property
// write.parquet.compression-codec / write.parquet.compression-level).
//
// Compress appends the compressed page to a Buffer, reusing the codec's context (zstd
// CCtx, zlib stream, lz4 state) across pages. Decompress must produce exactly the size
// the page header declares; anything else is Corrupt, naming the codec.
//
//   kind           level range       default  format
//   kUncompressed  -                 -        bytes as they are
//   kSnappy        -                 -        raw snappy block
//   kGzip          1..9              6        gzip (RFC 1952); zlib (RFC 1950) also read
//   kZstd          -131072..-1,1..22 3        zstd frame(s)
//   kLz4Raw        -                 -        raw lz4 block (Parquet LZ4_RAW)
//   kBrotli        0..11             4        brotli stream
// Codecs without levels ignore a given level, as parquet-java does: the Iceberg property
// is table-wide and may outlive a codec change.
//
// Thread-safety: a Compressor or Decompressor is used by one thread at a time; the free
// functions are safe anywhere.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>

#include "firn/common/buffer.h"
#include "firn/common/result.h"

namespace firn::parquet {

enum class CompressionKind { kUncompressed, kSnappy, kGzip, kZstd, kLz4Raw, kBrotli };

// "uncompressed", "snappy", "gzip", "zstd", "lz4_raw", "brotli".
std::string_view CompressionKindName(CompressionKind kind);

// Accepts Iceberg's write.parquet.compression-codec values, case-insensitively:
// uncompressed (also "none"), snappy, gzip, zstd, lz4 (also "lz4_raw"), brotli. "lz4" maps
// to LZ4_RAW: Parquet deprecated the Hadoop-framed LZ4 codec, and LZ4_RAW is what readers
// agree on. "lzo" and anything else are NotSupported / InvalidArgument.
Result<CompressionKind> ParseCompressionKind(std::string_view name);

class Compressor {
 public:
  virtual ~Compressor() = default;

  // InvalidArgument if `level` is outside the codec's range (table above).
  static Result<std::unique_ptr<Compressor>> Make(CompressionKind kind,
                                                  std::optional<int> level = std::nullopt);

  virtual CompressionKind kind() const = 0;
  // Appends the compressed form of `in` to *out.
  virtual Status Compress(std::span<const uint8_t> in, Buffer* out) = 0;
  // Upper bound of what Compress appends for n input bytes.
  virtual size_t MaxCompressedSize(size_t n) const = 0;
};

class Decompressor {
 public:
  virtual ~Decompressor() = default;

  static Result<std::unique_ptr<Decompressor>> Make(CompressionKind kind);

  virtual CompressionKind kind() const = 0;
  // Fills exactly out.size() bytes from `in`; Corrupt if `in` is damaged or decompresses
  // to any other size.
  virtual Status Decompress(std::span<const uint8_t> in, std::span<uint8_t> out) = 0;
};

// One-shot form of Decompressor::Decompress, with a fresh context.
Status Decompress(CompressionKind kind, std::span<const uint8_t> in, std::span<uint8_t> out);

}  // namespace firn::parquet
