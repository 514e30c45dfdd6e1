// RowFilter: one typed, columnar loop per bound predicate (see row_filter.h). Null slots of
// fixed-width columns hold (ignored) bytes and null byte-array slots are empty, so every
// loop reads all slots and masks the result with the slot's presence, without branches.
#include "firn/iceberg/expressions/row_filter.h"

#include <algorithm>
#include <cmath>
#include <string_view>
#include <type_traits>

#include "firn/common/macros.h"
#include "firn/iceberg/expressions/binder.h"
#include "firn/parquet/schema/iceberg_types.h"

namespace firn::iceberg {
namespace {

// Three-way compare in the literal order (literal.h's Compare): floats as Java's
// Double.compare for non-NaN values (-0.0 < 0.0), bytes unsigned.
template <typename T>
int Cmp(const T& a, const T& b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (a < b) return -1;
    if (a > b) return 1;
    return static_cast<int>(std::signbit(b)) - static_cast<int>(std::signbit(a));
  } else if constexpr (std::is_same_v<T, std::string_view>) {
    int c = a.compare(b);
    return (c > 0) - (c < 0);
  } else {
    return (a > b) - (a < b);
  }
}

template <typename T>
T LiteralAs(const Literal& lit) {
  if constexpr (std::is_same_v<T, std::string_view>) {
    return lit.bytes();
  } else if constexpr (std::is_same_v<T, uint8_t>) {
    return std::get<bool>(lit.value) ? 1 : 0;
  } else if constexpr (std::is_same_v<T, Int128>) {
    return lit.unscaled();
  } else {
    return std::get<T>(lit.value);
  }
}

// out[i] = present[i] && (value i satisfies p). `get(i)` reads slot i (any slot, null or not).
template <typename T, typename Get>
void Kernel(const Expression& p, int64_t n, const uint8_t* present, const Get& get, uint8_t* out) {
  constexpr bool kFloat = std::is_floating_point_v<T>;
  auto run = [&](auto pred, bool nan_result) {
    for (int64_t i = 0; i < n; ++i) {
      T v = get(i);
      bool r;
      if constexpr (kFloat) {
        r = std::isnan(v) ? nan_result : pred(v);
      } else {
        (void)nan_result;
        r = pred(v);
      }
      out[i] = present[i] & static_cast<uint8_t>(r);
    }
  };
  if (p.op == Operation::kIsNan || p.op == Operation::kNotNan) {
    if constexpr (kFloat) {
      bool want = p.op == Operation::kIsNan;
      for (int64_t i = 0; i < n; ++i) out[i] = present[i] & static_cast<uint8_t>(std::isnan(get(i)) == want);
    } else {
      std::fill(out, out + n, 0);  // the binder allows NaN tests on floats only
    }
    return;
  }
  if (p.op == Operation::kIn || p.op == Operation::kNotIn) {
    std::vector<T> set;
    set.reserve(p.literals.size());
    for (const Literal& l : p.literals) set.push_back(LiteralAs<T>(l));  // sorted by the binder
    bool in = p.op == Operation::kIn;
    auto less = [](const T& a, const T& b) { return Cmp(a, b) < 0; };
    run([&](const T& v) { return std::binary_search(set.begin(), set.end(), v, less) == in; }, !in);
    return;
  }
  const T lit = LiteralAs<T>(p.literal());
  switch (p.op) {
    case Operation::kLt: run([&](const T& v) { return Cmp(v, lit) < 0; }, false); break;
    case Operation::kLtEq: run([&](const T& v) { return Cmp(v, lit) <= 0; }, false); break;
    case Operation::kGt: run([&](const T& v) { return Cmp(v, lit) > 0; }, false); break;
    case Operation::kGtEq: run([&](const T& v) { return Cmp(v, lit) >= 0; }, false); break;
    case Operation::kEq: run([&](const T& v) { return Cmp(v, lit) == 0; }, false); break;
    case Operation::kNotEq: run([&](const T& v) { return Cmp(v, lit) != 0; }, true); break;
    case Operation::kStartsWith:
    case Operation::kNotStartsWith:
      if constexpr (std::is_same_v<T, std::string_view>) {
        bool want = p.op == Operation::kStartsWith;
        run([&](const T& v) { return v.starts_with(lit) == want; }, false);
      } else {
        std::fill(out, out + n, 0);  // the binder allows starts_with on strings only
      }
      break;
    default: std::fill(out, out + n, 0); break;
  }
}

Status CheckFixed(const parquet::ColumnVector& v, int64_t n, int64_t width, const std::string& name) {
  if (static_cast<int64_t>(v.values.size()) < n * width) {
    return InvalidArgument("column '{}': {} value bytes for {} rows of width {}", name, v.values.size(), n, width);
  }
  return OkStatus();
}

Status CheckOffsets(const parquet::ColumnVector& v, int64_t n, const std::string& name) {
  if (static_cast<int64_t>(v.offsets.size()) < (n + 1) * 8) {
    return InvalidArgument("column '{}': offsets too short for {} rows", name, n);
  }
  const int64_t* o = v.offsets_data();
  bool ok = o[0] >= 0 && o[n] <= static_cast<int64_t>(v.values.size());
  for (int64_t i = 0; i < n; ++i) ok &= o[i] <= o[i + 1];
  if (!ok) return InvalidArgument("column '{}': offsets out of order or beyond the data", name);
  return OkStatus();
}

template <typename T>
Status FixedKernel(const Expression& p, const parquet::ColumnVector& v, int64_t n, const uint8_t* present,
                   uint8_t* out) {
  FIRN_RETURN_NOT_OK(CheckFixed(v, n, sizeof(T), p.ref->name));
  const uint8_t* data = v.values.data();
  Kernel<T>(p, n, present, [data](int64_t i) {
    T x;
    std::memcpy(&x, data + i * sizeof(T), sizeof(T));
    return x;
  }, out);
  return OkStatus();
}

Status EvalLeaf(const Expression& p, const parquet::ColumnVector& v, int64_t n, const uint8_t* present,
                uint8_t* out) {
  const Type& type = p.ref->type;
  switch (type.id()) {
    case TypeId::kBoolean: return FixedKernel<uint8_t>(p, v, n, present, out);
    case TypeId::kInt:
    case TypeId::kDate: return FixedKernel<int32_t>(p, v, n, present, out);
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs: return FixedKernel<int64_t>(p, v, n, present, out);
    case TypeId::kFloat: return FixedKernel<float>(p, v, n, present, out);
    case TypeId::kDouble: return FixedKernel<double>(p, v, n, present, out);
    case TypeId::kDecimal: {
      const uint8_t* data = v.values.data();
      if (type.precision() <= 9) {
        FIRN_RETURN_NOT_OK(CheckFixed(v, n, 4, p.ref->name));
        Kernel<Int128>(p, n, present, [data](int64_t i) {
          int32_t x;
          std::memcpy(&x, data + i * 4, 4);
          return Int128{x};
        }, out);
      } else if (type.precision() <= 18) {
        FIRN_RETURN_NOT_OK(CheckFixed(v, n, 8, p.ref->name));
        Kernel<Int128>(p, n, present, [data](int64_t i) {
          int64_t x;
          std::memcpy(&x, data + i * 8, 8);
          return Int128{x};
        }, out);
      } else {
        int64_t w = parquet::DecimalRequiredBytes(type.precision());
        FIRN_RETURN_NOT_OK(CheckFixed(v, n, w, p.ref->name));
        Kernel<Int128>(p, n, present, [data, w](int64_t i) {
          const uint8_t* b = data + i * w;  // big-endian two's complement
          unsigned __int128 u = (b[0] & 0x80) ? ~static_cast<unsigned __int128>(0) : 0;
          for (int64_t k = 0; k < w; ++k) u = (u << 8) | b[k];
          return static_cast<Int128>(u);
        }, out);
      }
      return OkStatus();
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      FIRN_RETURN_NOT_OK(CheckOffsets(v, n, p.ref->name));
      Kernel<std::string_view>(p, n, present, [&v](int64_t i) { return v.BytesAt(i); }, out);
      return OkStatus();
    }
    case TypeId::kUuid:
    case TypeId::kFixed: {
      int64_t w = type.id() == TypeId::kUuid ? 16 : type.length();
      FIRN_RETURN_NOT_OK(CheckFixed(v, n, w, p.ref->name));
      const char* data = reinterpret_cast<const char*>(v.values.data());
      Kernel<std::string_view>(p, n, present, [data, w](int64_t i) {
        return std::string_view(data + i * w, static_cast<size_t>(w));
      }, out);
      return OkStatus();
    }
    default: return InvalidArgument("column '{}': {} can not be compared", p.ref->name, type.ToString());
  }
}

// The child indexes from a top-level column down to `id`, through structs only.
bool FindPath(const std::vector<NestedField>& fields, FieldId id, std::vector<int>* path) {
  for (size_t i = 0; i < fields.size(); ++i) {
    path->push_back(static_cast<int>(i));
    if (fields[i].id == id) return true;
    if (fields[i].type.id() == TypeId::kStruct && FindPath(fields[i].type.fields(), id, path)) return true;
    path->pop_back();
  }
  return false;
}

}  // namespace

