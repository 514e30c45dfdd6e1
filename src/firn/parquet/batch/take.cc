#include "firn/parquet/batch/take.h"

#include <cstring>
#include <vector>

namespace firn::parquet {

namespace {

// One implementation for both forms: rows of one input (int64_t) or of several
// (SourceRow). `inputs[Source(r)]` holds row `Row(r)`.
inline uint32_t Source(int64_t) { return 0; }
inline int64_t Row(int64_t r) { return r; }
inline uint32_t Source(const SourceRow& r) { return r.source; }
inline int64_t Row(const SourceRow& r) { return r.row; }
inline int64_t WithRow(int64_t, int64_t row) { return row; }
inline SourceRow WithRow(const SourceRow& r, int64_t row) { return SourceRow{r.source, row}; }

template <typename R>
void TakeValidity(std::span<const ColumnVector* const> in, std::span<const R> rows, ColumnVector* out) {
  bool any_input_validity = false;
  for (const ColumnVector* v : in) any_input_validity |= !v->validity.empty();
  if (!any_input_validity && out->validity.empty()) return;  // all present on both sides
  if (out->validity.empty() && out->length > 0) {
    // Materialise: every slot appended so far was present.
    std::memset(out->validity.Extend(static_cast<size_t>(out->length)), 1, static_cast<size_t>(out->length));
  }
  uint8_t* dst = out->validity.Extend(rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    const ColumnVector& v = *in[Source(rows[i])];
    dst[i] = v.validity.empty() ? 1 : v.validity.data()[Row(rows[i])];
  }
}

template <typename R>
void AppendOffsets(std::span<const ColumnVector* const> in, std::span<const R> rows, ColumnVector* out,
                   std::vector<R>* child_rows) {
  if (out->offsets.empty()) out->offsets.AppendValue<int64_t>(0);
  int64_t end = reinterpret_cast<const int64_t*>(out->offsets.data())[out->length];
  for (const R& r : rows) {
    const int64_t* o = in[Source(r)]->offsets_data();
    const int64_t row = Row(r);
    for (int64_t c = o[row]; c < o[row + 1]; ++c) child_rows->push_back(WithRow(r, c));
    end += o[row + 1] - o[row];
    out->offsets.AppendValue<int64_t>(end);
  }
}

template <typename R>
void Take(const SchemaNode& node, std::span<const ColumnVector* const> in, std::span<const R> rows,
          ColumnVector* out) {
  if (rows.empty()) {
    // Nothing to append, but keep the offsets invariant (length + 1 entries).
    bool offsets = !node.is_group && ValueWidth(node) == 0;
    for (const ColumnVector* v : in) offsets |= node.is_group && !v->offsets.empty();
    if (offsets && out->offsets.empty()) out->offsets.AppendValue<int64_t>(0);
    return;
  }
  TakeValidity(in, rows, out);
  if (!node.is_group) {
    const int32_t width = ValueWidth(node);
    if (width > 0) {
      const size_t w = static_cast<size_t>(width);
      uint8_t* dst = out->values.Extend(rows.size() * w);
      for (size_t i = 0; i < rows.size(); ++i) {
        std::memcpy(dst + i * w, in[Source(rows[i])]->values.data() + Row(rows[i]) * width, w);
      }
    } else {
      if (out->offsets.empty()) out->offsets.AppendValue<int64_t>(0);
      int64_t end = reinterpret_cast<const int64_t*>(out->offsets.data())[out->length];
      for (const R& r : rows) {
        const ColumnVector& v = *in[Source(r)];
        const int64_t* o = v.offsets_data();
        const int64_t row = Row(r);
        out->values.Append(v.values.data() + o[row], static_cast<size_t>(o[row + 1] - o[row]));
        end += o[row + 1] - o[row];
        out->offsets.AppendValue<int64_t>(end);
      }
    }
    out->length += static_cast<int64_t>(rows.size());
    return;
  }
  std::vector<const ColumnVector*> children(in.size());
  auto child = [&](size_t i) {
    for (size_t s = 0; s < in.size(); ++s) children[s] = &in[s]->children[i];
    return std::span<const ColumnVector* const>(children);
  };
  const auto kind = node.logical.kind;
  if (kind == LogicalType::Kind::kList || kind == LogicalType::Kind::kMap) {
    std::vector<R> child_rows;
    AppendOffsets(in, rows, out, &child_rows);
    const SchemaNode& rep = node.children[0];
    if (rep.is_group) {
      for (size_t i = 0; i < rep.children.size(); ++i) {
        Take<R>(rep.children[i], child(i), child_rows, &out->children[i]);
      }
    } else {  // legacy 2-level list
      Take<R>(rep, child(0), child_rows, &out->children[0]);
    }
  } else {
    for (size_t i = 0; i < node.children.size(); ++i) Take<R>(node.children[i], child(i), rows, &out->children[i]);
  }
  out->length += static_cast<int64_t>(rows.size());
}

}  // namespace

void TakeRows(const SchemaNode& node, const ColumnVector& in, std::span<const int64_t> rows, ColumnVector* out) {
  const ColumnVector* inputs[] = {&in};
  Take<int64_t>(node, inputs, rows, out);
}

void TakeRows(const Schema& schema, const RecordBatch& in, std::span<const int64_t> rows, RecordBatch* out) {
  const SchemaNode& root = schema.root();
  for (size_t i = 0; i < root.children.size(); ++i) {
    TakeRows(root.children[i], in.columns[i], rows, &out->columns[i]);
  }
  out->num_rows += static_cast<int64_t>(rows.size());
}

void TakeRows(const Schema& schema, std::span<const RecordBatch* const> inputs, std::span<const SourceRow> rows,
              RecordBatch* out) {
  const SchemaNode& root = schema.root();
  std::vector<const ColumnVector*> columns(inputs.size());
  for (size_t i = 0; i < root.children.size(); ++i) {
    for (size_t s = 0; s < inputs.size(); ++s) columns[s] = &inputs[s]->columns[i];
    Take<SourceRow>(root.children[i], columns, rows, &out->columns[i]);
  }
  out->num_rows += static_cast<int64_t>(rows.size());
}

}  // namespace firn::parquet
