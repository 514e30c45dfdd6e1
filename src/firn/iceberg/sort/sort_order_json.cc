#include "firn/iceberg/sort/sort_order_json.h"

#include "firn/common/macros.h"

namespace firn::iceberg {

void WriteSortOrderJson(const SortOrder& order, JsonWriter& w) {
  w.BeginObject();
  w.Key("order-id");
  w.Int(order.order_id);
  w.Key("fields");
  w.BeginArray();
  for (const SortField& f : order.fields) {
    w.BeginObject();
    w.Key("transform");
    w.String(f.transform.ToString());
    w.Key("source-id");
    w.Int(f.source_id.value());
    w.Key("direction");
    w.String(SortDirectionName(f.direction));
    w.Key("null-order");
    w.String(NullOrderName(f.null_order));
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
}

std::string SortOrderToJson(const SortOrder& order) {
  JsonWriter w;
  WriteSortOrderJson(order, w);
  return std::move(w).Take();
}

namespace {

template <typename T>
Result<T> Check(const JsonValue& where, Result<T> r) {
  if (!r) return std::unexpected(where.MakeError(r.error().message()));
  return r;
}

}  // namespace

Result<SortOrder> SortOrderFromJson(const JsonValue& json) {
  FIRN_ASSIGN_OR_RETURN(JsonObject obj, json.AsObject());
  SortOrder order;
  FIRN_ASSIGN_OR_RETURN(order.order_id, obj.GetInt32("order-id"));
  FIRN_ASSIGN_OR_RETURN(JsonArray fields, obj.GetArray("fields"));
  for (const JsonValue& v : fields.Elements()) {
    FIRN_ASSIGN_OR_RETURN(JsonObject f, v.AsObject());
    SortField field;
    FIRN_ASSIGN_OR_RETURN(JsonValue t, f.Get("transform"));
    FIRN_ASSIGN_OR_RETURN(std::string_view ts, t.AsString());
    FIRN_ASSIGN_OR_RETURN(field.transform, Check(t, Transform::Parse(ts)));
    if (f.Has("source-ids") && !f.Has("source-id")) {
      return NotSupported("{}: multi-argument transforms (source-ids)", f.path());
    }
    FIRN_ASSIGN_OR_RETURN(int32_t source, f.GetInt32("source-id"));
    field.source_id = FieldId(source);
    FIRN_ASSIGN_OR_RETURN(JsonValue d, f.Get("direction"));
    FIRN_ASSIGN_OR_RETURN(std::string_view ds, d.AsString());
    FIRN_ASSIGN_OR_RETURN(field.direction, Check(d, ParseSortDirection(ds)));
    FIRN_ASSIGN_OR_RETURN(JsonValue n, f.Get("null-order"));
    FIRN_ASSIGN_OR_RETURN(std::string_view ns, n.AsString());
    FIRN_ASSIGN_OR_RETURN(field.null_order, Check(n, ParseNullOrder(ns)));
    order.fields.push_back(field);
  }
  return order;
}

Result<SortOrder> SortOrderFromJsonString(std::string_view json) {
  FIRN_ASSIGN_OR_RETURN(auto doc, JsonDocument::Parse(json));
  return SortOrderFromJson(doc->root());
}

}  // namespace firn::iceberg
