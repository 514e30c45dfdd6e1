#include "firn/parquet/encoding/rle_hybrid.h"

#include <algorithm>
#include <cassert>
#include <cstring>
#include <limits>

#include "firn/common/bytes.h"
#include "firn/common/macros.h"
#include "firn/parquet/encoding/bit_packing.h"
#include "firn/parquet/encoding/varint.h"

namespace firn::parquet {
namespace {

// Encodings.md note 3: run lengths are in [1, 2^31 - 1].
constexpr uint64_t kMaxRunLength = (uint64_t{1} << 31) - 1;
constexpr int kMaxGroupsPerHeader = 63;  // (63 << 1) | 1 fits one ULEB128 byte
constexpr uint64_t kNoBound = std::numeric_limits<uint64_t>::max();

int ValueBytes(int bit_width) { return (bit_width + 7) / 8; }

}  // namespace

using encoding_internal::AppendUleb128;
using encoding_internal::ReadUleb128;

// ---- RleEncoder --------------------------------------------------------------------

RleEncoder::RleEncoder(int bit_width, Buffer* out) : bit_width_(bit_width), out_(out) {
  assert(bit_width >= 0 && bit_width <= 64);
}

void RleEncoder::PutRepeated(uint64_t value, uint64_t count) {
  if (count == 0) return;
  if (run_count_ != 0 && value == run_value_) {
    run_count_ += count;
  } else {
    StartRun(value, count);
  }
}

void RleEncoder::StartRun(uint64_t value, uint64_t count) {
  if (run_count_ != 0) EmitRun(run_value_, run_count_);
  run_value_ = value;
  run_count_ = count;
}

// A bit-packed run may only hold a multiple of 8 real values except at the very end, so a
// partial group is first completed from the head of the next run; what is left becomes an
// RLE run if it is still 8 or longer.
void RleEncoder::EmitRun(uint64_t value, uint64_t count) {
  if (group_size_ > 0) {
    uint64_t take = std::min<uint64_t>(count, 8 - group_size_);
    for (uint64_t i = 0; i < take; ++i) group_[group_size_++] = value;
    count -= take;
    if (group_size_ == 8) PackGroup();
  }
  if (count >= 8) {
    CloseBitPackedRun();
    WriteRleRun(value, count);
    return;
  }
  for (uint64_t i = 0; i < count; ++i) group_[group_size_++] = value;
}

void RleEncoder::PackGroup() {
  if (bit_packed_header_ == kNoRun) {
    bit_packed_header_ = out_->size();
    out_->PushBack(0);  // patched by CloseBitPackedRun
    bit_packed_groups_ = 0;
  }
  BitPack<uint64_t>(group_, 8, bit_width_, out_->Extend(bit_width_));
  group_size_ = 0;
  if (++bit_packed_groups_ == kMaxGroupsPerHeader) CloseBitPackedRun();
}

void RleEncoder::CloseBitPackedRun() {
  if (bit_packed_header_ == kNoRun) return;
  out_->data()[bit_packed_header_] = static_cast<uint8_t>((bit_packed_groups_ << 1) | 1);
  bit_packed_header_ = kNoRun;
}

void RleEncoder::WriteRleRun(uint64_t value, uint64_t count) {
  int value_bytes = ValueBytes(bit_width_);
  while (count > 0) {
    uint64_t n = std::min(count, kMaxRunLength);
    AppendUleb128(n << 1, out_);
    uint8_t le[8];
    StoreLE<uint64_t>(le, value);
    out_->Append(le, value_bytes);
    count -= n;
  }
}

void RleEncoder::Flush() {
  if (run_count_ != 0) EmitRun(run_value_, run_count_);
  run_count_ = 0;
  if (group_size_ > 0) {
    while (group_size_ < 8) group_[group_size_++] = 0;
    PackGroup();
  }
  CloseBitPackedRun();
}

// ---- RleDecoder --------------------------------------------------------------------

RleDecoder::RleDecoder(std::span<const uint8_t> data, int bit_width)
    : data_(data), bit_width_(bit_width) {
  assert(bit_width >= 0 && bit_width <= 64);
}

Status RleDecoder::NextRun() {
  size_t header_pos = pos_;
  FIRN_ASSIGN_OR_RETURN(uint64_t header, ReadUleb128(data_, &pos_, "RLE run header"));
  group_pos_ = group_len_ = 0;
  if ((header & 1) == 0) {
    uint64_t count = header >> 1;
    if (count == 0 || count > kMaxRunLength) {
      return Corrupt("RLE run at byte {} has invalid length {}", header_pos, count);
    }
    size_t value_bytes = ValueBytes(bit_width_);
    if (data_.size() - pos_ < value_bytes) {
      return Corrupt("RLE run at byte {} truncated: value needs {} bytes, {} left", header_pos,
                     value_bytes, data_.size() - pos_);
    }
    uint8_t le[8] = {};
    std::memcpy(le, data_.data() + pos_, value_bytes);
    pos_ += value_bytes;
    uint64_t value = LoadLE<uint64_t>(le);
    if (bit_width_ < 64 && (value >> bit_width_) != 0) {
      return Corrupt("RLE run at byte {} repeats {}, wider than bit width {}", header_pos, value,
                     bit_width_);
    }
    is_rle_ = true;
    rle_value_ = value;
    run_left_ = count;
    return OkStatus();
  }
  uint64_t groups = header >> 1;
  if (groups == 0 || groups > kMaxRunLength / 8) {
    return Corrupt("bit-packed run at byte {} has invalid group count {}", header_pos, groups);
  }
  // A truncated body is tolerated as long as the values actually read are present (the
  // zero padding of the last group is sometimes cut); reading past it is Corrupt.
  size_t left = data_.size() - pos_;
  uint64_t body = groups * static_cast<uint64_t>(bit_width_);
  is_rle_ = false;
  run_left_ = groups * 8;
  literal_ = data_.data() + pos_;
  if (body <= left) {
    literal_groups_left_ = groups;
    literal_tail_bytes_ = 0;
    pos_ += body;
  } else {
    literal_groups_left_ = left / bit_width_;  // bit_width_ > 0 since body > left >= 0
    literal_tail_bytes_ = left % bit_width_;
    pos_ = data_.size();
  }
  return OkStatus();
}

// Returns how many of the n requested values of the current bit-packed run were read;
// 0 means the run's bytes ended before its declared length.
template <typename T>
size_t RleDecoder::ReadLiteral(T* out, size_t n) {
  if (group_pos_ == group_len_) {
    if (literal_groups_left_ > 0 && n >= 8) {
      uint64_t groups = std::min<uint64_t>(n / 8, literal_groups_left_);
      BitUnpack<T>(literal_, groups * 8, bit_width_, out);
      literal_ += groups * bit_width_;
      literal_groups_left_ -= groups;
      return groups * 8;
    }
    if (literal_groups_left_ > 0) {
      BitUnpack<uint64_t>(literal_, 8, bit_width_, group_);
      literal_ += bit_width_;
      --literal_groups_left_;
      group_len_ = 8;
    } else if (literal_tail_bytes_ > 0) {
      uint8_t bytes[64] = {};
      std::memcpy(bytes, literal_, literal_tail_bytes_);
      BitUnpack<uint64_t>(bytes, 8, bit_width_, group_);
      group_len_ = static_cast<int>(literal_tail_bytes_ * 8 / bit_width_);
      literal_tail_bytes_ = 0;
    } else {
      return 0;
    }
    group_pos_ = 0;
  }
  size_t k = std::min<size_t>(n, group_len_ - group_pos_);
  for (size_t i = 0; i < k; ++i) out[i] = static_cast<T>(group_[group_pos_ + i]);
  group_pos_ += static_cast<int>(k);
  return k;
}

template <typename T>
Result<size_t> RleDecoder::GetBatchBounded(T* out, size_t n, uint64_t bound) {
  if (bit_width_ > static_cast<int>(8 * sizeof(T))) {
    return Corrupt("RLE bit width {} exceeds {} bits", bit_width_, 8 * sizeof(T));
  }
  size_t done = 0;
  while (done < n) {
    if (run_left_ == 0) {
      if (pos_ >= data_.size()) break;
      FIRN_RETURN_NOT_OK(NextRun());
    }
    size_t want = static_cast<size_t>(std::min<uint64_t>(n - done, run_left_));
    if (is_rle_) {
      if (rle_value_ >= bound) {
        return Corrupt("RLE value {} out of range (must be < {})", rle_value_, bound);
      }
      std::fill_n(out + done, want, static_cast<T>(rle_value_));
      done += want;
      run_left_ -= want;
      continue;
    }
    size_t got = ReadLiteral(out + done, want);
    if (got == 0) {
      return Corrupt("bit-packed run truncated: {} declared values missing at byte {}", run_left_,
                     data_.size());
    }
    if (bound != kNoBound) {
      for (size_t i = done; i < done + got; ++i) {
        if (out[i] >= bound) {
          return Corrupt("bit-packed value {} out of range (must be < {})", uint64_t{out[i]},
                         bound);
        }
      }
    }
    done += got;
    run_left_ -= got;
  }
  return done;
}

template <typename T>
Result<size_t> RleDecoder::GetBatch(T* out, size_t n) {
  return GetBatchBounded(out, n, kNoBound);
}

template Result<size_t> RleDecoder::GetBatch<uint8_t>(uint8_t*, size_t);
template Result<size_t> RleDecoder::GetBatch<uint16_t>(uint16_t*, size_t);
template Result<size_t> RleDecoder::GetBatch<uint32_t>(uint32_t*, size_t);
template Result<size_t> RleDecoder::GetBatch<uint64_t>(uint64_t*, size_t);
template Result<size_t> RleDecoder::GetBatchBounded<uint8_t>(uint8_t*, size_t, uint64_t);
template Result<size_t> RleDecoder::GetBatchBounded<uint16_t>(uint16_t*, size_t, uint64_t);
template Result<size_t> RleDecoder::GetBatchBounded<uint32_t>(uint32_t*, size_t, uint64_t);
template Result<size_t> RleDecoder::GetBatchBounded<uint64_t>(uint64_t*, size_t, uint64_t);

}  // namespace firn::parquet
