// Factories of the individual codecs, one source file each; see codec.h for the contract.
// Levels arrive already validated and defaulted.
#pragma once

#include <memory>

#include "firn/common/result.h"
#include "firn/parquet/compression/codec.h"

namespace firn::parquet::compression_internal {

Result<std::unique_ptr<Compressor>> MakeZstdCompressor(int level);
Result<std::unique_ptr<Decompressor>> MakeZstdDecompressor();
Result<std::unique_ptr<Compressor>> MakeGzipCompressor(int level);
Result<std::unique_ptr<Decompressor>> MakeGzipDecompressor();
std::unique_ptr<Compressor> MakeSnappyCompressor();
std::unique_ptr<Decompressor> MakeSnappyDecompressor();
std::unique_ptr<Compressor> MakeLz4RawCompressor();
std::unique_ptr<Decompressor> MakeLz4RawDecompressor();
std::unique_ptr<Compressor> MakeBrotliCompressor(int level);
std::unique_ptr<Decompressor> MakeBrotliDecompressor();

// "<codec>: decompressed to M bytes, expected N"
inline std::unexpected<Error> SizeMismatch(std::string_view codec, size_t expected, size_t got) {
  return Corrupt("{}: decompressed page has {} bytes, expected {} bytes", codec, got, expected);
}

}  // namespace firn::parquet::compression_internal
