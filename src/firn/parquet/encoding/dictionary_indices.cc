#include "firn/parquet/encoding/dictionary_indices.h"

#include <cassert>

#include "firn/common/bytes.h"

namespace firn::parquet {

int DictionaryIndexBitWidth(size_t dict_size) {
  return dict_size <= 1 ? 0 : BitWidth(dict_size - 1);
}

void EncodeDictionaryIndices(std::span<const uint32_t> indices, int bit_width, Buffer* out) {
  assert(bit_width >= 0 && bit_width <= 32);
  out->PushBack(static_cast<uint8_t>(bit_width));
  RleEncoder encoder(bit_width, out);
  encoder.PutBatch(indices);
  encoder.Flush();
}

Result<DictionaryIndexDecoder> DictionaryIndexDecoder::Make(std::span<const uint8_t> data,
                                                            uint32_t dict_size) {
  if (data.empty()) return Corrupt("dictionary indices: missing the bit width byte");
  int bit_width = data[0];
  if (bit_width > 32) return Corrupt("dictionary indices: bit width {} exceeds 32", bit_width);
  return DictionaryIndexDecoder(data.subspan(1), bit_width, dict_size);
}

}  // namespace firn::parquet
