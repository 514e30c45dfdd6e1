#include "firn/parquet/compression/codec.h"

#include <zstd.h>

#include <cstring>
#include <string>

#include "firn/common/macros.h"
#include "firn/parquet/compression/codec_internal.h"

namespace firn::parquet {

using namespace compression_internal;

namespace {

class UncompressedCompressor final : public Compressor {
 public:
  CompressionKind kind() const override { return CompressionKind::kUncompressed; }
  Status Compress(std::span<const uint8_t> in, Buffer* out) override {
    out->Append(in);
    return OkStatus();
  }
  size_t MaxCompressedSize(size_t n) const override { return n; }
};

class UncompressedDecompressor final : public Decompressor {
 public:
  CompressionKind kind() const override { return CompressionKind::kUncompressed; }
  Status Decompress(std::span<const uint8_t> in, std::span<uint8_t> out) override {
    if (in.size() != out.size()) return SizeMismatch("uncompressed", out.size(), in.size());
    if (!in.empty()) std::memcpy(out.data(), in.data(), in.size());
    return OkStatus();
  }
};

Result<int> CheckLevel(std::string_view codec, std::optional<int> level, int lo, int hi,
                       int fallback) {
  if (!level.has_value()) return fallback;
  if (*level < lo || *level > hi) {
    return InvalidArgument("{} compression level {} is outside [{}, {}]", codec, *level, lo, hi);
  }
  return *level;
}

}  // namespace

std::string_view CompressionKindName(CompressionKind kind) {
  switch (kind) {
    case CompressionKind::kUncompressed:
      return "uncompressed";
    case CompressionKind::kSnappy:
      return "snappy";
    case CompressionKind::kGzip:
      return "gzip";
    case CompressionKind::kZstd:
      return "zstd";
    case CompressionKind::kLz4Raw:
      return "lz4_raw";
    case CompressionKind::kBrotli:
      return "brotli";
  }
  return "unknown";
}

Result<CompressionKind> ParseCompressionKind(std::string_view name) {
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  if (lower == "uncompressed" || lower == "none") return CompressionKind::kUncompressed;
  if (lower == "snappy") return CompressionKind::kSnappy;
  if (lower == "gzip") return CompressionKind::kGzip;
  if (lower == "zstd") return CompressionKind::kZstd;
  if (lower == "lz4" || lower == "lz4_raw") return CompressionKind::kLz4Raw;
  if (lower == "brotli") return CompressionKind::kBrotli;
  if (lower == "lzo") return NotSupported("compression codec 'lzo' is not supported");
  return InvalidArgument(
      "unknown compression codec '{}' (expected zstd, snappy, gzip, lz4, brotli or uncompressed)",
      name);
}

Result<std::unique_ptr<Compressor>> Compressor::Make(CompressionKind kind,
                                                     std::optional<int> level) {
  switch (kind) {
    case CompressionKind::kUncompressed:
      return std::make_unique<UncompressedCompressor>();
    case CompressionKind::kSnappy:
      return MakeSnappyCompressor();
    case CompressionKind::kLz4Raw:
      return MakeLz4RawCompressor();
    case CompressionKind::kGzip: {
      FIRN_ASSIGN_OR_RETURN(int l, CheckLevel("gzip", level, 1, 9, 6));
      return MakeGzipCompressor(l);
    }
    case CompressionKind::kZstd: {
      // Negative levels are zstd's fast modes; 0 would silently mean "default", so it is
      // rejected to keep a configured level meaningful.
      FIRN_ASSIGN_OR_RETURN(int l,
                            CheckLevel("zstd", level, ZSTD_minCLevel(), ZSTD_maxCLevel(), 3));
      if (l == 0) return InvalidArgument("zstd compression level 0 is ambiguous; use 1..22 or < 0");
      return MakeZstdCompressor(l);
    }
    case CompressionKind::kBrotli: {
      // libbrotli's own default (11) is far too slow for ingest.
      FIRN_ASSIGN_OR_RETURN(int l, CheckLevel("brotli", level, 0, 11, 4));
      return MakeBrotliCompressor(l);
    }
  }
  return InvalidArgument("unknown compression kind {}", static_cast<int>(kind));
}

Result<std::unique_ptr<Decompressor>> Decompressor::Make(CompressionKind kind) {
  switch (kind) {
    case CompressionKind::kUncompressed:
      return std::make_unique<UncompressedDecompressor>();
    case CompressionKind::kSnappy:
      return MakeSnappyDecompressor();
    case CompressionKind::kGzip:
      return MakeGzipDecompressor();
    case CompressionKind::kZstd:
      return MakeZstdDecompressor();
    case CompressionKind::kLz4Raw:
      return MakeLz4RawDecompressor();
    case CompressionKind::kBrotli:
      return MakeBrotliDecompressor();
  }
  return InvalidArgument("unknown compression kind {}", static_cast<int>(kind));
}

Status Decompress(CompressionKind kind, std::span<const uint8_t> in, std::span<uint8_t> out) {
  FIRN_ASSIGN_OR_RETURN(auto decompressor, Decompressor::Make(kind));
  return decompressor->Decompress(in, out);
}

}  // namespace firn::parquet
