#include "firn/ingest/upsert/key_encoder.h"

#include <fmt/format.h>

#include "firn/common/macros.h"
#include "firn/iceberg/data/parquet_schema.h"

namespace firn::ingest {

Result<KeyEncoder> KeyEncoder::Make(const iceberg::Schema& layout, const std::vector<int32_t>& key_ids) {
  if (key_ids.empty()) return InvalidArgument("upserts need identifier fields (id-columns): none are set");
  KeyEncoder e;
  std::vector<iceberg::NestedField> key_fields;
  const auto& fields = layout.fields();
  for (int32_t id : key_ids) {
    size_t index = fields.size();
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].id.value() == id) index = i;
    }
    if (index == fields.size()) {
      const std::string name = layout.FindColumnName(FieldId(id));
      if (!name.empty()) {
        return InvalidArgument("identifier field '{}' is nested; upserts support top-level key columns only", name);
      }
      return InvalidArgument("identifier field id {} is not a column of the table", id);
    }
    const iceberg::NestedField& f = fields[index];
    if (!f.type.is_primitive()) {
      return InvalidArgument("identifier field '{}' is a {}; key columns must be primitive", f.name, f.type.ToString());
    }
    if (f.type.id() == iceberg::TypeId::kFloat || f.type.id() == iceberg::TypeId::kDouble) {
      return InvalidArgument("identifier field '{}' is a {}; floating-point key columns are not allowed", f.name,
                             f.type.ToString());
    }
    FIRN_ASSIGN_OR_RETURN(parquet::SchemaNode node, iceberg::ToParquetNode(f));
    e.columns_.push_back({index, parquet::ValueWidth(node)});
    iceberg::NestedField k = f;
    k.required = true;
    key_fields.push_back(std::move(k));
  }
  e.key_ids_ = key_ids;
  std::vector<FieldId> ids;
  for (int32_t id : key_ids) ids.emplace_back(id);
  FIRN_ASSIGN_OR_RETURN(iceberg::Schema ks, iceberg::Schema::Make(0, std::move(key_fields), std::move(ids)));
  e.key_schema_ = std::make_shared<const iceberg::Schema>(std::move(ks));
  return e;
}

void KeyEncoder::Encode(const parquet::RecordBatch& batch, int64_t row, std::string* out) const {
  out->clear();
  for (const Column& c : columns_) {
    const parquet::ColumnVector& v = batch.columns[c.index];
    if (!v.IsValid(row)) {
      out->push_back('\0');
      continue;
    }
    out->push_back('\1');
    if (c.width > 0) {
      out->append(reinterpret_cast<const char*>(v.values.data()) + row * c.width, static_cast<size_t>(c.width));
    } else {
      const std::string_view bytes = v.BytesAt(row);
      const uint32_t n = static_cast<uint32_t>(bytes.size());
      out->append(reinterpret_cast<const char*>(&n), sizeof n);
      out->append(bytes);
    }
  }
}

void KeyEncoder::AppendKey(const parquet::RecordBatch& batch, int64_t row, parquet::RecordBatch* keys) const {
  for (size_t k = 0; k < columns_.size(); ++k) {
    const Column& c = columns_[k];
    const parquet::ColumnVector& v = batch.columns[c.index];
    parquet::ColumnVector& out = keys->columns[k];
    if (c.width > 0) {
      out.values.Append(std::string_view(reinterpret_cast<const char*>(v.values.data()) + row * c.width,
                                         static_cast<size_t>(c.width)));
      out.AppendValidity(true);
    } else {
      out.AppendBytes(v.BytesAt(row));
    }
  }
  ++keys->num_rows;
}

std::string KeyEncoder::KeyNames() const {
  std::string names;
  for (const auto& f : key_schema_->fields()) {
    if (!names.empty()) names += ", ";
    names += f.name;
  }
  return names;
}

}  // namespace firn::ingest
