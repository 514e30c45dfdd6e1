#include "firn/avro/schema_json.h"

#include <simdjson.h>

#include <unordered_map>
#include <unordered_set>

#include "firn/common/json_writer.h"
#include "firn/common/macros.h"

namespace firn::avro {
namespace {

namespace dom = simdjson::dom;

std::optional<Type> PrimitiveType(std::string_view name) {
  if (name == "null") return Type::kNull;
  if (name == "boolean") return Type::kBoolean;
  if (name == "int") return Type::kInt;
  if (name == "long") return Type::kLong;
  if (name == "float") return Type::kFloat;
  if (name == "double") return Type::kDouble;
  if (name == "bytes") return Type::kBytes;
  if (name == "string") return Type::kString;
  return std::nullopt;
}

std::optional<Type> ComplexType(std::string_view name) {
  if (name == "record" || name == "error") return Type::kRecord;
  if (name == "enum") return Type::kEnum;
  if (name == "array") return Type::kArray;
  if (name == "map") return Type::kMap;
  if (name == "fixed") return Type::kFixed;
  return std::nullopt;
}

class Parser {
 public:
  explicit Parser(Schema* schema) : schema_(schema) {}

  Result<const Node*> Parse(dom::element e, const std::string& ns, const std::string& path) {
    switch (e.type()) {
      case dom::element_type::STRING:
        return ParseName(std::string_view(e), ns, path);
      case dom::element_type::ARRAY:
        return ParseUnion(dom::array(e), ns, path);
      case dom::element_type::OBJECT:
        return ParseObject(dom::object(e), ns, path);
      default:
        return InvalidArgument("{}: a schema must be a string, an object or an array", path);
    }
  }

 private:
  Result<const Node*> ParseName(std::string_view name, const std::string& ns,
                                const std::string& path) {
    if (auto prim = PrimitiveType(name)) return schema_->NewNode(*prim);
    // A reference: a dotted name is a full name; otherwise try the enclosing namespace.
    if (name.find('.') == std::string_view::npos && !ns.empty()) {
      auto it = named_.find(ns + "." + std::string(name));
      if (it != named_.end()) return it->second;
    }
    auto it = named_.find(std::string(name));
    if (it != named_.end()) return it->second;
    return InvalidArgument("{}: unknown type '{}'", path, name);
  }

  Result<const Node*> ParseUnion(dom::array arr, const std::string& ns, const std::string& path) {
    Node* node = schema_->NewNode(Type::kUnion);
    std::unordered_set<std::string> seen;
    size_t i = 0;
    for (dom::element b : arr) {
      std::string bpath = fmt::format("{}[{}]", path, i++);
      FIRN_ASSIGN_OR_RETURN(const Node* branch, Parse(b, ns, bpath));
      if (branch->type == Type::kUnion) {
        return InvalidArgument("{}: a union may not directly contain a union", bpath);
      }
      std::string key =
          branch->is_named() ? branch->full_name : std::string(TypeName(branch->type));
      if (!seen.insert(key).second) {
        return InvalidArgument("{}: the union already has a branch of type '{}'", bpath, key);
      }
      node->children.push_back(branch);
    }
    return node;
  }

  Status SetName(Node* node, dom::object obj, const std::string& ns, const std::string& path) {
    std::string_view name;
    if (obj["name"].get(name) != simdjson::SUCCESS || name.empty()) {
      return InvalidArgument("{}: a named type needs a non-empty string \"name\"", path);
    }
    node->name = std::string(name);
    std::string_view explicit_ns;
    bool has_ns = obj["namespace"].get(explicit_ns) == simdjson::SUCCESS;
    if (has_ns) node->namespace_ = std::string(explicit_ns);
    if (auto dot = name.rfind('.'); dot != std::string_view::npos) {
      node->full_name = node->name;
    } else {
      std::string space = has_ns ? std::string(explicit_ns) : ns;
      node->full_name = space.empty() ? node->name : space + "." + node->name;
    }
    if (PrimitiveType(node->name)) {
      return InvalidArgument("{}: '{}' may not be used as a type name", path, node->name);
    }
    if (!named_.emplace(node->full_name, node).second) {
      return InvalidArgument("{}: type '{}' is defined twice", path, node->full_name);
    }
    return OkStatus();
  }

  static std::string NamespaceOf(const Node& node) {
    auto dot = node.full_name.rfind('.');
    return dot == std::string::npos ? std::string() : node.full_name.substr(0, dot);
  }

