// The per-line decoding: key lookup, the switch over value kinds and the scalar readers it
// calls. They stay in one file (about 480 lines) so that the readers inline into the
// switch on the hot path; the cold parts live beside it (json_errors.h: messages,
// json_columns.h: null slots and rollback).
#include "firn/ingest/json/json_record_decoder.h"

#include <simdjson.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include "firn/common/buffer.h"
#include "firn/common/macros.h"
#include "firn/iceberg/data/parquet_schema.h"
#include "firn/ingest/json/json_columns.h"
#include "firn/ingest/json/json_errors.h"
#include "firn/ingest/json/json_plan.h"
#include "firn/ingest/json/json_scalars.h"
#include "firn/ingest/uuid_text.h"

namespace firn::ingest {

namespace sj = simdjson::ondemand;
using parquet::ColumnVector;

namespace {

bool IsBlank(std::string_view line) {
  for (char ch : line) {
    if (ch != ' ' && ch != '\t' && ch != '\r') return false;
  }
  return true;
}

}  // namespace

struct JsonRecordDecoder::Impl {
  Impl(JsonPlan p, Options o)
      : plan(std::move(p)),
        options(o),
        columns(&plan),
        seen(static_cast<size_t>(plan.seen_bytes), 0),
        folded_key(options.case_insensitive ? seen.size() : 0) {}

  const JsonPlan plan;
  const Options options;
  JsonColumns columns;  // the bound batch's vectors; refers to `plan`, which outlives it
  sj::parser parser;
  Buffer padded;  // the current line followed by SIMDJSON_PADDING zero bytes
  // Per struct node and field: 0 not seen yet in the current object, kExactKey or kFoldedKey.
  std::vector<uint8_t> seen;
  // With case_insensitive, per struct node and field: the key that matched it ignoring case
  // (unescaped; it lives in the parser's string buffer until the next line).
  std::vector<std::string_view> folded_key;
  std::string bytes;  // base64 scratch

  static constexpr uint8_t kExactKey = 1;
  static constexpr uint8_t kFoldedKey = 2;

  // Parses one non-blank line and appends its row; on error the caller rolls back.
  Status DecodeLine(std::string_view line, bool in_place = false) {
    // simdjson reads up to SIMDJSON_PADDING bytes past its input: unless the caller says
    // they are there (in_place), the line is copied with padding first.
    const char* data = line.data();
    if (!in_place) {
      padded.Clear();
      padded.Append(line);
      std::memset(padded.Extend(simdjson::SIMDJSON_PADDING), 0, simdjson::SIMDJSON_PADDING);
      data = reinterpret_cast<const char*>(padded.data());
    }
    sj::document doc;
    if (const auto e = parser.iterate(data, line.size(), line.size() + simdjson::SIMDJSON_PADDING).get(doc)) {
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
      uint8_t match = kExactKey;
      std::string_view key;  // set unless the raw compare matched
      if (next < count) {
        const JsonPlanNode& c = plan.nodes[static_cast<size_t>(n.children[next])];
        if (c.short_name ? c.MatchesShortKey(field.key().raw())
                         : c.plain_name && field.key().unsafe_is_equal(c.name)) {
          pos = static_cast<int32_t>(next);
        }
      }
      if (pos < 0) {
        if (const auto e = field.unescaped_key().get(key)) return Malformed(n, e);
        pos = plan.FindKey(n, key);
        if (pos < 0 && options.case_insensitive) {
          // Only after the exact lookup misses: exact keys cost what they cost without
          // the option, and a plan made with fold_case has no two names equal but for case.
          pos = plan.FindKeyIgnoringCase(n, key);
          match = kFoldedKey;
        }
        if (pos < 0) {
          if (!options.reject_unknown_fields) continue;  // on-demand skips the value
          return n.path.empty() ? InvalidArgument("field '{}': unknown field", key)
                                : InvalidArgument("field '{}.{}': unknown field", n.path, key);
        }
      }
      const int32_t child = n.children[static_cast<size_t>(pos)];
      const size_t slot = static_cast<size_t>(n.seen_base + pos);
      if (seen_here[pos]) {
        return GivenTwice(plan.nodes[static_cast<size_t>(child)], slot, match, key);
      }
      seen_here[pos] = match;
      if (match == kFoldedKey) folded_key[slot] = key;
      next = static_cast<size_t>(pos) + 1;
      FIRN_RETURN_NOT_OK(DecodeValue(child, field.value()));
    }
    for (size_t i = 0; i < count; ++i) {
      if (seen_here[i]) continue;
      const JsonPlanNode& c = plan.nodes[static_cast<size_t>(n.children[i])];
      if (c.required) return Bad(c, "required field is missing");
      columns.AppendNull(n.children[i]);
    }
    return OkStatus();
  }

  // A second key for the field of `c` (seen slot `slot`), matched as `match`; `key` is set
  // for a folded match. Keys of the same text are a plain duplicate.
  std::unexpected<Error> GivenTwice(const JsonPlanNode& c, size_t slot, uint8_t match,
                                    std::string_view key) const {
    const uint8_t first = seen[slot];
    const bool same_text = first == match && (match == kExactKey || folded_key[slot] == key);
    return Bad(c, same_text ? "given twice" : "given twice (keys differ only in case)");
  }

