// ZSTD (parquet.thrift CompressionCodec.ZSTD): one or more zstd frames per page.
#include <zstd.h>
#include <mutex>
#include <vector>
#include <zstd_errors.h>

#include "firn/parquet/compression/codec_internal.h"

namespace firn::parquet::compression_internal {
namespace {

// Compression contexts are recycled across compressors: a file's column writers each hold
// one, and a streaming writer opens file after file. A fresh context allocates and touches
// its workspace (about a megabyte at the default level) on first use, which costs more
// than compressing a small page (shared/notes/machine-and-peers.md on fresh memory).
class CCtxPool {
 public:
  ZSTD_CCtx* Take() {
    {
      std::lock_guard lock(mu_);
      if (!free_.empty()) {
        ZSTD_CCtx* c = free_.back();
        free_.pop_back();
        return c;
      }
    }
    return ZSTD_createCCtx();
  }
  void Give(ZSTD_CCtx* c) {
    ZSTD_CCtx_reset(c, ZSTD_reset_session_and_parameters);
    std::lock_guard lock(mu_);
    if (free_.size() < kMaxPooled) {
      free_.push_back(c);
      return;
    }
    ZSTD_freeCCtx(c);
  }

 private:
  static constexpr size_t kMaxPooled = 64;
  std::mutex mu_;
  std::vector<ZSTD_CCtx*> free_;
};

CCtxPool& Pool() {
  static CCtxPool* pool = new CCtxPool();  // leaked on purpose: outlives static destructors
  return *pool;
}

class ZstdCompressor final : public Compressor {
 public:
  explicit ZstdCompressor(ZSTD_CCtx* cctx) : cctx_(cctx) {}
  ~ZstdCompressor() override { Pool().Give(cctx_); }
  ZstdCompressor(const ZstdCompressor&) = delete;
  ZstdCompressor& operator=(const ZstdCompressor&) = delete;

  CompressionKind kind() const override { return CompressionKind::kZstd; }
  size_t MaxCompressedSize(size_t n) const override { return ZSTD_compressBound(n); }

  Status Compress(std::span<const uint8_t> in, Buffer* out) override {
    size_t old_size = out->size();
    size_t bound = ZSTD_compressBound(in.size());
    uint8_t* dst = out->Extend(bound);
    // The level set on the context at construction persists across ZSTD_compress2 calls.
    size_t n = ZSTD_compress2(cctx_, dst, bound, in.data(), in.size());
    if (ZSTD_isError(n)) {
      out->Resize(old_size);
      return Internal("zstd: compressing {} bytes: {}", in.size(), ZSTD_getErrorName(n));
    }
    out->Resize(old_size + n);
    return OkStatus();
  }

 private:
  ZSTD_CCtx* cctx_;
};

class ZstdDecompressor final : public Decompressor {
 public:
  explicit ZstdDecompressor(ZSTD_DCtx* dctx) : dctx_(dctx) {}
  ~ZstdDecompressor() override { ZSTD_freeDCtx(dctx_); }
  ZstdDecompressor(const ZstdDecompressor&) = delete;
  ZstdDecompressor& operator=(const ZstdDecompressor&) = delete;

  CompressionKind kind() const override { return CompressionKind::kZstd; }

  Status Decompress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    if (in.empty()) return Corrupt("zstd: empty input, expected {} bytes", out.size());
    size_t n = ZSTD_decompressDCtx(dctx_, out.data(), out.size(), in.data(), in.size());
    if (ZSTD_isError(n)) {
      if (ZSTD_getErrorCode(n) == ZSTD_error_dstSize_tooSmall) {
        return Corrupt("zstd: decompressed page exceeds the expected {} bytes", out.size());
      }
      return Corrupt("zstd: {} ({} compressed bytes, expected {} bytes)", ZSTD_getErrorName(n),
                     in.size(), out.size());
    }
    if (n != out.size()) return SizeMismatch("zstd", out.size(), n);
    return OkStatus();
  }

 private:
  ZSTD_DCtx* dctx_;
};

}  // namespace

Result<std::unique_ptr<Compressor>> MakeZstdCompressor(int level) {
  ZSTD_CCtx* cctx = Pool().Take();
  if (cctx == nullptr) return Internal("zstd: cannot allocate a compression context");
  size_t r = ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level);
  if (ZSTD_isError(r)) {
    Pool().Give(cctx);
    return InvalidArgument("zstd: level {}: {}", level, ZSTD_getErrorName(r));
  }
  return std::make_unique<ZstdCompressor>(cctx);
}

Result<std::unique_ptr<Decompressor>> MakeZstdDecompressor() {
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  if (dctx == nullptr) return Internal("zstd: cannot allocate a decompression context");
  return std::make_unique<ZstdDecompressor>(dctx);
}

}  // namespace firn::parquet::compression_internal
