#include "firn/parquet/batch/column_vector.h"

#include <algorithm>
#include <string>

#include "firn/common/macros.h"

namespace firn::parquet {

bool ColumnVector::HasNulls() const {
  if (validity.empty()) return false;
  const uint8_t* v = validity.data();
  return std::find(v, v + length, 0) != v + length;
}

void ColumnVector::Clear() {
  length = 0;
  validity.Clear();
  values.Clear();
  offsets.Clear();
  for (auto& c : children) c.Clear();
}

int64_t ColumnVector::MemoryUsage() const {
  int64_t n = static_cast<int64_t>(validity.capacity() + values.capacity() + offsets.capacity());
  for (const auto& c : children) n += c.MemoryUsage();
  return n;
}

void ColumnVector::AppendValidity(bool valid) {
  if (!valid && validity.empty() && length > 0) {
    std::memset(validity.Extend(static_cast<size_t>(length)), 1, static_cast<size_t>(length));
  }
  if (!valid || !validity.empty()) validity.PushBack(valid ? 1 : 0);
  ++length;
}

void ColumnVector::AppendBytes(std::string_view bytes) {
  if (offsets.empty()) offsets.AppendValue<int64_t>(0);
  values.Append(bytes);
  offsets.AppendValue<int64_t>(static_cast<int64_t>(values.size()));
  AppendValidity(true);
}

void ColumnVector::AppendNull(int32_t width) {
  if (width > 0) {
    std::memset(values.Extend(static_cast<size_t>(width)), 0, static_cast<size_t>(width));
  } else {
    if (offsets.empty()) offsets.AppendValue<int64_t>(0);
    offsets.AppendValue<int64_t>(static_cast<int64_t>(values.size()));
  }
  AppendValidity(false);
}

void ColumnVector::AppendListEnd(int64_t end, bool valid) {
  if (offsets.empty()) offsets.AppendValue<int64_t>(0);
  offsets.AppendValue<int64_t>(end);
  AppendValidity(valid);
}

void RecordBatch::Clear() {
  num_rows = 0;
  for (auto& c : columns) c.Clear();
}

int64_t RecordBatch::MemoryUsage() const {
  int64_t n = 0;
  for (const auto& c : columns) n += c.MemoryUsage();
  return n;
}

ColumnVector MakeVector(const SchemaNode& node) {
  ColumnVector v;
  if (node.is_group) {
    const SchemaNode* inner = &node;
    if (node.logical.kind == LogicalType::Kind::kList || node.logical.kind == LogicalType::Kind::kMap) {
      inner = &node.children[0];  // the repeated group's fields become the children
      if (!inner->is_group) {     // legacy 2-level list: repeated primitive
        v.children.push_back(MakeVector(*inner));
        return v;
      }
    }
    for (const auto& c : inner->children) v.children.push_back(MakeVector(c));
  }
  return v;
}

RecordBatch MakeBatch(const Schema& schema) {
  RecordBatch b;
  for (const auto& f : schema.root().children) b.columns.push_back(MakeVector(f));
  return b;
}

namespace {

Status ValidateOffsets(const ColumnVector& v, int64_t child_len, std::string_view path) {
  if (v.length == 0 && v.offsets.empty()) return OkStatus();  // an empty vector needs no offsets
  if (v.offsets.size() != static_cast<size_t>(v.length + 1) * sizeof(int64_t)) {
    return InvalidArgument("column '{}': {} offsets for {} slots", path,
                           v.offsets.size() / sizeof(int64_t), v.length);
  }
  const int64_t* o = v.offsets_data();
  if (o[0] < 0 || o[v.length] > child_len) {
    return InvalidArgument("column '{}': offsets [{}, {}] outside the {} child values", path,
                           o[0], o[v.length], child_len);
  }
  // Every batch passes through here, so the scan is branch-free and keeps four
  // independent accumulators. With every offset non-negative (sign bits OR-ed into
  // `neg`), a difference of two of them is exact in int64, and its sign says whether the
  // offsets decrease; a null slot must add nothing (`null_span`).
  uint64_t neg = static_cast<uint64_t>(o[0]);
  uint64_t null_span = 0;
  const auto diff = [o](int64_t i) {
    const uint64_t next = static_cast<uint64_t>(o[i + 1]);
    return (next - static_cast<uint64_t>(o[i])) | next;
  };
  int64_t i = 0;
  if (v.validity.empty()) {
    uint64_t a0 = 0, a1 = 0, a2 = 0, a3 = 0;
    for (; i + 4 <= v.length; i += 4) {
      a0 |= diff(i);
      a1 |= diff(i + 1);
      a2 |= diff(i + 2);
      a3 |= diff(i + 3);
    }
    neg |= a0 | a1 | a2 | a3;
    for (; i < v.length; ++i) neg |= diff(i);
  } else {
    const uint8_t* valid = v.validity.data();
    for (; i < v.length; ++i) {
      const uint64_t d = diff(i);
      neg |= d;
      null_span |= (static_cast<uint64_t>(o[i + 1]) - static_cast<uint64_t>(o[i])) &
                   (static_cast<uint64_t>(valid[i] != 0) - 1);
    }
  }
  const bool bad = (neg >> 63) != 0 || null_span != 0;
  if (!bad) return OkStatus();
  for (int64_t slot = 0; slot < v.length; ++slot) {
    if (o[slot + 1] < o[slot]) return InvalidArgument("column '{}': offsets decrease at slot {}", path, slot);
    if (!v.IsValid(slot) && o[slot + 1] != o[slot])
      return InvalidArgument("column '{}': null slot {} is not empty", path, slot);
  }
  return Internal("column '{}': offsets check disagrees with itself", path);
}

}  // namespace

namespace {

// `present` (may be null) marks the slots whose enclosing structs are all present: a
// required field may hold anything under a null struct, as in Arrow.
Status ValidateVectorImpl(const SchemaNode& node, const ColumnVector& v, int64_t expected_length,
                          std::string_view path, const std::vector<uint8_t>* present) {
  if (v.length != expected_length) {
    return InvalidArgument("column '{}' has {} slots, expected {}", path, v.length, expected_length);
  }
  if (!v.validity.empty() && v.validity.size() != static_cast<size_t>(v.length)) {
    return InvalidArgument("column '{}': validity has {} bytes for {} slots", path, v.validity.size(), v.length);
  }
  if (node.repetition == Repetition::kRequired && v.HasNulls()) {
    for (int64_t i = 0; i < v.length; ++i) {
      if (!v.IsValid(i) && (present == nullptr || (*present)[i])) {
        return InvalidArgument("column '{}' is required but holds a null in slot {}", path, i);
      }
    }
  }
  if (!node.is_group) {
    int32_t width = ValueWidth(node);
    if (width == 0) return ValidateOffsets(v, static_cast<int64_t>(v.values.size()), path);
    if (v.values.size() != static_cast<size_t>(v.length) * static_cast<size_t>(width)) {
      return InvalidArgument("column '{}': {} value bytes for {} slots of width {}", path,
                             v.values.size(), v.length, width);
    }
    return OkStatus();
  }
  auto kind = node.logical.kind;
  if (kind == LogicalType::Kind::kList || kind == LogicalType::Kind::kMap) {
    const SchemaNode& rep = node.children[0];
    size_t n_children = rep.is_group ? rep.children.size() : 1;
    if (v.children.size() != n_children) {
      return InvalidArgument("column '{}': expected {} child vectors, got {}", path, n_children, v.children.size());
    }
    int64_t child_len = v.children[0].length;
    FIRN_RETURN_NOT_OK(ValidateOffsets(v, child_len, path));
    for (size_t i = 0; i < n_children; ++i) {
      const SchemaNode& cn = rep.is_group ? rep.children[i] : rep;
      FIRN_RETURN_NOT_OK(ValidateVectorImpl(cn, v.children[i], child_len, std::string(path) + "." + cn.name, nullptr));
    }
    return OkStatus();
  }
  if (v.children.size() != node.children.size()) {
    return InvalidArgument("column '{}': expected {} child vectors, got {}", path, node.children.size(), v.children.size());
  }
  std::vector<uint8_t> child_present;
  const std::vector<uint8_t>* pass = present;
  if (v.HasNulls()) {
    child_present.resize(static_cast<size_t>(v.length));
    for (int64_t i = 0; i < v.length; ++i) child_present[i] = v.IsValid(i) && (present == nullptr || (*present)[i]);
    pass = &child_present;
  }
  for (size_t i = 0; i < node.children.size(); ++i) {
    const auto& cn = node.children[i];
    FIRN_RETURN_NOT_OK(ValidateVectorImpl(cn, v.children[i], v.length, std::string(path) + "." + cn.name, pass));
  }
  return OkStatus();
}

}  // namespace

Status ValidateVector(const SchemaNode& node, const ColumnVector& v, int64_t expected_length,
                      std::string_view path) {
  return ValidateVectorImpl(node, v, expected_length, path, nullptr);
}

Status ValidateBatch(const Schema& schema, const RecordBatch& batch) {
  const auto& fields = schema.root().children;
  if (batch.columns.size() != fields.size()) {
    return InvalidArgument("batch has {} columns, the schema {}", batch.columns.size(), fields.size());
  }
  for (size_t i = 0; i < fields.size(); ++i) {
    FIRN_RETURN_NOT_OK(ValidateVector(fields[i], batch.columns[i], batch.num_rows, fields[i].name));
  }
  return OkStatus();
}

}  // namespace firn::parquet
