#include "firn/parquet/writer/shredder.h"

#include <cassert>

namespace firn::parquet {

void LeafLevels::Reset(const ColumnVector* v) {
  leaf = v;
  num_levels = 0;
  def.clear();
  rep.clear();
  dense = true;
  value_slots.clear();
  num_values = 0;
}

Shredder::Shredder(const Schema& schema) {
  int32_t leaf = 0;
  for (const auto& f : schema.root().children) fields_.push_back(BuildPlan(f, 0, 0, leaf));
  for (const auto& c : schema.columns()) leaf_max_rep_.push_back(c.max_rep_level);
}

Shredder::PlanNode Shredder::BuildPlan(const SchemaNode& n, int16_t def, int16_t rep,
                                       int32_t& leaf) const {
  PlanNode p{&n, PlanNode::Kind::kLeaf, n.repetition == Repetition::kOptional, 0, rep, leaf, 0, {}};
  if (n.repetition != Repetition::kRequired) ++def;
  p.def_level = def;
  if (!n.is_group) {
    ++leaf;
  } else if (n.logical.kind == LogicalType::Kind::kList || n.logical.kind == LogicalType::Kind::kMap) {
    p.kind = n.logical.kind == LogicalType::Kind::kList ? PlanNode::Kind::kList : PlanNode::Kind::kMap;
    const SchemaNode& repeated = n.children[0];
    // Elements sit below the repeated group: one more definition and repetition level.
    if (repeated.is_group) {
      for (const auto& c : repeated.children) p.children.push_back(BuildPlan(c, def + 1, rep + 1, leaf));
    } else {  // legacy 2-level list: the repeated node is the element itself
      PlanNode e = BuildPlan(repeated, def, rep + 1, leaf);
      e.optional = false;
      p.children.push_back(std::move(e));
    }
  } else {
    p.kind = PlanNode::Kind::kStruct;
    for (const auto& c : n.children) p.children.push_back(BuildPlan(c, def, rep, leaf));
  }
  p.num_leaves = leaf - p.first_leaf;
  return p;
}

void Shredder::BindLeaves(const PlanNode& p, const ColumnVector& v, std::vector<LeafLevels>& out) {
  if (p.kind == PlanNode::Kind::kLeaf) {
    out[p.first_leaf].Reset(&v);
    out[p.first_leaf].dense = false;
    return;
  }
  for (size_t i = 0; i < p.children.size(); ++i) BindLeaves(p.children[i], v.children[i], out);
}

void Shredder::EmitAbsent(const PlanNode& p, int16_t def, int16_t rep,
                          std::vector<LeafLevels>& out) const {
  for (int32_t i = p.first_leaf; i < p.first_leaf + p.num_leaves; ++i) {
    LeafLevels& l = out[i];
    if (leaf_max_rep_[i] > 0) l.rep.push_back(rep);
    l.def.push_back(def);
    ++l.num_levels;
  }
}

void Shredder::Shred(size_t field, const ColumnVector& v, std::vector<LeafLevels>& out) const {
  const PlanNode& p = fields_[field];
  if (p.kind == PlanNode::Kind::kLeaf) {
    // Bulk path: definition levels are the validity bytes; no repetition.
    LeafLevels& l = out[p.first_leaf];
    l.Reset(&v);
    l.num_levels = v.length;
    if (p.optional) {
      l.def.resize(static_cast<size_t>(v.length));
      int64_t present = v.length;
      if (v.validity.empty()) {
        std::fill(l.def.begin(), l.def.end(), int16_t{1});
      } else {
        const uint8_t* valid = v.validity.data();
        present = 0;
        for (int64_t i = 0; i < v.length; ++i) {
          l.def[i] = valid[i] != 0;
          present += valid[i] != 0;
        }
      }
      l.num_values = present;
    } else {
      l.num_values = v.length;
    }
    return;
  }
  BindLeaves(p, v, out);
  for (int64_t slot = 0; slot < v.length; ++slot) ShredNode(p, v, slot, 0, 0, out);
}

void Shredder::ShredNode(const PlanNode& p, const ColumnVector& v, int64_t slot, int16_t parent_def,
                         int16_t rep, std::vector<LeafLevels>& out) const {
  if (p.optional && !v.IsValid(slot)) {
    EmitAbsent(p, parent_def, rep, out);
    return;
  }
  switch (p.kind) {
    case PlanNode::Kind::kLeaf: {
      LeafLevels& l = out[p.first_leaf];
      l.def.push_back(p.def_level);
      if (p.rep_level > 0) l.rep.push_back(rep);
      l.value_slots.push_back(slot);
      ++l.num_levels;
      ++l.num_values;
      return;
    }
    case PlanNode::Kind::kStruct:
      for (size_t i = 0; i < p.children.size(); ++i) {
        ShredNode(p.children[i], v.children[i], slot, p.def_level, rep, out);
      }
      return;
    case PlanNode::Kind::kList:
    case PlanNode::Kind::kMap: {
      const int64_t* o = v.offsets_data();
      int64_t begin = o[slot], end = o[slot + 1];
      if (begin == end) {  // present but empty
        EmitAbsent(p, p.def_level, rep, out);
        return;
      }
      // Elements after the first repeat at this list's level.
      const int16_t element_rep = static_cast<int16_t>(p.rep_level + 1);
      for (int64_t j = begin; j < end; ++j) {
        int16_t r = j == begin ? rep : element_rep;
        for (size_t i = 0; i < p.children.size(); ++i) {
          ShredNode(p.children[i], v.children[i], j, static_cast<int16_t>(p.def_level + 1), r, out);
        }
      }
      return;
    }
  }
}

}  // namespace firn::parquet
