// The typed halves of ColumnWriter (see column_writer.h): how values are gathered from a
// ColumnVector, dictionary-encoded or PLAIN-encoded, and sized.
//
// One template covers every fixed-width physical type (INT32, INT64, FLOAT, DOUBLE, INT96,
// FIXED_LEN_BYTE_ARRAY): they differ only in width. BYTE_ARRAY and BOOLEAN encode
// differently and get classes of their own.
//
// Dictionary policy (as parquet-mr): each chunk starts dictionary-encoded; past
// write.parquet.dict-size-bytes the open page closes and later pages are PLAIN. If the
// first page shows the dictionary saves little (a column of unique ids), the column stays
// PLAIN for the rest of the file, which also spares the hashing. So does a first page whose
// first few thousand values are mostly distinct (timestamps, uuids, URLs): the check runs
// early so that such columns are not hashed for a whole page.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "firn/parquet/encoding/dictionary_encoder.h"
#include "firn/parquet/writer/column_writer.h"

namespace firn::parquet {

template <typename Dict>
class FixedWidthColumnWriter final : public ColumnWriter {
 public:
  FixedWidthColumnWriter(const ColumnDescriptor& column, const WriterOptions& options,
                         std::unique_ptr<Compressor> compressor, int32_t width);

 protected:
  void PutDense(const ColumnVector& leaf, int64_t begin, int64_t end) override;
  void PutSparse(const ColumnVector& leaf, const int64_t* slots, int64_t n) override;
  int64_t PageValueBytes() const override;
  format::Encoding FinishPageValues(Buffer* out) override;
  bool DictionaryFull() const override;
  void FallBackToPlain() override;
  int32_t WriteDictionary(Buffer* out) override;
  bool ChunkHasDictionary() const override { return chunk_has_dict_; }
  int64_t DictionaryBytes() const override { return chunk_has_dict_ ? static_cast<int64_t>(dict_.dict_bytes()) : 0; }
  void OnPageClosed(int64_t page_values, int64_t plain_bytes) override;
  void ResetChunk() override;

 private:
  void Put(const uint8_t* values, int64_t n);
  // Min/max of dictionary-encoded values come from the distinct entries, once, when the
  // dictionary is frozen (fallback or end of chunk). Floating point keeps per-value
  // statistics, which count NaNs.
  void StatsFromDictionary();

  const int32_t width_;
  const bool per_value_stats_;  // FLOAT and DOUBLE
  Dict dict_;
  bool use_dict_ = true;        // the open page is dictionary-encoded
  bool chunk_has_dict_ = true;  // the chunk has a dictionary page
  bool dict_disabled_ = false;  // dictionary found ineffective: PLAIN for the file
  bool first_page_ = true;
  int64_t dict_values_ = 0;     // values dictionary-encoded in this chunk
  std::vector<uint32_t> indices_;
  Buffer plain_;
  Buffer gather_;
};

class ByteArrayColumnWriter final : public ColumnWriter {
 public:
  ByteArrayColumnWriter(const ColumnDescriptor& column, const WriterOptions& options,
                        std::unique_ptr<Compressor> compressor);

 protected:
  void PutDense(const ColumnVector& leaf, int64_t begin, int64_t end) override;
  void PutSparse(const ColumnVector& leaf, const int64_t* slots, int64_t n) override;
  int64_t PageValueBytes() const override;
  format::Encoding FinishPageValues(Buffer* out) override;
  bool DictionaryFull() const override;
  void FallBackToPlain() override;
  int32_t WriteDictionary(Buffer* out) override;
  bool ChunkHasDictionary() const override { return chunk_has_dict_; }
  int64_t DictionaryBytes() const override { return chunk_has_dict_ ? static_cast<int64_t>(dict_.dict_bytes()) : 0; }
  void OnPageClosed(int64_t page_values, int64_t plain_bytes) override;
  void ResetChunk() override;

 private:
  void PutOne(std::string_view v);
  void StatsFromDictionary();  // as for fixed width

  ByteArrayDictionaryEncoder dict_;
  bool use_dict_ = true;
  bool chunk_has_dict_ = true;
  bool dict_disabled_ = false;
  bool first_page_ = true;
  int64_t dict_values_ = 0;       // values dictionary-encoded in this chunk
  int64_t page_plain_bytes_ = 0;  // PLAIN size of the open page's values
  std::vector<uint32_t> indices_;
  Buffer plain_;
};

class BooleanColumnWriter final : public ColumnWriter {
 public:
  BooleanColumnWriter(const ColumnDescriptor& column, const WriterOptions& options,
                      std::unique_ptr<Compressor> compressor)
      : ColumnWriter(column, options, std::move(compressor)) {}

 protected:
  void PutDense(const ColumnVector& leaf, int64_t begin, int64_t end) override;
  void PutSparse(const ColumnVector& leaf, const int64_t* slots, int64_t n) override;
  int64_t PageValueBytes() const override { return static_cast<int64_t>(values_.size() + 7) / 8; }
  format::Encoding FinishPageValues(Buffer* out) override;

 private:
  Buffer values_;  // one byte per value
};

}  // namespace firn::parquet
