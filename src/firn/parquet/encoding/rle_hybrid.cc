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

// Put() with the run in registers; short runs that fit the staging skip EmitRun.
template <typename T>
void RleEncoder::PutBatch(std::span<const T> values) {
  uint64_t run_value = run_value_;
  uint64_t run_count = run_count_;
  for (T t : values) {
    uint64_t v = t;
    if (v == run_value && run_count != 0) {
      ++run_count;
      continue;
    }
    if (run_count >= 8 || num_literals_ + static_cast<int>(run_count) >= kMaxLiterals) {
      EmitRun(run_value, run_count);
    } else {
      for (uint64_t i = 0; i < run_count; ++i) literals_[num_literals_++] = run_value;
    }
    run_value = v;
    run_count = 1;
  }
  run_value_ = run_value;
  run_count_ = run_count;
}

template void RleEncoder::PutBatch<uint8_t>(std::span<const uint8_t>);
template void RleEncoder::PutBatch<uint16_t>(std::span<const uint16_t>);
template void RleEncoder::PutBatch<uint32_t>(std::span<const uint32_t>);
template void RleEncoder::PutBatch<uint64_t>(std::span<const uint64_t>);

void RleEncoder::StartRun(uint64_t value, uint64_t count) {
  if (run_count_ != 0) EmitRun(run_value_, run_count_);
  run_value_ = value;
  run_count_ = count;
}

// A bit-packed run may only hold a multiple of 8 real values except at the very end, so a
// partial group is first completed from the head of the next run; what is left becomes an
// RLE run if it is still 8 or longer.
void RleEncoder::EmitRun(uint64_t value, uint64_t count) {
  if (count >= 8) {
    uint64_t take = (8 - (num_literals_ & 7)) & 7;
    for (uint64_t i = 0; i < take; ++i) literals_[num_literals_++] = value;
    count -= take;
    if (count >= 8) {
      WriteLiterals(num_literals_ / 8);  // whole groups only: num_literals_ % 8 == 0 here
      WriteRleRun(value, count);
      return;
    }
  }
  for (uint64_t i = 0; i < count; ++i) literals_[num_literals_++] = value;  // count < 8
  if (num_literals_ >= kMaxLiterals) {
    WriteLiterals(kMaxGroupsPerRun);  // leaves the (< 16) values past them counted
    std::memmove(literals_, literals_ + kMaxLiterals, num_literals_ * sizeof(uint64_t));
  }
}

void RleEncoder::WriteLiterals(int groups) {
  if (groups == 0) return;
  uint8_t* p = out_->Extend(1 + static_cast<size_t>(groups) * bit_width_);
  p[0] = static_cast<uint8_t>((groups << 1) | 1);
  BitPack<uint64_t>(literals_, 8 * groups, bit_width_, p + 1);
  num_literals_ -= 8 * groups;  // callers move any remainder to the front
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
  while (num_literals_ & 7) literals_[num_literals_++] = 0;
  WriteLiterals(num_literals_ / 8);
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
