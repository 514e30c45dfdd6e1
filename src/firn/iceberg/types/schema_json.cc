#include "firn/iceberg/types/schema_json.h"

#include "firn/common/macros.h"
#include "firn/iceberg/types/literal_json.h"

namespace firn::iceberg {

namespace {

void WriteFields(const std::vector<NestedField>& fields, JsonWriter& w) {
  w.Key("fields");
  w.BeginArray();
  for (const NestedField& f : fields) {
    w.BeginObject();
    w.Key("id");
    w.Int(f.id.value());
    w.Key("name");
    w.String(f.name);
    w.Key("required");
    w.Bool(f.required);
    w.Key("type");
    WriteTypeJson(f.type, w);
    if (!f.doc.empty()) {
      w.Key("doc");
      w.String(f.doc);
    }
    if (f.initial_default) {
      w.Key("initial-default");
      WriteLiteralJson(*f.initial_default, w);
    }
    if (f.write_default) {
      w.Key("write-default");
      WriteLiteralJson(*f.write_default, w);
    }
    w.EndObject();
  }
  w.EndArray();
}

}  // namespace

void WriteTypeJson(const Type& type, JsonWriter& w) {
  switch (type.id()) {
    case TypeId::kStruct:
      w.BeginObject();
      w.Key("type");
      w.String("struct");
      WriteFields(type.fields(), w);
      w.EndObject();
      return;
    case TypeId::kList:
      w.BeginObject();
      w.Key("type");
      w.String("list");
      w.Key("element-id");
      w.Int(type.element().id.value());
      w.Key("element");
      WriteTypeJson(type.element().type, w);
      w.Key("element-required");
      w.Bool(type.element().required);
      w.EndObject();
      return;
    case TypeId::kMap:
      w.BeginObject();
      w.Key("type");
      w.String("map");
      w.Key("key-id");
      w.Int(type.key().id.value());
      w.Key("key");
      WriteTypeJson(type.key().type, w);
      w.Key("value-id");
      w.Int(type.value().id.value());
      w.Key("value");
      WriteTypeJson(type.value().type, w);
      w.Key("value-required");
      w.Bool(type.value().required);
      w.EndObject();
      return;
    default:
      w.String(type.ToString());
  }
}

void WriteSchemaJson(const Schema& schema, JsonWriter& w) {
  w.BeginObject();
  w.Key("type");
  w.String("struct");
  w.Key("schema-id");
  w.Int(schema.schema_id());
  if (!schema.identifier_field_ids().empty()) {
    w.Key("identifier-field-ids");
    w.BeginArray();
    for (FieldId id : schema.identifier_field_ids()) w.Int(id.value());
    w.EndArray();
  }
  WriteFields(schema.fields(), w);
  w.EndObject();
}

std::string SchemaToJson(const Schema& schema) {
  JsonWriter w;
  WriteSchemaJson(schema, w);
  return std::move(w).Take();
}

namespace {

Result<std::vector<NestedField>> FieldsFromJson(const JsonObject& obj) {
  FIRN_ASSIGN_OR_RETURN(JsonArray arr, obj.GetArray("fields"));
  std::vector<NestedField> fields;
  for (const JsonValue& v : arr.Elements()) {
    FIRN_ASSIGN_OR_RETURN(JsonObject f, v.AsObject());
    NestedField field;
    FIRN_ASSIGN_OR_RETURN(int32_t id, f.GetInt32("id"));
    field.id = FieldId(id);
    FIRN_ASSIGN_OR_RETURN(std::string_view name, f.GetString("name"));
    field.name = std::string(name);
    FIRN_ASSIGN_OR_RETURN(field.required, f.GetBool("required"));
    FIRN_ASSIGN_OR_RETURN(JsonValue type_json, f.Get("type"));
    FIRN_ASSIGN_OR_RETURN(field.type, TypeFromJson(type_json));
    FIRN_ASSIGN_OR_RETURN(auto doc, f.GetOptionalString("doc"));
    if (doc) field.doc = std::string(*doc);
    for (auto [key, slot] : {std::pair{"initial-default", &field.initial_default},
                             std::pair{"write-default", &field.write_default}}) {
      auto d = f.Find(key);
      if (!d || d->IsNull()) continue;
      if (field.type.is_nested()) {
        return NotSupported("{}: defaults of nested types", d->path());
      }
      FIRN_ASSIGN_OR_RETURN(Literal lit, LiteralFromJson(field.type, *d));
      *slot = std::move(lit);
    }
    fields.push_back(std::move(field));
  }
  return fields;
}

}  // namespace

Result<Type> TypeFromJson(const JsonValue& json) {
  if (json.IsString()) {
    FIRN_ASSIGN_OR_RETURN(std::string_view s, json.AsString());
    auto t = Type::ParsePrimitive(s);
    if (!t) return std::unexpected(json.MakeError(t.error().message()));
    return t;
  }
  FIRN_ASSIGN_OR_RETURN(JsonObject obj, json.AsObject());
  FIRN_ASSIGN_OR_RETURN(std::string_view kind, obj.GetString("type"));
  if (kind == "struct") {
    FIRN_ASSIGN_OR_RETURN(auto fields, FieldsFromJson(obj));
    return Type::Struct(std::move(fields));
  }
  if (kind == "list") {
    FIRN_ASSIGN_OR_RETURN(int32_t id, obj.GetInt32("element-id"));
    FIRN_ASSIGN_OR_RETURN(bool required, obj.GetBool("element-required"));
    FIRN_ASSIGN_OR_RETURN(JsonValue e, obj.Get("element"));
    FIRN_ASSIGN_OR_RETURN(Type element, TypeFromJson(e));
    return Type::List(id, required, std::move(element));
  }
  if (kind == "map") {
    FIRN_ASSIGN_OR_RETURN(int32_t key_id, obj.GetInt32("key-id"));
    FIRN_ASSIGN_OR_RETURN(int32_t value_id, obj.GetInt32("value-id"));
    FIRN_ASSIGN_OR_RETURN(bool required, obj.GetBool("value-required"));
    FIRN_ASSIGN_OR_RETURN(JsonValue k, obj.Get("key"));
    FIRN_ASSIGN_OR_RETURN(Type key, TypeFromJson(k));
    FIRN_ASSIGN_OR_RETURN(JsonValue v, obj.Get("value"));
    FIRN_ASSIGN_OR_RETURN(Type value, TypeFromJson(v));
    return Type::Map(key_id, std::move(key), value_id, required, std::move(value));
  }
  return Corrupt("{}.type: unknown nested type '{}'", obj.path(), kind);
}

Result<Schema> SchemaFromJson(const JsonValue& json) {
  FIRN_ASSIGN_OR_RETURN(JsonObject obj, json.AsObject());
  FIRN_ASSIGN_OR_RETURN(auto kind, obj.GetOptionalString("type"));
  if (kind && *kind != "struct") {
    return Corrupt("{}.type: a schema must be a struct, got '{}'", obj.path(), *kind);
  }
  FIRN_ASSIGN_OR_RETURN(auto schema_id, obj.GetOptionalInt32("schema-id"));
  FIRN_ASSIGN_OR_RETURN(auto fields, FieldsFromJson(obj));
  std::vector<FieldId> identifiers;
  FIRN_ASSIGN_OR_RETURN(auto ids, obj.GetOptionalArray("identifier-field-ids"));
  if (ids) {
    for (const JsonValue& v : ids->Elements()) {
      FIRN_ASSIGN_OR_RETURN(int32_t id, v.AsInt32());
      identifiers.push_back(FieldId(id));
    }
  }
  auto schema = Schema::Make(schema_id.value_or(0), std::move(fields), std::move(identifiers));
  if (!schema) {
    return Corrupt("{}: {}", obj.path().empty() ? "(root)" : obj.path(), schema.error().message());
  }
  return schema;
}

Result<Schema> SchemaFromJsonString(std::string_view json) {
  FIRN_ASSIGN_OR_RETURN(auto doc, JsonDocument::Parse(json));
  return SchemaFromJson(doc->root());
}

}  // namespace firn::iceberg
