#include "firn/ingest/json/json_record_decoder.h"

#include <simdjson.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "firn/common/buffer.h"
#include "firn/common/macros.h"
#include "firn/iceberg/data/parquet_schema.h"
#include "firn/ingest/json/json_plan.h"
#include "firn/ingest/json/json_scalars.h"
#include "firn/ingest/uuid_text.h"

namespace firn::ingest {

namespace sj = simdjson::ondemand;
using parquet::ColumnVector;

namespace {

std::string_view TypeName(sj::json_type t) {
  switch (t) {
    case sj::json_type::array: return "array";
    case sj::json_type::object: return "object";
    case sj::json_type::number: return "number";
    case sj::json_type::string: return "string";
    case sj::json_type::boolean: return "boolean";
    case sj::json_type::null: return "null";
  }
  return "unknown";
}

std::string_view Expected(JsonKind k) {
  switch (k) {
    case JsonKind::kBoolean: return "a boolean";
    case JsonKind::kInt:
    case JsonKind::kLong: return "an integer";
    case JsonKind::kFloat:
    case JsonKind::kDouble: return "a number";
    case JsonKind::kDecimal32:
    case JsonKind::kDecimal64:
    case JsonKind::kDecimalFixed: return "a decimal number or string";
    case JsonKind::kDate: return "a date string";
    case JsonKind::kTime: return "a time string";
    case JsonKind::kTimestamp:
    case JsonKind::kTimestampTz:
    case JsonKind::kTimestampNs:
    case JsonKind::kTimestampTzNs: return "a timestamp string";
    case JsonKind::kString: return "a string";
    case JsonKind::kUuid: return "a uuid string";
    case JsonKind::kFixed:
    case JsonKind::kBinary: return "a base64 string";
    case JsonKind::kStruct:
    case JsonKind::kMapObject: return "an object";
    case JsonKind::kList:
    case JsonKind::kMapArray: return "an array";
  }
  return "a value";
}

// Scalars are quoted in messages (their raw JSON, cut at 40 bytes); containers by type.
std::string Describe(sj::value& v, sj::json_type t) {
  std::string out(TypeName(t));
  if (t == sj::json_type::array || t == sj::json_type::object) return out;
  std::string_view raw = v.raw_json_token();
  while (!raw.empty() && (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r' ||
                          raw.back() == '\n')) {
    raw.remove_suffix(1);
  }
  out += ' ';
  if (raw.size() > 40) {
    out.append(raw.substr(0, 40)).append("...");
  } else {
    out.append(raw);
  }
  return out;
}

std::unexpected<Error> Malformed(const JsonPlanNode& n, simdjson::error_code e) {
  if (n.path.empty()) return InvalidArgument("malformed JSON: {}", simdjson::error_message(e));
  return InvalidArgument("field '{}': malformed JSON: {}", n.path, simdjson::error_message(e));
}

std::unexpected<Error> Bad(const JsonPlanNode& n, std::string_view why) {
  return InvalidArgument("field '{}': {}", n.path, why);
}

bool IsBlank(std::string_view line) {
  for (char ch : line) {
    if (ch != ' ' && ch != '\t' && ch != '\r') return false;
  }
  return true;
}

}  // namespace

struct JsonRecordDecoder::Impl {
  JsonPlan plan;
  Options options;
  sj::parser parser;
  Buffer padded;                   // the current line followed by SIMDJSON_PADDING zero bytes
  std::vector<ColumnVector*> vec;  // per plan node: its vector in the bound batch
  std::vector<uint8_t> seen;       // per struct node: which fields the current object had
  std::string bytes;               // base64 scratch

  // Points vec[] at the vectors of *batch, checking its shape.
  Status Bind(parquet::RecordBatch* batch) {
    const JsonPlanNode& root = plan.nodes[0];
    if (batch->columns.size() != root.children.size()) {
      return InvalidArgument("batch has {} columns, the schema {}", batch->columns.size(),
                             root.children.size());
    }
    for (size_t i = 0; i < root.children.size(); ++i) {
      FIRN_RETURN_NOT_OK(BindNode(root.children[i], &batch->columns[i]));
    }
    return OkStatus();
  }