  std::unexpected<Error> WrongType(const JsonPlanNode& n, sj::value& v, sj::json_type t) const {
    return firn::ingest::WrongType(n, options.timestamp_numbers, v, t);
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
    return Unexpected(n, n.kind == JsonKind::kInt ? "a 32-bit integer" : "a 64-bit integer", v, t);
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
      text = RawToken(v);
    } else {
      return WrongType(n, v, t);
    }
    FIRN_ASSIGN_OR_RETURN_CTX(Int128 d, ParseDecimalText(text, n.precision, n.scale),
                              fmt::format("field '{}'", n.path));
    return d;
  }

  // A timestamp given as a JSON number: an integer count of options.timestamp_numbers units,
  // scaled to the column's unit (micros, or nanos when `nanos`).
  Result<int64_t> EpochCount(const JsonPlanNode& n, sj::value& v, bool nanos) const {
    const TimestampNumbers unit = options.timestamp_numbers;
    int64_t count;
    if (v.get_int64().get(count) != simdjson::SUCCESS) {
      // simdjson does not tell an integer beyond int64 (out of range) from 1.5 or 1e3 (not
      // an integer), so the token decides.
      const std::string_view raw = RawToken(v);
      const std::string_view digits = raw.starts_with('-') ? raw.substr(1) : raw;
      const bool integer = !digits.empty() && (digits[0] != '0' || digits.size() == 1) &&
                           digits.find_first_not_of("0123456789") == std::string_view::npos;
      if (integer) return EpochOutOfRange(n, unit, raw);
      return WrongType(n, v, sj::json_type::number);
    }
    const bool millis = unit == TimestampNumbers::kMillis;
    if (const std::optional<int64_t> x = ScaleEpochCount(count, millis, nanos)) return *x;
    return EpochOutOfRange(n, unit, std::to_string(count));
  }

  // Appends one slot for node `idx` from `v`.
  Status DecodeValue(int32_t idx, sj::value v) {
    const JsonPlanNode& n = plan.nodes[static_cast<size_t>(idx)];
    ColumnVector& c = columns[idx];
    sj::json_type t;
    if (const auto e = v.type().get(t)) return Malformed(n, e);
    if (t == sj::json_type::null) {
      bool is_null = false;
      if (v.is_null().get(is_null) != simdjson::SUCCESS || !is_null) {
        return Malformed(n, simdjson::N_ATOM_ERROR);
      }
      if (n.required) return Bad(n, "required field is null");
      columns.AppendNull(idx);
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
        const bool nanos = n.kind == JsonKind::kTimestampNs || n.kind == JsonKind::kTimestampTzNs;
        int64_t x;
        if (t == sj::json_type::number && options.timestamp_numbers != TimestampNumbers::kReject) {
          FIRN_ASSIGN_OR_RETURN(x, EpochCount(n, v, nanos));
        } else {
          FIRN_ASSIGN_OR_RETURN(std::string_view s, String(n, v, t));
          const bool zone = n.kind == JsonKind::kTimestampTz || n.kind == JsonKind::kTimestampTzNs;
          FIRN_ASSIGN_OR_RETURN_CTX(x, ParseTimestampText(s, nanos, zone), ctx());
        }
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
      columns.AppendNull(n.children[static_cast<size_t>(i)]);
    }
    return OkStatus();
  }
};

JsonRecordDecoder::JsonRecordDecoder(std::shared_ptr<const parquet::Schema> schema,
                                     std::unique_ptr<Impl> impl)
    : schema_(std::move(schema)), impl_(std::move(impl)) {}
JsonRecordDecoder::~JsonRecordDecoder() = default;

Result<std::unique_ptr<JsonRecordDecoder>> JsonRecordDecoder::Make(const iceberg::Schema& schema,
                                                                   Options options) {
  FIRN_ASSIGN_OR_RETURN(auto parquet_schema, iceberg::ToParquetSchema(schema));
  FIRN_ASSIGN_OR_RETURN(JsonPlan plan, JsonPlan::Make(schema, options.case_insensitive));
  auto impl = std::make_unique<Impl>(std::move(plan), options);
  return std::unique_ptr<JsonRecordDecoder>(
      new JsonRecordDecoder(std::move(parquet_schema), std::move(impl)));
}

Status JsonRecordDecoder::AppendLine(std::string_view line, parquet::RecordBatch* batch) {
  if (IsBlank(line)) {
    ++lines_;
    return OkStatus();
  }
  FIRN_RETURN_NOT_OK(Bind(batch));
  return AppendBound(line);
}

Status JsonRecordDecoder::Bind(parquet::RecordBatch* batch) {
  bound_ = nullptr;
  FIRN_RETURN_NOT_OK(impl_->columns.Bind(batch));
  bound_ = batch;
  return OkStatus();
}

Status JsonRecordDecoder::AppendBound(std::string_view line, bool padded) {
  static_assert(simdjson::SIMDJSON_PADDING <= 64, "AppendBound's callers promise 64 bytes of padding");
  ++lines_;
  if (IsBlank(line)) return OkStatus();
  if (bound_ == nullptr) return InvalidArgument("no batch is bound");
  if (auto s = impl_->DecodeLine(line, padded); !s.has_value()) {
    impl_->columns.Rollback(bound_->num_rows);
    return std::unexpected(std::move(s).error().WithContext(fmt::format("line {}", lines_)));
  }
  ++bound_->num_rows;
  return OkStatus();
}

Result<size_t> JsonRecordDecoder::AppendLines(std::string_view input, bool end_of_input,
                                              int64_t max_rows, parquet::RecordBatch* batch,
                                              std::string_view* bad_line) {
  FIRN_RETURN_NOT_OK(Bind(batch));
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
        impl_->columns.Rollback(batch->num_rows);
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
