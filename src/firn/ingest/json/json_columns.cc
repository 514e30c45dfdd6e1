#include "firn/ingest/json/json_columns.h"

#include "firn/common/macros.h"

namespace firn::ingest {

using parquet::ColumnVector;

Status JsonColumns::Bind(parquet::RecordBatch* batch) {
  const JsonPlanNode& root = plan_->nodes[0];
  if (batch->columns.size() != root.children.size()) {
    return InvalidArgument("batch has {} columns, the schema {}", batch->columns.size(),
                           root.children.size());
  }
  for (size_t i = 0; i < root.children.size(); ++i) {
    FIRN_RETURN_NOT_OK(BindNode(root.children[i], &batch->columns[i]));
  }
  return OkStatus();
}

Status JsonColumns::BindNode(int32_t idx, ColumnVector* v) {
  const JsonPlanNode& n = plan_->nodes[static_cast<size_t>(idx)];
  vec_[static_cast<size_t>(idx)] = v;
  if (v->children.size() != n.children.size()) {
    return InvalidArgument("batch column '{}' has {} children, the schema {}", n.path,
                           v->children.size(), n.children.size());
  }
  for (size_t i = 0; i < n.children.size(); ++i) {
    FIRN_RETURN_NOT_OK(BindNode(n.children[i], &v->children[i]));
  }
  return OkStatus();
}

void JsonColumns::AppendNull(int32_t idx) {
  const JsonPlanNode& n = plan_->nodes[static_cast<size_t>(idx)];
  ColumnVector& c = (*this)[idx];
  switch (n.kind) {
    case JsonKind::kStruct:
      for (int32_t child : n.children) AppendNull(child);
      c.AppendStruct(false);
      return;
    case JsonKind::kList:
    case JsonKind::kMapObject:
    case JsonKind::kMapArray:
      c.AppendListEnd(c.children[0].length, false);
      return;
    default:
      c.AppendNull(n.width);
      return;
  }
}

void JsonColumns::Truncate(int32_t idx, int64_t len) {
  const JsonPlanNode& n = plan_->nodes[static_cast<size_t>(idx)];
  ColumnVector& c = (*this)[idx];
  c.length = len;
  if (c.validity.size() > static_cast<size_t>(len)) c.validity.Resize(static_cast<size_t>(len));
  const bool has_offsets = n.kind == JsonKind::kString || n.kind == JsonKind::kBinary ||
                           n.kind == JsonKind::kList || n.kind == JsonKind::kMapObject ||
                           n.kind == JsonKind::kMapArray;
  int64_t end = len;  // child slots (or value bytes) in use
  if (has_offsets) {
    if (len > 0) {
      end = c.offsets_data()[len];
      c.offsets.Resize(static_cast<size_t>(len + 1) * sizeof(int64_t));
    } else {
      end = 0;  // an empty vector needs no offsets (as after Clear())
      c.offsets.Clear();
    }
  }
  switch (n.kind) {
    case JsonKind::kString:
    case JsonKind::kBinary:
      c.values.Resize(static_cast<size_t>(end));
      return;
    case JsonKind::kStruct:
    case JsonKind::kList:
    case JsonKind::kMapObject:
    case JsonKind::kMapArray:
      for (int32_t child : n.children) Truncate(child, end);
      return;
    default:
      c.values.Resize(static_cast<size_t>(len) * static_cast<size_t>(n.width));
      return;
  }
}

void JsonColumns::Rollback(int64_t rows) {
  for (int32_t child : plan_->nodes[0].children) Truncate(child, rows);
}

}  // namespace firn::ingest