  Status BindNode(int32_t idx, ColumnVector* v) {
    const JsonPlanNode& n = plan.nodes[static_cast<size_t>(idx)];
    vec[static_cast<size_t>(idx)] = v;
    if (v->children.size() != n.children.size()) {
      return InvalidArgument("batch column '{}' has {} children, the schema {}", n.path,
                             v->children.size(), n.children.size());
    }
    for (size_t i = 0; i < n.children.size(); ++i) {
      FIRN_RETURN_NOT_OK(BindNode(n.children[i], &v->children[i]));
    }
    return OkStatus();
  }

  // Parses one non-blank line and appends its row; on error the caller rolls back.
  Status DecodeLine(std::string_view line) {
    // simdjson reads up to SIMDJSON_PADDING bytes past its input; the copy is cheap next to
    // parsing and frees callers from that requirement.
    padded.Clear();
    padded.Append(line);
    std::memset(padded.Extend(simdjson::SIMDJSON_PADDING), 0, simdjson::SIMDJSON_PADDING);
    sj::document doc;
    if (const auto e =
            parser.iterate(reinterpret_cast<const char*>(padded.data()), line.size(), padded.size())
                .get(doc)) {
      return InvalidArgument("malformed JSON: {}", simdjson::error_message(e));
    }
    sj::object obj;
    if (const auto e = doc.get_object().get(obj)) {
      if (e == simdjson::INCORRECT_TYPE) return InvalidArgument("expected a JSON object per line");
      return InvalidArgument("malformed JSON: {}", simdjson::error_message(e));
    }
    FIRN_RETURN_NOT_OK(DecodeFields(plan.nodes[0], obj));
    const char* after = nullptr;
    if (doc.current_location().get(after) != simdjson::OUT_OF_BOUNDS) {
      return InvalidArgument("malformed JSON: content after the object");
    }
    return OkStatus();
  }

  // The fields of struct node `n` from `obj`; missing optional fields become nulls.
  Status DecodeFields(const JsonPlanNode& n, sj::object& obj) {
    const size_t count = n.children.size();
    uint8_t* seen_here = seen.data() + n.seen_base;
    std::memset(seen_here, 0, count);
    size_t next = 0;  // the field expected next: keys usually come in schema order
    for (auto field_result : obj) {
      sj::field field;
      if (const auto e = std::move(field_result).get(field)) return Malformed(n, e);
      int32_t pos = -1;
      if (next < count) {
        const JsonPlanNode& c = plan.nodes[static_cast<size_t>(n.children[next])];
        if (c.plain_name && field.key().unsafe_is_equal(c.name)) pos = static_cast<int32_t>(next);
      }
      if (pos < 0) {
        std::string_view key;
        if (const auto e = field.unescaped_key().get(key)) return Malformed(n, e);
        pos = plan.FindKey(n, key);
        if (pos < 0) {
          if (!options.reject_unknown_fields) continue;  // on-demand skips the value
          return n.path.empty() ? InvalidArgument("field '{}': unknown field", key)
                                : InvalidArgument("field '{}.{}': unknown field", n.path, key);
        }
      }
      const int32_t child = n.children[static_cast<size_t>(pos)];
      if (seen_here[pos]) return Bad(plan.nodes[static_cast<size_t>(child)], "given twice");
      seen_here[pos] = 1;
      next = static_cast<size_t>(pos) + 1;
      FIRN_RETURN_NOT_OK(DecodeValue(child, field.value()));
    }
    for (size_t i = 0; i < count; ++i) {
      if (seen_here[i]) continue;
      const JsonPlanNode& c = plan.nodes[static_cast<size_t>(n.children[i])];
      if (c.required) return Bad(c, "required field is missing");
      AppendNull(n.children[i]);
    }
    return OkStatus();
  }

  std::unexpected<Error> WrongType(const JsonPlanNode& n, sj::value& v, sj::json_type t) {
    return InvalidArgument("field '{}': expected {}, got {}", n.path, Expected(n.kind),
                           Describe(v, t));
  }

  Result<std::string_view> String(const JsonPlanNode& n, sj::value& v, sj::json_type t) {
    if (t != sj::json_type::string) return WrongType(n, v, t);
    std::string_view s;
    if (const auto e = v.get_string().get(s)) return Malformed(n, e);
    return s;
  }

