#include "firn/parquet/writer/column_statistics.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <utility>

#include "firn/common/bytes.h"

namespace firn::parquet {
namespace {

template <typename T>
T Load(std::string_view s) {
  T v;
  std::memcpy(&v, s.data(), sizeof(T));
  return v;
}

template <typename T>
void Store(std::string& s, T v) {
  s.assign(reinterpret_cast<const char*>(&v), sizeof(T));
}

// Signed big-endian two's complement comparison of equal-length byte strings, or of
// different lengths after sign extension.
bool SignedBytesLess(std::string_view a, std::string_view b) {
  bool neg_a = !a.empty() && (static_cast<uint8_t>(a[0]) & 0x80);
  bool neg_b = !b.empty() && (static_cast<uint8_t>(b[0]) & 0x80);
  if (neg_a != neg_b) return neg_a;
  size_t n = std::max(a.size(), b.size());
  uint8_t ext = neg_a ? 0xFF : 0x00;
  for (size_t i = 0; i < n; ++i) {
    size_t ia = i + a.size(), ib = i + b.size();  // index from the right, with sign extension
    uint8_t ca = ia >= n ? static_cast<uint8_t>(a[ia - n]) : ext;
    uint8_t cb = ib >= n ? static_cast<uint8_t>(b[ib - n]) : ext;
    if (ca != cb) return ca < cb;
  }
  return false;
}

// Unsigned lexicographic a < b, eight bytes at a time: byte-array extremes are compared
// once or twice per value, and values often share long prefixes (URLs, ids), where a
// library memcmp call costs more than the comparison.
bool UnsignedBytesLess(std::string_view a, std::string_view b) {
  const auto* pa = reinterpret_cast<const uint8_t*>(a.data());
  const auto* pb = reinterpret_cast<const uint8_t*>(b.data());
  const size_t n = std::min(a.size(), b.size());
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const uint64_t x = LoadLE<uint64_t>(pa + i), y = LoadLE<uint64_t>(pb + i);
    if (x != y) return __builtin_bswap64(x) < __builtin_bswap64(y);
  }
  for (; i < n; ++i) {
    if (pa[i] != pb[i]) return pa[i] < pb[i];
  }
  return a.size() < b.size();
}

}  // namespace

ColumnStatistics::ColumnStatistics(const SchemaNode& leaf) : width_(ValueWidth(leaf)) {
  switch (leaf.physical) {
    case PhysicalType::kBoolean: order_ = Order::kBool; break;
    case PhysicalType::kInt32: order_ = Order::kInt32; break;
    case PhysicalType::kInt64: order_ = Order::kInt64; break;
    case PhysicalType::kFloat: order_ = Order::kFloat; break;
    case PhysicalType::kDouble: order_ = Order::kDouble; break;
    case PhysicalType::kInt96: order_ = Order::kNone; break;
    case PhysicalType::kByteArray:
    case PhysicalType::kFixedLenByteArray:
      order_ = leaf.logical.kind == LogicalType::Kind::kDecimal ? Order::kSignedBytes
                                                                : Order::kUnsignedBytes;
      break;
  }
}

void ColumnStatistics::Reset() {
  has_min_max_ = false;
  min_.clear();
  max_.clear();
  null_count_ = 0;
  nan_count_ = 0;
}

template <typename T>
void ColumnStatistics::UpdateNumeric(const uint8_t* values, int64_t n) {
  if (n == 0) return;
  T lo, hi;
  std::memcpy(&lo, values, sizeof(T));
  hi = lo;
  for (int64_t i = 1; i < n; ++i) {
    T v;
    std::memcpy(&v, values + i * sizeof(T), sizeof(T));
    lo = v < lo ? v : lo;
    hi = v > hi ? v : hi;
  }
  if (!has_min_max_) {
    Store(min_, lo);
    Store(max_, hi);
    has_min_max_ = true;
    return;
  }
  if (lo < Load<T>(min_)) Store(min_, lo);
  if (hi > Load<T>(max_)) Store(max_, hi);
}

