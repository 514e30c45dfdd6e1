#include "firn/parquet/batch/take.h"

#include <cstring>
#include <vector>

namespace firn::parquet {

namespace {

void TakeValidity(const ColumnVector& in, std::span<const int64_t> rows, ColumnVector* out) {
  if (in.validity.empty() && out->validity.empty()) return;  // all present on both sides
  if (out->validity.empty() && out->length > 0) {
    // Materialise: every slot appended so far was present.
    std::memset(out->validity.Extend(static_cast<size_t>(out->length)), 1, static_cast<size_t>(out->length));
  }
  uint8_t* dst = out->validity.Extend(rows.size());
  if (in.validity.empty()) {
    std::memset(dst, 1, rows.size());
  } else {
    const uint8_t* src = in.validity.data();
    for (size_t i = 0; i < rows.size(); ++i) dst[i] = src[rows[i]];
  }
}

void AppendOffsets(const ColumnVector& in, std::span<const int64_t> rows, ColumnVector* out,
                   std::vector<int64_t>* child_rows) {
  const int64_t* o = in.offsets_data();
  if (out->offsets.empty()) out->offsets.AppendValue<int64_t>(0);
  int64_t end = reinterpret_cast<const int64_t*>(out->offsets.data())[out->length];
  for (int64_t r : rows) {
    for (int64_t c = o[r]; c < o[r + 1]; ++c) child_rows->push_back(c);
    end += o[r + 1] - o[r];
    out->offsets.AppendValue<int64_t>(end);
  }
}

}  // namespace

void TakeRows(const SchemaNode& node, const ColumnVector& in, std::span<const int64_t> rows,
              ColumnVector* out) {
  if (rows.empty()) {
    // Nothing to append, but keep the offsets invariant (length + 1 entries).
    if ((!node.is_group && ValueWidth(node) == 0) || (node.is_group && !in.offsets.empty())) {
      if (out->offsets.empty()) out->offsets.AppendValue<int64_t>(0);
    }
    return;
  }
  TakeValidity(in, rows, out);
  if (!node.is_group) {
    const int32_t width = ValueWidth(node);
    if (width > 0) {
      uint8_t* dst = out->values.Extend(rows.size() * static_cast<size_t>(width));
      const uint8_t* src = in.values.data();
      for (size_t i = 0; i < rows.size(); ++i) {
        std::memcpy(dst + i * static_cast<size_t>(width), src + rows[i] * width, static_cast<size_t>(width));
      }
    } else {
      const int64_t* o = in.offsets_data();
      if (out->offsets.empty()) out->offsets.AppendValue<int64_t>(0);
      int64_t end = reinterpret_cast<const int64_t*>(out->offsets.data())[out->length];
      for (int64_t r : rows) {
        out->values.Append(in.values.data() + o[r], static_cast<size_t>(o[r + 1] - o[r]));
        end += o[r + 1] - o[r];
        out->offsets.AppendValue<int64_t>(end);
      }
    }
    out->length += static_cast<int64_t>(rows.size());
    return;
  }
  const auto kind = node.logical.kind;
  if (kind == LogicalType::Kind::kList || kind == LogicalType::Kind::kMap) {
    std::vector<int64_t> child_rows;
    AppendOffsets(in, rows, out, &child_rows);
    const SchemaNode& rep = node.children[0];
    if (rep.is_group) {
      for (size_t i = 0; i < rep.children.size(); ++i) {
        TakeRows(rep.children[i], in.children[i], child_rows, &out->children[i]);
      }
    } else {  // legacy 2-level list
      TakeRows(rep, in.children[0], child_rows, &out->children[0]);
    }
  } else {
    for (size_t i = 0; i < node.children.size(); ++i) {
      TakeRows(node.children[i], in.children[i], rows, &out->children[i]);
    }
  }
  out->length += static_cast<int64_t>(rows.size());
}

void TakeRows(const Schema& schema, const RecordBatch& in, std::span<const int64_t> rows,
              RecordBatch* out) {
  const SchemaNode& root = schema.root();
  for (size_t i = 0; i < root.children.size(); ++i) {
    TakeRows(root.children[i], in.columns[i], rows, &out->columns[i]);
  }
  out->num_rows += static_cast<int64_t>(rows.size());
}

}  // namespace firn::parquet