  Result<int64_t> Integer(const JsonPlanNode& n, sj::value& v, sj::json_type t) {
    if (t != sj::json_type::number) return WrongType(n, v, t);
    int64_t x;
    if (v.get_int64().get(x) == simdjson::SUCCESS) return x;
    return InvalidArgument("field '{}': expected {}, got {}", n.path,
                           n.kind == JsonKind::kInt ? "a 32-bit integer" : "a 64-bit integer",
                           Describe(v, t));
  }

  Result<double> Number(const JsonPlanNode& n, sj::value& v, sj::json_type t) {
    if (t == sj::json_type::string) {
      std::string_view s;
      if (const auto e = v.get_string().get(s)) return Malformed(n, e);
      if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
      if (s == "Infinity") return std::numeric_limits<double>::infinity();
      if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
      return InvalidArgument("field '{}': expected a number, \"NaN\", \"Infinity\" or \"-Infinity\", got string \"{}\"",
                             n.path, s.substr(0, 40));
    }
    if (t != sj::json_type::number) return WrongType(n, v, t);
    double d;
    if (v.get_double().get(d) == simdjson::SUCCESS) return d;
    return InvalidArgument("field '{}': not a double: {}", n.path, Describe(v, t));
  }

  Result<Int128> Decimal(const JsonPlanNode& n, sj::value& v, sj::json_type t) {
    std::string_view text;
    if (t == sj::json_type::string) {
      if (const auto e = v.get_string().get(text)) return Malformed(n, e);
    } else if (t == sj::json_type::number) {
      // The raw token keeps every digit (a double would not); ParseDecimalText validates it.
      text = v.raw_json_token();
      while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r' ||
                               text.back() == '\n')) {
        text.remove_suffix(1);
      }
    } else {
      return WrongType(n, v, t);
    }
    FIRN_ASSIGN_OR_RETURN_CTX(Int128 d, ParseDecimalText(text, n.precision, n.scale),
                              fmt::format("field '{}'", n.path));
    return d;
  }

  // Appends one slot for node `idx` from `v`.
  Status DecodeValue(int32_t idx, sj::value v) {
    const JsonPlanNode& n = plan.nodes[static_cast<size_t>(idx)];
    ColumnVector& c = *vec[static_cast<size_t>(idx)];
    sj::json_type t;
    if (const auto e = v.type().get(t)) return Malformed(n, e);
    if (t == sj::json_type::null) {
      bool is_null = false;
      if (v.is_null().get(is_null) != simdjson::SUCCESS || !is_null) {
        return Malformed(n, simdjson::N_ATOM_ERROR);
      }
      if (n.required) return Bad(n, "required field is null");
      AppendNull(idx);
      return OkStatus();
    }
    const auto ctx = [&n] { return fmt::format("field '{}'", n.path); };
    switch (n.kind) {
      case JsonKind::kBoolean: {
        if (t != sj::json_type::boolean) return WrongType(n, v, t);
        bool b;
        if (const auto e = v.get_bool().get(b)) return Malformed(n, e);
        c.AppendValue<uint8_t>(b ? 1 : 0);
        return OkStatus();
      }
      case JsonKind::kInt: {
        FIRN_ASSIGN_OR_RETURN(int64_t x, Integer(n, v, t));
        if (x < std::numeric_limits<int32_t>::min() || x > std::numeric_limits<int32_t>::max()) {
          return InvalidArgument("field '{}': {} is out of range for int", n.path, x);
        }
        c.AppendValue(static_cast<int32_t>(x));
        return OkStatus();
      }
      case JsonKind::kLong: {
        FIRN_ASSIGN_OR_RETURN(int64_t x, Integer(n, v, t));
        c.AppendValue(x);
        return OkStatus();
      }
      case JsonKind::kFloat: {
        FIRN_ASSIGN_OR_RETURN(double d, Number(n, v, t));
        // Values from 2^128 * (1 - 2^-25) up round to infinity; below that they round to at
        // most FLT_MAX (so "3.4028235e+38", FLT_MAX's shortest text, is accepted).
        if (std::isfinite(d) && std::fabs(d) >= 0x1.ffffffp+127) {
          return InvalidArgument("field '{}': {} is out of range for float", n.path, d);
        }
        c.AppendValue(static_cast<float>(d));
        return OkStatus();
      }
      case JsonKind::kDouble: {
        FIRN_ASSIGN_OR_RETURN(double d, Number(n, v, t));
        c.AppendValue(d);
        return OkStatus();
      }
      case JsonKind::kDecimal32: {
        FIRN_ASSIGN_OR_RETURN(Int128 d, Decimal(n, v, t));
        c.AppendValue(static_cast<int32_t>(d));  // precision <= 9 digits fits
        return OkStatus();
      }
      case JsonKind::kDecimal64: {
        FIRN_ASSIGN_OR_RETURN(Int128 d, Decimal(n, v, t));
        c.AppendValue(static_cast<int64_t>(d));  // precision <= 18 digits fits
        return OkStatus();
      }
      case JsonKind::kDecimalFixed: {
        FIRN_ASSIGN_OR_RETURN(Int128 d, Decimal(n, v, t));
        StoreBigEndian(d, n.width, c.values.Extend(static_cast<size_t>(n.width)));
        c.AppendValidity(true);
        return OkStatus();
      }
      case JsonKind::kDate: {
        FIRN_ASSIGN_OR_RETURN(std::string_view s, String(n, v, t));
        FIRN_ASSIGN_OR_RETURN_CTX(int32_t days, ParseDateText(s), ctx());
        c.AppendValue(days);
        return OkStatus();
      }
      case JsonKind::kTime: {
        FIRN_ASSIGN_OR_RETURN(std::string_view s, String(n, v, t));
        FIRN_ASSIGN_OR_RETURN_CTX(int64_t x, ParseTimeText(s, false), ctx());
        c.AppendValue(x);
        return OkStatus();
      }
      case JsonKind::kTimestamp:
      case JsonKind::kTimestampTz:
      case JsonKind::kTimestampNs:
      case JsonKind::kTimestampTzNs: {
        FIRN_ASSIGN_OR_RETURN(std::string_view s, String(n, v, t));
        const bool nanos = n.kind == JsonKind::kTimestampNs || n.kind == JsonKind::kTimestampTzNs;
        const bool zone = n.kind == JsonKind::kTimestampTz || n.kind == JsonKind::kTimestampTzNs;
        FIRN_ASSIGN_OR_RETURN_CTX(int64_t x, ParseTimestampText(s, nanos, zone), ctx());
        c.AppendValue(x);
        return OkStatus();
      }
      case JsonKind::kString: {
        FIRN_ASSIGN_OR_RETURN(std::string_view s, String(n, v, t));
        c.AppendBytes(s);
        return OkStatus();
      }
      case JsonKind::kUuid: {
        FIRN_ASSIGN_OR_RETURN(std::string_view s, String(n, v, t));
        FIRN_ASSIGN_OR_RETURN_CTX(UuidBytes u, ParseUuid(s), ctx());
        c.AppendFixedBytes({reinterpret_cast<const char*>(u.data()), u.size()});
        return OkStatus();
      }
      case JsonKind::kFixed:
      case JsonKind::kBinary: {
        FIRN_ASSIGN_OR_RETURN(std::string_view s, String(n, v, t));
        bytes.clear();
        if (!Base64Decode(s, &bytes)) return Bad(n, "not valid base64 (standard alphabet, padded)");
        if (n.kind == JsonKind::kBinary) {
          c.AppendBytes(bytes);
        } else {
          if (bytes.size() != static_cast<size_t>(n.length)) {
            return InvalidArgument("field '{}': {} bytes for fixed[{}]", n.path, bytes.size(), n.length);
          }
          c.AppendFixedBytes(bytes);
        }
        return OkStatus();
      }
      case JsonKind::kStruct: {
        if (t != sj::json_type::object) return WrongType(n, v, t);
        sj::object obj;
        if (const auto e = v.get_object().get(obj)) return Malformed(n, e);
        FIRN_RETURN_NOT_OK(DecodeFields(n, obj));
        c.AppendStruct(true);
        return OkStatus();
      }
      case JsonKind::kList: {
        if (t != sj::json_type::array) return WrongType(n, v, t);
        sj::array arr;
        if (const auto e = v.get_array().get(arr)) return Malformed(n, e);
        const int32_t element = n.children[0];
        for (auto element_result : arr) {
          sj::value ev;
          if (const auto e = std::move(element_result).get(ev)) return Malformed(n, e);
          FIRN_RETURN_NOT_OK(DecodeValue(element, ev));
        }
        c.AppendListEnd(c.children[0].length);
        return OkStatus();
      }
      case JsonKind::kMapObject: {
        if (t != sj::json_type::object) return WrongType(n, v, t);
        sj::object obj;
        if (const auto e = v.get_object().get(obj)) return Malformed(n, e);
        ColumnVector& keys = c.children[0];
        for (auto field_result : obj) {
          sj::field field;
          if (const auto e = std::move(field_result).get(field)) return Malformed(n, e);
          std::string_view key;
          if (const auto e = field.unescaped_key().get(key)) return Malformed(n, e);
          keys.AppendBytes(key);
          FIRN_RETURN_NOT_OK(DecodeValue(n.children[1], field.value()));
        }
        c.AppendListEnd(keys.length);
        return OkStatus();
      }
      case JsonKind::kMapArray: {
        if (t != sj::json_type::array) return WrongType(n, v, t);
        sj::array arr;
        if (const auto e = v.get_array().get(arr)) return Malformed(n, e);
        for (auto entry_result : arr) {
          sj::value ev;
          if (const auto e = std::move(entry_result).get(ev)) return Malformed(n, e);
          FIRN_RETURN_NOT_OK(DecodeMapEntry(n, ev));
        }
        c.AppendListEnd(c.children[0].length);
        return OkStatus();
      }
    }
    return Internal("field '{}': unknown kind", n.path);
  }

  // One {"key": k, "value": v} object of a map with non-string keys.
  Status DecodeMapEntry(const JsonPlanNode& n, sj::value& ev) {
    sj::json_type t;
    if (const auto e = ev.type().get(t)) return Malformed(n, e);
    if (t != sj::json_type::object) {
      return InvalidArgument("field '{}': expected a {{\"key\": ..., \"value\": ...}} object, got {}",
                             n.path, Describe(ev, t));
    }
    sj::object entry;
    if (const auto e = ev.get_object().get(entry)) return Malformed(n, e);
    bool has[2] = {false, false};
    for (auto field_result : entry) {
      sj::field field;
      if (const auto e = std::move(field_result).get(field)) return Malformed(n, e);
      std::string_view key;
      if (const auto e = field.unescaped_key().get(key)) return Malformed(n, e);
      const int which = key == "key" ? 0 : key == "value" ? 1 : -1;
      if (which < 0) {
        if (!options.reject_unknown_fields) continue;
        return InvalidArgument("field '{}.{}': unknown field", n.path, key);
      }
      const int32_t child = n.children[static_cast<size_t>(which)];
      if (has[which]) return Bad(plan.nodes[static_cast<size_t>(child)], "given twice");
      has[which] = true;
      FIRN_RETURN_NOT_OK(DecodeValue(child, field.value()));
    }
    for (int i = 0; i < 2; ++i) {
      if (has[i]) continue;
      const JsonPlanNode& c = plan.nodes[static_cast<size_t>(n.children[static_cast<size_t>(i)])];
      if (c.required) return Bad(c, "required field is missing");
      AppendNull(n.children[static_cast<size_t>(i)]);
    }
    return OkStatus();
  }

  // Appends a null slot for node `idx` (a struct's children get null slots too).
  void AppendNull(int32_t idx) {
    const JsonPlanNode& n = plan.nodes[static_cast<size_t>(idx)];
    ColumnVector& c = *vec[static_cast<size_t>(idx)];
    switch (n.kind) {
      case JsonKind::kStruct:
        for (int32_t child : n.children) AppendNull(child);
        c.AppendStruct(false);
        return;
      case JsonKind::kList:
      case JsonKind::kMapObject:
      case JsonKind::kMapArray:
        c.AppendListEnd(c.children[0].length, false);
        return;
      default:
        c.AppendNull(n.width);
        return;
    }
  }

  // Cuts node `idx`'s vector (and its children) back to `len` slots: the rollback of a
  // failed line. Slots before `len` are untouched; a validity materialised by the failed
  // line holds only 1s below `len`, which means the same as no validity.
  void Truncate(int32_t idx, int64_t len) {
    const JsonPlanNode& n = plan.nodes[static_cast<size_t>(idx)];
    ColumnVector& c = *vec[static_cast<size_t>(idx)];
    c.length = len;
    if (c.validity.size() > static_cast<size_t>(len)) c.validity.Resize(static_cast<size_t>(len));
    const bool has_offsets = n.kind == JsonKind::kString || n.kind == JsonKind::kBinary ||
                             n.kind == JsonKind::kList || n.kind == JsonKind::kMapObject ||
                             n.kind == JsonKind::kMapArray;
    int64_t end = len;  // child slots (or value bytes) in use
    if (has_offsets) {
      if (len > 0) {
        end = c.offsets_data()[len];
        c.offsets.Resize(static_cast<size_t>(len + 1) * sizeof(int64_t));
      } else {
        end = 0;  // an empty vector needs no offsets (as after Clear())
        c.offsets.Clear();
      }
    }
    switch (n.kind) {
      case JsonKind::kString:
      case JsonKind::kBinary:
        c.values.Resize(static_cast<size_t>(end));
        return;
      case JsonKind::kStruct:
      case JsonKind::kList:
      case JsonKind::kMapObject:
      case JsonKind::kMapArray:
        for (int32_t child : n.children) Truncate(child, end);
        return;
      default:
        c.values.Resize(static_cast<size_t>(len) * static_cast<size_t>(n.width));
        return;
    }
  }

  void Rollback(int64_t rows) {
    for (int32_t child : plan.nodes[0].children) Truncate(child, rows);
  }
};

