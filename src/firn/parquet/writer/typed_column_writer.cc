#include "firn/parquet/writer/typed_column_writer.h"

#include <cstring>

#include "firn/common/macros.h"
#include "firn/parquet/encoding/plain.h"

namespace firn::parquet {

namespace f = format;

// ---------------------------------------------------------------- fixed width

template <typename Dict>
FixedWidthColumnWriter<Dict>::FixedWidthColumnWriter(const ColumnDescriptor& column,
                                                     const WriterOptions& options,
                                                     std::unique_ptr<Compressor> compressor,
                                                     int32_t width)
    : DictionaryColumnWriter<Dict>(column, options, std::move(compressor), Dict(static_cast<size_t>(width))),
      width_(width),
      per_value_stats_(column.node->physical == PhysicalType::kFloat ||
                       column.node->physical == PhysicalType::kDouble) {}

template <typename Dict>
void FixedWidthColumnWriter<Dict>::StatsFromDictionary() {
  if (!per_value_stats_ && this->dict_.size() > 0) {
    this->chunk_stats_.UpdateFixed(this->dict_.value(0), static_cast<int64_t>(this->dict_.size()));
  }
}

template <typename Dict>
void FixedWidthColumnWriter<Dict>::Put(const uint8_t* values, int64_t n) {
  if (n == 0) return;
  if (per_value_stats_ || !this->use_dict_) this->chunk_stats_.UpdateFixed(values, n);
  if (this->use_dict_) {
    auto& indices = this->indices_;
    const size_t old = indices.size();
    indices.resize(old + static_cast<size_t>(n));
    this->dict_.InsertBatch(values, static_cast<size_t>(n), indices.data() + old);
    this->dict_values_ += n;
  } else {
    this->plain_.Append(values, static_cast<size_t>(n) * static_cast<size_t>(width_));
  }
}

template <typename Dict>
void FixedWidthColumnWriter<Dict>::PutDense(const ColumnVector& leaf, int64_t begin, int64_t end) {
  const uint8_t* base = leaf.values.data();
  const size_t w = static_cast<size_t>(width_);
  if (leaf.validity.empty()) {
    Put(base + static_cast<size_t>(begin) * w, end - begin);
    return;
  }
  gather_.Clear();
  const uint8_t* valid = leaf.validity.data();
  for (int64_t i = begin; i < end; ++i) {
    if (valid[i]) gather_.Append(base + static_cast<size_t>(i) * w, w);
  }
  Put(gather_.data(), static_cast<int64_t>(gather_.size() / w));
}

template <typename Dict>
void FixedWidthColumnWriter<Dict>::PutSparse(const ColumnVector& leaf, const int64_t* slots, int64_t n) {
  const uint8_t* base = leaf.values.data();
  const size_t w = static_cast<size_t>(width_);
  gather_.Resize(static_cast<size_t>(n) * w);
  uint8_t* dst = gather_.data();
  for (int64_t i = 0; i < n; ++i) std::memcpy(dst + i * w, base + static_cast<size_t>(slots[i]) * w, w);
  Put(dst, n);
}

template class FixedWidthColumnWriter<FixedWidthDictionaryEncoder<0>>;
template class FixedWidthColumnWriter<FixedWidthDictionaryEncoder<4>>;
template class FixedWidthColumnWriter<FixedWidthDictionaryEncoder<8>>;
template class FixedWidthColumnWriter<FixedWidthDictionaryEncoder<12>>;

// ---------------------------------------------------------------- byte array

ByteArrayColumnWriter::ByteArrayColumnWriter(const ColumnDescriptor& column, const WriterOptions& options,
                                             std::unique_ptr<Compressor> compressor)
    : DictionaryColumnWriter(column, options, std::move(compressor), ByteArrayDictionaryEncoder()) {}

void ByteArrayColumnWriter::StatsFromDictionary() {
  for (uint32_t i = 0; i < dict_.size(); ++i) chunk_stats_.UpdateBytes(dict_.value(i));
}

void ByteArrayColumnWriter::PutSlots(const ColumnVector& leaf, const int64_t* slots, int64_t n) {
  if (n == 0) return;
  const uint8_t* data = leaf.values.data();
  const int64_t* offsets = leaf.offsets_data();
  if (use_dict_) {
    const size_t old = indices_.size();
    indices_.resize(old + static_cast<size_t>(n));
    dict_.InsertBatch(data, offsets, slots, static_cast<size_t>(n), indices_.data() + old);
    dict_values_ += n;
  } else {
    chunk_stats_.UpdateByteArrays(data, offsets, slots, n);
    PlainEncodeByteArrays(data, offsets, slots, static_cast<size_t>(n), &plain_);
  }
}

void ByteArrayColumnWriter::PutDense(const ColumnVector& leaf, int64_t begin, int64_t end) {
  if (leaf.validity.empty()) {
    const int64_t* o = leaf.offsets_data();
    std::span<const int64_t> offsets(o + begin, static_cast<size_t>(end - begin + 1));
    if (use_dict_) {
      const size_t old = indices_.size();
      indices_.resize(old + static_cast<size_t>(end - begin));
      dict_.InsertBatch(leaf.values.data(), offsets, indices_.data() + old);
      dict_values_ += end - begin;
    } else {
      chunk_stats_.UpdateByteArrays(leaf.values.data(), offsets.data(), end - begin);
      PlainEncodeByteArrays(leaf.values.data(), offsets, &plain_);
    }
    return;
  }
  const uint8_t* valid = leaf.validity.data();
  valid_slots_.clear();
  for (int64_t i = begin; i < end; ++i) {
    if (valid[i]) valid_slots_.push_back(i);
  }
  PutSlots(leaf, valid_slots_.data(), static_cast<int64_t>(valid_slots_.size()));
}

void ByteArrayColumnWriter::PutSparse(const ColumnVector& leaf, const int64_t* slots, int64_t n) {
  PutSlots(leaf, slots, n);
}

// ---------------------------------------------------------------- boolean

void BooleanColumnWriter::PutDense(const ColumnVector& leaf, int64_t begin, int64_t end) {
  const uint8_t* v = leaf.values.data();
  if (leaf.validity.empty()) {
    chunk_stats_.UpdateFixed(v + begin, end - begin);
    values_.Append(v + begin, static_cast<size_t>(end - begin));
    return;
  }
  const uint8_t* valid = leaf.validity.data();
  for (int64_t i = begin; i < end; ++i) {
    if (!valid[i]) continue;
    uint8_t b = v[i] != 0;
    chunk_stats_.UpdateFixed(&b, 1);
    values_.PushBack(b);
  }
}

void BooleanColumnWriter::PutSparse(const ColumnVector& leaf, const int64_t* slots, int64_t n) {
  for (int64_t i = 0; i < n; ++i) {
    uint8_t b = leaf.values.data()[slots[i]] != 0;
    chunk_stats_.UpdateFixed(&b, 1);
    values_.PushBack(b);
  }
}

f::Encoding BooleanColumnWriter::FinishPageValues(Buffer* out) {
  PlainEncodeBooleans(values_.span(), out);
  values_.Clear();
  return f::Encoding::PLAIN;
}

// ---------------------------------------------------------------- factory

Result<std::unique_ptr<ColumnWriter>> ColumnWriter::Make(const ColumnDescriptor& column,
                                                         const WriterOptions& options) {
  FIRN_ASSIGN_OR_RETURN(std::unique_ptr<Compressor> compressor,
                        Compressor::Make(options.compression, options.compression_level));
  const SchemaNode& n = *column.node;
  auto fixed = [&]<size_t kWidth>(int32_t width) -> std::unique_ptr<ColumnWriter> {
    return std::make_unique<FixedWidthColumnWriter<FixedWidthDictionaryEncoder<kWidth>>>(
        column, options, std::move(compressor), width);
  };
  switch (n.physical) {
    case PhysicalType::kBoolean:
      return std::make_unique<BooleanColumnWriter>(column, options, std::move(compressor));
    case PhysicalType::kInt32:
    case PhysicalType::kFloat:
      return fixed.template operator()<4>(4);
    case PhysicalType::kInt64:
    case PhysicalType::kDouble:
      return fixed.template operator()<8>(8);
    case PhysicalType::kInt96:
      return fixed.template operator()<12>(12);
    case PhysicalType::kFixedLenByteArray:
      return fixed.template operator()<0>(n.type_length);
    case PhysicalType::kByteArray:
      return std::make_unique<ByteArrayColumnWriter>(column, options, std::move(compressor));
  }
  return Internal("unknown physical type");
}

}  // namespace firn::parquet
