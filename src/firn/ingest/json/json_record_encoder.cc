#include "firn/ingest/json/json_record_encoder.h"

#include <charconv>
#include <cmath>

#include "firn/common/macros.h"
#include "firn/ingest/json/json_scalars.h"
#include "firn/ingest/timestamp_text.h"
#include "firn/ingest/uuid_text.h"

namespace firn::ingest {

using parquet::ColumnVector;

void AppendJsonString(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out->push_back('"');
  size_t run = 0;  // start of the pending run of bytes that need no escape
  for (size_t i = 0; i < s.size(); ++i) {
    const auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out->append(s.data() + run, i - run);
    run = i + 1;
    out->push_back('\\');
    switch (c) {
      case '"': out->push_back('"'); break;
      case '\\': out->push_back('\\'); break;
      case '\n': out->push_back('n'); break;
      case '\r': out->push_back('r'); break;
      case '\t': out->push_back('t'); break;
      case '\b': out->push_back('b'); break;
      case '\f': out->push_back('f'); break;
      default:
        out->append("u00");
        out->push_back(kHex[c >> 4]);
        out->push_back(kHex[c & 15]);
    }
  }
  out->append(s.data() + run, s.size() - run);
  out->push_back('"');
}

namespace {

template <typename F>
void AppendFloat(F v, std::string* out) {
  if (std::isnan(v)) {
    out->append("\"NaN\"");
  } else if (std::isinf(v)) {
    out->append(v > 0 ? "\"Infinity\"" : "\"-Infinity\"");
  } else {
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof(buf), v);
    out->append(buf, r.ptr);
  }
}

template <typename T>
void AppendInteger(T v, std::string* out) {
  char buf[24];
  const auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out->append(buf, r.ptr);
}

std::string_view FixedAt(const ColumnVector& v, int64_t i, int32_t width) {
  return {reinterpret_cast<const char*>(v.values.data()) + i * width, static_cast<size_t>(width)};
}

}  // namespace

JsonRecordEncoder::JsonRecordEncoder(JsonPlan plan) : plan_(std::move(plan)) {
  member_.reserve(plan_.nodes.size());
  for (const JsonPlanNode& n : plan_.nodes) {
    std::string m;
    AppendJsonString(n.name, &m);
    m.push_back(':');
    member_.push_back(std::move(m));
  }
}

Result<std::unique_ptr<JsonRecordEncoder>> JsonRecordEncoder::Make(const iceberg::Schema& schema) {
  FIRN_ASSIGN_OR_RETURN(JsonPlan plan, JsonPlan::Make(schema));
  return std::unique_ptr<JsonRecordEncoder>(new JsonRecordEncoder(std::move(plan)));
}

Status JsonRecordEncoder::CheckShape(int32_t idx, const ColumnVector& v) const {
  const JsonPlanNode& n = plan_.nodes[static_cast<size_t>(idx)];
  if (v.children.size() != n.children.size()) {
    return InvalidArgument("batch column '{}' has {} children, the schema {}", n.path,
                           v.children.size(), n.children.size());
  }
  for (size_t i = 0; i < n.children.size(); ++i) {
    FIRN_RETURN_NOT_OK(CheckShape(n.children[i], v.children[i]));
  }
  return OkStatus();
}

Status JsonRecordEncoder::AppendRows(const parquet::RecordBatch& batch, int64_t begin, int64_t end,
                                     std::string* out) const {
  const JsonPlanNode& root = plan_.nodes[0];
  if (batch.columns.size() != root.children.size()) {
    return InvalidArgument("batch has {} columns, the schema {}", batch.columns.size(),
                           root.children.size());
  }
  if (begin < 0 || begin > end || end > batch.num_rows) {
    return InvalidArgument("rows [{}, {}) outside a batch of {}", begin, end, batch.num_rows);
  }
  std::vector<const ColumnVector*> columns;
  columns.reserve(batch.columns.size());
  for (size_t i = 0; i < root.children.size(); ++i) {
    FIRN_RETURN_NOT_OK(CheckShape(root.children[i], batch.columns[i]));
    columns.push_back(&batch.columns[i]);
  }
  for (int64_t r = begin; r < end; ++r) {
    AppendFields(root, columns.data(), r, out);
    out->push_back('\n');
  }
  return OkStatus();
}

void JsonRecordEncoder::AppendFields(const JsonPlanNode& n, const ColumnVector* const* children,
                                     int64_t i, std::string* out) const {
  out->push_back('{');
  for (size_t k = 0; k < n.children.size(); ++k) {
    if (k > 0) out->push_back(',');
    const int32_t child = n.children[k];
    out->append(member_[static_cast<size_t>(child)]);
    AppendValue(child, *children[k], i, out);
  }
  out->push_back('}');
}

