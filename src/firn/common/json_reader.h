// JsonDocument, JsonValue, JsonObject, JsonArray: a thin read-only view over simdjson's DOM
// for metadata JSON (table metadata, schemas, partition specs). Every value remembers its
// path from the root, so that a typed getter fails with an error naming it:
//
//   Corrupt: schemas[0].fields[3].id: expected an integer
//
//   FIRN_ASSIGN_OR_RETURN(auto doc, JsonDocument::Parse(text));
//   FIRN_ASSIGN_OR_RETURN(JsonObject root, doc->root().AsObject());
//   FIRN_ASSIGN_OR_RETURN(int64_t v, root.GetInt64("format-version"));
//
// Type mismatches and missing required members are kCorrupt (the input bytes violate the
// format the caller expects).
//
// Lifetime: values, objects and arrays point into their JsonDocument, which must remain
// live (and unmoved: it is held by unique_ptr) while they are in use.
// Thread-safety: none for a document; views of one document may be read concurrently.
#pragma once

#include <simdjson.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "firn/common/result.h"

namespace firn {

class JsonObject;
class JsonArray;

class JsonValue {
 public:
  JsonValue(simdjson::dom::element element, std::string path)
      : element_(element), path_(std::move(path)) {}

  // The path from the root: "schemas[0].fields[3].id"; empty for the root.
  const std::string& path() const { return path_; }

  bool IsNull() const { return element_.is_null(); }
  bool IsObject() const { return element_.is_object(); }
  bool IsArray() const { return element_.is_array(); }
  bool IsString() const { return element_.is_string(); }
  bool IsBool() const { return element_.is_bool(); }
  // True for integers that fit int64 (not for 1.0).
  bool IsInt64() const { return element_.is_int64(); }
  // True for any JSON number.
  bool IsNumber() const { return element_.is_number(); }

  Result<std::string_view> AsString() const;
  Result<int64_t> AsInt64() const;
  // An integer in [INT32_MIN, INT32_MAX].
  Result<int32_t> AsInt32() const;
  // Any JSON number, integers converted.
  Result<double> AsDouble() const;
  Result<bool> AsBool() const;
  Result<JsonObject> AsObject() const;
  Result<JsonArray> AsArray() const;

  // The value re-serialised as minified JSON (for error messages and pass-through).
  std::string ToJson() const;

  // A Corrupt error "<path>: <message>".
  Error MakeError(std::string_view message) const;

 private:
  simdjson::dom::element element_;
  std::string path_;
};

class JsonObject {
 public:
  JsonObject(simdjson::dom::object object, std::string path)
      : object_(object), path_(std::move(path)) {}

  const std::string& path() const { return path_; }
  size_t size() const { return object_.size(); }
  bool Has(std::string_view key) const;

  // The member, or std::nullopt when absent. A member that is JSON null is returned.
  std::optional<JsonValue> Find(std::string_view key) const;
  // The member; Corrupt "<path>.<key>: missing" when absent.
  Result<JsonValue> Get(std::string_view key) const;

  Result<std::string_view> GetString(std::string_view key) const;
  Result<int64_t> GetInt64(std::string_view key) const;
  Result<int32_t> GetInt32(std::string_view key) const;
  Result<double> GetDouble(std::string_view key) const;
  Result<bool> GetBool(std::string_view key) const;
  Result<JsonObject> GetObject(std::string_view key) const;
  Result<JsonArray> GetArray(std::string_view key) const;

  // Optional members: std::nullopt when absent or JSON null; an error when present with
  // the wrong type.
  Result<std::optional<std::string_view>> GetOptionalString(std::string_view key) const;
  Result<std::optional<int64_t>> GetOptionalInt64(std::string_view key) const;
  Result<std::optional<int32_t>> GetOptionalInt32(std::string_view key) const;
  Result<std::optional<bool>> GetOptionalBool(std::string_view key) const;
  Result<std::optional<JsonObject>> GetOptionalObject(std::string_view key) const;
  Result<std::optional<JsonArray>> GetOptionalArray(std::string_view key) const;

  // Members in document order.
  std::vector<std::pair<std::string_view, JsonValue>> Members() const;

 private:
  std::string ChildPath(std::string_view key) const;

  simdjson::dom::object object_;
  std::string path_;
};

class JsonArray {
 public:
  JsonArray(simdjson::dom::array array, std::string path) : array_(array), path_(std::move(path)) {}

  const std::string& path() const { return path_; }
  size_t size() const { return array_.size(); }
  // Elements in order, each with its path "<path>[i]".
  std::vector<JsonValue> Elements() const;

 private:
  simdjson::dom::array array_;
  std::string path_;
};

class JsonDocument {
 public:
  // Parses `json` (copied into padded storage). Corrupt with simdjson's message on
  // malformed input.
  static Result<std::unique_ptr<JsonDocument>> Parse(std::string_view json);

  JsonValue root() const { return JsonValue(root_, ""); }

 private:
  JsonDocument() = default;

  simdjson::dom::parser parser_;
  simdjson::dom::element root_;
};

}  // namespace firn
