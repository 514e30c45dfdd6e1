#include "firn/avro/value_json.h"

namespace firn::avro {
namespace {

std::string Hex(const std::string& bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(bytes.size() * 2);
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 15]);
  }
  return out;
}

}  // namespace

void WriteValueJson(const Node& node, const Value& value, JsonWriter& out) {
  if (node.type == Type::kUnion) {
    // The branch the value names, or else (a value built without one) the first branch
    // of its type, as the encoder would pick.
    const Node* branch = nullptr;
    if (value.branch() >= 0 && static_cast<size_t>(value.branch()) < node.children.size()) {
      branch = node.children[value.branch()];
    } else {
      for (const Node* c : node.children) {
        if (c->type == value.type()) {
          branch = c;
          break;
        }
      }
    }
    if (branch != nullptr) {
      WriteValueJson(*branch, value, out);
    } else {
      out.Null();
    }
    return;
  }
  switch (value.type()) {
    case Type::kNull:
      out.Null();
      break;
    case Type::kBoolean:
      out.Bool(value.boolean());
      break;
    case Type::kInt:
      out.Int(value.int_value());
      break;
    case Type::kLong:
      out.Int(value.long_value());
      break;
    case Type::kFloat:
      out.Double(value.float_value());
      break;
    case Type::kDouble:
      out.Double(value.double_value());
      break;
    case Type::kString:
      out.String(value.string());
      break;
    case Type::kBytes:
    case Type::kFixed:
      out.String(Hex(value.bytes()));
      break;
    case Type::kEnum:
      if (static_cast<size_t>(value.enum_index()) < node.symbols.size()) {
        out.String(node.symbols[value.enum_index()]);
      } else {
        out.Null();
      }
      break;
    case Type::kRecord:
      out.BeginObject();
      for (size_t i = 0; i < node.fields.size() && i < value.fields().size(); ++i) {
        out.Key(node.fields[i].name);
        WriteValueJson(*node.fields[i].type, value.fields()[i], out);
      }
      out.EndObject();
      break;
    case Type::kArray:
      out.BeginArray();
      for (const Value& item : value.items()) WriteValueJson(node.items(), item, out);
      out.EndArray();
      break;
    case Type::kMap:
      out.BeginObject();
      for (size_t i = 0; i < value.keys().size(); ++i) {
        out.Key(value.keys()[i]);
        WriteValueJson(node.values(), value.items()[i], out);
      }
      out.EndObject();
      break;
    case Type::kUnion:
      out.Null();
      break;
  }
}

std::string ValueToJson(const Node& node, const Value& value) {
  JsonWriter w;
  WriteValueJson(node, value, w);
  return std::move(w).Take();
}

}  // namespace firn::avro
