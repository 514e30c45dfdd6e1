#include "firn/iceberg/scan/row_selection.h"

#include <algorithm>

namespace firn::iceberg {

using parquet::ColumnVector;
using parquet::SchemaNode;
using LK = parquet::LogicalType::Kind;

ColumnVector SelectSlots(const SchemaNode& node, const ColumnVector& v, const std::vector<uint8_t>& keep) {
  ColumnVector out;
  const bool has_validity = !v.validity.empty();
  auto copy_validity = [&](int64_t i) {
    if (has_validity) out.validity.PushBack(v.validity.data()[i]);
  };
  if (!node.is_group) {
    const int32_t width = parquet::ValueWidth(node);
    if (width == 0) out.offsets.AppendValue<int64_t>(0);
    for (int64_t i = 0; i < v.length; ++i) {
      if (!keep[i]) continue;
      if (width > 0) {
        out.values.Append(v.values.data() + i * width, static_cast<size_t>(width));
      } else {
        out.values.Append(v.BytesAt(i));
        out.offsets.AppendValue<int64_t>(static_cast<int64_t>(out.values.size()));
      }
      copy_validity(i);
      ++out.length;
    }
    return out;
  }
  if (node.logical.kind == LK::kList || node.logical.kind == LK::kMap) {
    const SchemaNode& rep = node.children[0];
    const int64_t child_len = v.children.empty() ? 0 : v.children[0].length;
    std::vector<uint8_t> child_keep(static_cast<size_t>(child_len), 0);
    out.offsets.AppendValue<int64_t>(0);
    int64_t end = 0;
    for (int64_t i = 0; i < v.length; ++i) {
      if (!keep[i]) continue;
      const int64_t b = v.length == 0 ? 0 : v.offsets_data()[i];
      const int64_t e = v.offsets_data()[i + 1];
      std::fill(child_keep.begin() + b, child_keep.begin() + e, 1);
      end += e - b;
      out.offsets.AppendValue<int64_t>(end);
      copy_validity(i);
      ++out.length;
    }
    for (size_t c = 0; c < v.children.size(); ++c) {
      const SchemaNode& cn = rep.is_group ? rep.children[c] : rep;
      out.children.push_back(SelectSlots(cn, v.children[c], child_keep));
    }
    return out;
  }
  for (int64_t i = 0; i < v.length; ++i) {
    if (!keep[i]) continue;
    copy_validity(i);
    ++out.length;
  }
  for (size_t c = 0; c < v.children.size(); ++c) {
    out.children.push_back(SelectSlots(node.children[c], v.children[c], keep));
  }
  return out;
}

void SelectRows(const parquet::Schema& schema, const std::vector<uint8_t>& keep, parquet::RecordBatch* batch) {
  if (std::all_of(keep.begin(), keep.end(), [](uint8_t k) { return k != 0; })) return;
  const auto& fields = schema.root().children;
  for (size_t i = 0; i < batch->columns.size(); ++i) {
    batch->columns[i] = SelectSlots(fields[i], batch->columns[i], keep);
  }
  batch->num_rows = std::count_if(keep.begin(), keep.end(), [](uint8_t k) { return k != 0; });
}

}  // namespace firn::iceberg
