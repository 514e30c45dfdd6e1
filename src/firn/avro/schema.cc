#include "firn/avro/schema.h"

#include <charconv>
#include <limits>

namespace firn::avro {

std::string_view TypeName(Type type) {
  switch (type) {
    case Type::kNull:
      return "null";
    case Type::kBoolean:
      return "boolean";
    case Type::kInt:
      return "int";
    case Type::kLong:
      return "long";
    case Type::kFloat:
      return "float";
    case Type::kDouble:
      return "double";
    case Type::kBytes:
      return "bytes";
    case Type::kString:
      return "string";
    case Type::kRecord:
      return "record";
    case Type::kEnum:
      return "enum";
    case Type::kArray:
      return "array";
    case Type::kMap:
      return "map";
    case Type::kUnion:
      return "union";
    case Type::kFixed:
      return "fixed";
  }
  return "?";
}

const Attribute* FindAttribute(const std::vector<Attribute>& attributes, std::string_view name) {
  for (const Attribute& a : attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

std::optional<int64_t> IntAttribute(const std::vector<Attribute>& attributes,
                                    std::string_view name) {
  const Attribute* a = FindAttribute(attributes, name);
  if (a == nullptr) return std::nullopt;
  int64_t v = 0;
  const char* end = a->json.data() + a->json.size();
  auto [ptr, ec] = std::from_chars(a->json.data(), end, v);
  if (ec != std::errc() || ptr != end) return std::nullopt;
  return v;
}

std::optional<int32_t> Field::FieldId() const {
  std::optional<int64_t> id = IntAttribute(attributes, "field-id");
  if (!id || *id < std::numeric_limits<int32_t>::min() ||
      *id > std::numeric_limits<int32_t>::max()) {
    return std::nullopt;
  }
  return static_cast<int32_t>(*id);
}

std::optional<size_t> Node::FieldIndex(std::string_view field_name) const {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (fields[i].name == field_name) return i;
  }
  return std::nullopt;
}

Node* Schema::NewNode(Type type) {
  nodes_.push_back(std::make_unique<Node>());
  nodes_.back()->type = type;
  return nodes_.back().get();
}

namespace {

// A record reached again while its own size is being computed (a recursive record) counts
// as 0, which keeps the bound a lower bound.
uint32_t MinSize(Node* node, std::vector<const Node*>& active) {
  switch (node->type) {
    case Type::kNull:
      return 0;
    case Type::kBoolean:
    case Type::kInt:
    case Type::kLong:
    case Type::kBytes:
    case Type::kString:
    case Type::kEnum:
    case Type::kArray:
    case Type::kMap:
    case Type::kUnion:
      return 1;
    case Type::kFloat:
      return 4;
    case Type::kDouble:
      return 8;
    case Type::kFixed:
      return static_cast<uint32_t>(node->size);
    case Type::kRecord: {
      for (const Node* a : active) {
        if (a == node) return 0;
      }
      active.push_back(node);
      uint64_t total = 0;
      for (Field& f : node->fields) {
        total += MinSize(const_cast<Node*>(f.type), active);
      }
      active.pop_back();
      return static_cast<uint32_t>(std::min<uint64_t>(total, 1u << 30));
    }
  }
  return 0;
}

}  // namespace

void Schema::ComputeSizes() {
  std::vector<const Node*> active;
  for (auto& node : nodes_) node->min_encoded_size = MinSize(node.get(), active);
}

}  // namespace firn::avro
