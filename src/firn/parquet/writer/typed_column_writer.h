// The typed halves of ColumnWriter (see column_writer.h): how values are gathered from a
// ColumnVector and handed to the dictionary or PLAIN page state of
// DictionaryColumnWriter.
//
// One template covers every fixed-width physical type (INT32, INT64, FLOAT, DOUBLE, INT96,
// FIXED_LEN_BYTE_ARRAY): they differ only in width. BYTE_ARRAY and BOOLEAN encode
// differently and get classes of their own.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "firn/parquet/encoding/dictionary_encoder.h"
#include "firn/parquet/writer/dictionary_column_writer.h"

namespace firn::parquet {

template <typename Dict>
class FixedWidthColumnWriter final : public DictionaryColumnWriter<Dict> {
 public:
  FixedWidthColumnWriter(const ColumnDescriptor& column, const WriterOptions& options,
                         std::unique_ptr<Compressor> compressor, int32_t width);

 protected:
  void PutDense(const ColumnVector& leaf, int64_t begin, int64_t end) override;
  void PutSparse(const ColumnVector& leaf, const int64_t* slots, int64_t n) override;
  void StatsFromDictionary() override;
  double PlainValueBytes() const override { return width_; }
  int64_t EncoderMemoryUsage() const override {
    return DictionaryColumnWriter<Dict>::EncoderMemoryUsage() + static_cast<int64_t>(gather_.capacity());
  }
  void ReleaseEncoderMemory() override {
    DictionaryColumnWriter<Dict>::ReleaseEncoderMemory();
    gather_.Release();
  }

 private:
  void Put(const uint8_t* values, int64_t n);

  const int32_t width_;
  const bool per_value_stats_;  // FLOAT and DOUBLE: NaNs are counted per value
  Buffer gather_;
};

class ByteArrayColumnWriter final : public DictionaryColumnWriter<ByteArrayDictionaryEncoder> {
 public:
  ByteArrayColumnWriter(const ColumnDescriptor& column, const WriterOptions& options,
                        std::unique_ptr<Compressor> compressor);

 protected:
  void PutDense(const ColumnVector& leaf, int64_t begin, int64_t end) override;
  void PutSparse(const ColumnVector& leaf, const int64_t* slots, int64_t n) override;
  void StatsFromDictionary() override;
  // The dictionary's average entry (4-byte length + bytes) stands for the PLAIN value.
  double PlainValueBytes() const override {
    return static_cast<double>(dict_.dict_bytes()) / static_cast<double>(std::max<size_t>(1, dict_.size()));
  }
  int64_t EncoderMemoryUsage() const override {
    return DictionaryColumnWriter::EncoderMemoryUsage() +
           static_cast<int64_t>(valid_slots_.capacity() * sizeof(int64_t));
  }
  void ReleaseEncoderMemory() override {
    DictionaryColumnWriter::ReleaseEncoderMemory();
    std::vector<int64_t>().swap(valid_slots_);
  }

 private:
  // The values of leaf's slots[0, n).
  void PutSlots(const ColumnVector& leaf, const int64_t* slots, int64_t n);

  std::vector<int64_t> valid_slots_;  // PutDense's valid slots when the leaf has nulls
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
  int64_t EncoderMemoryUsage() const override { return static_cast<int64_t>(values_.capacity()); }
  void ReleaseEncoderMemory() override { values_.Release(); }

 private:
  Buffer values_;  // one byte per value
};

}  // namespace firn::parquet
