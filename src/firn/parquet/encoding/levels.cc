#include "firn/parquet/encoding/levels.h"

#include <algorithm>

#include "firn/common/bytes.h"
#include "firn/common/macros.h"
#include "firn/parquet/encoding/rle_hybrid.h"

namespace firn::parquet {
namespace {

void EncodeRuns(std::span<const int16_t> levels, int16_t max_level, Buffer* out) {
  RleEncoder encoder(LevelBitWidth(max_level), out);
  // int16_t and uint16_t may alias; levels are non-negative.
  encoder.PutBatch(std::span(reinterpret_cast<const uint16_t*>(levels.data()), levels.size()));
  encoder.Flush();
}

Status DecodeRuns(std::span<const uint8_t> in, int16_t max_level, size_t n, int16_t* out) {
  RleDecoder decoder(in, LevelBitWidth(max_level));
  // int16_t and uint16_t may alias; bounded by max_level, every value fits int16_t.
  FIRN_ASSIGN_OR_RETURN(size_t got, decoder.GetBatchBounded(reinterpret_cast<uint16_t*>(out), n,
                                                            static_cast<uint64_t>(max_level) + 1));
  if (got != n) return Corrupt("levels: expected {} values, found {}", n, got);
  return OkStatus();
}

}  // namespace

int LevelBitWidth(int16_t max_level) {
  return max_level <= 0 ? 0 : BitWidth(static_cast<uint64_t>(max_level));
}

void EncodeLevelsV1(std::span<const int16_t> levels, int16_t max_level, Buffer* out) {
  if (max_level == 0) return;
  size_t prefix = out->size();
  out->Extend(4);
  EncodeRuns(levels, max_level, out);
  StoreLE<uint32_t>(out->data() + prefix, static_cast<uint32_t>(out->size() - prefix - 4));
}

void EncodeLevelsV2(std::span<const int16_t> levels, int16_t max_level, Buffer* out) {
  if (max_level == 0) return;
  EncodeRuns(levels, max_level, out);
}

Result<size_t> DecodeLevelsV1(std::span<const uint8_t> in, int16_t max_level, size_t n,
                              int16_t* out) {
  if (max_level == 0) {
    std::fill_n(out, n, int16_t{0});
    return 0;
  }
  FIRN_ASSIGN_OR_RETURN(auto runs, ReadLengthPrefixed(in, "levels"));
  FIRN_RETURN_NOT_OK(DecodeRuns(runs, max_level, n, out));
  return 4 + runs.size();
}

Status DecodeLevelsV2(std::span<const uint8_t> in, int16_t max_level, size_t n, int16_t* out) {
  if (max_level == 0) {
    std::fill_n(out, n, int16_t{0});
    return OkStatus();
  }
  return DecodeRuns(in, max_level, n, out);
}

Result<std::span<const uint8_t>> ReadLengthPrefixed(std::span<const uint8_t> in, const char* what) {
  if (in.size() < 4)
    return Corrupt("{}: {} bytes, too short for the length prefix", what, in.size());
  uint32_t length = LoadLE<uint32_t>(in.data());
  if (length > in.size() - 4) {
    return Corrupt("{}: length prefix {} exceeds the {} bytes left", what, length, in.size() - 4);
  }
  return in.subspan(4, length);
}

}  // namespace firn::parquet
