#include "firn/parquet/encoding/delta_binary_packed.h"

#include <algorithm>
#include <cstring>

#include "firn/common/bytes.h"
#include "firn/common/macros.h"
#include "firn/parquet/encoding/bit_packing.h"
#include "firn/parquet/encoding/varint.h"

namespace firn::parquet {

using encoding_internal::AppendUleb128;
using encoding_internal::ReadUleb128;
using encoding_internal::ZigZagDecode;
using encoding_internal::ZigZagEncode;

namespace {
// Sanity bound on the block size of streams we read; writers use 128 (parquet-java,
// Arrow, arrow-rs) and the bound keeps every size computation far from overflow.
constexpr uint64_t kMaxReadBlockSize = uint64_t{1} << 20;
}  // namespace

// ---- Encoder -----------------------------------------------------------------------

template <typename T>
void DeltaBinaryPackedEncoder<T>::Put(T value) {
  U v = static_cast<U>(value);
  if (count_++ == 0) {
    first_ = last_ = v;
    return;
  }
  deltas_[num_deltas_++] = v - last_;
  last_ = v;
  if (num_deltas_ == kDeltaBlockSize) FlushBlock();
}

template <typename T>
void DeltaBinaryPackedEncoder<T>::PutBatch(std::span<const T> values) {
  for (T v : values) Put(v);
}

// Encodings.md steps 2 and 3: subtract the block's minimum delta (as a signed value), then
// bit-pack each miniblock at its own width. Unused miniblocks of a short last block get
// width 0 and no body; the last used one is padded with zeros to 32 values.
template <typename T>
void DeltaBinaryPackedEncoder<T>::FlushBlock() {
  if (num_deltas_ == 0) return;
  T min_delta = static_cast<T>(deltas_[0]);
  for (uint32_t i = 1; i < num_deltas_; ++i) {
    min_delta = std::min(min_delta, static_cast<T>(deltas_[i]));
  }
  for (uint32_t i = 0; i < num_deltas_; ++i) deltas_[i] -= static_cast<U>(min_delta);
  std::fill(deltas_ + num_deltas_, deltas_ + kDeltaBlockSize, U{0});
  AppendUleb128(ZigZagEncode(min_delta), &blocks_);
  uint8_t widths[kDeltaMiniblocks] = {};
  for (uint32_t m = 0; m * kDeltaMiniblockSize < num_deltas_; ++m) {
    U bits = 0;
    for (uint32_t i = 0; i < kDeltaMiniblockSize; ++i) bits |= deltas_[m * kDeltaMiniblockSize + i];
    widths[m] = static_cast<uint8_t>(BitWidth(bits));
  }
  blocks_.Append(widths, kDeltaMiniblocks);
  for (uint32_t m = 0; m * kDeltaMiniblockSize < num_deltas_; ++m) {
    uint8_t* body = blocks_.Extend(BitPackedBytes(kDeltaMiniblockSize, widths[m]));
    BitPack<U>(deltas_ + m * kDeltaMiniblockSize, kDeltaMiniblockSize, widths[m], body);
  }
  num_deltas_ = 0;
}

template <typename T>
void DeltaBinaryPackedEncoder<T>::Finish(Buffer* out) {
  FlushBlock();
  AppendUleb128(kDeltaBlockSize, out);
  AppendUleb128(kDeltaMiniblocks, out);
  AppendUleb128(count_, out);
  AppendUleb128(ZigZagEncode(static_cast<T>(first_)), out);
  out->Append(blocks_.span());
  blocks_.Clear();
  count_ = 0;
  first_ = last_ = 0;
}

template <typename T>
size_t DeltaBinaryPackedEncoder<T>::EstimatedSize() const {
  constexpr size_t kMaxBlock = 10 + kDeltaMiniblocks + kDeltaBlockSize * sizeof(T);
  return 4 * 10 + blocks_.size() + (num_deltas_ > 0 ? kMaxBlock : 0);
}

// ---- Decoder -----------------------------------------------------------------------

template <typename T>
Result<DeltaBinaryPackedDecoder<T>> DeltaBinaryPackedDecoder<T>::Make(
    std::span<const uint8_t> data) {
  DeltaBinaryPackedDecoder d;
  d.data_ = data;
  FIRN_ASSIGN_OR_RETURN(uint64_t block_size, ReadUleb128(data, &d.pos_, "delta block size"));
  FIRN_ASSIGN_OR_RETURN(d.miniblocks_, ReadUleb128(data, &d.pos_, "delta miniblock count"));
  FIRN_ASSIGN_OR_RETURN(d.total_, ReadUleb128(data, &d.pos_, "delta value count"));
  FIRN_ASSIGN_OR_RETURN(uint64_t first, ReadUleb128(data, &d.pos_, "delta first value"));
  if (block_size == 0 || block_size % 128 != 0 || block_size > kMaxReadBlockSize) {
    return Corrupt("delta: block size {} is not a multiple of 128 in [128, {}]", block_size,
                   kMaxReadBlockSize);
  }
  if (d.miniblocks_ == 0 || block_size % d.miniblocks_ != 0 ||
      (block_size / d.miniblocks_) % 32 != 0) {
    return Corrupt("delta: {} miniblocks do not divide block size {} into multiples of 32",
                   d.miniblocks_, block_size);
  }
  d.values_per_miniblock_ = block_size / d.miniblocks_;
  // Every block costs at least a min-delta byte and the bit-width bytes.
  if (d.total_ > 1) {
    uint64_t blocks = (d.total_ - 1) / block_size + ((d.total_ - 1) % block_size != 0);
    if (blocks > (data.size() - d.pos_) / (1 + d.miniblocks_)) {
      return Corrupt("delta: {} values need {} blocks, more than the {} bytes left can hold",
                     d.total_, blocks, data.size() - d.pos_);
    }
  }
  d.left_ = d.total_;
  d.last_ = static_cast<U>(ZigZagDecode(first));  // wraps an out-of-range INT32 value
  d.miniblock_ = d.miniblocks_;                   // the first miniblock starts a block
  return d;
}

template <typename T>
Status DeltaBinaryPackedDecoder<T>::NextMiniblock() {
  if (miniblock_ == miniblocks_) {
    FIRN_ASSIGN_OR_RETURN(uint64_t min_delta, ReadUleb128(data_, &pos_, "delta min delta"));
    min_delta_ = static_cast<U>(ZigZagDecode(min_delta));
    if (data_.size() - pos_ < miniblocks_) {
      return Corrupt("delta: block bit widths truncated at byte {}", pos_);
    }
    widths_ = data_.data() + pos_;
    pos_ += miniblocks_;
    miniblock_ = 0;
  }
  // Widths of miniblocks past the last value are never read: the spec lets them be junk.
  int width = widths_[miniblock_++];
  if (width > static_cast<int>(8 * sizeof(T))) {
    return Corrupt("delta: miniblock bit width {} exceeds {} at byte {}", width, 8 * sizeof(T),
                   pos_);
  }
  uint64_t bytes = values_per_miniblock_ / 8 * width;
  if (data_.size() - pos_ < bytes) {
    return Corrupt("delta: miniblock of {} bytes truncated at byte {} ({} left)", bytes, pos_,
                   data_.size() - pos_);
  }
  miniblock_data_ = data_.data() + pos_;
  pos_ += bytes;
  miniblock_values_left_ = values_per_miniblock_;
  miniblock_width_ = width;
  return OkStatus();
}

template <typename T>
Result<size_t> DeltaBinaryPackedDecoder<T>::GetBatch(T* out, size_t n) {
  size_t done = 0;
  if (first_pending_ && n > 0 && left_ > 0) {
    out[done++] = static_cast<T>(last_);
    first_pending_ = false;
    --left_;
  }
  while (done < n && left_ > 0) {
    if (chunk_pos_ == chunk_len_) {
      if (miniblock_values_left_ == 0) FIRN_RETURN_NOT_OK(NextMiniblock());
      BitUnpack<U>(miniblock_data_, 32, miniblock_width_, chunk_);
      miniblock_data_ += 4 * miniblock_width_;
      miniblock_values_left_ -= 32;
      U value = last_;
      for (U& c : chunk_) c = value += min_delta_ + c;
      last_ = value;
      chunk_pos_ = 0;
      chunk_len_ = 32;
    }
    size_t k =
        std::min<uint64_t>({n - done, static_cast<uint64_t>(chunk_len_ - chunk_pos_), left_});
    for (size_t i = 0; i < k; ++i) out[done + i] = static_cast<T>(chunk_[chunk_pos_ + i]);
    chunk_pos_ += static_cast<int>(k);
    done += k;
    left_ -= k;
  }
  return done;
}

template <typename T>
Result<size_t> DeltaBinaryPackedDecode(std::span<const uint8_t> in, size_t n, Buffer& out) {
  FIRN_ASSIGN_OR_RETURN(auto decoder, DeltaBinaryPackedDecoder<T>::Make(in));
  if (decoder.total_values() < n) {
    return Corrupt("delta: stream holds {} values, expected {}", decoder.total_values(), n);
  }
  // Decoded through an aligned scratch array: out's end need not be aligned for T.
  size_t old_size = out.size();
  T chunk[256];
  for (size_t done = 0; done < n;) {
    auto got = decoder.GetBatch(chunk, std::min<size_t>(n - done, 256));
    if (!got.has_value()) {
      out.Resize(old_size);
      return std::unexpected(std::move(got).error());
    }
    out.Append(chunk, *got * sizeof(T));
    done += *got;
  }
  return decoder.position();
}

template class DeltaBinaryPackedEncoder<int32_t>;
template class DeltaBinaryPackedEncoder<int64_t>;
template class DeltaBinaryPackedDecoder<int32_t>;
template class DeltaBinaryPackedDecoder<int64_t>;
template Result<size_t> DeltaBinaryPackedDecode<int32_t>(std::span<const uint8_t>, size_t, Buffer&);
template Result<size_t> DeltaBinaryPackedDecode<int64_t>(std::span<const uint8_t>, size_t, Buffer&);

}  // namespace firn::parquet
