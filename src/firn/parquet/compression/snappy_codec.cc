// SNAPPY (parquet.thrift CompressionCodec.SNAPPY): one raw snappy block per page, no
// framing. Snappy keeps no context worth reusing.
#include <snappy-c.h>

#include "firn/parquet/compression/codec_internal.h"

namespace firn::parquet::compression_internal {
namespace {

class SnappyCompressor final : public Compressor {
 public:
  CompressionKind kind() const override { return CompressionKind::kSnappy; }
  size_t MaxCompressedSize(size_t n) const override { return snappy_max_compressed_length(n); }

  Status Compress(std::span<const uint8_t> in, Buffer* out) override {
    size_t old_size = out->size();
    size_t length = snappy_max_compressed_length(in.size());
    char* dst = reinterpret_cast<char*>(out->Extend(length));
    if (snappy_compress(reinterpret_cast<const char*>(in.data()), in.size(), dst, &length) !=
        SNAPPY_OK) {
      out->Resize(old_size);
      return Internal("snappy: compressing {} bytes failed", in.size());
    }
    out->Resize(old_size + length);
    return OkStatus();
  }
};

class SnappyDecompressor final : public Decompressor {
 public:
  CompressionKind kind() const override { return CompressionKind::kSnappy; }

  Status Decompress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    const char* src = reinterpret_cast<const char*>(in.data());
    size_t length = 0;
    if (snappy_uncompressed_length(src, in.size(), &length) != SNAPPY_OK) {
      return Corrupt("snappy: invalid block header ({} bytes, expected {} bytes)", in.size(),
                     out.size());
    }
    if (length != out.size()) return SizeMismatch("snappy", out.size(), length);
    if (snappy_uncompress(src, in.size(), reinterpret_cast<char*>(out.data()), &length) !=
        SNAPPY_OK) {
      return Corrupt("snappy: damaged block ({} bytes, expected {} bytes)", in.size(), out.size());
    }
    if (length != out.size()) return SizeMismatch("snappy", out.size(), length);
    return OkStatus();
  }
};

}  // namespace

std::unique_ptr<Compressor> MakeSnappyCompressor() { return std::make_unique<SnappyCompressor>(); }
std::unique_ptr<Decompressor> MakeSnappyDecompressor() {
  return std::make_unique<SnappyDecompressor>();
}

}  // namespace firn::parquet::compression_internal
