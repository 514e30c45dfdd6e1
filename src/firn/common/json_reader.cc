#include "firn/common/json_reader.h"

#include <limits>

#include "firn/common/macros.h"

namespace firn {
namespace {

std::string DisplayPath(const std::string& path) { return path.empty() ? "(root)" : path; }

std::string_view KindName(simdjson::dom::element_type t) {
  using T = simdjson::dom::element_type;
  switch (t) {
    case T::ARRAY:
      return "an array";
    case T::OBJECT:
      return "an object";
    case T::INT64:
    case T::UINT64:
      return "an integer";
    case T::DOUBLE:
      return "a number";
    case T::STRING:
      return "a string";
    case T::BOOL:
      return "a boolean";
    case T::NULL_VALUE:
      return "null";
  }
  return "a value";
}

}  // namespace

Error JsonValue::MakeError(std::string_view message) const {
  return Error(ErrorKind::kCorrupt, fmt::format("{}: {}", DisplayPath(path_), message));
}

#define FIRN_JSON_EXPECT(cond, what)                                                     \
  if (!(cond)) {                                                                         \
    return std::unexpected(                                                              \
        MakeError(fmt::format("expected {}, got {}", what, KindName(element_.type())))); \
  }

Result<std::string_view> JsonValue::AsString() const {
  FIRN_JSON_EXPECT(element_.is_string(), "a string");
  return std::string_view(element_.get_string().value_unsafe());
}

Result<int64_t> JsonValue::AsInt64() const {
  if (element_.is_uint64() && !element_.is_int64()) {
    return std::unexpected(MakeError("integer does not fit in 64 bits"));
  }
  FIRN_JSON_EXPECT(element_.is_int64(), "an integer");
  return element_.get_int64().value_unsafe();
}

Result<int32_t> JsonValue::AsInt32() const {
  FIRN_ASSIGN_OR_RETURN(int64_t v, AsInt64());
  if (v < std::numeric_limits<int32_t>::min() || v > std::numeric_limits<int32_t>::max()) {
    return std::unexpected(MakeError(fmt::format("integer {} does not fit in 32 bits", v)));
  }
  return static_cast<int32_t>(v);
}

Result<double> JsonValue::AsDouble() const {
  FIRN_JSON_EXPECT(element_.is_number(), "a number");
  return element_.get_double().value_unsafe();
}

Result<bool> JsonValue::AsBool() const {
  FIRN_JSON_EXPECT(element_.is_bool(), "a boolean");
  return element_.get_bool().value_unsafe();
}

Result<JsonObject> JsonValue::AsObject() const {
  FIRN_JSON_EXPECT(element_.is_object(), "an object");
  return JsonObject(element_.get_object().value_unsafe(), path_);
}

Result<JsonArray> JsonValue::AsArray() const {
  FIRN_JSON_EXPECT(element_.is_array(), "an array");
  return JsonArray(element_.get_array().value_unsafe(), path_);
}

#undef FIRN_JSON_EXPECT

std::string JsonValue::ToJson() const { return simdjson::minify(element_); }

std::string JsonObject::ChildPath(std::string_view key) const {
  if (path_.empty()) return std::string(key);
  std::string p = path_;
  p += '.';
  p += key;
  return p;
}

bool JsonObject::Has(std::string_view key) const { return Find(key).has_value(); }

std::optional<JsonValue> JsonObject::Find(std::string_view key) const {
  simdjson::dom::element e;
  if (object_.at_key(key).get(e) != simdjson::SUCCESS) return std::nullopt;
  return JsonValue(e, ChildPath(key));
}

Result<JsonValue> JsonObject::Get(std::string_view key) const {
  auto v = Find(key);
  if (!v) return Corrupt("{}: missing", ChildPath(key));
  return std::move(*v);
}

Result<std::string_view> JsonObject::GetString(std::string_view key) const {
  FIRN_ASSIGN_OR_RETURN(JsonValue v, Get(key));
  return v.AsString();
}
Result<int64_t> JsonObject::GetInt64(std::string_view key) const {
  FIRN_ASSIGN_OR_RETURN(JsonValue v, Get(key));
  return v.AsInt64();
}
Result<int32_t> JsonObject::GetInt32(std::string_view key) const {
  FIRN_ASSIGN_OR_RETURN(JsonValue v, Get(key));
  return v.AsInt32();
}
Result<double> JsonObject::GetDouble(std::string_view key) const {
  FIRN_ASSIGN_OR_RETURN(JsonValue v, Get(key));
  return v.AsDouble();
}
Result<bool> JsonObject::GetBool(std::string_view key) const {
  FIRN_ASSIGN_OR_RETURN(JsonValue v, Get(key));
  return v.AsBool();
}
Result<JsonObject> JsonObject::GetObject(std::string_view key) const {
  FIRN_ASSIGN_OR_RETURN(JsonValue v, Get(key));
  return v.AsObject();
}
Result<JsonArray> JsonObject::GetArray(std::string_view key) const {
  FIRN_ASSIGN_OR_RETURN(JsonValue v, Get(key));
  return v.AsArray();
}

namespace {

template <typename T, typename F>
Result<std::optional<T>> GetOptional(const JsonObject& obj, std::string_view key, F as) {
  auto v = obj.Find(key);
  if (!v || v->IsNull()) return std::optional<T>();
  FIRN_ASSIGN_OR_RETURN(T r, as(*v));
  return std::optional<T>(std::move(r));
}

}  // namespace

Result<std::optional<std::string_view>> JsonObject::GetOptionalString(std::string_view key) const {
  return GetOptional<std::string_view>(*this, key, [](const JsonValue& v) { return v.AsString(); });
}
Result<std::optional<int64_t>> JsonObject::GetOptionalInt64(std::string_view key) const {
  return GetOptional<int64_t>(*this, key, [](const JsonValue& v) { return v.AsInt64(); });
}
Result<std::optional<int32_t>> JsonObject::GetOptionalInt32(std::string_view key) const {
  return GetOptional<int32_t>(*this, key, [](const JsonValue& v) { return v.AsInt32(); });
}
Result<std::optional<bool>> JsonObject::GetOptionalBool(std::string_view key) const {
  return GetOptional<bool>(*this, key, [](const JsonValue& v) { return v.AsBool(); });
}
Result<std::optional<JsonObject>> JsonObject::GetOptionalObject(std::string_view key) const {
  return GetOptional<JsonObject>(*this, key, [](const JsonValue& v) { return v.AsObject(); });
}
Result<std::optional<JsonArray>> JsonObject::GetOptionalArray(std::string_view key) const {
  return GetOptional<JsonArray>(*this, key, [](const JsonValue& v) { return v.AsArray(); });
}

std::vector<std::pair<std::string_view, JsonValue>> JsonObject::Members() const {
  std::vector<std::pair<std::string_view, JsonValue>> out;
  out.reserve(object_.size());
  for (auto field : object_) {
    out.emplace_back(field.key, JsonValue(field.value, ChildPath(field.key)));
  }
  return out;
}

std::vector<JsonValue> JsonArray::Elements() const {
  std::vector<JsonValue> out;
  size_t i = 0;
  for (simdjson::dom::element e : array_) {
    out.emplace_back(e, fmt::format("{}[{}]", path_, i++));
  }
  return out;
}

Result<std::unique_ptr<JsonDocument>> JsonDocument::Parse(std::string_view json) {
  std::unique_ptr<JsonDocument> doc(new JsonDocument());
  auto err =
      doc->parser_.parse(json.data(), json.size(), /*realloc_if_needed=*/true).get(doc->root_);
  if (err != simdjson::SUCCESS) {
    return Corrupt("invalid JSON: {}", simdjson::error_message(err));
  }
  return doc;
}

}  // namespace firn