void JsonRecordEncoder::AppendValue(int32_t idx, const ColumnVector& v, int64_t i,
                                    std::string* out) const {
  if (!v.IsValid(i)) {
    out->append("null");
    return;
  }
  const JsonPlanNode& n = plan_.nodes[static_cast<size_t>(idx)];
  switch (n.kind) {
    case JsonKind::kBoolean:
      out->append(v.values.data()[i] != 0 ? "true" : "false");
      return;
    case JsonKind::kInt: AppendInteger(v.ValueAt<int32_t>(i), out); return;
    case JsonKind::kLong: AppendInteger(v.ValueAt<int64_t>(i), out); return;
    case JsonKind::kFloat: AppendFloat(v.ValueAt<float>(i), out); return;
    case JsonKind::kDouble: AppendFloat(v.ValueAt<double>(i), out); return;
    case JsonKind::kDecimal32:
    case JsonKind::kDecimal64:
    case JsonKind::kDecimalFixed: {
      const Int128 d = n.kind == JsonKind::kDecimal32   ? v.ValueAt<int32_t>(i)
                       : n.kind == JsonKind::kDecimal64 ? v.ValueAt<int64_t>(i)
                                                        : LoadBigEndian(v.values.data() + i * n.width, n.width);
      out->push_back('"');
      AppendDecimal(d, n.scale, out);
      out->push_back('"');
      return;
    }
    case JsonKind::kDate:
      out->push_back('"');
      AppendDate(v.ValueAt<int32_t>(i), out);
      out->push_back('"');
      return;
    case JsonKind::kTime:
      out->push_back('"');
      AppendTimeOfDay(v.ValueAt<int64_t>(i), FractionDigits::kMicros, out);
      out->push_back('"');
      return;
    case JsonKind::kTimestamp:
    case JsonKind::kTimestampTz:
    case JsonKind::kTimestampNs:
    case JsonKind::kTimestampTzNs: {
      const bool nanos = n.kind == JsonKind::kTimestampNs || n.kind == JsonKind::kTimestampTzNs;
      const bool zone = n.kind == JsonKind::kTimestampTz || n.kind == JsonKind::kTimestampTzNs;
      out->push_back('"');
      AppendTimestamp(v.ValueAt<int64_t>(i), nanos ? FractionDigits::kNanos : FractionDigits::kMicros,
                      zone, out);
      out->push_back('"');
      return;
    }
    case JsonKind::kString: AppendJsonString(v.BytesAt(i), out); return;
    case JsonKind::kUuid:
      out->push_back('"');
      AppendUuid(FixedAt(v, i, 16), out);
      out->push_back('"');
      return;
    case JsonKind::kFixed:
    case JsonKind::kBinary:
      out->push_back('"');
      AppendBase64(n.kind == JsonKind::kFixed ? FixedAt(v, i, n.width) : v.BytesAt(i), out);
      out->push_back('"');
      return;
    case JsonKind::kStruct: {
      const ColumnVector* children[64];
      std::vector<const ColumnVector*> many;
      const ColumnVector** p = children;
      if (v.children.size() > 64) {
        many.resize(v.children.size());
        p = many.data();
      }
      for (size_t k = 0; k < v.children.size(); ++k) p[k] = &v.children[k];
      AppendFields(n, p, i, out);
      return;
    }
    case JsonKind::kList: {
      const int64_t* o = v.offsets_data();
      out->push_back('[');
      for (int64_t e = o[i]; e < o[i + 1]; ++e) {
        if (e > o[i]) out->push_back(',');
        AppendValue(n.children[0], v.children[0], e, out);
      }
      out->push_back(']');
      return;
    }
    case JsonKind::kMapObject: {
      const int64_t* o = v.offsets_data();
      out->push_back('{');
      for (int64_t e = o[i]; e < o[i + 1]; ++e) {
        if (e > o[i]) out->push_back(',');
        AppendJsonString(v.children[0].BytesAt(e), out);
        out->push_back(':');
        AppendValue(n.children[1], v.children[1], e, out);
      }
      out->push_back('}');
      return;
    }
    case JsonKind::kMapArray: {
      const int64_t* o = v.offsets_data();
      out->push_back('[');
      for (int64_t e = o[i]; e < o[i + 1]; ++e) {
        if (e > o[i]) out->push_back(',');
        out->append("{\"key\":");
        AppendValue(n.children[0], v.children[0], e, out);
        out->append(",\"value\":");
        AppendValue(n.children[1], v.children[1], e, out);
        out->push_back('}');
      }
      out->push_back(']');
      return;
    }
  }
}

}  // namespace firn::ingest