Result<std::unique_ptr<RowFilter>> RowFilter::Make(const Schema& batch_schema, const ExprPtr& filter,
                                                   bool case_sensitive) {
  FIRN_ASSIGN_OR_RETURN(ExprPtr bound, Bind(batch_schema, filter, case_sensitive));
  return std::unique_ptr<RowFilter>(new RowFilter(batch_schema, std::move(bound)));
}

Status RowFilter::EvalPredicate(const Expression& p, const parquet::RecordBatch& batch, uint8_t* out) const {
  const int64_t n = batch.num_rows;
  std::vector<int> path;
  if (!FindPath(schema_.fields(), p.ref->field_id, &path)) {
    return InvalidArgument("column '{}' is not in the batch schema", p.ref->name);
  }
  std::vector<uint8_t> present(static_cast<size_t>(n), 1);
  const std::vector<parquet::ColumnVector>* level = &batch.columns;
  const parquet::ColumnVector* v = nullptr;
  for (int index : path) {
    if (static_cast<size_t>(index) >= level->size()) {
      return InvalidArgument("column '{}': the batch has no vector for it", p.ref->name);
    }
    v = &(*level)[static_cast<size_t>(index)];
    if (v->length != n) {
      return InvalidArgument("column '{}': {} slots in a batch of {} rows", p.ref->name, v->length, n);
    }
    if (!v->validity.empty()) {
      if (static_cast<int64_t>(v->validity.size()) < n) {
        return InvalidArgument("column '{}': validity too short", p.ref->name);
      }
      const uint8_t* valid = v->validity.data();
      for (int64_t i = 0; i < n; ++i) present[i] &= static_cast<uint8_t>(valid[i] != 0);
    }
    level = &v->children;
  }
  if (p.op == Operation::kIsNull || p.op == Operation::kNotNull) {
    uint8_t want = p.op == Operation::kNotNull ? 1 : 0;
    for (int64_t i = 0; i < n; ++i) out[i] = present[i] == want;
    return OkStatus();
  }
  return EvalLeaf(p, *v, n, present.data(), out);
}