template <typename T>
void ColumnStatistics::UpdateFloating(const uint8_t* values, int64_t n) {
  bool any = false;
  T lo = 0, hi = 0;
  for (int64_t i = 0; i < n; ++i) {
    T v;
    std::memcpy(&v, values + i * sizeof(T), sizeof(T));
    if (std::isnan(v)) {
      ++nan_count_;
      continue;
    }
    if (!any) {
      lo = hi = v;
      any = true;
      continue;
    }
    // Zeros: -0.0 is the smaller for min, +0.0 the larger for max.
    if (v < lo || (v == 0 && lo == 0 && std::signbit(v))) lo = v;
    if (v > hi || (v == 0 && hi == 0 && !std::signbit(v))) hi = v;
  }
  if (!any) return;
  if (lo == 0) lo = -T(0);  // LogicalTypes.md: a zero min is written as -0.0
  if (hi == 0) hi = T(0);   // and a zero max as +0.0
  if (!has_min_max_) {
    Store(min_, lo);
    Store(max_, hi);
    has_min_max_ = true;
    return;
  }
  if (lo < Load<T>(min_) || (lo == 0 && Load<T>(min_) == 0)) Store(min_, lo == 0 ? -T(0) : lo);
  if (hi > Load<T>(max_)) Store(max_, hi);
}

void ColumnStatistics::UpdateFixed(const uint8_t* values, int64_t n) {
  switch (order_) {
    case Order::kBool: UpdateNumeric<uint8_t>(values, n); return;
    case Order::kInt32: UpdateNumeric<int32_t>(values, n); return;
    case Order::kInt64: UpdateNumeric<int64_t>(values, n); return;
    case Order::kFloat: UpdateFloating<float>(values, n); return;
    case Order::kDouble: UpdateFloating<double>(values, n); return;
    case Order::kNone: return;
    case Order::kUnsignedBytes:
    case Order::kSignedBytes: {
      const auto* base = reinterpret_cast<const char*>(values);
      const auto width = static_cast<size_t>(width_);
      UpdateBytesBatch(n, [&](int64_t i) { return std::string_view(base + i * width_, width); });
      return;
    }
  }
}

bool ColumnStatistics::Less(std::string_view a, std::string_view b) const {
  if (order_ == Order::kSignedBytes) return SignedBytesLess(a, b);
  return UnsignedBytesLess(a, b);
}

template <typename ValueAt>
void ColumnStatistics::UpdateBytesBatch(int64_t n, ValueAt&& value_at) {
  if (n == 0) return;
  // The order is chosen once per batch, not per value.
  const auto extremes = [&](auto less) {
    std::string_view lo = value_at(0), hi = lo;
    for (int64_t i = 1; i < n; ++i) {
      const std::string_view v = value_at(i);
      if (less(v, lo)) lo = v;
      else if (less(hi, v)) hi = v;
    }
    return std::pair(lo, hi);
  };
  const auto [lo, hi] = order_ == Order::kSignedBytes ? extremes(SignedBytesLess) : extremes(UnsignedBytesLess);
  UpdateBytes(lo);
  if (hi.data() != lo.data() || hi.size() != lo.size()) UpdateBytes(hi);
}

void ColumnStatistics::UpdateByteArrays(const uint8_t* data, const int64_t* offsets, int64_t n) {
  const auto* base = reinterpret_cast<const char*>(data);
  UpdateBytesBatch(n, [&](int64_t i) {
    return std::string_view(base + offsets[i], static_cast<size_t>(offsets[i + 1] - offsets[i]));
  });
}

void ColumnStatistics::UpdateByteArrays(const uint8_t* data, const int64_t* offsets,
                                        const int64_t* slots, int64_t n) {
  const auto* base = reinterpret_cast<const char*>(data);
  UpdateBytesBatch(n, [&](int64_t i) {
    const int64_t s = slots[i];
    return std::string_view(base + offsets[s], static_cast<size_t>(offsets[s + 1] - offsets[s]));
  });
}

void ColumnStatistics::UpdateBytes(std::string_view value) {
  if (!has_min_max_) {
    min_.assign(value);
    max_.assign(value);
    has_min_max_ = true;
    return;
  }
  if (Less(value, min_)) min_.assign(value);
  else if (Less(max_, value)) max_.assign(value);
}

void ColumnStatistics::Merge(const ColumnStatistics& other) {
  null_count_ += other.null_count_;
  nan_count_ += other.nan_count_;
  if (!other.has_min_max_) return;
  if (!has_min_max_) {
    min_ = other.min_;
    max_ = other.max_;
    has_min_max_ = true;
    return;
  }
  int64_t saved_nan = nan_count_;
  switch (order_) {
    case Order::kUnsignedBytes:
    case Order::kSignedBytes:
      UpdateBytes(other.min_);
      UpdateBytes(other.max_);
      break;
    default:
      UpdateFixed(reinterpret_cast<const uint8_t*>(other.min_.data()), 1);
      UpdateFixed(reinterpret_cast<const uint8_t*>(other.max_.data()), 1);
      break;
  }
  nan_count_ = saved_nan;
}

}  // namespace firn::parquet
