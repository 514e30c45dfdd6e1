#include "firn/iceberg/partition/partition_spec_json.h"

#include "firn/common/macros.h"

namespace firn::iceberg {

void WritePartitionFieldsJson(const PartitionSpec& spec, JsonWriter& w) {
  w.BeginArray();
  for (const PartitionField& f : spec.fields) {
    w.BeginObject();
    w.Key("name");
    w.String(f.name);
    w.Key("transform");
    w.String(f.transform.ToString());
    w.Key("source-id");
    w.Int(f.source_id.value());
    w.Key("field-id");
    w.Int(f.field_id.value());
    w.EndObject();
  }
  w.EndArray();
}

void WritePartitionSpecJson(const PartitionSpec& spec, JsonWriter& w) {
  w.BeginObject();
  w.Key("spec-id");
  w.Int(spec.spec_id);
  w.Key("fields");
  WritePartitionFieldsJson(spec, w);
  w.EndObject();
}

std::string PartitionSpecToJson(const PartitionSpec& spec) {
  JsonWriter w;
  WritePartitionSpecJson(spec, w);
  return std::move(w).Take();
}

Result<PartitionSpec> PartitionSpecFromJson(const JsonValue& json) {
  FIRN_ASSIGN_OR_RETURN(JsonObject obj, json.AsObject());
  PartitionSpec spec;
  FIRN_ASSIGN_OR_RETURN(spec.spec_id, obj.GetInt32("spec-id"));
  FIRN_ASSIGN_OR_RETURN(JsonArray fields, obj.GetArray("fields"));
  for (const JsonValue& v : fields.Elements()) {
    FIRN_ASSIGN_OR_RETURN(JsonObject f, v.AsObject());
    PartitionField field;
    FIRN_ASSIGN_OR_RETURN(std::string_view name, f.GetString("name"));
    field.name = std::string(name);
    FIRN_ASSIGN_OR_RETURN(JsonValue t, f.Get("transform"));
    FIRN_ASSIGN_OR_RETURN(std::string_view ts, t.AsString());
    auto transform = Transform::Parse(ts);
    if (!transform) return std::unexpected(t.MakeError(transform.error().message()));
    field.transform = *transform;
    if (f.Has("source-ids") && !f.Has("source-id")) {
      return NotSupported("{}: multi-argument transforms (source-ids)", f.path());
    }
    FIRN_ASSIGN_OR_RETURN(int32_t source, f.GetInt32("source-id"));
    field.source_id = FieldId(source);
    // v1 specs may omit field-id: the reference implementation numbered them from 1000.
    FIRN_ASSIGN_OR_RETURN(auto id, f.GetOptionalInt32("field-id"));
    field.field_id =
        FieldId(id.value_or(kPartitionDataIdStart + static_cast<int32_t>(spec.fields.size())));
    spec.fields.push_back(std::move(field));
  }
  return spec;
}

Result<PartitionSpec> PartitionSpecFromJsonString(std::string_view json) {
  FIRN_ASSIGN_OR_RETURN(auto doc, JsonDocument::Parse(json));
  return PartitionSpecFromJson(doc->root());
}

}  // namespace firn::iceberg
