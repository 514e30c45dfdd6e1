#include "firn/ingest/cdc/field_op.h"

#include "firn/common/macros.h"

namespace firn::ingest::cdc_internal {
namespace {

namespace sj = simdjson::ondemand;

std::unexpected<Error> Malformed(std::string_view name, simdjson::error_code e) {
  return InvalidArgument("cdc field '{}': malformed JSON: {}", name, simdjson::error_message(e));
}

// Walks every field of `object` (so that a damaged record fails here, not later), reading
// path[0] and descending for the rest of the path. *found says whether the op was read.
Status FindOp(sj::object& object, std::span<const std::string> path, std::string_view name,
              bool* found, std::string* op_scratch) {
  bool seen = false;
  for (auto field_result : object) {
    sj::field field;
    if (auto e = std::move(field_result).get(field)) return Malformed(name, e);
    std::string_view key;
    if (auto e = field.unescaped_key().get(key)) return Malformed(name, e);
    if (key != path.front()) continue;
    if (seen) return InvalidArgument("cdc field '{}': '{}' is given twice", name, key);
    seen = true;
    sj::value value = field.value();
    sj::json_type type;
    if (auto e = value.type().get(type)) return Malformed(name, e);
    if (path.size() > 1) {
      if (type == sj::json_type::null) continue;  // reported as missing
      if (type != sj::json_type::object) {
        return InvalidArgument("cdc field '{}': '{}' must be an object, got {}", name, key,
                               DescribeJson(value, type));
      }
      sj::object inner;
      if (auto e = value.get_object().get(inner)) return Malformed(name, e);
      FIRN_RETURN_NOT_OK(FindOp(inner, path.subspan(1), name, found, op_scratch));
      continue;
    }
    if (type != sj::json_type::string) {
      return InvalidArgument("cdc field '{}': expected a string (I, U or D), got {}", name,
                             DescribeJson(value, type));
    }
    std::string_view op;
    if (auto e = value.get_string().get(op)) return Malformed(name, e);
    op_scratch->assign(op);
    *found = true;
  }
  return OkStatus();
}

}  // namespace

Result<ChangeRecord> DecodeFieldOp(PaddedJson& json, std::span<const std::string> path,
                                   std::string_view name, std::string_view value,
                                   std::string* op_scratch) {
  op_scratch->clear();
  sj::document doc;
  if (auto e = json.Iterate(value, &doc)) return Malformed(name, e);
  sj::object object;
  if (auto e = doc.get_object().get(object)) {
    if (e != simdjson::INCORRECT_TYPE) return Malformed(name, e);
    return InvalidArgument("cdc field '{}': expected a JSON object per record", name);
  }
  bool found = false;
  FIRN_RETURN_NOT_OK(FindOp(object, path, name, &found, op_scratch));
  if (!AtEnd(doc)) {
    return InvalidArgument("cdc field '{}': malformed JSON: content after the object", name);
  }
  if (!found) return InvalidArgument("cdc field '{}': missing from the record", name);
  ChangeRecord out;
  out.op_text = *op_scratch;
  out.row = TrimJson(value);
  switch (out.op_text.empty() ? '\0' : out.op_text.front()) {
    case 'I':
    case 'i':
    case 'C':
    case 'c':
    case 'R':
    case 'r':
    case 'U':
    case 'u':
      out.op = ChangeOp::kUpsert;
      return out;
    case 'D':
    case 'd':
      out.op = ChangeOp::kDelete;
      return out;
    default:
      return InvalidArgument(
          "cdc field '{}': unknown operation \"{}\" (expected one starting with I, C, R or U "
          "for an upsert, D for a delete)",
          name, ForMessage(out.op_text));
  }
}

}  // namespace firn::ingest::cdc_internal
