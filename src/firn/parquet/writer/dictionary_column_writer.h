// DictionaryColumnWriter: the dictionary policy and open-page value state shared by the
// fixed-width and BYTE_ARRAY column writers (typed_column_writer.h). `Dict` is one of the
// dictionary encoders of encoding/dictionary_encoder.h.
//
// Policy (as parquet-mr, plus an early check): each chunk starts dictionary-encoded; past
// write.parquet.dict-size-bytes the open page closes and later pages are PLAIN. If the
// first few thousand values of a chunk's first page are mostly distinct (timestamps,
// uuids, URLs), the open page is re-encoded as PLAIN and the chunk gets no dictionary page
// (as parquet-mr falls back before its first page); if the first page shows the
// dictionary saves little, it is dropped after that page. Either way the column stays
// PLAIN for the rest of the file, which also spares the hashing.
//
// Statistics: min/max of dictionary-encoded values come from the distinct entries, once,
// when the dictionary is frozen (fallback or end of chunk); derived writers that need
// per-value statistics (floating point, for NaN counts) skip StatsFromDictionary.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "firn/parquet/writer/column_writer.h"

namespace firn::parquet {

template <typename Dict>
class DictionaryColumnWriter : public ColumnWriter {
 protected:
  DictionaryColumnWriter(const ColumnDescriptor& column, const WriterOptions& options,
                         std::unique_ptr<Compressor> compressor, Dict dict)
      : ColumnWriter(column, options, std::move(compressor)),
        dict_(std::move(dict)),
        use_dict_(options.dictionary_enabled),
        chunk_has_dict_(options.dictionary_enabled),
        dict_disabled_(!options.dictionary_enabled) {}

  int64_t PageValueBytes() const override;
  format::Encoding FinishPageValues(Buffer* out) override;
  bool DictionaryFull() const override;
  bool AbandonDictionary() override;
  void FallBackToPlain() override;
  int32_t WriteDictionary(Buffer* out) override;
  bool ChunkHasDictionary() const override { return chunk_has_dict_; }
  int64_t DictionaryBytes() const override {
    return chunk_has_dict_ ? static_cast<int64_t>(dict_.dict_bytes()) : 0;
  }
  void OnPageClosed(int64_t page_values, int64_t plain_bytes) override;
  void ResetChunk() override;
  int64_t EncoderMemoryUsage() const override {
    return static_cast<int64_t>(dict_.memory_bytes() + indices_.capacity() * sizeof(uint32_t) +
                                plain_.capacity());
  }
  void ReleaseEncoderMemory() override {
    dict_.Release();
    std::vector<uint32_t>().swap(indices_);
    plain_.Release();
  }

  // Folds the dictionary's entries into chunk_stats_.
  virtual void StatsFromDictionary() = 0;
  // Average PLAIN size of one value, to judge the dictionary against PLAIN.
  virtual double PlainValueBytes() const = 0;

  Dict dict_;
  bool use_dict_ = true;        // the open page is dictionary-encoded
  bool chunk_has_dict_ = true;  // the chunk has a dictionary page
  bool dict_disabled_ = false;  // dictionary found ineffective: PLAIN for the file
  bool first_page_ = true;
  int64_t dict_values_ = 0;     // values dictionary-encoded in this chunk
  std::vector<uint32_t> indices_;  // the open page's dictionary indices
  Buffer plain_;                   // the open page's PLAIN values
};

}  // namespace firn::parquet
