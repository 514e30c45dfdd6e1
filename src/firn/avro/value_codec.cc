#include "firn/avro/value_codec.h"

#include "firn/common/macros.h"

namespace firn::avro {
namespace {

std::span<const uint8_t> AsBytes(const std::string& s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

// Whether `value` can be written as a value of `node` (for picking a union branch).
bool Matches(const Node& node, const Value& value) {
  if (node.type != value.type()) return false;
  if (node.type == Type::kFixed) return value.bytes().size() == static_cast<size_t>(node.size);
  if (node.type == Type::kRecord) return value.fields().size() == node.fields.size();
  return true;
}

Status Encode(const Node& node, const Value& value, Encoder& enc) {
  if (node.type == Type::kUnion) {
    int32_t branch = value.branch();
    if (branch < 0) {
      for (size_t i = 0; i < node.children.size(); ++i) {
        if (Matches(*node.children[i], value)) {
          branch = static_cast<int32_t>(i);
          break;
        }
      }
      if (branch < 0) {
        return InvalidArgument("no branch of the union matches a value of type {}",
                               TypeName(value.type()));
      }
    }
    if (static_cast<size_t>(branch) >= node.children.size()) {
      return InvalidArgument("union branch {} out of range ({} branches)", branch,
                             node.children.size());
    }
    enc.WriteUnionIndex(branch);
    return Encode(*node.children[branch], value, enc);
  }
  if (node.type != value.type()) {
    return InvalidArgument("expected a value of type {}, got {}", TypeName(node.type),
                           TypeName(value.type()));
  }
  switch (node.type) {
    case Type::kNull:
      break;
    case Type::kBoolean:
      enc.WriteBoolean(value.boolean());
      break;
    case Type::kInt:
      enc.WriteInt(value.int_value());
      break;
    case Type::kLong:
      enc.WriteLong(value.long_value());
      break;
    case Type::kFloat:
      enc.WriteFloat(value.float_value());
      break;
    case Type::kDouble:
      enc.WriteDouble(value.double_value());
      break;
    case Type::kBytes:
      enc.WriteBytes(AsBytes(value.bytes()));
      break;
    case Type::kString:
      enc.WriteString(value.string());
      break;
    case Type::kFixed:
      if (value.bytes().size() != static_cast<size_t>(node.size)) {
        return InvalidArgument("fixed '{}' needs {} bytes, got {}", node.full_name, node.size,
                               value.bytes().size());
      }
      enc.WriteFixed(AsBytes(value.bytes()));
      break;
    case Type::kEnum:
      if (value.enum_index() < 0 ||
          static_cast<size_t>(value.enum_index()) >= node.symbols.size()) {
        return InvalidArgument("enum '{}' has no symbol {}", node.full_name, value.enum_index());
      }
      enc.WriteEnum(value.enum_index());
      break;
    case Type::kRecord:
      if (value.fields().size() != node.fields.size()) {
        return InvalidArgument("record '{}' has {} fields, the value {}", node.full_name,
                               node.fields.size(), value.fields().size());
      }
      for (size_t i = 0; i < node.fields.size(); ++i) {
        FIRN_RETURN_NOT_OK_CTX(Encode(*node.fields[i].type, value.fields()[i], enc),
                               fmt::format("field '{}'", node.fields[i].name));
      }
      break;
    case Type::kArray:
    case Type::kMap: {
      const auto& items = value.items();
      if (!items.empty()) enc.WriteBlockCount(static_cast<int64_t>(items.size()));
      for (size_t i = 0; i < items.size(); ++i) {
        if (node.type == Type::kMap) enc.WriteString(value.keys()[i]);
        FIRN_RETURN_NOT_OK_CTX(Encode(*node.children[0], items[i], enc),
                               node.type == Type::kMap ? fmt::format("key '{}'", value.keys()[i])
                                                       : fmt::format("element {}", i));
      }
      enc.WriteBlockCount(0);
      break;
    }
    case Type::kUnion:
      break;  // handled above
  }
  return OkStatus();
}

Status Decode(const Node& node, Decoder& dec, Value* out, int depth);

Status DecodeBlocks(const Node& node, Decoder& dec, Value* out, int depth) {
  const Node& item = *node.children[0];
  bool is_map = node.type == Type::kMap;
  // Smallest bytes per entry: a map entry has at least a key length byte.
  uint64_t min_size = item.min_encoded_size + (is_map ? 1 : 0);
  auto& children = out->mutable_children();
  auto& keys = out->mutable_keys();
  size_t n = 0;
  while (true) {
    uint64_t start = dec.offset();
    FIRN_ASSIGN_OR_RETURN(int64_t count, dec.ReadBlockCount());
    if (count == 0) break;
    // Zero-size items cost no input, so their limit holds for the whole array or map.
    uint64_t limit =
        min_size == 0 ? static_cast<uint64_t>(kMaxZeroSizeItems) - n : dec.remaining() / min_size;
    if (static_cast<uint64_t>(count) > limit) {
      return Corrupt(
          "{} block at offset {} declares {} items; the remaining {} bytes hold at most {}",
          TypeName(node.type), start, count, dec.remaining(), limit);
    }
    children.resize(n + count);
    if (is_map) keys.resize(n + count);
    for (size_t end = n + count; n < end; ++n) {
      if (is_map) {
        FIRN_ASSIGN_OR_RETURN(std::string_view key, dec.ReadString());
        keys[n].assign(key);
      }
      FIRN_RETURN_NOT_OK_CTX(
          Decode(item, dec, &children[n], depth + 1),
          is_map ? fmt::format("key '{}'", keys[n]) : fmt::format("element {}", n));
    }
  }
  return OkStatus();
}

Status Decode(const Node& node, Decoder& dec, Value* out, int depth) {
  if (depth > kMaxDepth) {
    return Corrupt("values nested deeper than {} levels at offset {}", kMaxDepth, dec.offset());
  }
  if (node.type == Type::kUnion) {
    uint64_t start = dec.offset();
    FIRN_ASSIGN_OR_RETURN(int64_t branch, dec.ReadLong());
    if (branch < 0 || static_cast<uint64_t>(branch) >= node.children.size()) {
      return Corrupt("union index {} at offset {} is out of range ({} branches)", branch, start,
                     node.children.size());
    }
    FIRN_RETURN_NOT_OK(Decode(*node.children[branch], dec, out, depth + 1));
    out->set_branch(static_cast<int32_t>(branch));
    return OkStatus();
  }
  out->Reset(node.type);
  switch (node.type) {
    case Type::kNull:
      break;
    case Type::kBoolean: {
      FIRN_ASSIGN_OR_RETURN(bool v, dec.ReadBoolean());
      out->set_boolean(v);
      break;
    }
    case Type::kInt: {
      FIRN_ASSIGN_OR_RETURN(int32_t v, dec.ReadInt());
      out->set_int(v);
      break;
    }
    case Type::kLong: {
      FIRN_ASSIGN_OR_RETURN(int64_t v, dec.ReadLong());
      out->set_long(v);
      break;
    }
    case Type::kFloat: {
      FIRN_ASSIGN_OR_RETURN(float v, dec.ReadFloat());
      out->set_float(v);
      break;
    }
    case Type::kDouble: {
      FIRN_ASSIGN_OR_RETURN(double v, dec.ReadDouble());
      out->set_double(v);
      break;
    }
    case Type::kBytes:
    case Type::kString: {
      FIRN_ASSIGN_OR_RETURN(std::string_view v, dec.ReadString());
      out->mutable_string().assign(v);
      break;
    }
    case Type::kFixed: {
      FIRN_ASSIGN_OR_RETURN(auto v, dec.ReadFixed(static_cast<size_t>(node.size)));
      out->mutable_string().assign(reinterpret_cast<const char*>(v.data()), v.size());
      break;
    }
    case Type::kEnum: {
      uint64_t start = dec.offset();
      FIRN_ASSIGN_OR_RETURN(int32_t v, dec.ReadInt());
      if (v < 0 || static_cast<size_t>(v) >= node.symbols.size()) {
        return Corrupt("enum index {} at offset {} is out of range ({} symbols)", v, start,
                       node.symbols.size());
      }
      out->set_int(v);
      break;
    }
    case Type::kRecord: {
      auto& fields = out->mutable_children();
      fields.resize(node.fields.size());
      for (size_t i = 0; i < node.fields.size(); ++i) {
        FIRN_RETURN_NOT_OK_CTX(Decode(*node.fields[i].type, dec, &fields[i], depth + 1),
                               fmt::format("field '{}'", node.fields[i].name));
      }
      break;
    }
    case Type::kArray:
    case Type::kMap:
      return DecodeBlocks(node, dec, out, depth);
    case Type::kUnion:
      break;
  }
  return OkStatus();
}

}  // namespace

Status EncodeValue(const Node& node, const Value& value, Encoder& encoder) {
  return Encode(node, value, encoder);
}

Status DecodeValue(const Node& node, Decoder& decoder, Value* out) {
  return Decode(node, decoder, out, 0);
}

Result<Value> DecodeValue(const Node& node, Decoder& decoder) {
  Value v;
  FIRN_RETURN_NOT_OK(Decode(node, decoder, &v, 0));
  return v;
}

}  // namespace firn::avro
