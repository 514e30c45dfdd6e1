// ColumnWriter: writes one leaf column's chunks. It takes shredded batches (levels plus the
// values they point at), cuts them into data pages at record boundaries, dictionary-encodes
// or PLAIN-encodes values, compresses pages, and keeps the finished pages of the current
// row group in memory until the FileWriter asks for the chunk.
//
// Lifecycle per row group: Write()* then FinishChunk(), which hands over the chunk's bytes
// and metadata and resets for the next row group. Statistics for Iceberg metrics
// accumulate over the whole file.
//
// The typed parts (how values are gathered, dictionary-encoded and PLAIN-encoded) live in
// typed_column_writer.h: one template for every fixed-width type, and its own class only
// where the encoding really differs (boolean, BYTE_ARRAY).
//
// Thread-safety: none; owned by one FileWriter.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "firn/common/buffer.h"
#include "firn/common/result.h"
#include "firn/io/file_io.h"
#include "firn/parquet/compression/codec.h"
#include "firn/parquet/format/file_metadata.h"
#include "firn/parquet/format/page_header.h"
#include "firn/parquet/writer/column_statistics.h"
#include "firn/parquet/writer/shredder.h"
#include "firn/parquet/writer/writer_options.h"

namespace firn::parquet {

class ColumnWriter {
 public:
  // `column` and `options` must outlive the writer.
  static Result<std::unique_ptr<ColumnWriter>> Make(const ColumnDescriptor& column,
                                                    const WriterOptions& options);
  virtual ~ColumnWriter() = default;
  ColumnWriter(const ColumnWriter&) = delete;
  ColumnWriter& operator=(const ColumnWriter&) = delete;

  // Appends one batch of this column. REQUIRES: `levels` came from the Shredder for this
  // column, and its vectors are live for the duration of the call.
  Status Write(const LeafLevels& levels);

  // Memory held for the open row group: finished pages, the open page and the dictionary.
  int64_t BufferedBytes() const;
  // Everything the writer holds on the heap: BufferedBytes plus what it keeps for reuse
  // (allocated page, scratch and dictionary capacity, level vectors). For memory budgets.
  int64_t MemoryUsage() const;
  // Frees the memory kept for reuse. REQUIRES: the open row group is empty (right after
  // FinishChunk), so nothing buffered is lost. The next Write allocates again.
  void ReleaseMemory();
  // The chunk's expected size in the file if it were finished now (compressed).
  int64_t EstimatedChunkBytes() const;
  // Records written to the open row group (rows, not levels).
  int64_t chunk_rows() const { return chunk_rows_; }

  // Closes the open page and writes the chunk (dictionary page, then data pages) to `out`
  // at its current position. Returns the ColumnChunk for the footer and resets for the
  // next row group.
  Result<format::ColumnChunk> FinishChunk(io::OutputFile* out);

  const ColumnDescriptor& column() const { return column_; }
  const ColumnStatistics& file_statistics() const { return file_stats_; }
  int64_t file_compressed_bytes() const { return file_compressed_bytes_; }
  int64_t file_num_values() const { return file_num_values_; }

 protected:
  ColumnWriter(const ColumnDescriptor& column, const WriterOptions& options,
               std::unique_ptr<Compressor> compressor);

  // --- Typed hooks ---
  // Adds the valid slots of leaf[begin, end) (dense) or the listed slots (sparse) to the
  // open page, updating chunk_stats_.
  virtual void PutDense(const ColumnVector& leaf, int64_t begin, int64_t end) = 0;
  virtual void PutSparse(const ColumnVector& leaf, const int64_t* slots, int64_t n) = 0;
  // Uncompressed bytes the open page's values would take.
  virtual int64_t PageValueBytes() const = 0;
  // Encodes the open page's values into `out` and clears them. Returns the encoding.
  virtual format::Encoding FinishPageValues(Buffer* out) = 0;
  // Dictionary state: whether it outgrew its limit (the base then calls
  // AbandonDictionary, and if that declines, closes the page and calls FallBackToPlain),
  // and the PLAIN dictionary page.
  virtual bool DictionaryFull() const { return false; }
  // Drops the dictionary before any page used it, re-encoding the open page as PLAIN, so
  // the chunk has no dictionary page at all. False when a page already used it.
  virtual bool AbandonDictionary() { return false; }
  virtual void FallBackToPlain() {}
  virtual int32_t WriteDictionary(Buffer* /*out*/) { return 0; }  // returns entries written
  virtual bool ChunkHasDictionary() const { return false; }
  virtual int64_t DictionaryBytes() const { return 0; }
  // Called after a page closes with the values it held; lets the typed writer drop an
  // ineffective dictionary after the first page.
  virtual void OnPageClosed(int64_t /*page_values*/, int64_t /*plain_bytes*/) {}
  virtual void ResetChunk() {}
  // Heap memory of the typed value state (page values, dictionary, gather buffers), and
  // freeing it between row groups.
  virtual int64_t EncoderMemoryUsage() const = 0;
  virtual void ReleaseEncoderMemory() = 0;

  const ColumnDescriptor& column_;
  const WriterOptions& options_;
  ColumnStatistics chunk_stats_;

 private:
  Status ClosePage();
  Status AppendPage(format::PageHeader header, std::span<const uint8_t> body, int64_t uncompressed);
  int64_t SegmentEnd(const LeafLevels& l, int64_t begin) const;

  std::unique_ptr<Compressor> compressor_;
  format::CompressionCodec codec_;

  // Open page.
  std::vector<int16_t> page_def_, page_rep_;
  int64_t page_levels_ = 0, page_values_ = 0, page_rows_ = 0;
  int64_t step_ = 1024;  // levels per segment, adapted to the value size

  // Open chunk.
  BufferChain pages_;            // finished data pages, headers included
  Buffer scratch_, compressed_;  // reused page assembly and compression buffers
  Buffer header_buf_;            // the dictionary page's header
  Buffer page_header_;           // a data page's header, before it joins pages_
  int64_t chunk_rows_ = 0, chunk_levels_ = 0;
  int64_t chunk_uncompressed_ = 0;  // data page bytes incl. headers
  std::vector<format::PageEncodingStats> page_stats_;
  double compression_ratio_ = 1.0;  // compressed / uncompressed of the pages so far

  // Whole file.
  ColumnStatistics file_stats_;
  int64_t file_compressed_bytes_ = 0, file_num_values_ = 0;
};

format::CompressionCodec ToThriftCodec(CompressionKind kind);

}  // namespace firn::parquet
