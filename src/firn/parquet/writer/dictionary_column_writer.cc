#include "firn/parquet/writer/dictionary_column_writer.h"

#include "firn/parquet/encoding/dictionary_encoder.h"
#include "firn/parquet/encoding/dictionary_indices.h"

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
  return values >= kEarlyCheckValues &&
         static_cast<double>(entries) > kMaxEarlyDistinct * static_cast<double>(values);
}

}  // namespace

template <typename Dict>
int64_t DictionaryColumnWriter<Dict>::PageValueBytes() const {
  if (!use_dict_) return static_cast<int64_t>(plain_.size());
  if (indices_.empty()) return 0;
  const int bw = DictionaryIndexBitWidth(dict_.size());
  return 1 + static_cast<int64_t>(indices_.size()) * bw / 8;
}

template <typename Dict>
f::Encoding DictionaryColumnWriter<Dict>::FinishPageValues(Buffer* out) {
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
bool DictionaryColumnWriter<Dict>::DictionaryFull() const {
  return use_dict_ && (static_cast<int64_t>(dict_.dict_bytes()) > options_.dict_size_bytes ||
                       (first_page_ && MostlyDistinct(dict_.size(), dict_values_)));
}

template <typename Dict>
bool DictionaryColumnWriter<Dict>::AbandonDictionary() {
  // Only while no page of this chunk used the dictionary, and only for the early check:
  // a dictionary that outgrew its size limit keeps the pages it already encoded.
  if (!use_dict_ || !first_page_ || !MostlyDistinct(dict_.size(), dict_values_)) return false;
  StatsFromDictionary();
  dict_.AppendPlainValues(indices_.data(), indices_.size(), &plain_);
  indices_.clear();
  dict_.Clear();
  dict_values_ = 0;
  use_dict_ = chunk_has_dict_ = false;
  dict_disabled_ = true;
  return true;
}

template <typename Dict>
void DictionaryColumnWriter<Dict>::FallBackToPlain() {
  StatsFromDictionary();
  use_dict_ = false;
}

template <typename Dict>
int32_t DictionaryColumnWriter<Dict>::WriteDictionary(Buffer* out) {
  if (use_dict_) StatsFromDictionary();  // after a fallback they were taken already
  dict_.WriteDictionaryPage(out);
  return static_cast<int32_t>(dict_.size());
}

template <typename Dict>
void DictionaryColumnWriter<Dict>::OnPageClosed(int64_t page_values, int64_t /*plain_bytes*/) {
  if (!first_page_) return;
  first_page_ = false;
  if (!use_dict_ || page_values == 0) return;
  const double plain = static_cast<double>(page_values) * PlainValueBytes();
  const double dict = static_cast<double>(dict_.dict_bytes()) +
                      static_cast<double>(page_values) * DictionaryIndexBitWidth(dict_.size()) / 8.0;
  if (dict > plain * (1.0 - kMinDictionarySaving)) {
    FallBackToPlain();
    dict_disabled_ = true;
  }
}

template <typename Dict>
void DictionaryColumnWriter<Dict>::ResetChunk() {
  dict_.Clear();
  dict_values_ = 0;
  use_dict_ = chunk_has_dict_ = !dict_disabled_;
  first_page_ = true;
}

template class DictionaryColumnWriter<FixedWidthDictionaryEncoder<0>>;
template class DictionaryColumnWriter<FixedWidthDictionaryEncoder<4>>;
template class DictionaryColumnWriter<FixedWidthDictionaryEncoder<8>>;
template class DictionaryColumnWriter<FixedWidthDictionaryEncoder<12>>;
template class DictionaryColumnWriter<ByteArrayDictionaryEncoder>;

}  // namespace firn::parquet
