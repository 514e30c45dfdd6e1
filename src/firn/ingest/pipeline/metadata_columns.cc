#include "firn/ingest/pipeline/metadata_columns.h"

#include <cstring>

namespace firn::ingest {
namespace {

using iceberg::Type;
using iceberg::TypeId;

Type TypeOf(MetadataColumn c) {
  switch (c) {
    case MetadataColumn::kTopic:
      return Type::String();
    case MetadataColumn::kPartition:
      return Type::Int();
    case MetadataColumn::kOffset:
      return Type::Long();
    case MetadataColumn::kTimestamp:
      return Type::TimestampTz();
    case MetadataColumn::kKey:
      return Type::Binary();
    case MetadataColumn::kHeaders:
      return Type::Map(0, Type::String(), 0, false, Type::Binary());
  }
  return Type::String();
}

void SetValid(parquet::ColumnVector& c, int64_t row, bool valid) {
  if (c.validity.empty()) {
    if (valid) return;
    c.validity.Resize(static_cast<size_t>(c.length));
    std::memset(c.validity.data(), 1, static_cast<size_t>(c.length));
  }
  c.validity.data()[row] = valid ? 1 : 0;
}

template <typename T>
void SetFixed(parquet::ColumnVector& c, int64_t row, T v) {
  std::memcpy(c.values.data() + row * static_cast<int64_t>(sizeof(T)), &v, sizeof(T));
  SetValid(c, row, true);
}

int64_t* Offsets(parquet::ColumnVector& c) { return reinterpret_cast<int64_t*>(c.offsets.data()); }

// Replaces the bytes of the last slot of a BYTE_ARRAY leaf.
void SetBytes(parquet::ColumnVector& c, int64_t row, std::optional<std::string_view> bytes) {
  int64_t* o = Offsets(c);
  c.values.Resize(static_cast<size_t>(o[row]));
  if (bytes) c.values.Append(*bytes);
  o[row + 1] = static_cast<int64_t>(c.values.size());
  SetValid(c, row, bytes.has_value());
}

// Drops the slots of a BYTE_ARRAY leaf from `length` on.
void TruncateLeaf(parquet::ColumnVector& c, int64_t length) {
  if (c.length <= length) return;
  c.values.Resize(static_cast<size_t>(Offsets(c)[length]));
  c.offsets.Resize(static_cast<size_t>(length + 1) * sizeof(int64_t));
  if (!c.validity.empty()) c.validity.Resize(static_cast<size_t>(length));
  c.length = length;
}

void SetHeaders(parquet::ColumnVector& c, int64_t row, const std::vector<SourceHeader>& headers) {
  int64_t* o = Offsets(c);
  const int64_t begin = o[row];
  parquet::ColumnVector& keys = c.children[0];
  parquet::ColumnVector& values = c.children[1];
  TruncateLeaf(keys, begin);
  TruncateLeaf(values, begin);
  for (const SourceHeader& h : headers) {
    keys.AppendBytes(h.key);
    values.AppendBytes(h.value);
  }
  Offsets(c)[row + 1] = keys.length;
  SetValid(c, row, true);
}

}  // namespace

std::string MetadataColumnField(MetadataColumn column) {
  return "_kafka_" + std::string(MetadataColumnName(column));
}

std::vector<iceberg::NestedField> MetadataFields(const std::vector<MetadataColumn>& columns) {
  std::vector<iceberg::NestedField> out;
  for (MetadataColumn c : columns) out.push_back(iceberg::Optional(0, MetadataColumnField(c), TypeOf(c)));
  return out;
}

Result<MetadataSlots> ResolveMetadataColumns(const iceberg::Schema& schema,
                                             const std::vector<MetadataColumn>& columns) {
  MetadataSlots slots;
  const auto& fields = schema.fields();
  for (MetadataColumn c : columns) {
    const std::string name = MetadataColumnField(c);
    int index = -1;
    for (size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].name == name) index = static_cast<int>(i);
    }
    if (index < 0) {
      return InvalidArgument("metadata column '{}' ({}) is not a top-level column of the table; add it "
                             "(firn schema TABLE add-column {} {}) or drop it from source.metadata-columns",
                             name, MetadataColumnName(c), name, TypeOf(c).ToString());
    }
    const Type& want = TypeOf(c);
    const Type& have = fields[static_cast<size_t>(index)].type;
    const bool ok = c == MetadataColumn::kHeaders
                        ? have.id() == TypeId::kMap && have.fields()[0].type.id() == TypeId::kString &&
                              have.fields()[1].type.id() == TypeId::kBinary
                        : have.id() == want.id();
    if (!ok) {
      return InvalidArgument("metadata column '{}' must be {}, but the table has {}", name, want.ToString(),
                             have.ToString());
    }
    switch (c) {
      case MetadataColumn::kTopic: slots.topic = index; break;
      case MetadataColumn::kPartition: slots.partition = index; break;
      case MetadataColumn::kOffset: slots.offset = index; break;
      case MetadataColumn::kTimestamp: slots.timestamp = index; break;
      case MetadataColumn::kKey: slots.key = index; break;
      case MetadataColumn::kHeaders: slots.headers = index; break;
    }
  }
  return slots;
}

void FillMetadata(const MetadataSlots& s, const SourceRecord& r, parquet::RecordBatch* batch) {
  const int64_t row = batch->num_rows - 1;
  auto col = [&](int i) -> parquet::ColumnVector& { return batch->columns[static_cast<size_t>(i)]; };
  if (s.topic >= 0) SetBytes(col(s.topic), row, r.topic);
  if (s.partition >= 0) SetFixed<int32_t>(col(s.partition), row, r.partition.value());
  if (s.offset >= 0) SetFixed<int64_t>(col(s.offset), row, r.offset.value());
  if (s.timestamp >= 0) {
    if (r.timestamp_ms >= 0) {
      SetFixed<int64_t>(col(s.timestamp), row, r.timestamp_ms * 1000);
    } else {
      SetValid(col(s.timestamp), row, false);
    }
  }
  if (s.key >= 0) SetBytes(col(s.key), row, r.key);
  if (s.headers >= 0) SetHeaders(col(s.headers), row, r.headers);
}

}  // namespace firn::ingest
