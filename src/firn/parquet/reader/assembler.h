// Assembler: record assembly, the inverse of the Shredder (writer/shredder.h). It turns
// the definition and repetition levels and present values of a top-level field's leaves
// (ColumnChunkData) into the field's ColumnVector tree (batch/column_vector.h).
//
// Each vector is built from the levels of the first leaf under its node (Dremel: every
// leaf under a node has an entry for each of the node's slots). With D(N) the definition
// level at which node N is present and R(N) the repetition level of its innermost repeated
// ancestor-or-self, every vector has a slot context (T, Rs):
//   top-level field       T = 0,                  Rs = 0
//   field of a struct S   T, Rs of S              (a null struct keeps a slot in each child)
//   element of list/map N T = D(N) + 1,           Rs = R(N) + 1
// An entry i is a slot iff rep[i] <= Rs and def[i] >= T; the slot is valid iff
// def[i] >= D(N). A list or map N starts an element at each entry with def >= D(N) + 1
// that is a slot of N or repeats at level R(N) + 1; counting them gives the offsets.
// Leaves hold a value iff def == max_def_level.
//
// Damaged levels never produce an ill-formed batch: a leaf's first entry must start a
// record, an entry repeating at level r must be defined at least as deep as the r-th
// repeated node, and every child vector must have exactly as many slots as its parent
// calls for; anything else is Corrupt.
//
// Values are kept physical, as stored (column_vector.h): DATE stays INT32 days, INT(8)
// and INT(16) stay INT32, INT96 stays 12 bytes, FLOAT16 stays 2 bytes, DECIMAL stays its
// INT32/INT64/byte-array form; booleans are one byte each.
//
// Thread-safety: none; one per FileReader (its scratch is reused).
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "firn/common/result.h"
#include "firn/parquet/batch/column_vector.h"
#include "firn/parquet/reader/column_chunk_reader.h"
#include "firn/parquet/schema/schema.h"

namespace firn::parquet {

class Assembler {
 public:
  // Appends the rows of top-level field `field` to *out, a vector shaped by MakeVector for
  // that field; `leaves` holds the decoded chunks of its leaves, in schema order. Leaf
  // value buffers may be moved into *out. *rows is set to the number of slots appended.
  Status AppendField(const SchemaNode& field, std::span<ColumnChunkData> leaves,
                     ColumnVector* out, int64_t* rows);

 private:
  struct Context {
    int16_t slot_def;  // T: entries defined at least this deep are slots ...
    int16_t slot_rep;  // Rs: ... if they repeat at this level or above
  };

  Status Node(const SchemaNode& n, int16_t parent_def, int16_t parent_rep, Context ctx,
              ColumnVector& v, int64_t* appended);
  Status Leaf(const SchemaNode& n, int16_t def, Context ctx, ColumnVector& v, int64_t* appended);
  Status Struct(const SchemaNode& n, int16_t def, int16_t rep, Context ctx, ColumnVector& v,
                int64_t* appended);
  Status Collection(const SchemaNode& n, int16_t def, int16_t rep, Context ctx, ColumnVector& v,
                    int64_t* appended);
  Status CheckLevels(const ColumnChunkData& c, const SchemaNode& leaf) const;

  std::span<ColumnChunkData> leaves_;
  size_t next_leaf_ = 0;
  std::vector<int16_t> rep_defs_;  // D of each enclosing repeated node, outermost first
  std::vector<uint8_t> validity_;  // scratch
};

}  // namespace firn::parquet
