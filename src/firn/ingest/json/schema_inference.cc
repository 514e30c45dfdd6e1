#include "firn/ingest/json/schema_inference.h"

#include <simdjson.h>

#include <algorithm>
#include <cctype>
#include <memory>
#include <set>

#include "firn/common/macros.h"
#include "firn/iceberg/types/assign_ids.h"
#include "firn/ingest/json/json_scalars.h"

namespace firn::ingest {
namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

// The inferred shape of one JSON value, merged over the sample.
struct Shape {
  enum Kind { kNull, kBool, kLong, kDouble, kInstant, kString, kObject, kArray } kind = kNull;
  std::vector<std::pair<std::string, std::unique_ptr<Shape>>> fields;  // kObject, in order
  std::unique_ptr<Shape> element;                                      // kArray

  Shape* Field(const std::string& name) {
    for (auto& [n, s] : fields) {
      if (n == name) return s.get();
    }
    fields.emplace_back(name, std::make_unique<Shape>());
    return fields.back().second.get();
  }
};

bool LooksLikeInstant(std::string_view s) {
  // Cheap shape check first, then the real parser decides.
  if (s.size() < 20 || s[4] != '-' || s[7] != '-' || (s[10] != 'T' && s[10] != 't')) return false;
  return ParseTimestampText(s, /*nanos=*/false, /*with_zone=*/true).has_value();
}

// Merges a scalar kind into `s`: null gives way to anything, long widens to double,
// an instant that is sometimes a plain string is a string; else the first kind stays.
void MergeScalar(Shape* s, Shape::Kind k) {
  if (s->kind == Shape::kNull) {
    s->kind = k;
  } else if ((s->kind == Shape::kLong && k == Shape::kDouble) ||
             (s->kind == Shape::kInstant && k == Shape::kString)) {
    s->kind = k;
  }
}

Status Observe(element e, Shape* s, const std::string& path, int depth) {
  if (depth > 64) return InvalidArgument("field '{}': nested more than 64 levels", path);
  switch (e.type()) {
    case element_type::NULL_VALUE:
      return OkStatus();
    case element_type::BOOL:
      MergeScalar(s, Shape::kBool);
      return OkStatus();
    case element_type::INT64:
    case element_type::UINT64:
      MergeScalar(s, Shape::kLong);
      return OkStatus();
    case element_type::DOUBLE:
      MergeScalar(s, Shape::kDouble);
      return OkStatus();
    case element_type::STRING: {
      std::string_view text;
      if (e.get_string().get(text) != simdjson::SUCCESS) return InvalidArgument("field '{}': bad string", path);
      MergeScalar(s, LooksLikeInstant(text) ? Shape::kInstant : Shape::kString);
      return OkStatus();
    }
    case element_type::OBJECT: {
      if (s->kind == Shape::kNull) s->kind = Shape::kObject;
      if (s->kind != Shape::kObject) return OkStatus();  // the first type wins
      simdjson::dom::object obj;
      if (e.get_object().get(obj) != simdjson::SUCCESS) return InvalidArgument("field '{}': bad object", path);
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
        FIRN_RETURN_NOT_OK(Observe(value, s->Field(name), child, depth + 1));
      }
      return OkStatus();
    }
    case element_type::ARRAY: {
      if (s->kind == Shape::kNull) {
        s->kind = Shape::kArray;
        s->element = std::make_unique<Shape>();
      }
      if (s->kind != Shape::kArray) return OkStatus();
      simdjson::dom::array arr;
      if (e.get_array().get(arr) != simdjson::SUCCESS) return InvalidArgument("field '{}': bad array", path);
      for (element item : arr) FIRN_RETURN_NOT_OK(Observe(item, s->element.get(), path + "[]", depth + 1));
      return OkStatus();
    }
  }
  return InvalidArgument("field '{}': unsupported JSON value", path);
}

iceberg::Type ToType(const Shape& s) {
  switch (s.kind) {
    case Shape::kBool:
      return iceberg::Type::Boolean();
    case Shape::kLong:
      return iceberg::Type::Long();
    case Shape::kDouble:
      return iceberg::Type::Double();
    case Shape::kInstant:
      return iceberg::Type::TimestampTz();
    case Shape::kObject: {
      std::vector<iceberg::NestedField> fields;
      for (const auto& [name, child] : s.fields) fields.push_back(iceberg::Optional(0, name, ToType(*child)));
      return iceberg::Type::Struct(std::move(fields));
    }
    case Shape::kArray:
      return iceberg::Type::List(0, false, ToType(*s.element));
    case Shape::kNull:
    case Shape::kString:
      break;
  }
  return iceberg::Type::String();
}

}  // namespace

Result<iceberg::Schema> InferSchema(std::span<const std::string_view> sample) {
  simdjson::dom::parser parser;
  Shape root;
  root.kind = Shape::kObject;
  for (size_t i = 0; i < sample.size(); ++i) {
    element doc;
    const auto err = parser.parse(sample[i].data(), sample[i].size()).get(doc);
    // Only the first record must be usable: later bad ones are bad records of their own.
    if (i > 0 && (err != simdjson::SUCCESS || !doc.is_object())) continue;
    if (err != simdjson::SUCCESS) {
      return InvalidArgument("cannot infer a schema: record {} of the sample is malformed JSON: {}", i + 1,
                             simdjson::error_message(err));
    }
    if (!doc.is_object()) {
      return InvalidArgument("cannot infer a schema: record {} of the sample is not a JSON object", i + 1);
    }
    FIRN_RETURN_NOT_OK(Observe(doc, &root, "", 0));
  }
  if (root.fields.empty()) return InvalidArgument("cannot infer a schema from empty objects");
  std::vector<iceberg::NestedField> fields = ToType(root).fields();
  int32_t next = 0;
  fields = iceberg::AssignFreshIds(fields, [&] { return ++next; });
  return iceberg::Schema(0, std::move(fields));
}

}  // namespace firn::ingest
