#include "firn/parquet/schema/schema.h"

#include "firn/common/macros.h"

namespace firn::parquet {
namespace {

using Kind = LogicalType::Kind;

Status ValidateLeaf(const SchemaNode& n, const std::string& path) {
  const auto& lt = n.logical;
  auto bad = [&](std::string_view why) {
    return InvalidArgument("column '{}': {}", path, why);
  };
  if (n.physical == PhysicalType::kFixedLenByteArray && n.type_length <= 0) {
    return bad("FIXED_LEN_BYTE_ARRAY needs a positive length");
  }
  switch (lt.kind) {
    case Kind::kNone:
      return OkStatus();
    case Kind::kString: case Kind::kEnum: case Kind::kJson: case Kind::kBson:
      if (n.physical != PhysicalType::kByteArray) return bad("string annotation needs BYTE_ARRAY");
      return OkStatus();
    case Kind::kUuid:
      if (n.physical != PhysicalType::kFixedLenByteArray || n.type_length != 16)
        return bad("UUID needs FIXED_LEN_BYTE_ARRAY(16)");
      return OkStatus();
    case Kind::kDecimal: {
      if (lt.precision < 1 || lt.scale < 0 || lt.scale > lt.precision)
        return bad("decimal precision/scale out of range");
      int max_p = 0;
      if (n.physical == PhysicalType::kInt32) max_p = 9;
      else if (n.physical == PhysicalType::kInt64) max_p = 18;
      else if (n.physical == PhysicalType::kFixedLenByteArray || n.physical == PhysicalType::kByteArray)
        max_p = 38;
      else return bad("decimal needs INT32, INT64 or a byte array");
      if (n.physical == PhysicalType::kFixedLenByteArray) {
        // The largest precision that fits in type_length bytes: floor(log10(2^(8L-1) - 1)).
        int fits = static_cast<int>((8.0 * n.type_length - 1) * 0.30102999566398120);
        if (lt.precision > fits) return bad("decimal precision does not fit the fixed length");
      } else if (lt.precision > max_p) {
        return bad("decimal precision too large for its physical type");
      }
      return OkStatus();
    }
    case Kind::kDate:
      if (n.physical != PhysicalType::kInt32) return bad("DATE needs INT32");
      return OkStatus();
    case Kind::kTime:
      if (lt.unit == TimeUnit::kMillis ? n.physical != PhysicalType::kInt32
                                       : n.physical != PhysicalType::kInt64)
        return bad("TIME(MILLIS) needs INT32, TIME(MICROS|NANOS) needs INT64");
      return OkStatus();
    case Kind::kTimestamp:
      if (n.physical != PhysicalType::kInt64) return bad("TIMESTAMP needs INT64");
      return OkStatus();
    case Kind::kInteger:
      if (lt.bit_width == 64 ? n.physical != PhysicalType::kInt64 : n.physical != PhysicalType::kInt32)
        return bad("integer annotation does not match the physical type");
      return OkStatus();
    case Kind::kFloat16:
      if (n.physical != PhysicalType::kFixedLenByteArray || n.type_length != 2)
        return bad("FLOAT16 needs FIXED_LEN_BYTE_ARRAY(2)");
      return OkStatus();
    case Kind::kUnknown:
      return OkStatus();
    case Kind::kList: case Kind::kMap:
      return bad("LIST/MAP annotation on a primitive");
  }
  return bad("unknown logical type");
}

struct Walker {
  std::vector<ColumnDescriptor>* out;

  Status Walk(const SchemaNode& n, std::vector<std::string>& path, int16_t def, int16_t rep,
              bool in_repeated) {
    if (n.name.empty()) return InvalidArgument("schema element under '{}' has no name", Join(path));
    path.push_back(n.name);
    if (n.repetition == Repetition::kOptional) ++def;
    if (n.repetition == Repetition::kRepeated) {
      ++def;
      ++rep;
      in_repeated = true;
    }
    if (def > 255 || rep > 255) return InvalidArgument("schema nests deeper than 255 levels");
    if (!n.is_group) {
      FIRN_RETURN_NOT_OK(ValidateLeaf(n, Join(path)));
      out->push_back(ColumnDescriptor{&n, path, def, rep, in_repeated});
    } else {
      FIRN_RETURN_NOT_OK(ValidateGroup(n, Join(path)));
      for (const auto& c : n.children) FIRN_RETURN_NOT_OK(Walk(c, path, def, rep, in_repeated));
    }
    path.pop_back();
    return OkStatus();
  }

  static Status ValidateGroup(const SchemaNode& n, const std::string& path) {
    if (n.logical.kind == Kind::kList) {
      // LIST: <opt|req> group name (LIST) { repeated group list { <opt|req> element; } }
      if (n.children.size() != 1 || n.children[0].repetition != Repetition::kRepeated)
        return InvalidArgument("list '{}' must have exactly one repeated child", path);
    } else if (n.logical.kind == Kind::kMap) {
      // MAP: <opt|req> group name (MAP) { repeated group key_value { required key; value; } }
      if (n.children.size() != 1 || n.children[0].repetition != Repetition::kRepeated ||
          !n.children[0].is_group || n.children[0].children.size() != 2 ||
          n.children[0].children[0].repetition != Repetition::kRequired)
        return InvalidArgument("map '{}' must hold one repeated key_value group with a required key", path);
    } else if (n.logical.kind != Kind::kNone) {
      return InvalidArgument("group '{}' has a primitive logical type", path);
    }
    return OkStatus();
  }

  static std::string Join(const std::vector<std::string>& p) {
    std::string s;
    for (const auto& e : p) {
      if (!s.empty()) s += '.';
      s += e;
    }
    return s;
  }
};

}  // namespace

std::string ColumnDescriptor::PathString() const { return Walker::Join(path); }

Result<std::shared_ptr<const Schema>> Schema::Make(SchemaNode root) {
  if (!root.is_group) return InvalidArgument("the schema root must be a group");
  std::shared_ptr<Schema> s(new Schema(std::move(root)));
  Walker w{&s->columns_};
  s->first_leaf_.push_back(0);
  for (const auto& top : s->root_.children) {
    std::vector<std::string> path;
    FIRN_RETURN_NOT_OK(w.Walk(top, path, 0, 0, false));
    s->first_leaf_.push_back(s->columns_.size());
  }
  return std::shared_ptr<const Schema>(std::move(s));
}

int32_t ValueWidth(const SchemaNode& leaf) {
  switch (leaf.physical) {
    case PhysicalType::kBoolean: return 1;
    case PhysicalType::kInt32: case PhysicalType::kFloat: return 4;
    case PhysicalType::kInt64: case PhysicalType::kDouble: return 8;
    case PhysicalType::kInt96: return 12;
    case PhysicalType::kFixedLenByteArray: return leaf.type_length;
    case PhysicalType::kByteArray: return 0;
  }
  return 0;
}

}  // namespace firn::parquet
