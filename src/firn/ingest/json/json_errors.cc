#include "firn/ingest/json/json_errors.h"

namespace firn::ingest {

namespace sj = simdjson::ondemand;

std::string_view JsonTypeName(sj::json_type t) {
  switch (t) {
    case sj::json_type::array:
      return "array";
    case sj::json_type::object:
      return "object";
    case sj::json_type::number:
      return "number";
    case sj::json_type::string:
      return "string";
    case sj::json_type::boolean:
      return "boolean";
    case sj::json_type::null:
      return "null";
  }
  return "unknown";
}

namespace {


std::string_view Expected(JsonKind k, TimestampNumbers numbers) {
  switch (k) {
    case JsonKind::kBoolean:
      return "a boolean";
    case JsonKind::kInt:
    case JsonKind::kLong:
      return "an integer";
    case JsonKind::kFloat:
    case JsonKind::kDouble:
      return "a number";
    case JsonKind::kDecimal32:
    case JsonKind::kDecimal64:
    case JsonKind::kDecimalFixed:
      return "a decimal number or string";
    case JsonKind::kDate:
      return "a date string";
    case JsonKind::kTime:
      return "a time string";
    case JsonKind::kTimestamp:
    case JsonKind::kTimestampTz:
    case JsonKind::kTimestampNs:
    case JsonKind::kTimestampTzNs:
      switch (numbers) {
        case TimestampNumbers::kReject:
          return "a timestamp string";
        case TimestampNumbers::kMillis:
          return "a timestamp string or integer epoch milliseconds";
        case TimestampNumbers::kMicros:
          return "a timestamp string or integer epoch microseconds";
      }
      return "a timestamp string";
    case JsonKind::kString:
      return "a string";
    case JsonKind::kUuid:
      return "a uuid string";
    case JsonKind::kFixed:
    case JsonKind::kBinary:
      return "a base64 string";
    case JsonKind::kStruct:
    case JsonKind::kMapObject:
      return "an object";
    case JsonKind::kList:
    case JsonKind::kMapArray:
      return "an array";
  }
  return "a value";
}

std::string_view TimestampTypeName(JsonKind k) {
  switch (k) {
    case JsonKind::kTimestamp:
      return "timestamp";
    case JsonKind::kTimestampTz:
      return "timestamptz";
    case JsonKind::kTimestampNs:
      return "timestamp_ns";
    case JsonKind::kTimestampTzNs:
      return "timestamptz_ns";
    default:
      return "a timestamp";
  }
}

}  // namespace

std::string_view RawToken(sj::value& v) {
  std::string_view raw = v.raw_json_token();
  while (!raw.empty() &&
         (raw.back() == ' ' || raw.back() == '\t' || raw.back() == '\r' || raw.back() == '\n')) {
    raw.remove_suffix(1);
  }
  return raw;
}

std::string Describe(sj::value& v, sj::json_type t) {
  std::string out(JsonTypeName(t));
  if (t == sj::json_type::array || t == sj::json_type::object) return out;
  const std::string_view raw = RawToken(v);
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

std::unexpected<Error> WrongType(const JsonPlanNode& n, TimestampNumbers numbers, sj::value& v,
                                 sj::json_type t) {
  return Unexpected(n, Expected(n.kind, numbers), v, t);
}

std::unexpected<Error> Unexpected(const JsonPlanNode& n, std::string_view expected, sj::value& v,
                                  sj::json_type t) {
  return InvalidArgument("field '{}': expected {}, got {}", n.path, expected, Describe(v, t));
}

std::unexpected<Error> EpochOutOfRange(const JsonPlanNode& n, TimestampNumbers numbers,
                                       std::string_view count) {
  return InvalidArgument("field '{}': {} epoch {} is out of range for {}", n.path,
                         count.substr(0, 40),
                         numbers == TimestampNumbers::kMillis ? "milliseconds" : "microseconds",
                         TimestampTypeName(n.kind));
}

}  // namespace firn::ingest
