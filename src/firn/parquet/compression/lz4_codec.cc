// LZ4_RAW (parquet.thrift CompressionCodec.LZ4_RAW): one raw LZ4 block per page, no
// framing. Compressors share one LZ4 state per thread (16 KiB; a writer holds a compressor
// per column per open file).
#include <lz4.h>

#include <vector>

#include "firn/parquet/compression/codec_internal.h"

namespace firn::parquet::compression_internal {
namespace {

class Lz4RawCompressor final : public Compressor {
 public:
  CompressionKind kind() const override { return CompressionKind::kLz4Raw; }
  size_t MaxCompressedSize(size_t n) const override {
    return n > LZ4_MAX_INPUT_SIZE ? 0 : static_cast<size_t>(LZ4_compressBound(static_cast<int>(n)));
  }

  Status Compress(std::span<const uint8_t> in, Buffer* out) override {
    if (in.size() > LZ4_MAX_INPUT_SIZE) {
      return InvalidArgument("lz4: page of {} bytes is too large", in.size());
    }
    int bound = LZ4_compressBound(static_cast<int>(in.size()));
    size_t old_size = out->size();
    char* dst = reinterpret_cast<char*>(out->Extend(bound));
    thread_local std::vector<char> state(LZ4_sizeofState());  // LZ4_stream_t, opaque
    int n = LZ4_compress_fast_extState(state.data(), reinterpret_cast<const char*>(in.data()), dst,
                                       static_cast<int>(in.size()), bound, 1);
    if (n <= 0) {
      out->Resize(old_size);
      return Internal("lz4: compressing {} bytes failed", in.size());
    }
    out->Resize(old_size + n);
    return OkStatus();
  }
};

class Lz4RawDecompressor final : public Decompressor {
 public:
  CompressionKind kind() const override { return CompressionKind::kLz4Raw; }

  Status Decompress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    if (in.size() > LZ4_MAX_INPUT_SIZE || out.size() > LZ4_MAX_INPUT_SIZE) {
      return Corrupt("lz4: page of {} -> {} bytes is too large", in.size(), out.size());
    }
    char empty = 0;
    int n = LZ4_decompress_safe(reinterpret_cast<const char*>(in.data()),
                                out.empty() ? &empty : reinterpret_cast<char*>(out.data()),
                                static_cast<int>(in.size()), static_cast<int>(out.size()));
    if (n < 0) {
      return Corrupt("lz4: damaged block, or more than the expected {} bytes ({} compressed bytes)",
                     out.size(), in.size());
    }
    if (static_cast<size_t>(n) != out.size()) return SizeMismatch("lz4", out.size(), n);
    return OkStatus();
  }
};

}  // namespace

std::unique_ptr<Compressor> MakeLz4RawCompressor() { return std::make_unique<Lz4RawCompressor>(); }
std::unique_ptr<Decompressor> MakeLz4RawDecompressor() {
  return std::make_unique<Lz4RawDecompressor>();
}

}  // namespace firn::parquet::compression_internal