  Result<const Node*> ParseObject(dom::object obj, const std::string& ns, const std::string& path) {
    dom::element type_elem;
    if (obj["type"].get(type_elem) != simdjson::SUCCESS) {
      return InvalidArgument("{}: object without \"type\"", path);
    }
    if (!type_elem.is_string()) {
      // {"type": {...}} or {"type": [...]}: the object is only a wrapper.
      return Parse(type_elem, ns, path + ".type");
    }
    std::string_view type_name(type_elem);
    Node* node = nullptr;
    std::vector<std::string_view> standard = {"type", "logicalType"};
    if (auto prim = PrimitiveType(type_name)) {
      node = schema_->NewNode(*prim);
    } else if (auto complex = ComplexType(type_name)) {
      node = schema_->NewNode(*complex);
    } else {
      // {"type": "SomeNamedType"} refers to a named type; there is nothing to attach to it.
      return ParseName(type_name, ns, path);
    }
    std::string child_ns = ns;
    if (node->is_named()) {
      FIRN_RETURN_NOT_OK(SetName(node, obj, ns, path));
      child_ns = NamespaceOf(*node);
      standard.insert(standard.end(), {"name", "namespace"});
    }
    switch (node->type) {
      case Type::kRecord: {
        FIRN_RETURN_NOT_OK(ParseFields(node, obj, child_ns, path));
        standard.push_back("fields");
        break;
      }
      case Type::kEnum: {
        dom::array symbols;
        if (obj["symbols"].get(symbols) != simdjson::SUCCESS) {
          return InvalidArgument("{}: enum '{}' needs a \"symbols\" array", path, node->name);
        }
        for (dom::element s : symbols) {
          std::string_view sym;
          if (s.get(sym) != simdjson::SUCCESS) {
            return InvalidArgument("{}: enum symbols must be strings", path);
          }
          node->symbols.emplace_back(sym);
        }
        std::string_view def;
        if (obj["default"].get(def) == simdjson::SUCCESS) node->enum_default = std::string(def);
        standard.insert(standard.end(), {"symbols", "default"});
        break;
      }
      case Type::kArray:
      case Type::kMap: {
        const char* key = node->type == Type::kArray ? "items" : "values";
        dom::element child;
        if (obj[key].get(child) != simdjson::SUCCESS) {
          return InvalidArgument("{}: {} needs \"{}\"", path, type_name, key);
        }
        FIRN_ASSIGN_OR_RETURN(const Node* c, Parse(child, child_ns, path + "." + key));
        node->children.push_back(c);
        standard.push_back(key);
        break;
      }
      case Type::kFixed: {
        int64_t size = -1;
        if (obj["size"].get(size) != simdjson::SUCCESS || size < 0 || size > (1 << 30)) {
          return InvalidArgument("{}: fixed '{}' needs a \"size\" in [0, 2^30]", path, node->name);
        }
        node->size = static_cast<int32_t>(size);
        standard.push_back("size");
        break;
      }
      default:
        break;
    }
    std::string_view logical;
    if (obj["logicalType"].get(logical) == simdjson::SUCCESS) {
      node->logical_type = std::string(logical);
      if (logical == "decimal") {
        int64_t v = 0;
        if (obj["precision"].get(v) == simdjson::SUCCESS) node->precision = v;
        if (obj["scale"].get(v) == simdjson::SUCCESS) node->scale = v;
        standard.insert(standard.end(), {"precision", "scale"});
      }
    }
    for (auto [key, value] : obj) {
      bool is_standard = false;
      for (std::string_view s : standard) is_standard |= (s == key);
      if (!is_standard) {
        node->attributes.push_back({std::string(key), simdjson::minify(value)});
      }
    }
    return node;
  }

