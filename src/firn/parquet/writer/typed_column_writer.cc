#include "firn/parquet/writer/typed_column_writer.h"

#include "firn/common/macros.h"
#include "firn/parquet/encoding/dictionary_indices.h"
#include "firn/parquet/encoding/plain.h"

namespace firn::parquet {

namespace f = format;

namespace {

// The dictionary must save at least this share of the PLAIN bytes on the first page.
constexpr double kMinDictionarySaving = 0.25;
// Early check: after this many values of a chunk's first page, a dictionary holding more
// than kMaxEarlyDistinct of them as distinct entries is abandoned.
constexpr int64_t kEarlyCheckValues = 4096;
constexpr double kMaxEarlyDistinct = 0.75;

bool MostlyDistinct(size_t entries, int64_t values) {
  return values >= kEarlyCheckValues && static_cast<double>(entries) > kMaxEarlyDistinct * static_cast<double>(values);
}

}  // namespace

// ---------------------------------------------------------------- fixed width

template <typename Dict>
FixedWidthColumnWriter<Dict>::FixedWidthColumnWriter(const ColumnDescriptor& column,
                                                     const WriterOptions& options,
                                                     std::unique_ptr<Compressor> compressor,
                                                     int32_t width)
    : ColumnWriter(column, options, std::move(compressor)),
      width_(width),
      per_value_stats_(column.node->physical == PhysicalType::kFloat ||
                       column.node->physical == PhysicalType::kDouble),
      dict_(static_cast<size_t>(width)) {}

template <typename Dict>
void FixedWidthColumnWriter<Dict>::StatsFromDictionary() {
  if (!per_value_stats_ && dict_.size() > 0) {
    chunk_stats_.UpdateFixed(dict_.value(0), static_cast<int64_t>(dict_.size()));
  }
}

template <typename Dict>
void FixedWidthColumnWriter<Dict>::FallBackToPlain() {
  StatsFromDictionary();
  if (first_page_ && MostlyDistinct(dict_.size(), dict_values_)) dict_disabled_ = true;
  use_dict_ = false;
}

template <typename Dict>
void FixedWidthColumnWriter<Dict>::Put(const uint8_t* values, int64_t n) {
  if (n == 0) return;
  if (per_value_stats_ || !use_dict_) chunk_stats_.UpdateFixed(values, n);
  if (use_dict_) {
    size_t old = indices_.size();
    indices_.resize(old + static_cast<size_t>(n));
    dict_.InsertBatch(values, static_cast<size_t>(n), indices_.data() + old);
    dict_values_ += n;
  } else {
    plain_.Append(values, static_cast<size_t>(n) * static_cast<size_t>(width_));
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

template <typename Dict>
int64_t FixedWidthColumnWriter<Dict>::PageValueBytes() const {
  if (use_dict_) {
    if (indices_.empty()) return 0;
    int bw = DictionaryIndexBitWidth(dict_.size());
    return 1 + static_cast<int64_t>(indices_.size()) * bw / 8;
  }
  return static_cast<int64_t>(plain_.size());
}

template <typename Dict>
f::Encoding FixedWidthColumnWriter<Dict>::FinishPageValues(Buffer* out) {
  if (use_dict_) {
    EncodeDictionaryIndices(indices_, DictionaryIndexBitWidth(dict_.size()), out);
    indices_.clear();
    return f::Encoding::RLE_DICTIONARY;
  }
  out->Append(plain_.span());
  plain_.Clear();
  return f::Encoding::PLAIN;
}

template <typename Dict>
bool FixedWidthColumnWriter<Dict>::DictionaryFull() const {
  return use_dict_ && (static_cast<int64_t>(dict_.dict_bytes()) > options_.dict_size_bytes ||
                       (first_page_ && MostlyDistinct(dict_.size(), dict_values_)));
}

template <typename Dict>
int32_t FixedWidthColumnWriter<Dict>::WriteDictionary(Buffer* out) {
  if (use_dict_) StatsFromDictionary();  // after a fallback they were taken already
  dict_.WriteDictionaryPage(out);
  return static_cast<int32_t>(dict_.size());
}

template <typename Dict>
void FixedWidthColumnWriter<Dict>::OnPageClosed(int64_t page_values, int64_t /*plain_bytes*/) {
  if (!first_page_) return;
  first_page_ = false;
  if (!use_dict_) return;
  const double plain = static_cast<double>(page_values) * width_;
  const double dict = static_cast<double>(dict_.dict_bytes()) +
                      static_cast<double>(page_values) * DictionaryIndexBitWidth(dict_.size()) / 8.0;
  if (dict > plain * (1.0 - kMinDictionarySaving)) {
    FallBackToPlain();
    dict_disabled_ = true;
  }
}

template <typename Dict>
void FixedWidthColumnWriter<Dict>::ResetChunk() {
  dict_.Clear();
  dict_values_ = 0;
  use_dict_ = chunk_has_dict_ = !dict_disabled_;
  first_page_ = true;
}

template class FixedWidthColumnWriter<FixedWidthDictionaryEncoder<0>>;
template class FixedWidthColumnWriter<FixedWidthDictionaryEncoder<4>>;
template class FixedWidthColumnWriter<FixedWidthDictionaryEncoder<8>>;
template class FixedWidthColumnWriter<FixedWidthDictionaryEncoder<12>>;

// ---------------------------------------------------------------- byte array

ByteArrayColumnWriter::ByteArrayColumnWriter(const ColumnDescriptor& column, const WriterOptions& options,
                                             std::unique_ptr<Compressor> compressor)
    : ColumnWriter(column, options, std::move(compressor)) {}

void ByteArrayColumnWriter::StatsFromDictionary() {
  for (uint32_t i = 0; i < dict_.size(); ++i) chunk_stats_.UpdateBytes(dict_.value(i));
}

void ByteArrayColumnWriter::FallBackToPlain() {
  StatsFromDictionary();
  if (first_page_ && MostlyDistinct(dict_.size(), dict_values_)) dict_disabled_ = true;
  use_dict_ = false;
}

void ByteArrayColumnWriter::PutOne(std::string_view v) {
  page_plain_bytes_ += 4 + static_cast<int64_t>(v.size());
  if (use_dict_) {
    indices_.push_back(dict_.Insert(v));
    ++dict_values_;
  } else {
    chunk_stats_.UpdateBytes(v);
    PlainEncodeByteArray(v, &plain_);
  }
}

void ByteArrayColumnWriter::PutDense(const ColumnVector& leaf, int64_t begin, int64_t end) {
  if (leaf.validity.empty()) {
    const int64_t* o = leaf.offsets_data();
    if (!use_dict_) {
      for (int64_t i = begin; i < end; ++i) chunk_stats_.UpdateBytes(leaf.BytesAt(i));
    }
    page_plain_bytes_ += 4 * (end - begin) + (o[end] - o[begin]);
    std::span<const int64_t> offsets(o + begin, static_cast<size_t>(end - begin + 1));
    if (use_dict_) {
      size_t old = indices_.size();
      indices_.resize(old + static_cast<size_t>(end - begin));
      dict_.InsertBatch(leaf.values.data(), offsets, indices_.data() + old);
      dict_values_ += end - begin;
    } else {
      PlainEncodeByteArrays(leaf.values.data(), offsets, &plain_);
    }
    return;
  }
  const uint8_t* valid = leaf.validity.data();
  for (int64_t i = begin; i < end; ++i) {
    if (valid[i]) PutOne(leaf.BytesAt(i));
  }
}

void ByteArrayColumnWriter::PutSparse(const ColumnVector& leaf, const int64_t* slots, int64_t n) {
  for (int64_t i = 0; i < n; ++i) PutOne(leaf.BytesAt(slots[i]));
}

int64_t ByteArrayColumnWriter::PageValueBytes() const {
  if (use_dict_) {
    if (indices_.empty()) return 0;
    int bw = DictionaryIndexBitWidth(dict_.size());
    return 1 + static_cast<int64_t>(indices_.size()) * bw / 8;
  }
  return static_cast<int64_t>(plain_.size());
}

f::Encoding ByteArrayColumnWriter::FinishPageValues(Buffer* out) {
  page_plain_bytes_ = 0;
  if (use_dict_) {
    EncodeDictionaryIndices(indices_, DictionaryIndexBitWidth(dict_.size()), out);
    indices_.clear();
    return f::Encoding::RLE_DICTIONARY;
  }
  out->Append(plain_.span());
  plain_.Clear();
  return f::Encoding::PLAIN;
}

bool ByteArrayColumnWriter::DictionaryFull() const {
  return use_dict_ && (static_cast<int64_t>(dict_.dict_bytes()) > options_.dict_size_bytes ||
                       (first_page_ && MostlyDistinct(dict_.size(), dict_values_)));
}

int32_t ByteArrayColumnWriter::WriteDictionary(Buffer* out) {
  if (use_dict_) StatsFromDictionary();
  dict_.WriteDictionaryPage(out);
  return static_cast<int32_t>(dict_.size());
}

void ByteArrayColumnWriter::OnPageClosed(int64_t page_values, int64_t /*plain_bytes*/) {
  if (!first_page_) return;
  first_page_ = false;
  if (!use_dict_ || page_values == 0) return;
  // page_plain_bytes_ was reset by FinishPageValues; estimate PLAIN from the dictionary's
  // average entry size instead.
  const double avg_entry = static_cast<double>(dict_.dict_bytes()) / static_cast<double>(std::max<size_t>(1, dict_.size()));
  const double plain = static_cast<double>(page_values) * avg_entry;
  const double dict = static_cast<double>(dict_.dict_bytes()) +
                      static_cast<double>(page_values) * DictionaryIndexBitWidth(dict_.size()) / 8.0;
  if (dict > plain * (1.0 - kMinDictionarySaving)) {
    FallBackToPlain();
    dict_disabled_ = true;
  }
}

void ByteArrayColumnWriter::ResetChunk() {
  dict_.Clear();
  dict_values_ = 0;
  use_dict_ = chunk_has_dict_ = !dict_disabled_;
  first_page_ = true;
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
  switch (n.physical) {
    case PhysicalType::kBoolean:
      return std::make_unique<BooleanColumnWriter>(column, options, std::move(compressor));
    case PhysicalType::kInt32:
    case PhysicalType::kFloat:
      return std::make_unique<FixedWidthColumnWriter<FixedWidthDictionaryEncoder<4>>>(column, options, std::move(compressor), 4);
    case PhysicalType::kInt64:
    case PhysicalType::kDouble:
      return std::make_unique<FixedWidthColumnWriter<FixedWidthDictionaryEncoder<8>>>(column, options, std::move(compressor), 8);
    case PhysicalType::kInt96:
      return std::make_unique<FixedWidthColumnWriter<FixedWidthDictionaryEncoder<12>>>(column, options, std::move(compressor), 12);
    case PhysicalType::kFixedLenByteArray:
      return std::make_unique<FixedWidthColumnWriter<FixedWidthDictionaryEncoder<0>>>(column, options, std::move(compressor), n.type_length);
    case PhysicalType::kByteArray:
      return std::make_unique<ByteArrayColumnWriter>(column, options, std::move(compressor));
  }
  return Internal("unknown physical type");
}

}  // namespace firn::parquet
