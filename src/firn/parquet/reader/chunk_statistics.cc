#include "firn/parquet/reader/chunk_statistics.h"

#include <cmath>
#include <cstring>

#include "firn/common/macros.h"

namespace firn::parquet {
namespace {

namespace f = format;
using Kind = LogicalType::Kind;

// Whether the deprecated signed-order min/max fields are the type's own order.
bool SignedOrderIsTypeOrder(const SchemaNode& n) {
  const LogicalType& lt = n.logical;
  switch (n.physical) {
    case PhysicalType::kBoolean:
    case PhysicalType::kFloat:
    case PhysicalType::kDouble:
      return lt.kind == Kind::kNone;
    case PhysicalType::kInt32:
    case PhysicalType::kInt64:
      return lt.kind == Kind::kNone || lt.kind == Kind::kDate || lt.kind == Kind::kTime ||
             lt.kind == Kind::kTimestamp || lt.kind == Kind::kDecimal ||
             (lt.kind == Kind::kInteger && lt.is_signed);
    default:
      return false;
  }
}

template <typename T>
void NormalizeFloat(ColumnChunkStats& s) {
  T lo, hi;
  std::memcpy(&lo, s.min->data(), sizeof(T));
  std::memcpy(&hi, s.max->data(), sizeof(T));
  if (std::isnan(lo) || std::isnan(hi)) {
    s.min.reset();
    s.max.reset();
    return;
  }
  if (lo == 0 && !std::signbit(lo)) lo = -lo;  // +0.0 min -> -0.0
  if (hi == 0 && std::signbit(hi)) hi = -hi;   // -0.0 max -> +0.0
  std::memcpy(s.min->data(), &lo, sizeof(T));
  std::memcpy(s.max->data(), &hi, sizeof(T));
}

}  // namespace

Result<std::optional<ColumnChunkStats>> ChunkStatsFromMetadata(
    const f::ColumnMetaData& md, const ColumnDescriptor& column,
    std::optional<f::ColumnOrder> order) {
  if (!md.statistics) return std::nullopt;
  const f::Statistics& st = *md.statistics;
  const SchemaNode& n = *column.node;
  ColumnChunkStats s;
  s.num_values = md.num_values;
  s.null_count = st.null_count;
  s.nan_count = st.nan_count;
  s.distinct_count = st.distinct_count;
  if ((s.null_count && *s.null_count < 0) || (s.nan_count && *s.nan_count < 0) ||
      (s.distinct_count && *s.distinct_count < 0)) {
    return Corrupt("column '{}': negative statistics count", column.PathString());
  }

  const bool type_order = !order || *order == f::ColumnOrder::TYPE_ORDER;
  const bool no_bounds = n.physical == PhysicalType::kInt96 || n.logical.kind == Kind::kFloat16 ||
                         n.logical.kind == Kind::kUnknown || !type_order;
  if (!no_bounds && st.min_value && st.max_value && (order || SignedOrderIsTypeOrder(n))) {
    s.min = st.min_value;
    s.max = st.max_value;
    s.min_exact = st.is_min_value_exact.value_or(false);
    s.max_exact = st.is_max_value_exact.value_or(false);
  } else if (!no_bounds && !st.min_value && !st.max_value && st.min && st.max &&
             SignedOrderIsTypeOrder(n)) {
    s.min = st.min;
    s.max = st.max;
  }
  if (s.min) {
    const int32_t width = ValueWidth(n);
    if (width > 0 && (s.min->size() != static_cast<size_t>(width) || s.max->size() != static_cast<size_t>(width))) {
      return Corrupt("column '{}': statistics bounds of {} and {} bytes for values of {}",
                     column.PathString(), s.min->size(), s.max->size(), width);
    }
    if (n.physical == PhysicalType::kFloat) NormalizeFloat<float>(s);
    if (n.physical == PhysicalType::kDouble) NormalizeFloat<double>(s);
  }
  if (!s.min) s.min_exact = s.max_exact = false;
  return s;
}

}  // namespace firn::parquet
