// Shredder: turns a column's vector tree into the definition levels, repetition levels and
// value positions of each of its leaves (the Dremel encoding, Parquet's "Nested Encoding").
//
// A top-level primitive is the common ingest case and takes a bulk path: its definition
// levels come straight from the validity bytes and it has no repetition levels. Structs,
// lists and maps go through a recursive walk over a plan built once per schema.
//
// Thread-safety: none; one Shredder per writer. The LeafLevels it fills refer to the
// vectors of the batch passed to Shred(), which must stay live while they are used.
#pragma once

#include <cstdint>
#include <vector>

#include "firn/parquet/batch/column_vector.h"
#include "firn/parquet/schema/schema.h"

namespace firn::parquet {

// The shredded form of one leaf for one batch.
struct LeafLevels {
  const ColumnVector* leaf = nullptr;  // the vector holding the leaf's values
  int64_t num_levels = 0;              // entries in def/rep (= rows for flat columns)
  std::vector<int16_t> def;            // empty when max_def_level == 0
  std::vector<int16_t> rep;            // empty when max_rep_level == 0
  // When dense, the values are the valid slots [0, leaf->length) of `leaf` in order;
  // otherwise they are the slots listed in value_slots, in order.
  bool dense = true;
  std::vector<int64_t> value_slots;
  int64_t num_values = 0;              // present (non-null) values

  void Reset(const ColumnVector* v);
};

class Shredder {
 public:
  explicit Shredder(const Schema& schema);

  // Shreds top-level field `field` of a batch whose column vector is `v` with `num_rows`
  // slots into out[first_leaf .. first_leaf + leaves). `out` has one entry per leaf column.
  // REQUIRES: ValidateVector() accepted `v` for this field.
  void Shred(size_t field, const ColumnVector& v, std::vector<LeafLevels>& out) const;

 private:
  struct PlanNode {
    const SchemaNode* node;
    enum class Kind : int8_t { kLeaf, kStruct, kList, kMap } kind;
    bool optional;
    int16_t def_level;   // definition level when this node is present
    int16_t rep_level;   // repetition level of the innermost repeated ancestor-or-self
    int32_t first_leaf;  // index of the first leaf column under this node
    int32_t num_leaves;
    std::vector<PlanNode> children;  // struct fields; list: element; map: key, value
  };

  PlanNode BuildPlan(const SchemaNode& n, int16_t def, int16_t rep, int32_t& leaf) const;
  void ShredNode(const PlanNode& p, const ColumnVector& v, int64_t slot, int16_t parent_def,
                 int16_t rep, std::vector<LeafLevels>& out) const;
  void EmitAbsent(const PlanNode& p, int16_t def, int16_t rep, std::vector<LeafLevels>& out) const;
  static void BindLeaves(const PlanNode& p, const ColumnVector& v, std::vector<LeafLevels>& out);

  std::vector<PlanNode> fields_;
  std::vector<int16_t> leaf_max_rep_;  // per leaf column
};

}  // namespace firn::parquet
