// ColumnChunkReader: reads one column chunk of one row group and decodes it into its
// definition levels, repetition levels and present values (ColumnChunkData), which the
// Assembler then turns into column vectors.
//
// The chunk's byte range is read with one ReadAt into a buffer reused across chunks; its
// pages are walked with PageReader and decoded with ValueDecoder. Counts are
// cross-checked: each page's num_values against the levels it decodes and the values
// its levels call for, the pages' sum against the chunk's num_values, v2 pages' num_nulls
// and num_rows against their levels, dictionary indices against the dictionary size.
// Every error names the column path and row group, and the page ordinal and file offset
// where one is involved:
//   "column 'tags.list.element', row group 3: page 2 (DATA_PAGE_V2 at offset 81920): ..."
//
// Thread-safety: none; one per FileReader. "file" and "options" must outlive the reader.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <vector>

#include "firn/common/buffer.h"
#include "firn/common/result.h"
#include "firn/io/file_io.h"
#include "firn/parquet/compression/codec.h"
#include "firn/parquet/format/file_metadata.h"
#include "firn/parquet/reader/page_reader.h"
#include "firn/parquet/reader/reader_options.h"
#include "firn/parquet/reader/value_decoder.h"
#include "firn/parquet/schema/schema.h"

namespace firn::parquet {

// One decoded column chunk. Buffers keep their capacity across Clear().
struct ColumnChunkData {
  int64_t num_levels = 0;        // level entries: the chunk's num_values
  std::vector<int16_t> def;      // num_levels entries, or none when max_def_level == 0
  std::vector<int16_t> rep;      // num_levels entries, or none when max_rep_level == 0
  int64_t num_values = 0;        // present values: entries with def == max_def_level
  Buffer values;                 // fixed width: num_values * width bytes; byte arrays: bytes
  std::vector<int64_t> offsets;  // byte arrays: num_values + 1 offsets into values from 0

  void Clear();
};

// Maps a footer codec to a decompressor kind; LZ4 (Hadoop framing), LZO and unknown codecs
// are NotSupported.
Result<CompressionKind> CompressionKindOf(format::CompressionCodec codec);

class ColumnChunkReader {
 public:
  ColumnChunkReader(const io::InputFile& file, const ReaderOptions& options)
      : file_(file), options_(options) {}

  // Reads chunk `chunk` of leaf `column` in row group `row_group` into *out (cleared first).
  // REQUIRES: the chunk belongs to a footer that ReadFooter accepted for this schema.
  Status Read(const format::ColumnChunk& chunk, const ColumnDescriptor& column, int row_group,
              ColumnChunkData* out);

 private:
  Status ReadChunk(const format::ColumnMetaData& md, const ColumnDescriptor& column,
                   ColumnChunkData* out, int* page_ordinal, uint64_t* page_offset);
  Status ReadDataPage(const Page& page, const ColumnDescriptor& column, int64_t chunk_values,
                      ColumnChunkData* out);
  Result<Decompressor*> GetDecompressor(CompressionKind kind);

  const io::InputFile& file_;
  const ReaderOptions& options_;
  Buffer chunk_;         // the chunk's bytes
  Buffer page_scratch_;  // decompressed pages
  ValueDecoder decoder_;
  std::array<std::unique_ptr<Decompressor>, 6> decompressors_;  // by CompressionKind
};

}  // namespace firn::parquet
