#include "firn/iceberg/data/parquet_schema.h"

#include <optional>
#include <utility>
#include <vector>

#include "firn/common/macros.h"
#include "firn/parquet/schema/iceberg_types.h"

namespace firn::iceberg {
namespace {

using parquet::IcebergPrimitiveType;

// The builder's enum for a primitive without parameters; nullopt for decimal and fixed.
std::optional<IcebergPrimitiveType> PrimitiveOf(TypeId id) {
  using P = IcebergPrimitiveType;
  switch (id) {
    case TypeId::kBoolean: return P::kBoolean;
    case TypeId::kInt: return P::kInt;
    case TypeId::kLong: return P::kLong;
    case TypeId::kFloat: return P::kFloat;
    case TypeId::kDouble: return P::kDouble;
    case TypeId::kDate: return P::kDate;
    case TypeId::kTime: return P::kTime;
    case TypeId::kTimestamp: return P::kTimestamp;
    case TypeId::kTimestampTz: return P::kTimestampTz;
    case TypeId::kTimestampNs: return P::kTimestampNs;
    case TypeId::kTimestampTzNs: return P::kTimestampTzNs;
    case TypeId::kString: return P::kString;
    case TypeId::kUuid: return P::kUuid;
    case TypeId::kBinary: return P::kBinary;
    default: return std::nullopt;
  }
}

}  // namespace

Result<parquet::SchemaNode> ToParquetNode(const NestedField& field) {
  const Type& t = field.type;
  const int32_t id = field.id.value();
  switch (t.id()) {
    case TypeId::kDecimal:
      if (t.precision() < 1 || t.precision() > 38 || t.scale() < 0 || t.scale() > t.precision()) {
        return InvalidArgument("field '{}': unsupported {}", field.name, t.ToString());
      }
      return parquet::IcebergDecimal(field.name, id, field.required, t.precision(), t.scale());
    case TypeId::kFixed:
      if (t.length() < 1) return InvalidArgument("field '{}': unsupported {}", field.name, t.ToString());
      return parquet::IcebergFixed(field.name, id, field.required, t.length());
    case TypeId::kStruct: {
      std::vector<parquet::SchemaNode> children;
      children.reserve(t.fields().size());
      for (const NestedField& f : t.fields()) {
        FIRN_ASSIGN_OR_RETURN(parquet::SchemaNode c, ToParquetNode(f));
        children.push_back(std::move(c));
      }
      return parquet::IcebergStruct(field.name, id, field.required, std::move(children));
    }
    case TypeId::kList: {
      FIRN_ASSIGN_OR_RETURN(parquet::SchemaNode element, ToParquetNode(t.element()));
      return parquet::IcebergList(field.name, id, field.required, std::move(element));
    }
    case TypeId::kMap: {
      FIRN_ASSIGN_OR_RETURN(parquet::SchemaNode key, ToParquetNode(t.key()));
      FIRN_ASSIGN_OR_RETURN(parquet::SchemaNode value, ToParquetNode(t.value()));
      return parquet::IcebergMap(field.name, id, field.required, std::move(key), std::move(value));
    }
    default:
      break;
  }
  const std::optional<IcebergPrimitiveType> p = PrimitiveOf(t.id());
  if (!p) return InvalidArgument("field '{}': unsupported type {}", field.name, t.ToString());
  return parquet::IcebergPrimitive(field.name, id, field.required, *p);
}

Result<std::shared_ptr<const parquet::Schema>> ToParquetSchema(const Schema& schema) {
  std::vector<parquet::SchemaNode> children;
  children.reserve(schema.fields().size());
  for (const NestedField& f : schema.fields()) {
    FIRN_ASSIGN_OR_RETURN(parquet::SchemaNode c, ToParquetNode(f));
    children.push_back(std::move(c));
  }
  return parquet::Schema::Make(
      parquet::IcebergStruct("table", std::nullopt, true, std::move(children)));
}

}  // namespace firn::iceberg
