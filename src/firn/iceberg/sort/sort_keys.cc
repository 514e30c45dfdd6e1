#include "firn/iceberg/sort/sort_keys.h"

#include <algorithm>
#include <bit>
#include <cstring>
#include <numeric>
#include <string_view>
#include <unordered_map>

#include "firn/common/macros.h"
#include "firn/iceberg/data/source_column.h"
#include "firn/iceberg/partition/transform_columnar.h"

namespace firn::iceberg {
namespace {

constexpr uint64_t kSign = uint64_t{1} << 63;

uint64_t NormalizeSigned(int64_t v) { return static_cast<uint64_t>(v) ^ kSign; }

// IEEE bits to an unsigned integer with the spec's total order (-NaN first, NaN last).
uint64_t NormalizeDouble(double d) {
  const uint64_t bits = std::bit_cast<uint64_t>(d);
  return (bits & kSign) != 0 ? ~bits : bits | kSign;
}

uint64_t NormalizeFloat(float f) { return NormalizeDouble(static_cast<double>(f)); }

// How a transformed column's values are laid out (column_vector.h) and compared.
enum class KeyLayout { kInt32, kInt64, kFloat, kDouble, kBool, kBytes, kFixed, kSignedFixed };

KeyLayout LayoutOf(const Type& t) {
  switch (t.id()) {
    case TypeId::kBoolean:
      return KeyLayout::kBool;
    case TypeId::kInt:
    case TypeId::kDate:
      return KeyLayout::kInt32;
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs:
      return KeyLayout::kInt64;
    case TypeId::kFloat:
      return KeyLayout::kFloat;
    case TypeId::kDouble:
      return KeyLayout::kDouble;
    case TypeId::kDecimal:
      if (t.precision() <= 9) return KeyLayout::kInt32;
      if (t.precision() <= 18) return KeyLayout::kInt64;
      return KeyLayout::kSignedFixed;
    case TypeId::kUuid:
    case TypeId::kFixed:
      return KeyLayout::kFixed;
    default:
      return KeyLayout::kBytes;  // string, binary
  }
}

// The first 8 bytes as a big-endian integer, zero-padded: comparing two prefixes orders
// the byte strings by their first 8 bytes.
uint64_t Prefix(const uint8_t* p, size_t n) {
  uint64_t v = 0;
  const size_t k = std::min<size_t>(n, 8);
  for (size_t i = 0; i < k; ++i) v |= static_cast<uint64_t>(p[i]) << (56 - 8 * i);
  return v;
}

int CompareBytes(std::string_view a, std::string_view b) {
  const size_t n = std::min(a.size(), b.size());
  if (n > 0) {
    if (int c = std::memcmp(a.data(), b.data(), n); c != 0) return c < 0 ? -1 : 1;
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

}  // namespace

Result<SortKeys> SortKeys::Make(const Schema& schema, const SortOrder& order, const parquet::RecordBatch& batch) {
  SortKeys out;
  const int64_t n = batch.num_rows;
  out.num_rows_ = n;
  out.fields_.resize(order.fields.size());
  for (size_t k = 0; k < order.fields.size(); ++k) {
    const SortField& sf = order.fields[k];
    Field& f = out.fields_[k];
    f.descending = sf.direction == SortDirection::kDesc;
    f.nulls_first = sf.null_order == NullOrder::kNullsFirst;
    FIRN_ASSIGN_OR_RETURN(SourceColumn src, FindSourceColumn(schema, batch, sf.source_id, "sort source"));
    FIRN_ASSIGN_OR_RETURN(Type result, sf.transform.ResultType(src.type));
    parquet::ColumnVector transformed;
    const parquet::ColumnVector* values = src.leaf;
    if (sf.transform.kind != TransformKind::kIdentity) {
      FIRN_RETURN_NOT_OK_CTX(ApplyTransformColumnar(sf.transform, src.type, *src.leaf, &transformed),
                             "sort field " + sf.transform.ToString() + "(" + std::to_string(sf.source_id.value()) + ")");
      values = &transformed;
    }
    f.valid.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      f.valid[static_cast<size_t>(i)] = values->IsValid(i) && src.AncestorsValid(i) ? 1 : 0;
    }
    const KeyLayout layout = sf.transform.kind == TransformKind::kVoid ? KeyLayout::kInt64 : LayoutOf(result);
    if (layout == KeyLayout::kFixed || layout == KeyLayout::kSignedFixed) {
      f.bytes = true;
      f.width = ColumnValueWidth(result);
      const auto* begin = values->values.data();
      f.fixed.assign(begin, begin + n * f.width);
      if (layout == KeyLayout::kSignedFixed) {
        // Two's complement big-endian: flipping the sign bit makes unsigned byte order
        // numeric order.
        for (int64_t i = 0; i < n; ++i) f.fixed[static_cast<size_t>(i * f.width)] ^= 0x80;
      }
      f.normalized.resize(static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i) {
        f.normalized[static_cast<size_t>(i)] = Prefix(f.fixed.data() + i * f.width, static_cast<size_t>(f.width));
      }
      continue;
    }
    if (layout == KeyLayout::kBytes) {
      f.bytes = true;
      if (values == &transformed) {
        f.owned = std::move(transformed);
      } else {
        f.source = values;
      }
      f.normalized.resize(static_cast<size_t>(n));
      f.normalized2.resize(static_cast<size_t>(n));
      const parquet::ColumnVector& col = f.byte_column();
      for (int64_t i = 0; i < n; ++i) {
        if (!f.valid[static_cast<size_t>(i)]) continue;
        const std::string_view b = col.BytesAt(i);
        const auto* p = reinterpret_cast<const uint8_t*>(b.data());
        f.normalized[static_cast<size_t>(i)] = Prefix(p, b.size());
        if (b.size() > 8) f.normalized2[static_cast<size_t>(i)] = Prefix(p + 8, b.size() - 8);
      }
      continue;
    }
    f.normalized.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      if (!f.valid[static_cast<size_t>(i)]) continue;
      uint64_t v = 0;
      switch (layout) {
        case KeyLayout::kBool:
          v = values->ValueAt<uint8_t>(i) != 0 ? 1 : 0;
          break;
        case KeyLayout::kInt32:
          v = NormalizeSigned(values->ValueAt<int32_t>(i));
          break;
        case KeyLayout::kInt64:
          v = NormalizeSigned(values->ValueAt<int64_t>(i));
          break;
        case KeyLayout::kFloat:
          v = NormalizeFloat(values->ValueAt<float>(i));
          break;
        case KeyLayout::kDouble:
          v = NormalizeDouble(values->ValueAt<double>(i));
          break;
        default:
          break;
      }
      f.normalized[static_cast<size_t>(i)] = v;
    }
  }
  return out;
}

int SortKeys::CompareField(const Field& fa, int64_t i, const Field& fb, int64_t j) {
  const bool va = fa.valid[static_cast<size_t>(i)] != 0, vb = fb.valid[static_cast<size_t>(j)] != 0;
  if (!va || !vb) {
    if (va == vb) return 0;
    return !va == fa.nulls_first ? -1 : 1;
  }
  int c = 0;
  const uint64_t a = fa.normalized[static_cast<size_t>(i)], b = fb.normalized[static_cast<size_t>(j)];
  if (!fa.bytes || a != b) {
    c = a < b ? -1 : (a > b ? 1 : 0);  // a number, or byte strings that differ in 8 bytes
  } else if (fa.width > 0) {
    if (fa.width <= 8) return 0;
    c = std::memcmp(fa.fixed.data() + i * fa.width, fb.fixed.data() + j * fb.width, static_cast<size_t>(fa.width));
    c = c < 0 ? -1 : (c > 0 ? 1 : 0);
  } else {
    const std::string_view x = fa.byte_column().BytesAt(i), y = fb.byte_column().BytesAt(j);
    const uint64_t a2 = fa.normalized2[static_cast<size_t>(i)], b2 = fb.normalized2[static_cast<size_t>(j)];
    if (a2 != b2) {
      c = a2 < b2 ? -1 : 1;  // the next 8 bytes differ
    } else if (x.size() <= 16 && y.size() <= 16) {
      // Equal in 16 bytes, zero-padded: they differ only in length.
      c = x.size() < y.size() ? -1 : (x.size() > y.size() ? 1 : 0);
    } else {
      c = CompareBytes(x, y);
    }
  }
  return fa.descending ? -c : c;
}

int SortKeys::Compare(const SortKeys& a, int64_t i, const SortKeys& b, int64_t j) {
  for (size_t k = 0; k < a.fields_.size(); ++k) {
    if (int c = CompareField(a.fields_[k], i, b.fields_[k], j); c != 0) return c;
  }
  return 0;
}

std::vector<int64_t> SortKeys::SortedRows() const {
  // Within one batch, byte keys compare by rank: each distinct value's position among the
  // batch's distinct values, so that the sort compares integers only (equal strings, the
  // common case for a low-cardinality leading key, no longer cost a memcmp each).
  std::vector<std::vector<uint64_t>> ranks(fields_.size());
  for (size_t k = 0; k < fields_.size(); ++k) {
    if (fields_[k].bytes) ranks[k] = Ranks(fields_[k]);
  }
  auto less = [&](int64_t x, int64_t y) {
    for (size_t k = 0; k < fields_.size(); ++k) {
      const Field& f = fields_[k];
      int c = 0;
      if (!f.bytes) {
        c = CompareField(f, x, f, y);
      } else {
        const bool vx = f.valid[static_cast<size_t>(x)] != 0, vy = f.valid[static_cast<size_t>(y)] != 0;
        if (!vx || !vy) {
          c = vx == vy ? 0 : (!vx == f.nulls_first ? -1 : 1);
        } else {
          const uint64_t a = ranks[k][static_cast<size_t>(x)], b = ranks[k][static_cast<size_t>(y)];
          c = a < b ? -1 : (a > b ? 1 : 0);
          if (f.descending) c = -c;
        }
      }
      if (c != 0) return c < 0;
    }
    return false;
  };
  std::vector<int64_t> rows(static_cast<size_t>(num_rows_));
  std::iota(rows.begin(), rows.end(), int64_t{0});
  std::stable_sort(rows.begin(), rows.end(), less);
  return rows;
}

std::vector<uint64_t> SortKeys::Ranks(const Field& f) const {
  const size_t n = static_cast<size_t>(num_rows_);
  auto bytes_at = [&](size_t i) -> std::string_view {
    if (f.width > 0) {
      return {reinterpret_cast<const char*>(f.fixed.data()) + i * static_cast<size_t>(f.width),
              static_cast<size_t>(f.width)};
    }
    return f.byte_column().BytesAt(static_cast<int64_t>(i));
  };
  std::unordered_map<std::string_view, uint32_t> ids;
  std::vector<uint32_t> id_of(n, 0);
  std::vector<std::string_view> distinct;
  for (size_t i = 0; i < n; ++i) {
    if (!f.valid[i]) continue;
    auto [it, inserted] = ids.try_emplace(bytes_at(i), static_cast<uint32_t>(distinct.size()));
    if (inserted) distinct.push_back(it->first);
    id_of[i] = it->second;
  }
  std::vector<uint32_t> order(distinct.size());
  std::iota(order.begin(), order.end(), uint32_t{0});
  std::sort(order.begin(), order.end(),
            [&](uint32_t a, uint32_t b) { return CompareBytes(distinct[a], distinct[b]) < 0; });
  std::vector<uint64_t> rank_of_id(distinct.size());
  for (size_t r = 0; r < order.size(); ++r) rank_of_id[order[r]] = r;
  std::vector<uint64_t> out(n, 0);
  for (size_t i = 0; i < n; ++i) {
    if (f.valid[i]) out[i] = rank_of_id[id_of[i]];
  }
  return out;
}

}  // namespace firn::iceberg
