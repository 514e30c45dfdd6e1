#include "firn/parquet/reader/assembler.h"

#include <cstring>
#include <utility>

#include "firn/common/macros.h"

namespace firn::parquet {
namespace {

bool IsCollection(const SchemaNode& n) {
  return n.is_group &&
         (n.logical.kind == LogicalType::Kind::kList || n.logical.kind == LogicalType::Kind::kMap);
}

// Appends n validity bytes (`valid` null: all valid), materialising the vector's validity
// only once a null appears.
void AppendValidity(ColumnVector& v, const uint8_t* valid, int64_t n, bool any_null) {
  if (any_null && v.validity.empty() && v.length > 0) {
    std::memset(v.validity.Extend(static_cast<size_t>(v.length)), 1, static_cast<size_t>(v.length));
  }
  if (any_null || !v.validity.empty()) {
    if (valid == nullptr) std::memset(v.validity.Extend(static_cast<size_t>(n)), 1, static_cast<size_t>(n));
    else v.validity.Append(valid, static_cast<size_t>(n));
  }
  v.length += n;
}

void AppendOffset(ColumnVector& v, int64_t offset) { v.offsets.AppendValue<int64_t>(offset); }

int16_t At(const std::vector<int16_t>& levels, int64_t i) {
  return levels.empty() ? int16_t{0} : levels[static_cast<size_t>(i)];
}

}  // namespace

Status Assembler::AppendField(const SchemaNode& field, std::span<ColumnChunkData> leaves,
                              ColumnVector* out, int64_t* rows) {
  leaves_ = leaves;
  next_leaf_ = 0;
  rep_defs_.clear();
  FIRN_RETURN_NOT_OK(Node(field, 0, 0, Context{0, 0}, *out, rows));
  if (next_leaf_ != leaves_.size()) {
    return Internal("field '{}': {} leaves assembled of {}", field.name, next_leaf_, leaves_.size());
  }
  return OkStatus();
}

Status Assembler::Node(const SchemaNode& n, int16_t parent_def, int16_t parent_rep, Context ctx,
                       ColumnVector& v, int64_t* appended) {
  const int16_t def = static_cast<int16_t>(parent_def + (n.repetition != Repetition::kRequired));
  const int16_t rep = static_cast<int16_t>(parent_rep + (n.repetition == Repetition::kRepeated));
  if (!n.is_group) {
    if (n.repetition != Repetition::kRepeated) return Leaf(n, def, ctx, v, appended);
    rep_defs_.push_back(def);  // a 2-level list's repeated primitive
    Status s = Leaf(n, def, ctx, v, appended);
    rep_defs_.pop_back();
    return s;
  }
  if (leaves_.size() == next_leaf_) return Internal("group '{}' has no leaf data", n.name);
  if (IsCollection(n)) return Collection(n, def, rep, ctx, v, appended);
  return Struct(n, def, rep, ctx, v, appended);
}

Status Assembler::CheckLevels(const ColumnChunkData& c, const SchemaNode& leaf) const {
  if (c.rep.empty()) return OkStatus();
  if (c.num_levels > 0 && c.rep[0] != 0) {
    return Corrupt("column '{}': the first level has repetition level {}, not 0", leaf.name, c.rep[0]);
  }
  for (int64_t i = 0; i < c.num_levels; ++i) {
    const int16_t r = c.rep[static_cast<size_t>(i)];
    if (r > 0 && c.def[static_cast<size_t>(i)] < rep_defs_[static_cast<size_t>(r - 1)]) {
      return Corrupt("column '{}': level {} repeats at level {} but is only defined to level {}",
                     leaf.name, i, r, c.def[static_cast<size_t>(i)]);
    }
  }
  return OkStatus();
}

Status Assembler::Leaf(const SchemaNode& n, int16_t def, Context ctx, ColumnVector& v,
                       int64_t* appended) {
  ColumnChunkData& c = leaves_[next_leaf_++];
  if (c.rep.size() != (rep_defs_.empty() ? 0 : static_cast<size_t>(c.num_levels)) ||
      c.def.size() != (def == 0 ? 0 : static_cast<size_t>(c.num_levels))) {
    return Internal("column '{}': level arrays do not match the schema", n.name);
  }
  FIRN_RETURN_NOT_OK(CheckLevels(c, n));
  const int32_t width = ValueWidth(n);
  int64_t slots = c.num_levels, nulls = 0;
  if (def > 0) {
    validity_.clear();
    validity_.reserve(static_cast<size_t>(c.num_levels));
    for (int16_t d : c.def) {
      if (d < ctx.slot_def) continue;
      validity_.push_back(d == def);
      nulls += d != def;
    }
    slots = static_cast<int64_t>(validity_.size());
  }
  const bool any_null = nulls > 0;
  if (slots - nulls != c.num_values) {
    return Internal("column '{}': {} values for {} present slots", n.name, c.num_values, slots - nulls);
  }
  if (width > 0) {
    const size_t w = static_cast<size_t>(width);
    if (c.values.size() != static_cast<size_t>(c.num_values) * w) {
      return Internal("column '{}': {} value bytes for {} values", n.name, c.values.size(), c.num_values);
    }
    if (!any_null) {
      if (v.values.empty()) std::swap(v.values, c.values);
      else v.values.Append(c.values.span());
    } else {
      uint8_t* dst = v.values.Extend(static_cast<size_t>(slots) * w);
      const uint8_t* src = c.values.data();
      for (uint8_t ok : validity_) {
        if (ok) {
          std::memcpy(dst, src, w);
          src += w;
        } else {
          std::memset(dst, 0, w);
        }
        dst += w;
      }
    }
  } else {
    if (c.offsets.size() != static_cast<size_t>(c.num_values) + 1) {
      return Internal("column '{}': {} offsets for {} values", n.name, c.offsets.size(), c.num_values);
    }
    const int64_t base = static_cast<int64_t>(v.values.size());
    if (v.offsets.empty()) AppendOffset(v, 0);
    v.values.Append(c.values.span());
    const int64_t* src = c.offsets.data();
    int64_t* dst = reinterpret_cast<int64_t*>(v.offsets.Extend(static_cast<size_t>(slots) * sizeof(int64_t)));
    if (!any_null) {
      for (int64_t i = 0; i < slots; ++i) dst[i] = base + src[i + 1];
    } else {
      int64_t k = 0;
      for (size_t i = 0; i < validity_.size(); ++i) {
        k += validity_[i];
        dst[i] = base + src[k];
      }
    }
  }
  AppendValidity(v, def > 0 ? validity_.data() : nullptr, slots, any_null);
  *appended = slots;
  return OkStatus();
}

Status Assembler::Struct(const SchemaNode& n, int16_t def, int16_t rep, Context ctx,
                         ColumnVector& v, int64_t* appended) {
  const ColumnChunkData& c = leaves_[next_leaf_];
  validity_.clear();
  bool any_null = false;
  for (int64_t i = 0; i < c.num_levels; ++i) {
    const int16_t d = At(c.def, i);
    if (At(c.rep, i) > ctx.slot_rep || d < ctx.slot_def) continue;
    validity_.push_back(d >= def);
    any_null |= d < def;
  }
  const int64_t slots = static_cast<int64_t>(validity_.size());
  AppendValidity(v, validity_.data(), slots, any_null);
  for (size_t i = 0; i < n.children.size(); ++i) {
    int64_t child = 0;
    FIRN_RETURN_NOT_OK(Node(n.children[i], def, rep, ctx, v.children[i], &child));
    if (child != slots) {
      return Corrupt("struct '{}' has {} slots but its field '{}' has {}", n.name, slots,
                     n.children[i].name, child);
    }
  }
  *appended = slots;
  return OkStatus();
}

Status Assembler::Collection(const SchemaNode& n, int16_t def, int16_t rep, Context ctx,
                             ColumnVector& v, int64_t* appended) {
  const SchemaNode& repeated = n.children[0];
  const int16_t element_def = static_cast<int16_t>(def + 1);
  const int16_t element_rep = static_cast<int16_t>(rep + 1);
  const ColumnChunkData& c = leaves_[next_leaf_];
  const int64_t child_base = v.children[0].length;
  if (v.offsets.empty()) AppendOffset(v, child_base);
  validity_.clear();
  bool any_null = false;
  int64_t count = child_base;
  for (int64_t i = 0; i < c.num_levels; ++i) {
    const int16_t r = At(c.rep, i), d = At(c.def, i);
    if (r <= ctx.slot_rep) {
      if (d < ctx.slot_def) continue;
      if (!validity_.empty()) AppendOffset(v, count);
      validity_.push_back(d >= def);
      any_null |= d < def;
      count += d >= element_def;
    } else if (r <= element_rep) {
      if (validity_.empty() || d < element_def) {
        return Corrupt("'{}': level {} repeats an element outside any list", n.name, i);
      }
      ++count;
    }
  }
  if (!validity_.empty()) AppendOffset(v, count);
  const int64_t slots = static_cast<int64_t>(validity_.size());
  AppendValidity(v, validity_.data(), slots, any_null);

  const Context element_ctx{element_def, element_rep};
  const int64_t elements = count - child_base;
  auto check = [&](const SchemaNode& child_node, int64_t child) -> Status {
    if (child == elements) return OkStatus();
    return Corrupt("'{}' has {} elements but its field '{}' has {}", n.name, elements,
                   child_node.name, child);
  };
  if (!repeated.is_group) {  // 2-level list: the repeated primitive is the element
    int64_t child = 0;
    FIRN_RETURN_NOT_OK(Node(repeated, def, rep, element_ctx, v.children[0], &child));
    FIRN_RETURN_NOT_OK(check(repeated, child));
  } else {
    rep_defs_.push_back(element_def);
    for (size_t i = 0; i < repeated.children.size(); ++i) {
      int64_t child = 0;
      Status s = Node(repeated.children[i], element_def, element_rep, element_ctx, v.children[i], &child);
      if (s) s = check(repeated.children[i], child);
      if (!s) {
        rep_defs_.pop_back();
        return s;
      }
    }
    rep_defs_.pop_back();
  }
  *appended = slots;
  return OkStatus();
}

}  // namespace firn::parquet
