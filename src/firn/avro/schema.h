// Avro schemas (Avro 1.11 specification, "Schema Declaration").
//
// A Schema owns a graph of Nodes. Named types (record, enum, fixed) may be referenced by
// name later in the schema, even from inside themselves (recursive records), so nodes
// refer to each other by plain pointers into the Schema that owns them: a `const Node*`
// taken from a Schema is valid while that Schema lives (moving the Schema keeps it valid).
//
// Every attribute that the spec does not define for a type or a field is kept verbatim, as
// JSON text, in `attributes`, in the order it appeared: Iceberg relies on "field-id" on
// record fields, "element-id"/"key-id"/"value-id" on arrays and maps, "adjust-to-utc" on
// longs. Parsing and serialising live in schema_json.h.
//
// Thread-safety: an immutable Schema may be shared between threads.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace firn::avro {

enum class Type {
  kNull,
  kBoolean,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kBytes,
  kString,  // primitives
  kRecord,
  kEnum,
  kArray,
  kMap,
  kUnion,
  kFixed,  // complex
};

// The spec spelling: "null", "boolean", ..., "fixed".
std::string_view TypeName(Type type);

// A non-standard attribute: its name and its value as compact JSON text.
struct Attribute {
  std::string name;  // e.g. "field-id"
  std::string json;  // e.g. "1", "true", "\"text\""

  bool operator==(const Attribute&) const = default;
};

// Looks up an attribute by name; nullptr if absent.
const Attribute* FindAttribute(const std::vector<Attribute>& attributes, std::string_view name);
// The attribute's value if it is present and a JSON integer that fits int64.
std::optional<int64_t> IntAttribute(const std::vector<Attribute>& attributes,
                                    std::string_view name);

struct Node;

// One field of a record.
struct Field {
  std::string name;                         // field name
  const Node* type = nullptr;               // never null in a parsed Schema
  std::optional<std::string> default_json;  // "default", as JSON text, if given
  std::vector<Attribute> attributes;        // everything else ("field-id", "doc", ...)

  // Iceberg's "field-id" attribute, if present and an integer.
  std::optional<int32_t> FieldId() const;
};

// One type. Which members are meaningful depends on `type`.
struct Node {
  Type type = Type::kNull;
  // Named types (record, enum, fixed).
  std::string name;        // "name" as written (may contain dots)
  std::string namespace_;  // "namespace" as written ("" if absent)
  std::string full_name;   // the resolved full name, used for references
  // Record.
  std::vector<Field> fields;
  // Enum.
  std::vector<std::string> symbols;
  std::optional<std::string> enum_default;  // "default" of an enum
  // Array items, map values: children[0]. Union branches: children.
  std::vector<const Node*> children;
  // Fixed.
  int32_t size = 0;
  // Logical types ("decimal", "date", "timestamp-micros", "uuid", Iceberg's "map", ...).
  std::string logical_type;           // "" if none
  std::optional<int64_t> precision;   // "precision" (decimal)
  std::optional<int64_t> scale;       // "scale" (decimal)
  std::vector<Attribute> attributes;  // non-standard attributes, in order

  // Smallest number of bytes one value of this type takes in the binary encoding; bounds
  // block counts when decoding (an allocation-bomb guard). 0 for null and for records
  // made only of nulls.
  uint32_t min_encoded_size = 0;

  bool is_named() const {
    return type == Type::kRecord || type == Type::kEnum || type == Type::kFixed;
  }
  const Node& items() const { return *children[0]; }   // REQUIRES: kArray
  const Node& values() const { return *children[0]; }  // REQUIRES: kMap
  // Index of the record field called `name`; nullopt if none. Linear: for setup, not for
  // per-value loops.
  std::optional<size_t> FieldIndex(std::string_view name) const;
};

class Schema {
 public:
  Schema() = default;
  Schema(Schema&&) = default;
  Schema& operator=(Schema&&) = default;
  Schema(const Schema&) = delete;
  Schema& operator=(const Schema&) = delete;

  // The top-level type. REQUIRES: the schema was built (by ParseSchema).
  const Node& root() const { return *root_; }

  // Building (used by the parser): allocates a node owned by this schema.
  Node* NewNode(Type type);
  void set_root(const Node* root) { root_ = root; }
  // Fills min_encoded_size on every node. Called once the graph is complete.
  void ComputeSizes();

 private:
  std::vector<std::unique_ptr<Node>> nodes_;
  const Node* root_ = nullptr;
};

}  // namespace firn::avro
