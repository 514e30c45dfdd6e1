#include "firn/parquet/encoding/byte_stream_split.h"

#include <cassert>

namespace firn::parquet {
namespace {

// kWidth == 0 means "use the runtime width", walked stream by stream. A known width walks
// value by value with the byte loop unrolled: kWidth sequential streams at once.
template <size_t kWidth>
void Split(const uint8_t* in, size_t n, size_t runtime_width, uint8_t* out) {
  if constexpr (kWidth != 0) {
    for (size_t i = 0; i < n; ++i) {
      for (size_t b = 0; b < kWidth; ++b) out[b * n + i] = in[i * kWidth + b];
    }
  } else {
    for (size_t b = 0; b < runtime_width; ++b) {
      uint8_t* stream = out + b * n;
      for (size_t i = 0; i < n; ++i) stream[i] = in[i * runtime_width + b];
    }
  }
}

template <size_t kWidth>
void Join(const uint8_t* in, size_t n, size_t runtime_width, uint8_t* out) {
  if constexpr (kWidth != 0) {
    for (size_t i = 0; i < n; ++i) {
      for (size_t b = 0; b < kWidth; ++b) out[i * kWidth + b] = in[b * n + i];
    }
  } else {
    for (size_t b = 0; b < runtime_width; ++b) {
      const uint8_t* stream = in + b * n;
      for (size_t i = 0; i < n; ++i) out[i * runtime_width + b] = stream[i];
    }
  }
}

}  // namespace

void ByteStreamSplitEncode(std::span<const uint8_t> values, size_t width, Buffer* out) {
  assert(width > 0 && values.size() % width == 0);
  size_t n = values.size() / width;
  uint8_t* dst = out->Extend(values.size());
  switch (width) {
    case 4:
      return Split<4>(values.data(), n, 4, dst);
    case 8:
      return Split<8>(values.data(), n, 8, dst);
    default:
      return Split<0>(values.data(), n, width, dst);
  }
}

Status ByteStreamSplitDecode(std::span<const uint8_t> in, size_t n, size_t width, Buffer& out) {
  assert(width > 0);
  if (in.size() % width != 0 || in.size() / width != n) {
    return Corrupt("BYTE_STREAM_SPLIT: {} values of {} bytes do not fill the page's {} bytes", n,
                   width, in.size());
  }
  uint8_t* dst = out.Extend(in.size());
  switch (width) {
    case 4:
      Join<4>(in.data(), n, 4, dst);
      break;
    case 8:
      Join<8>(in.data(), n, 8, dst);
      break;
    default:
      Join<0>(in.data(), n, width, dst);
      break;
  }
  return OkStatus();
}

}  // namespace firn::parquet
