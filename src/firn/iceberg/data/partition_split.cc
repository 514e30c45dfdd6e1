#include "firn/iceberg/data/partition_split.h"

#include <cstring>
#include <string>
#include <unordered_map>

#include "firn/common/bytes.h"
#include "firn/common/macros.h"
#include "firn/iceberg/data/source_column.h"
#include "firn/iceberg/partition/transform_columnar.h"
#include "firn/iceberg/types/literal_bytes.h"

namespace firn::iceberg {

namespace {

// Appends the key bytes of slot `row` of a transformed column.
void AppendKey(const parquet::ColumnVector& v, int32_t width, int64_t row, bool valid, std::string& key) {
  if (!valid) {
    key.push_back('\0');
    return;
  }
  key.push_back('\1');
  if (width > 0) {
    key.append(reinterpret_cast<const char*>(v.values.data()) + row * width, static_cast<size_t>(width));
  } else {
    std::string_view b = v.BytesAt(row);
    uint32_t n = static_cast<uint32_t>(b.size());
    key.append(reinterpret_cast<const char*>(&n), sizeof(n));
    key.append(b);
  }
}

Result<Literal> LiteralAt(const Type& type, const parquet::ColumnVector& v, int64_t row, bool valid) {
  if (!valid) return Literal::Null(type);
  switch (type.id()) {
    case TypeId::kBoolean:
      return Literal{type, v.ValueAt<uint8_t>(row) != 0};
    case TypeId::kInt:
    case TypeId::kDate:
      return Literal{type, v.ValueAt<int32_t>(row)};
    case TypeId::kLong:
    case TypeId::kTime:
    case TypeId::kTimestamp:
    case TypeId::kTimestampTz:
    case TypeId::kTimestampNs:
    case TypeId::kTimestampTzNs:
      return Literal{type, v.ValueAt<int64_t>(row)};
    case TypeId::kFloat:
      return Literal{type, v.ValueAt<float>(row)};
    case TypeId::kDouble:
      return Literal{type, v.ValueAt<double>(row)};
    case TypeId::kString:
    case TypeId::kBinary:
      return Literal{type, std::string(v.BytesAt(row))};
    case TypeId::kUuid:
    case TypeId::kFixed: {
      const int32_t w = ColumnValueWidth(type);
      return Literal{type, std::string(reinterpret_cast<const char*>(v.values.data()) + row * w,
                                       static_cast<size_t>(w))};
    }
    case TypeId::kDecimal: {
      const int32_t w = ColumnValueWidth(type);
      if (type.precision() <= 9) return Literal{type, Int128{v.ValueAt<int32_t>(row)}};
      if (type.precision() <= 18) return Literal{type, Int128{v.ValueAt<int64_t>(row)}};
      FIRN_ASSIGN_OR_RETURN(Int128 u, DecimalFromBytes(std::string_view(
                                          reinterpret_cast<const char*>(v.values.data()) + row * w,
                                          static_cast<size_t>(w))));
      return Literal{type, u};
    }
    default:
      return NotSupported("partition value of type {}", type.ToString());
  }
}

}  // namespace

Result<std::vector<PartitionGroup>> SplitByPartition(const Schema& schema, const PartitionSpec& spec,
                                                     const parquet::RecordBatch& batch) {
  const int64_t n = batch.num_rows;
  std::vector<PartitionGroup> groups;
  if (spec.fields.empty()) {
    PartitionGroup all;
    all.rows.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) all.rows[static_cast<size_t>(i)] = i;
    if (n > 0) groups.push_back(std::move(all));
    return groups;
  }
  struct Field {
    parquet::ColumnVector values;
    std::vector<uint8_t> valid;
    Type result;
    int32_t width = 0;
  };
  std::vector<Field> fields(spec.fields.size());
  for (size_t f = 0; f < spec.fields.size(); ++f) {
    const PartitionField& pf = spec.fields[f];
    FIRN_ASSIGN_OR_RETURN(SourceColumn src, FindSourceColumn(schema, batch, pf.source_id, "partition source"));
    FIRN_ASSIGN_OR_RETURN(fields[f].result, pf.transform.ResultType(src.type));
    FIRN_RETURN_NOT_OK_CTX(ApplyTransformColumnar(pf.transform, src.type, *src.leaf, &fields[f].values),
                           "partition field '" + pf.name + "'");
    fields[f].width = ColumnValueWidth(fields[f].result);
    fields[f].valid.assign(static_cast<size_t>(n), 1);
    for (int64_t i = 0; i < n; ++i) {
      fields[f].valid[static_cast<size_t>(i)] = fields[f].values.IsValid(i) && src.AncestorsValid(i);
    }
  }
  std::unordered_map<std::string, size_t> index;
  std::string key;
  for (int64_t i = 0; i < n; ++i) {
    key.clear();
    for (const Field& f : fields) AppendKey(f.values, f.width, i, f.valid[static_cast<size_t>(i)], key);
    auto [it, inserted] = index.try_emplace(key, groups.size());
    if (inserted) {
      PartitionGroup g;
      for (const Field& f : fields) {
        FIRN_ASSIGN_OR_RETURN(Literal lit, LiteralAt(f.result, f.values, i, f.valid[static_cast<size_t>(i)]));
        g.partition.push_back(std::move(lit));
      }
      groups.push_back(std::move(g));
    }
    groups[it->second].rows.push_back(i);
  }
  return groups;
}

}  // namespace firn::iceberg