JsonRecordDecoder::JsonRecordDecoder(std::shared_ptr<const parquet::Schema> schema,
                                     std::unique_ptr<Impl> impl)
    : schema_(std::move(schema)), impl_(std::move(impl)) {}
JsonRecordDecoder::~JsonRecordDecoder() = default;

Result<std::unique_ptr<JsonRecordDecoder>> JsonRecordDecoder::Make(const iceberg::Schema& schema,
                                                                   Options options) {
  FIRN_ASSIGN_OR_RETURN(auto parquet_schema, iceberg::ToParquetSchema(schema));
  auto impl = std::make_unique<Impl>();
  FIRN_ASSIGN_OR_RETURN(impl->plan, JsonPlan::Make(schema));
  impl->options = options;
  impl->vec.assign(impl->plan.nodes.size(), nullptr);
  impl->seen.assign(static_cast<size_t>(impl->plan.seen_bytes), 0);
  return std::unique_ptr<JsonRecordDecoder>(
      new JsonRecordDecoder(std::move(parquet_schema), std::move(impl)));
}

Status JsonRecordDecoder::AppendLine(std::string_view line, parquet::RecordBatch* batch) {
  ++lines_;
  if (IsBlank(line)) return OkStatus();
  FIRN_RETURN_NOT_OK(impl_->Bind(batch));
  if (auto s = impl_->DecodeLine(line); !s.has_value()) {
    impl_->Rollback(batch->num_rows);
    return std::unexpected(std::move(s).error().WithContext(fmt::format("line {}", lines_)));
  }
  ++batch->num_rows;
  return OkStatus();
}

Result<size_t> JsonRecordDecoder::AppendLines(std::string_view input, bool end_of_input,
                                              int64_t max_rows, parquet::RecordBatch* batch,
                                              std::string_view* bad_line) {
  FIRN_RETURN_NOT_OK(impl_->Bind(batch));
  size_t pos = 0;
  while (pos < input.size() && batch->num_rows < max_rows) {
    const void* nl = std::memchr(input.data() + pos, '\n', input.size() - pos);
    const size_t end = nl != nullptr
                           ? static_cast<size_t>(static_cast<const char*>(nl) - input.data())
                           : input.size();
    if (nl == nullptr && !end_of_input) break;  // an incomplete line: wait for more input
    const std::string_view line = input.substr(pos, end - pos);
    ++lines_;
    if (!IsBlank(line)) {
      if (auto s = impl_->DecodeLine(line); !s.has_value()) {
        impl_->Rollback(batch->num_rows);
        if (bad_line != nullptr) *bad_line = line;
        return std::unexpected(std::move(s).error().WithContext(fmt::format("line {}", lines_)));
      }
      ++batch->num_rows;
    }
    pos = nl != nullptr ? end + 1 : end;
  }
  return pos;
}

}  // namespace firn::ingest