Status RowFilter::EvalNode(const Expression& e, const parquet::RecordBatch& batch, uint8_t* out) const {
  const size_t n = static_cast<size_t>(batch.num_rows);
  switch (e.op) {
    case Operation::kTrue: std::fill(out, out + n, 1); return OkStatus();
    case Operation::kFalse: std::fill(out, out + n, 0); return OkStatus();
    case Operation::kAnd:
    case Operation::kOr: {
      FIRN_RETURN_NOT_OK(EvalNode(*e.left, batch, out));
      std::vector<uint8_t> right(n);
      FIRN_RETURN_NOT_OK(EvalNode(*e.right, batch, right.data()));
      if (e.op == Operation::kAnd) {
        for (size_t i = 0; i < n; ++i) out[i] &= right[i];
      } else {
        for (size_t i = 0; i < n; ++i) out[i] |= right[i];
      }
      return OkStatus();
    }
    case Operation::kNot: return Internal("row filter: not was not rewritten");
    default: return EvalPredicate(e, batch, out);
  }
}

Status RowFilter::Select(const parquet::RecordBatch& batch, std::vector<uint8_t>* selection) const {
  if (batch.columns.size() != schema_.fields().size()) {
    return InvalidArgument("row filter: the batch has {} columns, the schema {} fields", batch.columns.size(),
                           schema_.fields().size());
  }
  if (batch.num_rows < 0) return InvalidArgument("row filter: negative row count");
  selection->assign(static_cast<size_t>(batch.num_rows), 0);
  return EvalNode(*filter_, batch, selection->data());
}

}  // namespace firn::iceberg
