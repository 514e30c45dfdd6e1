#include "firn/iceberg/partition/transform_columnar.h"

#include <algorithm>
#include <cstring>

#include "firn/common/bytes.h"
#include "firn/iceberg/partition/murmur3.h"
#include "firn/iceberg/types/literal_bytes.h"
#include "firn/iceberg/types/temporal.h"
#include "firn/parquet/schema/iceberg_types.h"

namespace firn::iceberg {

using parquet::ColumnVector;

int32_t ColumnValueWidth(const Type& type) {
  switch (type.id()) {
    case TypeId::kBoolean:
      return 1;
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kFloat:
      return 4;
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs:
    case TypeId::kDouble:
      return 8;
    case TypeId::kDecimal:
      if (type.precision() <= 9) return 4;
      if (type.precision() <= 18) return 8;
      return parquet::DecimalRequiredBytes(type.precision());
    case TypeId::kUuid:
      return 16;
    case TypeId::kFixed:
      return type.length();
    default:
      return 0;
  }
}

namespace {

void CopyValidity(const ColumnVector& in, ColumnVector* out) {
  out->length = in.length;
  if (!in.validity.empty()) out->validity.Append(in.validity.data(), in.validity.size());
}

// Fixed-width input of type In to int32 output, fn applied to valid slots only.
template <typename In, typename Fn>
void MapToInt32(const ColumnVector& in, ColumnVector* out, Fn fn) {
  const int64_t n = in.length;
  out->values.Resize(static_cast<size_t>(n) * sizeof(int32_t));
  auto* dst = reinterpret_cast<int32_t*>(out->values.data());
  const uint8_t* src = in.values.data();
  const bool all_valid = in.validity.empty();
  const uint8_t* valid = in.validity.data();
  for (int64_t i = 0; i < n; ++i) {
    dst[i] = (all_valid || valid[i]) ? fn(LoadLE<In>(src + i * sizeof(In))) : 0;
  }
  CopyValidity(in, out);
}

// Fixed-width input to the same fixed-width output.
template <typename T, typename Fn>
void MapSame(const ColumnVector& in, ColumnVector* out, Fn fn) {
  const int64_t n = in.length;
  out->values.Resize(static_cast<size_t>(n) * sizeof(T));
  const bool all_valid = in.validity.empty();
  for (int64_t i = 0; i < n; ++i) {
    T v = (all_valid || in.validity.data()[i]) ? fn(LoadLE<T>(in.values.data() + i * sizeof(T)))
                                               : T{};
    StoreLE(out->values.data() + i * sizeof(T), v);
  }
  CopyValidity(in, out);
}

// Byte values (offsets or fixed width) to int32.
template <typename Fn>
void BytesToInt32(const ColumnVector& in, int32_t width, ColumnVector* out, Fn fn) {
  const int64_t n = in.length;
  out->values.Resize(static_cast<size_t>(n) * sizeof(int32_t));
  auto* dst = reinterpret_cast<int32_t*>(out->values.data());
  const char* data = reinterpret_cast<const char*>(in.values.data());
  for (int64_t i = 0; i < n; ++i) {
    if (!in.IsValid(i)) {
      dst[i] = 0;
      continue;
    }
    std::string_view b =
        width > 0 ? std::string_view(data + i * width, static_cast<size_t>(width)) : in.BytesAt(i);
    dst[i] = fn(b);
  }
  CopyValidity(in, out);
}

void CopyColumn(const ColumnVector& in, ColumnVector* out) {
  out->values.Append(in.values.data(), in.values.size());
  out->offsets.Append(in.offsets.data(), in.offsets.size());
  CopyValidity(in, out);
}

template <typename Fn>
void MapBytes(const ColumnVector& in, ColumnVector* out, Fn fn) {
  for (int64_t i = 0; i < in.length; ++i) {
    if (in.IsValid(i)) {
      out->AppendBytes(fn(in.BytesAt(i)));
    } else {
      out->AppendNull(0);
    }
  }
}

Status Temporal(const Transform& t, TypeId source, const ColumnVector& in, ColumnVector* out) {
  if (source == TypeId::kDate) {
    switch (t.kind) {
      case TransformKind::kYear:
        MapToInt32<int32_t>(in, out, [](int32_t d) { return YearsFromDays(d); });
        break;
      case TransformKind::kMonth:
        MapToInt32<int32_t>(in, out, [](int32_t d) { return MonthsFromDays(d); });
        break;
      default:
        MapToInt32<int32_t>(in, out, [](int32_t d) { return d; });
        break;
    }
    return OkStatus();
  }
  const int64_t div =
      (source == TypeId::kTimestampNs || source == TypeId::kTimestampTzNs) ? 1000 : 1;
  switch (t.kind) {
    case TransformKind::kYear:
      MapToInt32<int64_t>(in, out, [div](int64_t v) {
        return YearsFromDays(FloorDiv(FloorDiv(v, div), kMicrosPerDay));
      });
      break;
    case TransformKind::kMonth:
      MapToInt32<int64_t>(in, out, [div](int64_t v) {
        return MonthsFromDays(FloorDiv(FloorDiv(v, div), kMicrosPerDay));
      });
      break;
    case TransformKind::kDay:
      MapToInt32<int64_t>(in, out, [div](int64_t v) {
        return static_cast<int32_t>(FloorDiv(FloorDiv(v, div), kMicrosPerDay));
      });
      break;
    default:
      MapToInt32<int64_t>(in, out, [div](int64_t v) {
        return static_cast<int32_t>(FloorDiv(FloorDiv(v, div), kMicrosPerHour));
      });
  }
  return OkStatus();
}

Status Bucket(int32_t n, const Type& source, const ColumnVector& in, ColumnVector* out) {
  const TypeId t = source.id();
  const int32_t width = ColumnValueWidth(source);
  switch (t) {
    case TypeId::kInt:
    case TypeId::kDate:
      MapToInt32<int32_t>(in, out, [n](int32_t v) { return BucketOf(HashLong(v), n); });
      return OkStatus();
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
      MapToInt32<int64_t>(in, out, [n](int64_t v) { return BucketOf(HashLong(v), n); });
      return OkStatus();
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs:
      MapToInt32<int64_t>(in, out,
                          [n](int64_t v) { return BucketOf(HashLong(FloorDiv(v, 1000)), n); });
      return OkStatus();
    case TypeId::kDecimal:
      if (width == 4) {
        MapToInt32<int32_t>(in, out,
                            [n](int32_t v) { return BucketOf(HashBytes(DecimalMinBytes(v)), n); });
      } else if (width == 8) {
        MapToInt32<int64_t>(in, out,
                            [n](int64_t v) { return BucketOf(HashBytes(DecimalMinBytes(v)), n); });
      } else {
        BytesToInt32(in, width, out, [n](std::string_view b) {
          return BucketOf(HashBytes(DecimalMinBytes(*DecimalFromBytes(b))), n);
        });
      }
      return OkStatus();
    default:
      BytesToInt32(in, width, out, [n](std::string_view b) { return BucketOf(HashBytes(b), n); });
      return OkStatus();
  }
}

Status Truncate(int32_t w, const Type& source, const ColumnVector& in, ColumnVector* out) {
  const int32_t width = ColumnValueWidth(source);
  switch (source.id()) {
    case TypeId::kInt:
      MapSame<int32_t>(in, out,
                       [w](int32_t v) { return static_cast<int32_t>(TruncateInteger(v, w)); });
      return OkStatus();
    case TypeId::kLong:
      MapSame<int64_t>(in, out, [w](int64_t v) { return TruncateInteger(v, w); });
      return OkStatus();
    case TypeId::kDecimal:
      if (width == 4) {
        MapSame<int32_t>(in, out,
                         [w](int32_t v) { return static_cast<int32_t>(TruncateInteger(v, w)); });
        return OkStatus();
      }
      if (width == 8) {
        MapSame<int64_t>(in, out, [w](int64_t v) { return TruncateInteger(v, w); });
        return OkStatus();
      }
      // Wide decimals: fixed big-endian two's complement of `width` bytes, re-encoded at
      // the same width after truncating the unscaled value.
      for (int64_t i = 0; i < in.length; ++i) {
        if (!in.IsValid(i)) {
          out->AppendNull(width);
          continue;
        }
        std::string_view b(reinterpret_cast<const char*>(in.values.data()) + i * width,
                           static_cast<size_t>(width));
        Int128 u = *DecimalFromBytes(b), w128 = w;
        auto t = static_cast<unsigned __int128>(u - (((u % w128) + w128) % w128));
        uint8_t* dst = out->values.Extend(static_cast<size_t>(width));
        for (int k = width - 1; k >= 0; --k, t >>= 8) dst[k] = static_cast<uint8_t>(t & 0xff);
        out->AppendValidity(true);
      }
      return OkStatus();
    case TypeId::kString:
      MapBytes(in, out, [w](std::string_view s) { return TruncateUtf8(s, w); });
      return OkStatus();
    default:
      MapBytes(in, out,
               [w](std::string_view s) { return s.substr(0, std::min<size_t>(s.size(), w)); });
      return OkStatus();
  }
}

}  // namespace

Status ApplyTransformColumnar(const Transform& t, const Type& source, const ColumnVector& in,
                              ColumnVector* out) {
  out->Clear();
  if (!t.CanTransform(source) || !source.is_primitive()) {
    return InvalidArgument("transform {} cannot be applied to type {}", t.ToString(),
                           source.ToString());
  }
  switch (t.kind) {
    case TransformKind::kIdentity:
      CopyColumn(in, out);
      return OkStatus();
    case TransformKind::kVoid: {
      int32_t width = ColumnValueWidth(source);
      for (int64_t i = 0; i < in.length; ++i) out->AppendNull(width);
      return OkStatus();
    }
    case TransformKind::kBucket:
      return Bucket(t.param, source, in, out);
    case TransformKind::kTruncate:
      return Truncate(t.param, source, in, out);
    default:
      return Temporal(t, source.id(), in, out);
  }
}

}  // namespace firn::iceberg
