#include "firn/ingest/json/schema_inference.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "firn/common/macros.h"
#include "firn/iceberg/types/assign_ids.h"
#include "firn/ingest/json/json_scalars.h"

namespace firn::ingest {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

bool LooksLikeInstant(std::string_view s) {
  // Cheap shape check first, then the real parser decides.
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't')) return false;
  return ParseTimestampText(s, /*nanos=*/false, /*with_zone=*/true).has_value();
}

Result<iceberg::Type> Infer(element e, const std::string& path, int depth);

Result<std::vector<iceberg::NestedField>> InferFields(simdjson::dom::object obj, const std::string& path,
                                                      int depth) {
  std::vector<iceberg::NestedField> fields;
  std::set<std::string> lowered;
  for (auto [key, value] : obj) {
    const std::string name(key);
    const std::string child = path.empty() ? name : path + "." + name;
    if (name.empty()) return InvalidArgument("field '{}': an empty key cannot name a column", child);
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    if (!lowered.insert(lower).second) {
      return InvalidArgument("field '{}': another key differs from it only in case", child);
    }
    FIRN_ASSIGN_OR_RETURN(iceberg::Type type, Infer(value, child, depth + 1));
    fields.push_back(iceberg::Optional(0, name, std::move(type)));
  }
  return fields;
}

Result<iceberg::Type> Infer(element e, const std::string& path, int depth) {
  if (depth > 64) return InvalidArgument("field '{}': nested more than 64 levels", path);
  switch (e.type()) {
    case element_type::BOOL:
      return iceberg::Type::Boolean();
    case element_type::INT64:
    case element_type::UINT64:
      return iceberg::Type::Long();
    case element_type::DOUBLE:
      return iceberg::Type::Double();
    case element_type::STRING: {
      std::string_view s;
      if (e.get_string().get(s) != simdjson::SUCCESS) return InvalidArgument("field '{}': bad string", path);
      return LooksLikeInstant(s) ? iceberg::Type::TimestampTz() : iceberg::Type::String();
    }
    case element_type::NULL_VALUE:
      return iceberg::Type::String();
    case element_type::OBJECT: {
      simdjson::dom::object obj;
      if (e.get_object().get(obj) != simdjson::SUCCESS) return InvalidArgument("field '{}': bad object", path);
      FIRN_ASSIGN_OR_RETURN(auto fields, InferFields(obj, path, depth));
      return iceberg::Type::Struct(std::move(fields));
    }
    case element_type::ARRAY: {
      iceberg::Type element_type_ = iceberg::Type::String();
      simdjson::dom::array arr;
      if (e.get_array().get(arr) != simdjson::SUCCESS) return InvalidArgument("field '{}': bad array", path);
      for (element item : arr) {
        if (item.is_null()) continue;
        FIRN_ASSIGN_OR_RETURN(element_type_, Infer(item, path + "[]", depth + 1));
        break;
      }
      return iceberg::Type::List(0, false, std::move(element_type_));
    }
  }
  return InvalidArgument("field '{}': unsupported JSON value", path);
}

}  // namespace

Result<iceberg::Schema> InferSchema(std::string_view json) {
  simdjson::dom::parser parser;
  element root;
  if (auto err = parser.parse(json.data(), json.size()).get(root); err != simdjson::SUCCESS) {
    return InvalidArgument("cannot infer a schema: malformed JSON: {}", simdjson::error_message(err));
  }
  if (!root.is_object()) return InvalidArgument("cannot infer a schema: the record is not a JSON object");
  simdjson::dom::object obj;
  if (root.get_object().get(obj) != simdjson::SUCCESS) return InvalidArgument("cannot infer a schema: bad object");
  FIRN_ASSIGN_OR_RETURN(auto fields, InferFields(obj, "", 0));
  if (fields.empty()) return InvalidArgument("cannot infer a schema from an empty object");
  int32_t next = 0;
  fields = iceberg::AssignFreshIds(fields, [&] { return ++next; });
  return iceberg::Schema(0, std::move(fields));
}

}  // namespace firn::ingest
