// ZSTD (parquet.thrift CompressionCodec.ZSTD): one or more zstd frames per page.
#include <zstd.h>
#include <zstd_errors.h>

#include "firn/parquet/compression/codec_internal.h"

namespace firn::parquet::compression_internal {
namespace {

// One compression context per thread, shared by every compressor on it: a writer with
// 1,000 open partition files of 15 columns would otherwise hold 15,000 contexts (about a
// megabyte of workspace each at the default level) while compressing one page at a time.
// Reusing a context also spares the first-touch cost of a fresh workspace
// (shared/notes/machine-and-peers.md on fresh memory). Compress never re-enters itself,
// so the context is free whenever Compress is entered.
struct ThreadCCtx {
  ZSTD_CCtx* cctx = nullptr;
  ~ThreadCCtx() { ZSTD_freeCCtx(cctx); }
};

ZSTD_CCtx* CCtxForThisThread() {
  thread_local ThreadCCtx t;
  if (t.cctx == nullptr) t.cctx = ZSTD_createCCtx();
  return t.cctx;
}

class ZstdCompressor final : public Compressor {
 public:
  explicit ZstdCompressor(int level) : level_(level) {}

  CompressionKind kind() const override { return CompressionKind::kZstd; }
  size_t MaxCompressedSize(size_t n) const override { return ZSTD_compressBound(n); }

  Status Compress(std::span<const uint8_t> in, Buffer* out) override {
    ZSTD_CCtx* cctx = CCtxForThisThread();
    if (cctx == nullptr) return Internal("zstd: cannot allocate a compression context");
    size_t r = ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, level_);
    if (ZSTD_isError(r)) return Internal("zstd: level {}: {}", level_, ZSTD_getErrorName(r));
    size_t old_size = out->size();
    size_t bound = ZSTD_compressBound(in.size());
    uint8_t* dst = out->Extend(bound);
    size_t n = ZSTD_compress2(cctx, dst, bound, in.data(), in.size());
    if (ZSTD_isError(n)) {
      out->Resize(old_size);
      // A failed frame leaves the context mid-session; the next call must start clean.
      ZSTD_CCtx_reset(cctx, ZSTD_reset_session_only);
      return Internal("zstd: compressing {} bytes: {}", in.size(), ZSTD_getErrorName(n));
    }
    out->Resize(old_size + n);
    return OkStatus();
  }

 private:
  int level_;
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
  // The level was checked by Compressor::Make.
  return std::make_unique<ZstdCompressor>(level);
}

Result<std::unique_ptr<Decompressor>> MakeZstdDecompressor() {
  ZSTD_DCtx* dctx = ZSTD_createDCtx();
  if (dctx == nullptr) return Internal("zstd: cannot allocate a decompression context");
  return std::make_unique<ZstdDecompressor>(dctx);
}

}  // namespace firn::parquet::compression_internal
