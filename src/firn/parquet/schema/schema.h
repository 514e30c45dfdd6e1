// The Parquet schema of a file: a tree of groups and primitive leaves, each with an
// optional field id, plus the per-leaf column descriptors (path, max definition and
// repetition levels) that shredding and reading need.
//
// This is the Parquet-level view. Iceberg types map onto it through the builders in
// iceberg_types.h, which follow the Iceberg spec's Parquet appendix; schema_thrift.h
// converts it to and from the footer's flattened SchemaElement list.
//
// Thread-safety: immutable after Make(); share as std::shared_ptr<const Schema>.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "firn/common/result.h"

namespace firn::parquet {

// Parquet physical types; numeric values are those of parquet.thrift's `Type`.
enum class PhysicalType : int8_t {
  kBoolean = 0,
  kInt32 = 1,
  kInt64 = 2,
  kInt96 = 3,
  kFloat = 4,
  kDouble = 5,
  kByteArray = 6,
  kFixedLenByteArray = 7,
};

enum class Repetition : int8_t { kRequired = 0, kOptional = 1, kRepeated = 2 };

enum class TimeUnit : int8_t { kMillis, kMicros, kNanos };

// The logical-type annotation of a node (parquet.thrift's LogicalType union, the subset
// firn writes and reads). kNone means a plain physical type.
struct LogicalType {
  enum class Kind : int8_t {
    kNone, kString, kEnum, kJson, kBson, kUuid, kDecimal, kDate, kTime, kTimestamp,
    kInteger, kList, kMap, kUnknown, kFloat16
  };
  Kind kind = Kind::kNone;
  int32_t precision = 0;         // decimal precision
  int32_t scale = 0;             // decimal scale
  TimeUnit unit = TimeUnit::kMicros;  // time and timestamp unit
  bool adjusted_to_utc = false;  // time and timestamp: instant (true) or local (false)
  int8_t bit_width = 0;          // integer annotation: 8, 16, 32 or 64
  bool is_signed = true;         // integer annotation

  bool operator==(const LogicalType&) const = default;
};

// One node of the schema tree. A group has children (or is an empty group); a leaf has a
// physical type.
struct SchemaNode {
  std::string name;                 // the element name
  std::optional<int32_t> field_id;  // the Iceberg field id, if any
  Repetition repetition = Repetition::kOptional;
  bool is_group = false;            // group (struct, list, map) vs primitive leaf
  PhysicalType physical = PhysicalType::kInt32;  // leaves only
  int32_t type_length = 0;          // FIXED_LEN_BYTE_ARRAY length
  LogicalType logical;              // logical-type annotation
  std::vector<SchemaNode> children; // groups only

  bool operator==(const SchemaNode&) const = default;
};

// A leaf column as seen by shredding, writing and reading.
struct ColumnDescriptor {
  const SchemaNode* node = nullptr;       // the leaf; owned by the Schema
  std::vector<std::string> path;          // names from below the root to the leaf
  int16_t max_def_level = 0;              // definition level of a present value
  int16_t max_rep_level = 0;              // repetition level of the innermost list
  // True if any ancestor (or the leaf) is repeated: values live inside a list or map.
  bool in_repeated = false;

  std::string PathString() const;  // "a.b.list.element"
};

class Schema {
 public:
  // Validates the tree (named root group; leaves have sane types and annotations; LIST and
  // MAP groups have the standard 3-level shape) and derives the leaf descriptors.
  static Result<std::shared_ptr<const Schema>> Make(SchemaNode root);

  const SchemaNode& root() const { return root_; }
  const std::vector<ColumnDescriptor>& columns() const { return columns_; }
  size_t num_columns() const { return columns_.size(); }
  // Index of the first leaf under top-level field `i`, and the number of leaves under it.
  size_t FirstLeafOf(size_t top_level_field) const { return first_leaf_[top_level_field]; }
  size_t NumLeavesOf(size_t top_level_field) const {
    return first_leaf_[top_level_field + 1] - first_leaf_[top_level_field];
  }

 private:
  explicit Schema(SchemaNode root) : root_(std::move(root)) {}

  SchemaNode root_;
  std::vector<ColumnDescriptor> columns_;
  std::vector<size_t> first_leaf_;  // size = top-level fields + 1
};

// Byte width of a fixed-width physical value in memory (bool is 1 byte), or 0 for
// BYTE_ARRAY. FIXED_LEN_BYTE_ARRAY uses the node's type_length.
int32_t ValueWidth(const SchemaNode& leaf);

}  // namespace firn::parquet
