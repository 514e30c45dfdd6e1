#include "firn/parquet/reader/file_schema.h"

#include <string>

#include "firn/common/macros.h"
#include "firn/parquet/schema/schema_thrift.h"

namespace firn::parquet {
namespace {

using Kind = LogicalType::Kind;

bool IsListOrMap(const SchemaNode& n) {
  return n.is_group && (n.logical.kind == Kind::kList || n.logical.kind == Kind::kMap);
}

std::string Child(const std::string& path, const SchemaNode& n) {
  return path.empty() ? n.name : path + "." + n.name;
}

// Drops MAP_KEY_VALUE-derived annotations from the repeated group of a map, then checks
// the shapes the assembler supports. `parent_is_collection`: n is the repeated child of a
// LIST or MAP group.
Status Normalize(SchemaNode& n, const std::string& path, bool parent_is_collection, int depth) {
  if (depth > 128) return Corrupt("schema nests deeper than 128 levels");
  if (n.repetition == Repetition::kRepeated && !parent_is_collection) {
    return NotSupported(
        "field '{}' is repeated outside a LIST or MAP group (an un-annotated legacy list)", path);
  }
  if (!n.is_group) return OkStatus();
  if (n.children.empty()) return NotSupported("group '{}' has no columns", path);
  if (IsListOrMap(n)) {
    if (n.children.size() != 1 || n.children[0].repetition != Repetition::kRepeated) {
      return Corrupt("{} group '{}' must have exactly one repeated child",
                     n.logical.kind == Kind::kList ? "LIST" : "MAP", path);
    }
    SchemaNode& repeated = n.children[0];
    if (n.logical.kind == Kind::kMap && repeated.is_group && repeated.logical.kind == Kind::kMap) {
      repeated.logical = LogicalType{};  // legacy MAP_KEY_VALUE on the key_value group
    }
    if (IsListOrMap(repeated)) {
      return NotSupported("'{}': a LIST or MAP annotation on the repeated node of '{}'",
                          Child(path, repeated), path);
    }
    if (n.logical.kind == Kind::kMap && !repeated.is_group) {
      return Corrupt("MAP group '{}' must hold a repeated key_value group", path);
    }
    return Normalize(repeated, Child(path, repeated), true, depth + 1);
  }
  for (auto& c : n.children) FIRN_RETURN_NOT_OK(Normalize(c, Child(path, c), false, depth + 1));
  return OkStatus();
}

}  // namespace

Result<std::shared_ptr<const Schema>> SchemaFromFooter(
    std::span<const format::SchemaElement> elements) {
  FIRN_ASSIGN_OR_RETURN_CTX(SchemaNode root, FromSchemaElements(elements), "schema");
  if (!root.is_group) return Corrupt("schema: the root element is not a group");
  for (auto& c : root.children) FIRN_RETURN_NOT_OK_CTX(Normalize(c, c.name, false, 1), "schema");
  auto schema = Schema::Make(std::move(root));
  if (!schema) {
    // Schema::Make speaks to writers (InvalidArgument); for a file it means a bad footer.
    if (schema.error().kind() == ErrorKind::kInvalidArgument) {
      return Corrupt("schema: {}", schema.error().message());
    }
    return std::unexpected(std::move(schema).error().WithContext("schema"));
  }
  return std::move(*schema);
}

bool IsTwoLevelList(const SchemaNode& list) {
  const SchemaNode& repeated = list.children[0];
  if (!repeated.is_group || repeated.children.size() > 1) return true;
  return repeated.name == "array" || repeated.name == list.name + "_tuple";
}

}  // namespace firn::parquet
