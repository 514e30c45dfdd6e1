// PageReader: iterates the pages of one column chunk (parquet-format README, "Column
// chunks" / "Data Pages"), already read into memory, and hands out each dictionary or
// data page with its body decompressed.
//
//   chunk := (PageHeader <compressed_page_size bytes>)*      pages tile the chunk exactly
//
// DATA_PAGE and DICTIONARY_PAGE bodies are compressed whole; a DATA_PAGE_V2 body is
// <repetition levels> <definition levels> <values>, where only the values are compressed
// (and not even those when is_compressed is false). Page::body is always the page
// uncompressed, exactly uncompressed_page_size bytes, laid out as stored.
//
// INDEX_PAGE and page types this build does not know are skipped. Damaged headers, sizes
// that run past the chunk, decompressed sizes that differ from the header, and CRC
// mismatches are Corrupt; the caller adds the column, row group and page ordinal.
//
// Thread-safety: none. "chunk", "decompressor" and "scratch" must outlive the reader.
#pragma once

#include <cstdint>
#include <span>

#include "firn/common/buffer.h"
#include "firn/common/result.h"
#include "firn/parquet/compression/codec.h"
#include "firn/parquet/format/page_header.h"
#include "firn/parquet/reader/reader_options.h"

namespace firn::parquet {

struct Page {
  format::PageHeader header;
  int ordinal = 0;                // 0-based among all the chunk's pages, skipped ones included
  uint64_t offset = 0;            // file offset of the page header
  std::span<const uint8_t> body;  // uncompressed; valid until the next call to Next
};

class PageReader {
 public:
  // `chunk` holds the chunk's bytes, which start at file offset `chunk_offset`.
  // `decompressor` is null for UNCOMPRESSED chunks. `scratch` holds decompressed pages.
  PageReader(std::span<const uint8_t> chunk, uint64_t chunk_offset, Decompressor* decompressor,
             Buffer* scratch, const ReaderOptions& options)
      : chunk_(chunk), chunk_offset_(chunk_offset), decompressor_(decompressor),
        scratch_(scratch), options_(options) {}

  // Moves to the next dictionary or data page. Returns false at the end of the chunk.
  Result<bool> Next(Page* page);

  // Ordinal and file offset of the page being read, for error messages.
  int ordinal() const { return ordinal_; }
  uint64_t offset() const { return chunk_offset_ + page_start_; }

 private:
  Status Decompress(std::span<const uint8_t> in, size_t out_size, size_t prefix);

  std::span<const uint8_t> chunk_;
  uint64_t chunk_offset_;
  Decompressor* decompressor_;
  Buffer* scratch_;
  const ReaderOptions& options_;
  size_t pos_ = 0;         // next page header, relative to the chunk
  size_t page_start_ = 0;  // current page header, relative to the chunk
  int ordinal_ = -1;
};

// Largest uncompressed size a page of `compressed` bytes may claim: the codec's maximum
// expansion (snappy ~21x, lz4 255x, deflate 1032x; zstd and brotli RLE-like blocks
// ~32768x), so that a damaged size is refused before anything is allocated. Pages up to
// 1 MiB are always allowed.
uint64_t MaxUncompressedPageSize(CompressionKind kind, uint64_t compressed);

}  // namespace firn::parquet
