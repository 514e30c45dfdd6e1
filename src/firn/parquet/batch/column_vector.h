// ColumnVector and RecordBatch: the columnar batches that the Parquet writer appends and
// the reader produces. The layout is Arrow-like, physical, and shaped by the schema node
// the vector belongs to:
//
//   leaf, fixed width   values = length * ValueWidth(node) bytes, little-endian; bool is one
//                        byte (0/1); a null slot's bytes are ignored
//   leaf, BYTE_ARRAY    offsets = int64[length + 1], values = the concatenated bytes
//   struct group        children[i] = field i, each with the same length
//   LIST group          offsets = int64[length + 1] into children[0] (the element)
//   MAP group           offsets = int64[length + 1] into children[0] (key), children[1] (value)
//
// validity holds one byte per slot (1 = present); an empty validity means every slot is
// present. Offsets must be non-decreasing, and a null list or map slot must be empty, so
// that a column's leaf slots are visited in order; ValidateVector() checks all of this.
//
// Thread-safety: none. Buffers keep their capacity across Clear() so that one batch can be
// refilled for every row group without touching fresh memory.
#pragma once

#include <cstdint>
#include <cstring>
#include <string_view>
#include <vector>

#include "firn/common/buffer.h"
#include "firn/common/result.h"
#include "firn/parquet/schema/schema.h"

namespace firn::parquet {

struct ColumnVector {
  int64_t length = 0;                  // number of slots
  Buffer validity;                     // uint8 per slot, or empty when all are present
  Buffer values;                       // leaf values (see above)
  Buffer offsets;                      // int64[length + 1] for byte arrays, lists and maps
  std::vector<ColumnVector> children;  // struct fields, list element, map key and value

  bool IsValid(int64_t i) const { return validity.empty() || validity.data()[i] != 0; }
  bool HasNulls() const;
  const int64_t* offsets_data() const { return reinterpret_cast<const int64_t*>(offsets.data()); }
  std::string_view BytesAt(int64_t i) const {
    const int64_t* o = offsets_data();
    return {reinterpret_cast<const char*>(values.data()) + o[i], static_cast<size_t>(o[i + 1] - o[i])};
  }
  template <typename T>
  T ValueAt(int64_t i) const {
    T v;
    std::memcpy(&v, values.data() + i * sizeof(T), sizeof(T));
    return v;
  }

  // Empties this vector and its children, keeping their memory.
  void Clear();
  // Bytes of memory this vector's buffers hold (capacity), for memory accounting.
  int64_t MemoryUsage() const;

  // --- Appending (builders for decoders and tests) ---
  // Marks slot `length` valid or null, materialising validity lazily on the first null.
  void AppendValidity(bool valid);
  template <typename T>
  void AppendValue(const T& v) {
    values.AppendValue(v);
    AppendValidity(true);
  }
  void AppendFixedBytes(std::string_view bytes) {  // FIXED_LEN_BYTE_ARRAY, INT96
    values.Append(bytes);
    AppendValidity(true);
  }
  void AppendBytes(std::string_view bytes);          // BYTE_ARRAY
  // A null leaf slot; `width` bytes of zero are added for fixed-width leaves.
  void AppendNull(int32_t width);
  // Lists and maps: call after appending the slot's elements to the children; `end` is the
  // child length after them.
  void AppendListEnd(int64_t end, bool valid = true);
  // A struct slot: the caller appends to each child.
  void AppendStruct(bool valid) { AppendValidity(valid); }
};

struct RecordBatch {
  int64_t num_rows = 0;
  std::vector<ColumnVector> columns;  // one per top-level field of the schema

  void Clear();
  int64_t MemoryUsage() const;  // the columns' MemoryUsage
};

// Returns an empty vector tree shaped for `node` (children created for groups).
ColumnVector MakeVector(const SchemaNode& node);
RecordBatch MakeBatch(const Schema& schema);

// Checks that `v` is a well-formed vector for `node` with `expected_length` slots: buffer
// sizes, offsets in range and non-decreasing, null lists empty, no nulls in required
// nodes. `path` names the column in errors.
Status ValidateVector(const SchemaNode& node, const ColumnVector& v, int64_t expected_length,
                      std::string_view path);
Status ValidateBatch(const Schema& schema, const RecordBatch& batch);

}  // namespace firn::parquet
