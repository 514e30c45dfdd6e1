// Test-only: renders scan batches as JSON lines with the conventions of
// /work/shared/fixtures/iceberg/README.md ("Value conventions"), so that rows can be
// compared with expected.jsonl as text. Header-only: the tests folder compiles *_test.cc.
#pragma once

#include <charconv>
#include <cmath>
#include <cstring>
#include <string>
#include <vector>

#include "firn/iceberg/types/literal.h"
#include "firn/iceberg/types/schema.h"
#include "firn/iceberg/types/temporal.h"
#include "firn/parquet/batch/column_vector.h"
#include "firn/parquet/schema/schema.h"

namespace firn::iceberg::testing {

inline void AppendJsonString(std::string_view s, std::string* out) {
  out->push_back('"');
  for (char c : s) {
    switch (c) {
      case '"': *out += "\\\""; break;
      case '\\': *out += "\\\\"; break;
      case '\n': *out += "\\n"; break;
      case '\r': *out += "\\r"; break;
      case '\t': *out += "\\t"; break;
      case '\b': *out += "\\b"; break;
      case '\f': *out += "\\f"; break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          *out += buf;
        } else {
          out->push_back(c);
        }
    }
  }
  out->push_back('"');
}

template <typename F>
void AppendFloat(F v, std::string* out) {
  if (std::isnan(v)) { *out += "\"NaN\""; return; }
  if (std::isinf(v)) { *out += v > 0 ? "\"Infinity\"" : "\"-Infinity\""; return; }
  if (v == 0 && std::signbit(v)) { *out += "-0.0"; return; }
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  std::string s(buf, r.ptr);
  // JavaScript spells exponents without a leading zero or '+' padding: 1e-7, 1e+21.
  size_t e = s.find('e');
  if (e != std::string::npos) {
    std::string mant = s.substr(0, e), exp = s.substr(e + 1);
    char sign = exp[0] == '-' ? '-' : '+';
    size_t start = (exp[0] == '-' || exp[0] == '+') ? 1 : 0;
    while (start + 1 < exp.size() && exp[start] == '0') ++start;
    s = mant + "e" + sign + exp.substr(start);
  }
  *out += s;
}

inline Int128 UnscaledAt(const parquet::SchemaNode& node, const parquet::ColumnVector& v, int64_t i) {
  if (node.physical == parquet::PhysicalType::kInt32) return v.ValueAt<int32_t>(i);
  if (node.physical == parquet::PhysicalType::kInt64) return v.ValueAt<int64_t>(i);
  const uint8_t* p = v.values.data() + i * node.type_length;
  Int128 x = static_cast<int8_t>(p[0]);
  for (int32_t k = 1; k < node.type_length; ++k) x = (x << 8) | p[k];
  return x;
}

inline std::string_view SlotBytes(const parquet::SchemaNode& node, const parquet::ColumnVector& v, int64_t i) {
  int32_t w = parquet::ValueWidth(node);
  if (w == 0) return v.BytesAt(i);
  return {reinterpret_cast<const char*>(v.values.data()) + i * w, static_cast<size_t>(w)};
}

inline void RenderValue(const NestedField& field, const parquet::SchemaNode& node,
                        const parquet::ColumnVector& v, int64_t i, std::string* out) {
  if (!v.IsValid(i)) { *out += "null"; return; }
  const Type& t = field.type;
  switch (t.id()) {
    case TypeId::kBoolean: *out += v.values.data()[i] ? "true" : "false"; return;
    case TypeId::kInt: *out += std::to_string(v.ValueAt<int32_t>(i)); return;
    case TypeId::kLong: *out += std::to_string(v.ValueAt<int64_t>(i)); return;
    case TypeId::kFloat: AppendFloat(v.ValueAt<float>(i), out); return;
    case TypeId::kDouble: AppendFloat(v.ValueAt<double>(i), out); return;
    case TypeId::kDecimal:
      AppendJsonString(DecimalToString(UnscaledAt(node, v, i), t.scale()), out);
      return;
    case TypeId::kDate: AppendJsonString(FormatDate(v.ValueAt<int32_t>(i)), out); return;
    case TypeId::kTime: AppendJsonString(FormatTime(v.ValueAt<int64_t>(i)), out); return;
    case TypeId::kTimestamp: AppendJsonString(FormatTimestamp(v.ValueAt<int64_t>(i), false, false), out); return;
    case TypeId::kTimestampTz: AppendJsonString(FormatTimestamp(v.ValueAt<int64_t>(i), false, true), out); return;
    case TypeId::kTimestampNs: AppendJsonString(FormatTimestamp(v.ValueAt<int64_t>(i), true, false), out); return;
    case TypeId::kTimestampTzNs: AppendJsonString(FormatTimestamp(v.ValueAt<int64_t>(i), true, true), out); return;
    case TypeId::kString: AppendJsonString(v.BytesAt(i), out); return;
    case TypeId::kUuid: AppendJsonString(UuidToString(SlotBytes(node, v, i)), out); return;
    case TypeId::kFixed:
    case TypeId::kBinary: AppendJsonString(Base64Encode(SlotBytes(node, v, i)), out); return;
    case TypeId::kStruct: {
      out->push_back('{');
      const auto& fields = t.fields();
      for (size_t c = 0; c < fields.size(); ++c) {
        if (c) out->push_back(',');
        AppendJsonString(fields[c].name, out);
        out->push_back(':');
        RenderValue(fields[c], node.children[c], v.children[c], i, out);
      }
      out->push_back('}');
      return;
    }
    case TypeId::kList: {
      out->push_back('[');
      const int64_t* o = v.offsets_data();
      for (int64_t k = o[i]; k < o[i + 1]; ++k) {
        if (k > o[i]) out->push_back(',');
        RenderValue(t.element(), node.children[0].children[0], v.children[0], k, out);
      }
      out->push_back(']');
      return;
    }
    case TypeId::kMap: {
      const bool string_keys = t.key().type.id() == TypeId::kString;
      out->push_back(string_keys ? '{' : '[');
      const int64_t* o = v.offsets_data();
      const parquet::SchemaNode& kv = node.children[0];
      for (int64_t k = o[i]; k < o[i + 1]; ++k) {
        if (k > o[i]) out->push_back(',');
        if (string_keys) {
          RenderValue(t.key(), kv.children[0], v.children[0], k, out);
          out->push_back(':');
          RenderValue(t.value(), kv.children[1], v.children[1], k, out);
        } else {
          *out += "{\"key\":";
          RenderValue(t.key(), kv.children[0], v.children[0], k, out);
          *out += ",\"value\":";
          RenderValue(t.value(), kv.children[1], v.children[1], k, out);
          out->push_back('}');
        }
      }
      out->push_back(string_keys ? '}' : ']');
      return;
    }
  }
}

// One JSON object per row, keys in schema order.
inline std::vector<std::string> RenderRows(const Schema& schema, const parquet::Schema& layout,
                                           const parquet::RecordBatch& batch) {
  std::vector<std::string> rows;
  const auto& fields = schema.fields();
  for (int64_t r = 0; r < batch.num_rows; ++r) {
    std::string line = "{";
    for (size_t c = 0; c < fields.size(); ++c) {
      if (c) line.push_back(',');
      AppendJsonString(fields[c].name, &line);
      line.push_back(':');
      RenderValue(fields[c], layout.root().children[c], batch.columns[c], r, &line);
    }
    line.push_back('}');
    rows.push_back(std::move(line));
  }
  return rows;
}

}  // namespace firn::iceberg::testing
