#include "cli/row_json.h"

#include "cli/value_text.h"
#include "firn/parquet/reader/file_schema.h"

namespace firn::cli {
namespace {

using parquet::ColumnVector;
using parquet::LogicalType;
using parquet::SchemaNode;

void Value(const SchemaNode& n, const ColumnVector& v, int64_t i, JsonWriter* w);

// A struct slot whose fields are `fields` with vectors `vectors`.
void Object(const std::vector<SchemaNode>& fields, const std::vector<ColumnVector>& vectors,
            int64_t i, JsonWriter* w) {
  w->BeginObject();
  for (size_t f = 0; f < fields.size(); ++f) {
    w->Key(fields[f].name);
    Value(fields[f], vectors[f], i, w);
  }
  w->EndObject();
}

void Leaf(const SchemaNode& n, const ColumnVector& v, int64_t i, JsonWriter* w) {
  std::string_view bytes;
  if (n.physical == parquet::PhysicalType::kByteArray) {
    bytes = v.BytesAt(i);
  } else {
    const auto width = static_cast<size_t>(parquet::ValueWidth(n));
    bytes = {reinterpret_cast<const char*>(v.values.data()) + static_cast<size_t>(i) * width,
             width};
  }
  const ValueText t = RenderLeafValue(n, bytes);
  if (t.quoted)
    w->String(t.text);
  else
    w->Raw(t.text);
}

void List(const SchemaNode& n, const ColumnVector& v, int64_t i, JsonWriter* w) {
  const SchemaNode& repeated = n.children[0];
  const int64_t* o = v.offsets_data();
  w->BeginArray();
  for (int64_t k = o[i]; k < o[i + 1]; ++k) {
    if (!repeated.is_group)
      Value(repeated, v.children[0], k, w);  // 2-level, primitive
    else if (parquet::IsTwoLevelList(n))
      Object(repeated.children, v.children, k, w);  // 2-level
    else
      Value(repeated.children[0], v.children[0], k, w);  // standard 3-level
  }
  w->EndArray();
}

void Map(const SchemaNode& n, const ColumnVector& v, int64_t i, JsonWriter* w) {
  const SchemaNode& kv = n.children[0];
  const int64_t* o = v.offsets_data();
  static constexpr std::string_view kNames[] = {"keys", "values"};
  w->BeginObject();
  for (size_t f = 0; f < kv.children.size() && f < 2; ++f) {
    w->Key(kNames[f]);
    w->BeginArray();
    for (int64_t k = o[i]; k < o[i + 1]; ++k) Value(kv.children[f], v.children[f], k, w);
    w->EndArray();
  }
  w->EndObject();
}

void Value(const SchemaNode& n, const ColumnVector& v, int64_t i, JsonWriter* w) {
  if (!v.IsValid(i)) {
    w->Null();
    return;
  }
  if (!n.is_group) return Leaf(n, v, i, w);
  switch (n.logical.kind) {
    case LogicalType::Kind::kList:
      return List(n, v, i, w);
    case LogicalType::Kind::kMap:
      return Map(n, v, i, w);
    default:
      return Object(n.children, v.children, i, w);
  }
}

}  // namespace

void WriteRowJson(const parquet::Schema& schema, const parquet::RecordBatch& batch, int64_t row,
                  JsonWriter* w) {
  Object(schema.root().children, batch.columns, row, w);
}

}  // namespace firn::cli
