// GZIP (parquet.thrift CompressionCodec.GZIP): written as gzip (RFC 1952, windowBits
// 15 + 16); read as gzip or zlib (RFC 1950) by header detection (windowBits 15 + 32),
// including several concatenated gzip members.
#include <zlib.h>

#include <cstring>
#include <limits>

#include "firn/common/macros.h"
#include "firn/parquet/compression/codec_internal.h"

namespace firn::parquet::compression_internal {
namespace {

// zlib counts in uInt; pages are bounded by int32 sizes in the page header anyway.
constexpr size_t kMaxSize = std::numeric_limits<int32_t>::max();

// One deflate stream per thread, shared by every compressor on it (as zstd's context:
// a writer holds a compressor per column per open file, and a deflate stream is about
// 256 KiB). The stream is re-initialised when a compressor with another level uses it.
struct ThreadDeflate {
  z_stream stream;
  int level = -1;  // -1: not initialised
  ThreadDeflate() { std::memset(&stream, 0, sizeof(stream)); }
  ~ThreadDeflate() {
    if (level >= 0) deflateEnd(&stream);
  }
};

Result<z_stream*> DeflateForThisThread(int level) {
  thread_local ThreadDeflate t;
  if (t.level == level) {
    deflateReset(&t.stream);
    return &t.stream;
  }
  if (t.level >= 0) {
    deflateEnd(&t.stream);
    std::memset(&t.stream, 0, sizeof(t.stream));
    t.level = -1;
  }
  int r = deflateInit2(&t.stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
  if (r != Z_OK) return Internal("gzip: deflateInit2 failed: {}", zError(r));
  t.level = level;
  return &t.stream;
}

class GzipCompressor final : public Compressor {
 public:
  explicit GzipCompressor(int level) : level_(level) {}

  CompressionKind kind() const override { return CompressionKind::kGzip; }
  // zlib's bound for the zlib format plus the 12 bytes by which the gzip wrapper (18)
  // exceeds the zlib one (6); deflateBound on the stream depends on its state.
  size_t MaxCompressedSize(size_t n) const override {
    return compressBound(static_cast<uLong>(n)) + 12;
  }

  Status Compress(std::span<const uint8_t> in, Buffer* out) override {
    if (in.size() > kMaxSize)
      return InvalidArgument("gzip: page of {} bytes is too large", in.size());
    FIRN_ASSIGN_OR_RETURN(z_stream * stream, DeflateForThisThread(level_));
    size_t old_size = out->size();
    size_t bound = deflateBound(stream, static_cast<uLong>(in.size()));
    stream->next_in = const_cast<Bytef*>(in.data());
    stream->avail_in = static_cast<uInt>(in.size());
    stream->next_out = out->Extend(bound);
    stream->avail_out = static_cast<uInt>(bound);
    int r = deflate(stream, Z_FINISH);
    if (r != Z_STREAM_END) {
      out->Resize(old_size);
      return Internal("gzip: deflate failed: {}", stream->msg != nullptr ? stream->msg : zError(r));
    }
    out->Resize(old_size + (bound - stream->avail_out));
    return OkStatus();
  }

 private:
  int level_;
};

class GzipDecompressor final : public Decompressor {
 public:
  GzipDecompressor() { std::memset(&stream_, 0, sizeof(stream_)); }
  ~GzipDecompressor() override {
    if (initialised_) inflateEnd(&stream_);
  }
  GzipDecompressor(const GzipDecompressor&) = delete;
  GzipDecompressor& operator=(const GzipDecompressor&) = delete;

  Status Init() {
    int r = inflateInit2(&stream_, 15 + 32);
    if (r != Z_OK) return Internal("gzip: inflateInit2 failed: {}", zError(r));
    initialised_ = true;
    return OkStatus();
  }

  CompressionKind kind() const override { return CompressionKind::kGzip; }

  Status Decompress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    if (in.size() > kMaxSize || out.size() > kMaxSize) {
      return Corrupt("gzip: page of {} -> {} bytes is too large", in.size(), out.size());
    }
    inflateReset(&stream_);
    uint8_t dummy = 0;  // zlib wants a non-null output pointer even for 0 bytes
    stream_.next_in = const_cast<Bytef*>(in.data());
    stream_.avail_in = static_cast<uInt>(in.size());
    stream_.next_out = out.empty() ? &dummy : out.data();
    stream_.avail_out = static_cast<uInt>(out.size());
    while (true) {
      int r = inflate(&stream_, Z_FINISH);
      if (r == Z_STREAM_END) {
        // Another gzip member may follow; trailing zero padding is ignored.
        if (stream_.avail_in > 0 && stream_.avail_out > 0 && stream_.next_in[0] != 0) {
          inflateReset(&stream_);
          continue;
        }
        break;
      }
      if (r == Z_BUF_ERROR && stream_.avail_out == 0) {
        return Corrupt("gzip: decompressed page exceeds the expected {} bytes", out.size());
      }
      if (r == Z_BUF_ERROR) {
        return Corrupt("gzip: stream truncated after {} of {} bytes",
                       out.size() - stream_.avail_out, out.size());
      }
      return Corrupt("gzip: {}", stream_.msg != nullptr ? stream_.msg : zError(r));
    }
    size_t produced = out.size() - stream_.avail_out;
    if (produced != out.size()) return SizeMismatch("gzip", out.size(), produced);
    return OkStatus();
  }

 private:
  z_stream stream_;
  bool initialised_ = false;
};

}  // namespace

Result<std::unique_ptr<Compressor>> MakeGzipCompressor(int level) {
  return std::make_unique<GzipCompressor>(level);
}

Result<std::unique_ptr<Decompressor>> MakeGzipDecompressor() {
  auto d = std::make_unique<GzipDecompressor>();
  if (auto s = d->Init(); !s) return std::unexpected(std::move(s).error());
  return d;
}

}  // namespace firn::parquet::compression_internal
