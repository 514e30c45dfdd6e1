// BROTLI (parquet.thrift CompressionCodec.BROTLI): one brotli stream per page. A brotli
// encoder or decoder instance cannot be reset, so each page gets a fresh one.
#include <brotli/decode.h>
#include <brotli/encode.h>

#include "firn/parquet/compression/codec_internal.h"

namespace firn::parquet::compression_internal {
namespace {

class BrotliCompressor final : public Compressor {
 public:
  explicit BrotliCompressor(int quality) : quality_(quality) {}

  CompressionKind kind() const override { return CompressionKind::kBrotli; }
  size_t MaxCompressedSize(size_t n) const override { return BrotliEncoderMaxCompressedSize(n); }

  Status Compress(std::span<const uint8_t> in, Buffer* out) override {
    size_t bound = BrotliEncoderMaxCompressedSize(in.size());
    if (bound == 0) return InvalidArgument("brotli: page of {} bytes is too large", in.size());
    size_t old_size = out->size();
    size_t length = bound;
    uint8_t* dst = out->Extend(bound);
    if (!BrotliEncoderCompress(quality_, BROTLI_DEFAULT_WINDOW, BROTLI_MODE_GENERIC, in.size(),
                               in.data(), &length, dst)) {
      out->Resize(old_size);
      return Internal("brotli: compressing {} bytes failed", in.size());
    }
    out->Resize(old_size + length);
    return OkStatus();
  }

 private:
  int quality_;
};

class BrotliDecompressor final : public Decompressor {
 public:
  CompressionKind kind() const override { return CompressionKind::kBrotli; }

  Status Decompress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    BrotliDecoderState* state = BrotliDecoderCreateInstance(nullptr, nullptr, nullptr);
    if (state == nullptr) return Internal("brotli: cannot allocate a decoder");
    size_t avail_in = in.size();
    const uint8_t* next_in = in.data();
    size_t avail_out = out.size();
    uint8_t* next_out = out.data();
    BrotliDecoderResult r =
        BrotliDecoderDecompressStream(state, &avail_in, &next_in, &avail_out, &next_out, nullptr);
    BrotliDecoderErrorCode code = BrotliDecoderGetErrorCode(state);
    BrotliDecoderDestroyInstance(state);
    size_t produced = out.size() - avail_out;
    switch (r) {
      case BROTLI_DECODER_RESULT_SUCCESS:
        if (produced != out.size()) return SizeMismatch("brotli", out.size(), produced);
        return OkStatus();
      case BROTLI_DECODER_RESULT_NEEDS_MORE_OUTPUT:
        return Corrupt("brotli: decompressed page exceeds the expected {} bytes", out.size());
      case BROTLI_DECODER_RESULT_NEEDS_MORE_INPUT:
        return Corrupt("brotli: stream truncated after {} of {} bytes", produced, out.size());
      default:
        return Corrupt("brotli: {} ({} compressed bytes, expected {} bytes)",
                       BrotliDecoderErrorString(code), in.size(), out.size());
    }
  }
};

}  // namespace

std::unique_ptr<Compressor> MakeBrotliCompressor(int level) {
  return std::make_unique<BrotliCompressor>(level);
}
std::unique_ptr<Decompressor> MakeBrotliDecompressor() {
  return std::make_unique<BrotliDecompressor>();
}

}  // namespace firn::parquet::compression_internal