  Status ParseFields(Node* node, dom::object obj, const std::string& ns, const std::string& path) {
    dom::array fields;
    if (obj["fields"].get(fields) != simdjson::SUCCESS) {
      return InvalidArgument("{}: record '{}' needs a \"fields\" array", path, node->name);
    }
    size_t i = 0;
    for (dom::element fe : fields) {
      std::string fpath = fmt::format("{}.fields[{}]", path, i++);
      dom::object fo;
      std::string_view name;
      dom::element ftype;
      if (fe.get(fo) != simdjson::SUCCESS || fo["name"].get(name) != simdjson::SUCCESS ||
          fo["type"].get(ftype) != simdjson::SUCCESS) {
        return InvalidArgument("{}: a field needs \"name\" and \"type\"", fpath);
      }
      Field field;
      field.name = std::string(name);
      if (node->FieldIndex(field.name)) {
        return InvalidArgument("{}: duplicate field '{}'", fpath, field.name);
      }
      FIRN_ASSIGN_OR_RETURN(field.type, Parse(ftype, ns, fpath + ".type"));
      for (auto [key, value] : fo) {
        if (key == "name" || key == "type") continue;
        if (key == "default") {
          field.default_json = simdjson::minify(value);
        } else {
          field.attributes.push_back({std::string(key), simdjson::minify(value)});
        }
      }
      node->fields.push_back(std::move(field));
    }
    return OkStatus();
  }

  Schema* schema_;
  std::unordered_map<std::string, const Node*> named_;
};

class Serializer {
 public:
  void Write(const Node& node) {
    bool plain = node.logical_type.empty() && node.attributes.empty();
    if (node.type == Type::kUnion) {
      w_.BeginArray();
      for (const Node* b : node.children) Write(*b);
      w_.EndArray();
      return;
    }
    if (node.is_named() && !written_.insert(&node).second) {
      w_.String(node.full_name);
      return;
    }
    if (!node.is_named() && node.type != Type::kArray && node.type != Type::kMap && plain) {
      w_.String(TypeName(node.type));
      return;
    }
    w_.BeginObject();
    w_.Key("type");
    w_.String(TypeName(node.type));
    if (node.is_named()) {
      w_.Key("name");
      w_.String(node.name);
      if (!node.namespace_.empty()) {
        w_.Key("namespace");
        w_.String(node.namespace_);
      }
    }
    switch (node.type) {
      case Type::kRecord:
        w_.Key("fields");
        w_.BeginArray();
        for (const Field& f : node.fields) WriteField(f);
        w_.EndArray();
        break;
      case Type::kEnum:
        w_.Key("symbols");
        w_.BeginArray();
        for (const std::string& s : node.symbols) w_.String(s);
        w_.EndArray();
        if (node.enum_default) {
          w_.Key("default");
          w_.String(*node.enum_default);
        }
        break;
      case Type::kArray:
      case Type::kMap:
        w_.Key(node.type == Type::kArray ? "items" : "values");
        Write(*node.children[0]);
        break;
      case Type::kFixed:
        w_.Key("size");
        w_.Int(node.size);
        break;
      default:
        break;
    }
    if (!node.logical_type.empty()) {
      w_.Key("logicalType");
      w_.String(node.logical_type);
    }
    if (node.precision) {
      w_.Key("precision");
      w_.Int(*node.precision);
    }
    if (node.scale) {
      w_.Key("scale");
      w_.Int(*node.scale);
    }
    WriteAttributes(node.attributes);
    w_.EndObject();
  }

  std::string Take() && { return std::move(w_).Take(); }

 private:
  void WriteField(const Field& f) {
    w_.BeginObject();
    w_.Key("name");
    w_.String(f.name);
    w_.Key("type");
    Write(*f.type);
    if (f.default_json) {
      w_.Key("default");
      w_.Raw(*f.default_json);
    }
    WriteAttributes(f.attributes);
    w_.EndObject();
  }

  void WriteAttributes(const std::vector<Attribute>& attributes) {
    for (const Attribute& a : attributes) {
      w_.Key(a.name);
      w_.Raw(a.json);
    }
  }

  JsonWriter w_;
  std::unordered_set<const Node*> written_;
};

}  // namespace

Result<Schema> ParseSchema(std::string_view json) {
  dom::parser parser;
  dom::element root;
  simdjson::padded_string padded(json);
  if (auto err = parser.parse(padded).get(root); err != simdjson::SUCCESS) {
    return InvalidArgument("schema JSON: {}", simdjson::error_message(err));
  }
  Schema schema;
  Parser p(&schema);
  FIRN_ASSIGN_OR_RETURN(const Node* top, p.Parse(root, "", "schema"));
  schema.set_root(top);
  schema.ComputeSizes();
  return schema;
}

std::string SchemaToJson(const Schema& schema) {
  Serializer s;
  s.Write(schema.root());
  return std::move(s).Take();
}

}  // namespace firn::avro
