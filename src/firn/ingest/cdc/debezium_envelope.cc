// One pass over the record with simdjson on-demand: the fields the envelope needs are read
// where they stand (keys in any order), everything else is skipped, and the document must
// end after the top-level object.
#include "firn/ingest/cdc/debezium_envelope.h"

#include "firn/common/macros.h"
#include "firn/ingest/json/json_errors.h"

namespace firn::ingest::cdc_internal {
namespace {

namespace sj = simdjson::ondemand;

// A row image: `before` or `after`.
struct Image {
  enum class Kind : uint8_t { kAbsent, kNull, kObject, kOther };
  Kind kind = Kind::kAbsent;
  sj::json_type type = sj::json_type::null;  // kOther: what it was
  std::string_view raw;                      // kObject: the object's text, in the record
};

// The fields of one envelope object (the record, or the Connect wrapper's payload).
struct Envelope {
  bool has_op = false;
  Image before;
  Image after;
  bool has_source = false;
  int64_t source_ts_ms = -1;
  // Top level only: the Connect wrapper's payload.
  enum class Payload : uint8_t { kAbsent, kNull, kObject } payload = Payload::kAbsent;
};

std::unexpected<Error> Malformed(std::string_view what, simdjson::error_code e) {
  return InvalidArgument("{}: malformed JSON: {}", what, simdjson::error_message(e));
}

std::unexpected<Error> GivenTwice(std::string_view what, std::string_view key) {
  return InvalidArgument("{}: '{}' is given twice", what, key);
}

Status ReadImage(PaddedJson& json, std::string_view name, sj::value value, Image* out) {
  constexpr std::string_view kWhat = "debezium envelope";
  if (out->kind != Image::Kind::kAbsent) return GivenTwice(kWhat, name);
  sj::json_type type;
  if (auto e = value.type().get(type)) return Malformed(kWhat, e);
  if (type == sj::json_type::null) {
    bool is_null = false;
    if (auto e = value.is_null().get(is_null); e || !is_null) {
      return Malformed(kWhat, e ? e : simdjson::N_ATOM_ERROR);
    }
    out->kind = Image::Kind::kNull;
    return OkStatus();
  }
  if (type != sj::json_type::object) {
    out->kind = Image::Kind::kOther;
    out->type = type;
    return OkStatus();
  }
  sj::object object;
  std::string_view raw;
  if (auto e = value.get_object().get(object)) return Malformed(kWhat, e);
  if (auto e = object.raw_json().get(raw)) return Malformed(kWhat, e);
  out->kind = Image::Kind::kObject;
  out->raw = json.Original(raw);
  return OkStatus();
}

// payload.source: only ts_ms is read.
Status ReadSource(sj::value value, Envelope* env) {
  constexpr std::string_view kWhat = "debezium envelope";
  if (env->has_source) return GivenTwice(kWhat, "source");
  env->has_source = true;
  sj::json_type type;
  if (auto e = value.type().get(type)) return Malformed(kWhat, e);
  if (type == sj::json_type::null) return OkStatus();
  if (type != sj::json_type::object) {
    return InvalidArgument("{}: 'source' must be an object, got {}", kWhat, JsonTypeName(type));
  }
  sj::object source;
  if (auto e = value.get_object().get(source)) return Malformed(kWhat, e);
  bool seen_ts = false;
  for (auto field_result : source) {
    sj::field field;
    if (auto e = std::move(field_result).get(field)) return Malformed(kWhat, e);
    if (!field.key().unsafe_is_equal("ts_ms")) continue;
    if (seen_ts) return GivenTwice(kWhat, "source.ts_ms");
    seen_ts = true;
    sj::value ts = field.value();
    if (auto e = ts.type().get(type)) return Malformed(kWhat, e);
    if (type == sj::json_type::null) continue;
    int64_t ms = 0;
    if (type != sj::json_type::number || ts.get_int64().get(ms) != simdjson::SUCCESS || ms < 0) {
      return InvalidArgument("{}: 'source.ts_ms' must be a non-negative integer, got {}", kWhat,
                             DescribeJson(ts, type));
    }
    env->source_ts_ms = ms;
  }
  return OkStatus();
}

Status ReadOp(sj::value value, Envelope* env, std::string* op_scratch) {
  constexpr std::string_view kWhat = "debezium envelope";
  if (env->has_op) return GivenTwice(kWhat, "op");
  env->has_op = true;
  sj::json_type type;
  if (auto e = value.type().get(type)) return Malformed(kWhat, e);
  std::string_view op;
  if (type != sj::json_type::string) {
    return InvalidArgument("{}: 'op' must be a string, got {}", kWhat, DescribeJson(value, type));
  }
  if (auto e = value.get_string().get(op)) return Malformed(kWhat, e);
  op_scratch->assign(op);  // the parser's string buffer is reused by the key's parse
  return OkStatus();
}

// The fields of an envelope object; `top` allows the Connect wrapper's "payload".
Status ReadEnvelope(PaddedJson& json, sj::object& object, bool top, Envelope* env, Envelope* inner,
                    std::string* op_scratch) {
  constexpr std::string_view kWhat = "debezium envelope";
  for (auto field_result : object) {
    sj::field field;
    if (auto e = std::move(field_result).get(field)) return Malformed(kWhat, e);
    const sj::raw_json_string key = field.key();
    if (key.unsafe_is_equal("op")) {
      FIRN_RETURN_NOT_OK(ReadOp(field.value(), env, op_scratch));
    } else if (key.unsafe_is_equal("after")) {
      FIRN_RETURN_NOT_OK(ReadImage(json, "after", field.value(), &env->after));
    } else if (key.unsafe_is_equal("before")) {
      FIRN_RETURN_NOT_OK(ReadImage(json, "before", field.value(), &env->before));
    } else if (key.unsafe_is_equal("source")) {
      FIRN_RETURN_NOT_OK(ReadSource(field.value(), env));
    } else if (top && key.unsafe_is_equal("payload")) {
      if (env->payload != Envelope::Payload::kAbsent) return GivenTwice(kWhat, "payload");
      sj::value value = field.value();
      sj::json_type type;
      if (auto e = value.type().get(type)) return Malformed(kWhat, e);
      if (type == sj::json_type::null) {
        env->payload = Envelope::Payload::kNull;
        continue;
      }
      if (type != sj::json_type::object) {
        return InvalidArgument("{}: 'payload' must be an object, got {}", kWhat,
                               DescribeJson(value, type));
      }
      env->payload = Envelope::Payload::kObject;
      sj::object payload;
      if (auto e = value.get_object().get(payload)) return Malformed(kWhat, e);
      FIRN_RETURN_NOT_OK(ReadEnvelope(json, payload, false, inner, nullptr, op_scratch));
    }
    // Anything else ("schema", "ts_ms", "transaction", ...) is skipped by on-demand.
  }
  return OkStatus();
}

// The key of a delete without `before`: {"id":1} or {"schema":..,"payload":{"id":1}}.
Result<std::string_view> KeyRow(PaddedJson& json, std::string_view key) {
  constexpr std::string_view kWhat = "debezium key";
  sj::document doc;
  if (auto e = json.Iterate(key, &doc)) return Malformed(kWhat, e);
  sj::object object;
  if (auto e = doc.get_object().get(object)) {
    if (e == simdjson::INCORRECT_TYPE) return InvalidArgument("{}: expected a JSON object", kWhat);
    return Malformed(kWhat, e);
  }
  bool has_schema = false;
  bool has_other = false;
  std::string_view payload;  // in the key
  bool payload_object = false;
  for (auto field_result : object) {
    sj::field field;
    if (auto e = std::move(field_result).get(field)) return Malformed(kWhat, e);
    const sj::raw_json_string name = field.key();
    if (name.unsafe_is_equal("schema")) {
      has_schema = true;
    } else if (name.unsafe_is_equal("payload") && !payload_object) {
      sj::value value = field.value();
      sj::json_type type;
      if (auto e = value.type().get(type)) return Malformed(kWhat, e);
      if (type != sj::json_type::object) {
        has_other = true;  // a key column named "payload"
        continue;
      }
      sj::object inner;
      std::string_view raw;
      if (auto e = value.get_object().get(inner)) return Malformed(kWhat, e);
      if (auto e = inner.raw_json().get(raw)) return Malformed(kWhat, e);
      payload = json.Original(raw);
      payload_object = true;
    } else {
      has_other = true;
    }
  }
  if (!AtEnd(doc)) return InvalidArgument("{}: malformed JSON: content after the object", kWhat);
  // Connect's wrapper has exactly these two fields; anything else is a plain key whose
  // columns happen to be named so.
  if (has_schema && payload_object && !has_other) return payload;
  return TrimJson(key);
}

}  // namespace

Result<ChangeRecord> DecodeDebezium(PaddedJson& json, std::string_view value,
                                    std::optional<std::string_view> key, std::string* op_scratch) {
  constexpr std::string_view kWhat = "debezium envelope";
  op_scratch->clear();
  sj::document doc;
  if (auto e = json.Iterate(value, &doc)) return Malformed(kWhat, e);
  sj::object object;
  if (auto e = doc.get_object().get(object)) {
    if (e != simdjson::INCORRECT_TYPE) return Malformed(kWhat, e);
    sj::json_type type = sj::json_type::null;
    (void)doc.type().get(type);
    return InvalidArgument("{}: expected a JSON object, got {}", kWhat, JsonTypeName(type));
  }
  Envelope top;
  Envelope inner;
  FIRN_RETURN_NOT_OK(ReadEnvelope(json, object, true, &top, &inner, op_scratch));
  if (!AtEnd(doc)) return InvalidArgument("{}: malformed JSON: content after the object", kWhat);

  // The bare envelope has "op" at the top; Connect's wrapper has it in "payload".
  const Envelope* env = &top;
  if (!top.has_op) {
    if (top.payload == Envelope::Payload::kNull) return ChangeRecord{};  // a wrapped tombstone
    if (top.payload == Envelope::Payload::kAbsent) {
      return InvalidArgument(
          "{}: no 'op' field; expected a Debezium change event, bare or as "
          "{{\"schema\": ..., \"payload\": ...}}",
          kWhat);
    }
    env = &inner;
    if (!env->has_op) return InvalidArgument("{}: no 'op' field in 'payload'", kWhat);
  }

  ChangeRecord out;
  out.op_text = *op_scratch;
  out.source_ts_ms = env->source_ts_ms;
  if (env->before.kind == Image::Kind::kOther) {
    return InvalidArgument("{}: 'before' must be an object or null, got {}", kWhat,
                           JsonTypeName(env->before.type));
  }
  if (env->after.kind == Image::Kind::kOther) {
    return InvalidArgument("{}: 'after' must be an object or null, got {}", kWhat,
                           JsonTypeName(env->after.type));
  }
  const std::string_view op = out.op_text;
  if (op == "c" || op == "r" || op == "u") {
    if (env->after.kind != Image::Kind::kObject) {
      return InvalidArgument("{}: op \"{}\" has {} 'after'", kWhat, op,
                             env->after.kind == Image::Kind::kNull ? "a null" : "no");
    }
    out.op = ChangeOp::kUpsert;
    out.row = env->after.raw;
    return out;
  }
  if (op == "d") {
    out.op = ChangeOp::kDelete;
    if (env->before.kind == Image::Kind::kObject) {
      out.row = env->before.raw;
      return out;
    }
    if (!key || IsTombstone(*key)) {
      return InvalidArgument(
          "{}: op \"d\" has {} 'before' and the record has no key, so the deleted row is "
          "unknown (PostgreSQL: the table needs a primary key or REPLICA IDENTITY)",
          kWhat, env->before.kind == Image::Kind::kNull ? "a null" : "no");
    }
    FIRN_ASSIGN_OR_RETURN(out.row, KeyRow(json, *key));
    return out;
  }
  if (op == "t") {
    return InvalidArgument(
        "truncate events are not supported: op \"t\" would delete every row of the table; "
        "truncate the Iceberg table yourself (Debezium skips truncates unless "
        "skipped.operations leaves \"t\" out)");
  }
  if (op == "m") return out;  // a logical decoding message: no row (kSkip)
  return InvalidArgument(
      "{}: unknown op \"{}\" (expected \"c\", \"r\", \"u\", \"d\", \"t\" or \"m\")", kWhat,
      ForMessage(op));
}

}  // namespace firn::ingest::cdc_internal
